"""Rows of an annex task table: "Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn".

A table row (a line with cell bars) under a header row that names a lead
column is one task: its lead cell gives the leads, the other columns the
coordinators and the deadline (reference/task-phrasing.md §1).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .models import Span
from .taskphrases import TaskPhrases

_MIN_BARS = 2  # "| a | b |" has three; a row needs at least two cells


@dataclass(frozen=True, slots=True)
class TableRow:
    span: Span
    lead: Span
    coordinators: Span | None = None
    deadline: Span | None = None


def find_table_rows(text: str, ph: TaskPhrases) -> list[TableRow]:
    """Every row under a task-table header, in text order."""
    rows: list[TableRow] = []
    if text.count("|") < _MIN_BARS:  # no table at all (most texts): no line to look at
        return rows
    columns: tuple[int, int | None, int | None, int] | None = None  # lead, coord, deadline, width
    for start, line, follows in _barred_lines(text):
        bars = line.count("|")
        if not follows or bars < _MIN_BARS:  # a line that is no row ends the table
            columns = None
        if bars < _MIN_BARS:
            continue
        cells = _cells(text, start, line)
        header = _header(text, cells, ph)
        if header:
            columns = header
        elif columns and len(cells) == columns[3] and any(c.isalnum() for c in line):
            lead, coord, deadline, _ = columns
            rows.append(TableRow(_trim(text, start, start + len(line)), cells[lead],
                                 cells[coord] if coord is not None else None,
                                 cells[deadline] if deadline is not None else None))
    return rows


def _barred_lines(text: str) -> Iterator[tuple[int, str, bool]]:
    """Each line that holds a "|": its start, its text, and whether the line above held one too.
    (Found by str.find: a text with a table elsewhere needs no step for each of its lines.)"""
    above = -2  # where the last barred line ended
    bar = text.find("|")
    while bar >= 0:
        start = text.rfind("\n", 0, bar) + 1
        end = text.find("\n", bar)
        end = len(text) if end < 0 else end
        yield start, text[start:end], start == above + 1
        above = end
        bar = text.find("|", end)


def _cells(text: str, start: int, line: str) -> list[Span]:
    """The spans of a row's cells, without the outer bars and padding."""
    bars = [start + i for i, ch in enumerate(line) if ch == "|"]
    edges = [start - 1, *bars, start + len(line)]
    spans = [_trim(text, a + 1, b) for a, b in zip(edges, edges[1:])]
    stripped = line.strip()
    if stripped.startswith("|"):
        spans = spans[1:]
    if stripped.endswith("|"):
        spans = spans[:-1]
    return spans


def _header(text: str, cells: list[Span], ph: TaskPhrases) -> tuple[int, int | None, int | None, int] | None:
    labels = [text[c.start:c.end].strip("* ") for c in cells]
    lead = _column(labels, ph.column_lead)
    if lead is None:
        return None
    return lead, _column(labels, ph.column_coordinator), _column(labels, ph.column_deadline), len(cells)


def _column(labels: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, label in enumerate(labels) if pattern.fullmatch(label)), None)


def _trim(text: str, start: int, end: int) -> Span:
    while end > start and text[end - 1] in " \t*":
        end -= 1
    while start < end and text[start] in " \t*":
        start += 1
    return Span(start, end)
