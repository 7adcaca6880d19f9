"""Text primitives for agency matching: folded, squeezed text mapped back to the original."""
from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from .models import Span
from .registry import Entry, fold

# Runs of spaces and markdown asterisks but a lone space: a run with a space becomes one
# space, one without vanishes. Both are found by patterns that open with a literal (a class
# such as "[ *]" would make re test every character of the text).
_SPACE_RUNS = re.compile(r"  +")
_LONE_STAR = re.compile(r"\*(?![ *])")


@dataclass(frozen=True, slots=True)
class Hit:
    """A body found in the squeezed text: [start, end) there, resolved name and entry."""

    start: int
    end: int
    name: str
    entry: Entry | None = None
    kind: str | None = None
    province: str | None = None  # province name, for bodies of one province


@dataclass(frozen=True, slots=True)
class Squeezed:
    """The folded text without space runs and asterisks, with a map back to the original."""

    text: str
    marks: tuple[int, ...]  # squeezed index where a removal happened
    shifts: tuple[int, ...]  # characters removed before that index, cumulative
    original_marks: tuple[int, ...]  # the marks as original indexes

    def to_original(self, index: int) -> int:
        at = bisect.bisect_right(self.marks, index) - 1
        return index + (self.shifts[at] if at >= 0 else 0)

    def from_original(self, index: int) -> int:
        """The squeezed index of an original index outside the removed runs."""
        at = bisect.bisect_right(self.original_marks, index) - 1
        return index - (self.shifts[at] if at >= 0 else 0)

    def span(self, start: int, end: int) -> Span:
        return Span(self.to_original(start), self.to_original(end - 1) + 1)


def squeeze(text: str, lowered: str | None = None) -> Squeezed:
    """``fold`` the text (``lowered``: see there) and squeeze out runs of spaces and asterisks."""
    folded = fold(text, lowered)
    runs = _runs(folded)
    if not runs:
        return Squeezed(folded, (), (), ())
    kept = [" " if folded.find(" ", start, end) >= 0 else "" for start, end in runs]
    starts, ends = zip(*runs)
    pieces: list[str] = [""] * (2 * len(runs) + 1)
    pieces[::2] = [folded[a:b] for a, b in zip((0, *ends), (*starts, len(folded)))]
    pieces[1::2] = kept
    shifts = list(accumulate(map(operator.sub, map(operator.sub, ends, starts), map(len, kept))))
    return Squeezed("".join(pieces), tuple(map(operator.sub, ends, shifts)), tuple(shifts),
                    ends)


def _runs(folded: str) -> list[tuple[int, int]]:
    """[start, end) of each run of spaces and asterisks but a lone space, in order.

    With the asterisks read as spaces, every run is a run of two or more spaces, except a
    lone asterisk (between two other characters), which is sought by itself.
    """
    if "*" not in folded:
        return [m.span() for m in _SPACE_RUNS.finditer(folded)]
    runs = [m.span() for m in _SPACE_RUNS.finditer(folded.replace("*", " "))]
    lone = [(at, at + 1) for at in map(re.Match.start, _LONE_STAR.finditer(folded))
            if not at or folded[at - 1] not in " *"]
    return sorted(runs + lone) if lone else runs


def original_words(sq: Squeezed, original: str, start: int, end: int) -> str:
    """The original text of a squeezed range, spaces collapsed, dashes as " - "."""
    span = sq.span(start, end)
    words = " ".join(original[span.start:span.end].replace("*", " ").split())
    return re.sub(r"\s*[\u2013\u2014]\s*", " - ", words)


def is_capitalised(sq: Squeezed, original: str, index: int) -> bool:
    return original[sq.to_original(index)].isupper()


def is_word_edge(text: str, index: int) -> bool:
    return index <= 0 or index >= len(text) or not text[index].isalnum()


def word_matches(pattern: re.Pattern[str], text: str, pos: int = 0,
                 end: int | None = None) -> Iterator[re.Match[str]]:
    """``pattern.finditer`` for the matches that open a word, as a leading "(?<!\\w)" finds.

    That look-behind would keep re from skipping ahead to the letters a match can open
    with (it would try every position), so it is checked here, on the few matches.
    """
    end = len(text) if end is None else end
    while (match := pattern.search(text, pos, end)) is not None:
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            pos = start + 1
            continue
        yield match
        pos = match.end() if match.end() > start else start + 1


@dataclass(frozen=True, slots=True)
class Taken:
    """The spans of non-overlapping hits, for fast "is this inside a hit" tests."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, hits: list[Hit]) -> Taken:
        ordered = sorted(hits, key=lambda h: h.start)
        return cls(tuple(h.start for h in ordered), tuple(h.end for h in ordered))

    def covers(self, index: int) -> bool:
        at = bisect.bisect_right(self.starts, index) - 1
        return at >= 0 and index < self.ends[at]

    def next_start(self, index: int, default: int) -> int:
        at = bisect.bisect_right(self.starts, index)
        return self.starts[at] if at < len(self.starts) else default


def select_longest(hits: list[Hit]) -> list[Hit]:
    """Leftmost-longest, non-overlapping."""
    chosen: list[Hit] = []
    end = 0
    for hit in sorted(hits, key=_leftmost_longest):
        if hit.start >= end:
            chosen.append(hit)
            end = hit.end
    return chosen


def _leftmost_longest(hit: Hit) -> tuple[int, int]:
    return hit.start, hit.start - hit.end


