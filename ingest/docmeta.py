"""The text's own date: its header's place-and-date line or its news lead.

Deadlines without a year take the year of this date; the agency stage resolves
names as of it. ``find_reference_year`` stands in for texts without one.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

# The place-and-date line of an official header ("Hà Nội, ngày 10 tháng 4 năm 2019"),
# tolerant of markdown emphasis and line breaks, and of an OCR-lost day. It runs on the
# text behind a newline (a literal opening, which re finds fast), from the last newline
# before the line's first letter (blank lines above lead to the same letter, so trying
# each of them would only repeat the work); the possessive runs ("*+", "{0,40}+") cannot
# give back a character that the next item accepts, so they only save backtracking.
_HEADER_DATE = re.compile(
    r"\n(?:[^\S\n]|[*|])*+[^\W\d_][^\n,]{0,40}+,[\s*]*+ngày[\s*]*(?P<d>\d{1,2})?[\s*]*tháng"
    r"[\s*]*(?P<m>\d{1,2})[\s*]*năm[\s*]*(?P<y>\d{4})")
# A news lead or web intro: "Ngày 1/12/2014 Bộ Tài chính ban hành Công văn …".
_ISSUED_DATE = re.compile(
    r"(?:^|\n|\.\s)Ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}),?\s+[^.\n]{0,80}?"
    r"\b(?:ban hành|ký)\b")
_HEAD_CHARS = 6000  # the header date sits near the top of the text
_LEAD_CHARS = 1500  # a news lead is its first lines: later "Ngày …" dates are events it reports


def find_document_date(text: str) -> str | None:
    """The date the text gives for itself: ``YYYY-MM-DD``, or ``YYYY-MM`` without a day."""
    heads = (_HEADER_DATE, "\n" + text[:_HEAD_CHARS]), (_ISSUED_DATE, text[:_LEAD_CHARS])
    for pattern, head in heads:
        for m in pattern.finditer(head):
            iso = _iso(m)
            if iso:
                return iso
    return None


def _iso(m: re.Match[str]) -> str | None:
    year, month = int(m.group("y")), int(m.group("m"))
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        return None
    if not m.group("d"):
        return f"{year}-{month:02d}"
    try:
        return date(year, month, int(m.group("d"))).isoformat()
    except ValueError:
        return f"{year}-{month:02d}"


# A four-digit number that is a year, in a date too ("12/3/2024", "quý II/2024", which name the
# year of a news text), but not inside a symbol ("96/2014/NĐ-CP") or a number ("1.000"):
# no digit, "." or "-" before it (nor the start of the text), no digit or "/" after.
# Such a number is a whole run of four digits, so runs are found alike from any digit: one
# pattern per first digit that a year from 1950 to 2099 can have, since re skips ahead to a
# literal opening ~10x faster than to a class such as "\d" (its look-behind follows the digits).
_FOUR_DIGITS = tuple(re.compile(first + r"\d{3}(?<=[^\d.\-]\d{4})(?![\d/])") for first in "12")


def find_reference_year(text: str) -> str | None:
    """The year the text names most often (the latest on a tie): an undated text's year."""
    counts = Counter(y for pattern in _FOUR_DIGITS for y in pattern.findall(text) if "1950" <= y <= "2099")
    return max(counts, key=lambda y: (counts[y], y)) if counts else None
