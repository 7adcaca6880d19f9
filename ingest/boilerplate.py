"""Find web page furniture (data/boilerplate.toml) and blank it, keeping newlines.

Most classes start at the beginning of a line. They are compiled into one
regex behind a literal newline, which the regex engine finds with a fast
character search, instead of one `^`-anchored regex per class that would be
tried at every position of the text.
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def blank_boilerplate(text: str) -> str:
    """Replace page furniture by spaces, keeping newlines (the length is kept).

    >>> blank_boilerplate("Bộ Tài chính chủ trì.\\nCó thể bạn quan tâm\\nTin A\\n17:46, 16/07/2019\\n")
    'Bộ Tài chính chủ trì.\\n                   \\n     \\n                 \\n'
    """
    spans = sorted(find_boilerplate(text))
    if not spans:
        return text
    parts, done = [], 0
    for start, end in spans:
        start = max(start, done)  # overlapping classes
        if end > start:
            lines = text[start:end].split("\n")
            parts += (text[done:start], "\n".join(" " * len(line) for line in lines))
            done = end
    parts.append(text[done:])
    return "".join(parts)


def find_boilerplate(text: str) -> list[tuple[int, int]]:
    """The [start, end) spans of page furniture in ``text``, unsorted, may overlap."""
    present = _present_needles(text)
    rules = tuple(rule for rule in load_boilerplate()
                  if not rule.needles or any(needle in present for needle in rule.needles))
    spans = []
    at_line_start = tuple(rule for rule in rules if rule.at_line_start)
    if at_line_start:
        # "\n" + text: a class at the very start of the text is behind a newline too,
        # and every index in the padded text is one more than in ``text``.
        padded = "\n" + text
        for match in _line_finder(at_line_start).finditer(padded):
            # the class that matched: the first one that matches there (as in the finder)
            rule = next(r for r in at_line_start if r.start.match(padded, match.start() + 1))
            span = rule.close(text, match.start(), match.end() - 1)
            if span:
                spans.append(span)
                if rule.to_end:
                    break
    for rule in rules:
        if not rule.at_line_start:
            spans += filter(None, (rule.close(text, *m.span()) for m in rule.start.finditer(text)))
    return spans


@dataclass(frozen=True, slots=True)
class BoilerplateRule:
    """One [[span]] or [[block]] of boilerplate.toml."""

    name: str
    start: re.Pattern[str]  # a span's pattern, or a block's start
    end: re.Pattern[str] | None = None
    max_chars: int = 0
    to_end: bool = False
    needles: tuple[str, ...] = ()  # one must occur in the text for the rule to be tried

    @property
    def at_line_start(self) -> bool:
        return self.start.pattern.startswith("^")

    def close(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """The span blanked for a match of ``start`` at [start, end)."""
        if self.to_end:
            return start, len(text)
        if self.end is None:
            return start, end
        found = self.end.search(text, end, start + self.max_chars)
        return (start, found.end()) if found else None


def _present_needles(text: str) -> set[str]:
    """The needles (and probe characters) that occur in ``text``.

    A short needle is a slow search (about 1 ns a character) while one character is a
    memchr: each needle is searched only when its punctuation characters and the shorter
    needles inside it occur ("](http" only after "]", "(" and "](" were found).
    """
    present: set[str] = set()
    for probe, parts in _probes():
        if all(part in present for part in parts) and probe in text:
            present.add(probe)
    return present


@functools.cache
def _probes() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every needle and each ASCII punctuation character in one, shortest first, with the
    shorter probes it contains."""
    needles = {needle for rule in load_boilerplate() for needle in rule.needles}
    chars = {c for needle in needles for c in needle if c.isascii() and not c.isalnum()} - {" "}
    probes = sorted(needles | chars, key=lambda p: (len(p), p))
    return tuple((p, tuple(q for q in probes[:i] if q in p)) for i, p in enumerate(probes))


@functools.cache
def _line_finder(rules: tuple[BoilerplateRule, ...]) -> re.Pattern[str]:
    """One regex for these classes that start a line: "\\n" then their alternation.

    Only the classes whose needles occur: some would backtrack over long runs of spaces.
    No group per class: a group keeps re from rejecting an alternative at once by its
    first character.
    """
    return re.compile(r"\n(?:" + "|".join(rule.start.pattern[1:] for rule in rules) + ")", re.M)


@functools.cache
def load_boilerplate(data_dir: Path = DATA_DIR) -> tuple[BoilerplateRule, ...]:
    """Compile boilerplate.toml: blocks first, so that a block wins over a span
    starting on the same line."""
    with open(data_dir / "boilerplate.toml", "rb") as f:
        data = tomllib.load(f)
    rules = []
    for entry in data["block"] + data["span"]:
        end = re.compile(entry["end"], re.M) if "end" in entry else None
        start = re.compile(entry.get("pattern") or entry["start"], re.M)
        rules.append(BoilerplateRule(entry["name"], start, end, entry.get("max_chars", 0),
                                     to_end="start" in entry and end is None,
                                     needles=tuple(entry.get("needles", ()))))
    return tuple(rules)
