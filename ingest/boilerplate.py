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
    rules = tuple(rule for rule in load_boilerplate() if rule.applies(text))
    spans = []
    at_line_start = tuple(rule for rule in rules if rule.at_line_start)
    if at_line_start:
        # "\n" + text: a class at the very start of the text is behind a newline too,
        # and every index in the padded text is one more than in ``text``.
        for match in _line_finder(at_line_start).finditer("\n" + text):
            rule = at_line_start[int(match.lastgroup[1:])]
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

    def applies(self, text: str) -> bool:
        return not self.needles or any(needle in text for needle in self.needles)

    def close(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """The span blanked for a match of ``start`` at [start, end)."""
        if self.to_end:
            return start, len(text)
        if self.end is None:
            return start, end
        found = self.end.search(text, end, start + self.max_chars)
        return (start, found.end()) if found else None


@functools.cache
def _line_finder(rules: tuple[BoilerplateRule, ...]) -> re.Pattern[str]:
    """One regex for classes that start a line: "\\n" then one named group per class."""
    groups = "|".join(f"(?P<r{i}>{rule.start.pattern[1:]})" for i, rule in enumerate(rules))
    return re.compile(rf"\n(?:{groups})", re.M)


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
