"""Whole-text scans for many phrases in one pass.

Python's ``re`` is fast only on a literal prefix: an alternation, a leading lookbehind
or IGNORECASE on Vietnamese text makes it try every position, and one scan per phrase
adds up. So each phrase pattern must open with literal text; an Aho-Corasick automaton
finds all those literal openings in one pass (in C), and each phrase's regex is then
matched only where its opening occurs. Case-insensitive phrases run on a lower-cased
copy of the text (``lower_view``), written in lower case.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

import ahocorasick

from .symbols import CASE_NEUTRAL, view_chars, view_of

# The literal opening of a pattern: up to the first metacharacter; a character that a
# quantifier follows is not part of it ("ab?c" opens with "a").
_OPENING_RE = re.compile(r"[^\\()\[\]{}?*+.|^$]+")


def lower_view(view: str) -> str:
    """Lower-cased view of the same length (characters whose lower case is longer stay)."""
    low = view.lower()
    if len(low) == len(view):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in view)


def views(text: str, lowered: str | None = None) -> tuple[str, str]:
    """The look-alike-free view of ``text`` and its lower-cased copy.

    ``lowered``: ``lower_view(text)``, when the caller has it; unless the text holds a
    look-alike that lower-casing may change, the copy is then made from it (lower-casing
    costs more than all the mapping).
    """
    chars = view_chars(text)
    view = view_of(text, chars)
    if lowered is None or not CASE_NEUTRAL.issuperset(chars):
        return view, lower_view(view)
    return view, view_of(lowered, chars)


_SPACE_RE = re.compile(r"\\s\+|\\s|\[ \\t\\n\]\+| ")


def literal_openings(pattern: str) -> tuple[str, ...]:
    """The literal texts a pattern can open with ("" when a metacharacter opens it).

    The opening runs through the pattern's first space ("nghị\\s+định" opens with
    "nghị định" or "nghị\\nđịnh", a line-wrapped one): two words are far rarer than one.
    """
    first = _literal(pattern, 0)
    space = _SPACE_RE.match(pattern, len(first)) if first else None
    second = _literal(pattern, space.end()) if space else ""
    if not second:
        return (first,)
    return (f"{first} {second}", f"{first}\n{second}")


def _literal(pattern: str, pos: int) -> str:
    m = _OPENING_RE.match(pattern, pos)
    if not m:
        return ""
    opening = m.group().split(" ")[0]
    end = pos + len(opening)
    if end < len(pattern) and pattern[end] in "?*{":
        opening = opening[:-1]
    return opening


Hit = tuple[re.Match[str], int]  # a match and the index of its pattern in its group


class Lexicon:
    """Several named groups of literal-opening patterns, all found in one pass."""

    def __init__(self, groups: Sequence[tuple[str, Sequence[str]]]) -> None:
        self.names = tuple(name for name, _ in groups)
        self.automaton = ahocorasick.Automaton()
        by_opening: dict[str, list[tuple[int, int, Callable]]] = {}
        for g, (_, patterns) in enumerate(groups):
            for i, p in enumerate(patterns):
                openings = literal_openings(p)
                if not openings[0]:
                    raise ValueError(f"pattern must open with literal text: {p!r}")
                for opening in openings:
                    by_opening.setdefault(opening, []).append((g, i, re.compile(p).match))
        for opening, ids in by_opening.items():
            self.automaton.add_word(opening, (len(opening), tuple(ids)))
        self.automaton.make_automaton()

    def scan(self, text: str) -> dict[str, list[Hit]]:
        """Hits per group, by start; only hits that start a word (no letter before)."""
        out: list[list[Hit]] = [[] for _ in self.names]
        for end, (length, matchers) in self.automaton.iter(text):
            start = end - length + 1
            if start and text[start - 1].isalpha():
                continue
            for g, i, match in matchers:  # the hot loop: bound methods, no lookups
                m = match(text, start)
                if m:
                    out[g].append((m, i))
        for hits in out:
            hits.sort(key=lambda hit: (hit[0].start(), -hit[0].end()))
        return dict(zip(self.names, out))


@functools.cache
def lexicon(groups: tuple[tuple[str, tuple[str, ...]], ...]) -> Lexicon:
    """The cached Lexicon of these groups (groups and patterns as tuples)."""
    return Lexicon(groups)
