"""Numbered references in running text: symbol, the type word before it, the date after.

"Nghị định số 96/2014/NĐ-CP ngày 17/10/2014" gives one ``Ref`` whose span runs from the
type word to the end of the date. Short forms ("Nghị quyết 35", "Nghị định số 83/2014")
are kept apart (``ShortRef``) and resolved against full references by the caller.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .doctypes import (DocumentType, load_document_types, type_by_abbr, type_by_name,
                       type_names_regex)
from .scan import Hit
from .issue_dates import match_date_after
from .symbols import Symbol, find_symbols, parse_symbol

_FLAGS = re.IGNORECASE
_SO = r"(?:số|sô|so)"
_LOOKBACK = 110
# Form numbers of attachments ("mẫu số 01/GTGT") are not documents.
_FORM_BEFORE_RE = re.compile(r"(?:mẫu|biểu|phụ\s+lục)(?:\s+số)?[\s*]*\Z", _FLAGS)
_DATE_BEFORE_RE = re.compile(
    r"(?<![^\W\d_])ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d\d),\s*(?:tại\s+)?\Z",
    _FLAGS)
_LIST_GAP_RE = re.compile(r"[\s*]*(?:,|và|;)[\s*]*(?:" + _SO + r"[\s*]*)?\Z", _FLAGS)


# Not frozen: thousands are built per text, and a frozen dataclass costs ~4x to build.
@dataclass(slots=True)
class Ref:
    start: int  # type word (or "số") when there is one, else the symbol
    end: int  # end of the attached date, else of the symbol
    symbol_start: int
    symbol: Symbol
    doc_type: str | None
    date: str | None  # ISO issue date attached to the mention
    headed: bool  # a type word or "số" precedes the symbol


@dataclass(slots=True)
class ShortRef:
    start: int
    end: int
    doc_type: str
    number: str
    year: int | None


# Words between a type word and "số" ("Kế hoạch thanh tra số", "Báo cáo thẩm tra số"),
# never a verb that governs the symbol ("Nghị định sửa đổi Nghị định số ...").
_QUALIFIER = r"(?!(?:sửa|thay|bãi|của|và|theo|tại|hướng|quy|ban)(?![^\W\d_]))[^\s\d,;:.()/]+"


@functools.cache
def _head_re() -> re.Pattern[str]:
    """A type word, maybe qualifiers and "số", right before a symbol (on lower case).

    It must open a word: see _search_word.
    """
    types = type_names_regex().lower()
    return re.compile(
        r"(?P<t>" + types + r")(?:(?:[ \t\n*]+" + _QUALIFIER + r"){0,4}[ \t\n*]+"
        + _SO + r")?[\s*.]*\Z")


_SO_HEAD_RE = re.compile(_SO + r"[\s*.]*\Z")  # opening a word too
# The last character before a symbol that no head can hold (type names, qualifiers, "số"
# and the gap hold no digit and none of ",;:()/"): the search for a head starts after it.
_LAST_BARRIER_RE = re.compile(r"[\d,;:()/][^\d,;:()/]*+\Z")
_LETTER_RE = re.compile(r"[^\W\d_]")


def _search_word(pattern: re.Pattern[str], window: str) -> re.Match[str] | None:
    """``pattern.search(window)`` for the first match that opens a word (no letter before).

    The same as a leading "(?<![^\\W\\d_])" in the pattern, but that look-behind would keep
    re from skipping ahead to the letters a match can open with: it would try every position.
    """
    m = pattern.search(window)
    while m and m.start() and _LETTER_RE.match(window, m.start() - 1):
        m = pattern.search(window, m.start() + 1)
    return m


def _short_pattern(name: str) -> str:
    """A type name (lower case, opening with a literal) followed by a bare number."""
    return (" ".join(name.lower().split()).replace(" ", r"\s+") + r"[ \t\n]+(?:số[ \t\n]+)?"
            r"(?P<num>\d{1,5})(?:/(?P<year>(?:19|20)\d\d))?(?![\d.,]\d|\s*[/-]|\d)")


def _type_of(word: str) -> DocumentType | None:
    return type_by_name().get(" ".join(word.split()).casefold())


def _head(low: str, start: int) -> tuple[int, str | None] | None:
    """Start of the head before a symbol and the type it names, if any.

    Qualifiers between the type word and "số" are never verbs, so in "dự thảo Nghị
    định sửa đổi Nghị định số 1/..." the head is the second "Nghị định"; in "Thông báo
    Kết luận số 99-TB/TW" it is "Thông báo".
    """
    offset = max(0, start - _LOOKBACK)
    barrier = _LAST_BARRIER_RE.search(low, offset, start)
    if barrier:  # a head holds none of these: it starts after the last one
        offset = barrier.start() + 1
    window = low[offset:start]
    last = _search_word(_head_re(), window)
    if last:
        doc_type = _type_of(last["t"])
        return offset + last.start(), doc_type.key if doc_type else None
    so = _search_word(_SO_HEAD_RE, window)
    return (offset + so.start(), None) if so else None


def _date_before(view: str, start: int) -> str | None:
    """"Ngày 22/10/2025, tại Thông báo số 569/TB-VPCP": the date opens the clause."""
    m = _DATE_BEFORE_RE.search(view, max(0, start - 40), start)
    if not m:
        return None
    day, month, year = int(m["d"]), int(m["m"]), int(m["y"])
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= day <= 31 and 1 <= month <= 12 else None


def _accept(sym: Symbol, headed: bool, listed: bool) -> bool:
    """Whether a symbol is a document number (and not a form code or a stray fraction)."""
    if sym.type_code and sym.type_code.upper() == "CV" and not sym.party:
        return False  # "CV" is no official type: letters of associations (d08, d28)
    if headed or listed:
        return True
    return bool(sym.type_code or (sym.year and sym.issuer))


def find_refs(view: str, low: str) -> list[Ref]:
    """Numbered references in ``view`` (see scan.views; ``low``: its lower case)."""
    out: list[Ref] = []
    for m in find_symbols(view):
        start = m.start()
        if _FORM_BEFORE_RE.search(view, max(0, start - 16), start):
            continue
        sym = parse_symbol(m)
        head = _head(low, start)
        prev = out[-1] if out else None
        listed = prev is not None and bool(_LIST_GAP_RE.fullmatch(view, prev.end, start))
        if not _accept(sym, head is not None, listed):
            continue
        doc_type = head[1] if head and head[1] else None
        if doc_type is None and listed and prev is not None:
            doc_type = prev.doc_type
        if doc_type is None and sym.type_code:
            found = type_by_abbr().get(sym.type_code.upper())
            doc_type = found.key if found else None
        date = match_date_after(view, m.end())
        begin = head[0] if head else start
        iso = date.iso if date else _date_before(view, begin)
        out.append(Ref(begin, date.end if date else m.end(), start, sym, doc_type, iso,
                       head is not None))
    return out


@functools.cache
def short_ref_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The scan.Lexicon group of short forms, one pattern per type name."""
    return (("short-ref", tuple(_short_pattern(n) for _, n in _short_names())),)


@functools.cache
def _short_names() -> tuple[tuple[str, str], ...]:
    return tuple((t.key, n) for t in load_document_types() if t.short for n in (t.label, *t.names))


def find_short_refs(hits: list[Hit], doc_types: set[str]) -> list[ShortRef]:
    """"Nghị quyết 35", "Nghị định số 83/2014": a type word and a bare number.

    ``hits`` are the Lexicon hits of short_ref_groups(); only the given types are kept
    (those of the full references in the text: a short form abbreviates one of them).
    """
    out = []
    for m, i in hits:
        key = _short_names()[i][0]
        if key in doc_types:
            out.append(ShortRef(m.start(), m.end(), key, m["num"],
                                int(m["year"]) if m["year"] else None))
    return out
