"""Deadline phrases -> ISO 8601 strings (data/deadline_phrases.toml).

Values follow the gold: a day ``2019-08-15``, a month ``2019-07``, a year
``2019``, and intervals with full dates (``2019-07-01/2019-09-30``) for
quarters, halves and year ranges. A phrase without a year takes the year of
the document date; without either, it gives no deadline.
"""
from __future__ import annotations

import bisect
import calendar
import functools
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

_CUE_CHARS = 60  # longest cue before a date ("vào kỳ chi trả tháng ")
_HINT_AFTER = 16  # hints may follow the number too ("6 tháng cuối năm")
_ANCHOR = re.compile(r"\d+|[Qq]uý")
# _ANCHOR opening with a character class, which re skips ahead to fast
_ANCHOR_FAST = re.compile(r"[\dQq](?:(?<=[Qq])uý|(?<=\d)\d*)")
_LONGER_LOWER = "\u0130"  # "İ" lower-cases to two characters, the only one (a test checks all)
QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True, slots=True)
class DeadlinePhrase:
    key: str
    kind: str
    pattern: re.Pattern[str]
    before: re.Pattern[str] | None = None  # the cue right before ``pattern``
    examples: tuple[dict, ...] = ()


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline found in a text: the ISO value and the phrase's span."""

    iso: str
    start: int
    end: int
    phrase: str


@functools.cache
def _load_data() -> dict:
    raw = resources.files("vanban.ingest").joinpath("data/deadline_phrases.toml").read_text("utf-8")
    return tomllib.loads(raw)


@functools.cache
def load_deadline_phrases() -> tuple[DeadlinePhrase, ...]:
    return tuple(
        DeadlinePhrase(key=p["key"], kind=p["kind"],
                       pattern=re.compile(p["pattern"], re.IGNORECASE),
                       before=re.compile(f"(?:{p['before']})\\Z", re.IGNORECASE) if p.get("before") else None,
                       examples=tuple(p.get("examples", ())))
        for p in _load_data()["phrase"])


@functools.cache
def load_hints() -> tuple[str, ...]:
    return tuple(h.lower() for h in _load_data()["hints"])


def find_deadlines(text: str, *, doc_date: str | None = None,
                   lowered: str | None = None) -> tuple[Deadline, ...]:
    """Every deadline phrase of the text that yields a value, in text order.

    Phrases start at a number (or "quý"); only numbers with a hint word close
    by are tried against the phrases, so most of the text is scanned once.
    ``lowered``: the text lower-cased by ``scan.lower_view``, when the caller has it.
    """
    phrases = load_deadline_phrases()
    found: list[Deadline] = []
    free = 0  # the end of the last phrase found
    for pos in _hinted_anchors(text, lowered):
        if pos < free:
            continue
        for phrase in phrases:
            deadline = _match(phrase, text, pos, doc_date)
            if deadline:
                found.append(deadline)
                free = deadline.end
                break
    return tuple(found)


def _hinted_anchors(text: str, lowered: str | None = None) -> Iterator[int]:
    """Anchors (a number's first digit, "quý") with a hint word in their window:
    ``_CUE_CHARS // 2`` characters before the anchor to ``_HINT_AFTER`` after it.

    The text is lower-cased once and the hints found in it (fast ``str.find``); only the
    stretches near a hint (about a tenth of a text) are scanned for anchors.
    """
    # ``lowered`` is text.lower() unless the text holds the one character whose lower case
    # is longer (lower_view keeps it as it is); then text.lower() is longer than the text
    low = lowered if lowered is not None and _LONGER_LOWER not in text else text.lower()
    if len(low) != len(text):  # a character lower-cases to two: windows one by one
        for m in _ANCHOR_FAST.finditer(text):
            window = text[max(0, m.start() - _CUE_CHARS // 2):m.start() + _HINT_AFTER].lower()
            if any(h in window for h in load_hints()):
                yield m.start()
        return
    for start, last in _hint_reach(low):
        for m in _ANCHOR_FAST.finditer(text, start, last + 3):  # "quý" may run past ``last``
            pos = m.start()
            if pos > last:
                break
            if pos > start or not start or not text[start - 1].isdecimal():  # not inside a number
                yield pos


def _hint_reach(low: str) -> list[tuple[int, int]]:
    """The stretches [first, last] of anchor positions whose window holds a whole hint,
    merged and in order (every occurrence of every hint counts, overlapping ones too)."""
    reach = []
    for hint in load_hints():
        at = low.find(hint)
        while at >= 0:
            reach.append((max(0, at + len(hint) - _HINT_AFTER), at + _CUE_CHARS // 2))
            at = low.find(hint, at + 1)
    reach.sort()
    merged: list[tuple[int, int]] = []
    for first, last in reach:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def read_deadline_cell(text: str, start: int, end: int, *, doc_date: str | None = None) -> Deadline | None:
    """The deadline in a table's deadline cell, where no cue is needed ("Quý III/2019", "Năm 2020")
    except the "trước" that makes a "before-" kind ("Trước quý IV/2020")."""
    for anchor in _ANCHOR.finditer(text, start, end):
        found = [d for phrase in load_deadline_phrases()
                 if (d := _match(phrase, text, anchor.start(), doc_date,
                                 need_cue=phrase.kind.startswith("before-"), end=end))]
        if found:
            return max(found, key=lambda d: d.end)
    return None


def _match(phrase: DeadlinePhrase, text: str, pos: int, doc_date: str | None,
           need_cue: bool = True, end: int | None = None) -> Deadline | None:
    """The phrase's value if its pattern matches at ``pos`` (with its cue just before)."""
    m = phrase.pattern.match(text, pos, len(text) if end is None else end)
    if not m:
        return None
    start = pos
    if phrase.before and need_cue:
        cue = phrase.before.search(text, max(0, pos - _CUE_CHARS), pos)
        if not cue:
            return None
        start = cue.start()
    iso = _to_iso(phrase.kind, m.groupdict(), doc_date)
    return Deadline(iso, start, m.end(), text[start:m.end()]) if iso else None


def first_deadline(deadlines: tuple[Deadline, ...], start: int, end: int) -> Deadline | None:
    """The first of ``deadlines`` (sorted) that lies inside ``[start, end)``."""
    i = bisect.bisect_left(deadlines, start, key=lambda d: d.start)
    while i < len(deadlines) and deadlines[i].start < end:
        if deadlines[i].end <= end:
            return deadlines[i]
        i += 1
    return None


def find_deadline(text: str, start: int = 0, end: int | None = None, *,
                  doc_date: str | None = None) -> Deadline | None:
    """The first deadline phrase in ``text[start:end]`` that yields a value."""
    return first_deadline(find_deadlines(text[:end], doc_date=doc_date), start, len(text) if end is None else end)


def _year(m: dict[str, str | None], doc_date: str | None) -> int | None:
    if m.get("y"):
        return int(m["y"])
    return int(doc_date[:4]) if doc_date else None


def _to_iso(kind: str, m: dict[str, str | None], doc_date: str | None) -> str | None:
    if kind == "relative":
        return _relative(m, doc_date)
    if kind == "years":
        y1, y2 = int(m["y1"]), int(m["y2"])
        return f"{y1}-01-01/{y2}-12-31" if y1 <= y2 else None
    year = _year(m, doc_date)
    if year is None:
        return None
    if kind == "year":
        return f"{year}"
    if kind in ("quarter", "before-quarter"):
        q = QUARTERS.get(m["q"].upper())
        if q is None:  # case-insensitive matching lets look-alikes such as "İ" through
            return None
        if kind == "before-quarter":
            return (date(year, 3 * q - 2, 1) - timedelta(days=1)).isoformat()
        return _interval(year, 3 * q - 2, 3 * q)
    if kind == "half":
        return _interval(year, 1, 6) if m["h"].lower() == "đầu" else _interval(year, 7, 12)
    month = int(m["m"])
    if not 1 <= month <= 12:
        return None
    if kind == "month":
        return f"{year}-{month:02d}"
    if kind == "before-month":
        return (date(year, month, 1) - timedelta(days=1)).isoformat()
    day = int(m["d"])
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year}-{month:02d}-{day:02d}"


def _interval(year: int, first_month: int, last_month: int) -> str:
    last_day = calendar.monthrange(year, last_month)[1]
    return f"{year}-{first_month:02d}-01/{year}-{last_month:02d}-{last_day:02d}"


def _relative(m: dict[str, str | None], doc_date: str | None) -> str | None:
    """Document date + n days; working days skip weekends (not holidays)."""
    if not doc_date or len(doc_date) < 10:
        return None
    day, n = date.fromisoformat(doc_date[:10]), int(m["n"])
    if not m["wd"]:
        return (day + timedelta(days=n)).isoformat()
    while n:
        day += timedelta(days=1)
        n -= day.weekday() < 5
    return day.isoformat()
