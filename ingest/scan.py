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
from collections.abc import Sequence

import ahocorasick

from .symbols import to_view

# The literal opening of a pattern: up to the first metacharacter; a character that a
# quantifier follows is not part of it ("ab?c" opens with "a").
_OPENING_RE = re.compile(r"[^\\()\[\]{}?*+.|^$]+")


def lower_view(view: str) -> str:
    """Lower-cased view of the same length (characters whose lower case is longer stay)."""
    low = view.lower()
    if len(low) == len(view):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in view)


def views(text: str) -> tuple[str, str]:
    """The look-alike-free view of ``text`` and its lower-cased copy."""
    view = to_view(text)
    return view, lower_view(view)


def literal_opening(pattern: str) -> str:
    """The literal text a pattern opens with; "" when it opens with a metacharacter."""
    m = _OPENING_RE.match(pattern)
    if not m:
        return ""
    opening = m.group()
    if m.end() < len(pattern) and pattern[m.end()] in "?*{":
        opening = opening[:-1]
    return opening


class PhraseScanner:
    """All matches of several literal-opening patterns, found in one pass."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = tuple(re.compile(p) for p in patterns)
        self.automaton = ahocorasick.Automaton()
        by_opening: dict[str, list[int]] = {}
        for i, p in enumerate(patterns):
            opening = literal_opening(p)
            if not opening:
                raise ValueError(f"pattern must open with literal text: {p!r}")
            by_opening.setdefault(opening, []).append(i)
        for opening, ids in by_opening.items():
            self.automaton.add_word(opening, (len(opening), tuple(ids)))
        self.automaton.make_automaton()

    def scan(self, text: str, *, words: bool = True) -> list[tuple[re.Match[str], int]]:
        """(match, pattern index) by start; ``words`` keeps only hits that start a word."""
        out = []
        for end, (length, ids) in self.automaton.iter(text):
            start = end - length + 1
            if words and start and text[start - 1].isalpha():
                continue
            for i in ids:
                m = self.patterns[i].match(text, start)
                if m:
                    out.append((m, i))
        out.sort(key=lambda hit: (hit[0].start(), -hit[0].end()))
        return out


@functools.cache
def phrase_scanner(patterns: tuple[str, ...]) -> PhraseScanner:
    return PhraseScanner(patterns)


def scan(patterns: Sequence[str], text: str, *, words: bool = True) -> list[re.Match[str]]:
    """Every match of every pattern in ``text``, by start (see PhraseScanner)."""
    return [m for m, _ in phrase_scanner(tuple(patterns)).scan(text, words=words)]
