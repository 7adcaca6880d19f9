"""Text primitives for agency matching: folded, squeezed text mapped back to the original."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .models import Span
from .registry import Entry, fold

_SQUEEZE = re.compile(r"[ *][ *]+|\*")  # space runs and markdown asterisks


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


def squeeze(text: str) -> Squeezed:
    folded = fold(text)
    parts, marks, shifts, removed, last = [], [], [], 0, 0
    for match in _SQUEEZE.finditer(folded):
        keep = " " if " " in match.group() else ""
        parts.append(folded[last:match.start()])
        parts.append(keep)
        removed += len(match.group()) - len(keep)
        marks.append(match.start() - removed + len(match.group()))
        shifts.append(removed)
        last = match.end()
    parts.append(folded[last:])
    return Squeezed("".join(parts), tuple(marks), tuple(shifts),
                    tuple(m + s for m, s in zip(marks, shifts)))


def original_words(sq: Squeezed, original: str, start: int, end: int) -> str:
    """The original text of a squeezed range, spaces collapsed, dashes as " - "."""
    span = sq.span(start, end)
    words = " ".join(original[span.start:span.end].replace("*", " ").split())
    return re.sub(r"\s*[\u2013\u2014]\s*", " - ", words)


def is_capitalised(sq: Squeezed, original: str, index: int) -> bool:
    return original[sq.to_original(index)].isupper()


def is_word_edge(text: str, index: int) -> bool:
    return index <= 0 or index >= len(text) or not text[index].isalnum()


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
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if chosen and hit.start < chosen[-1].end:
            continue
        chosen.append(hit)
    return chosen


