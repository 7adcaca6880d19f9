"""Document numbers and symbols ("số, ký hiệu"): find, normalise, parse.

Matching runs on a *view* of the text (``scan.views``): the same length, with look-alike
characters (Ð, Cyrillic С, en dashes, no-break spaces) mapped to what the symbol
grammar expects, so spans found on the view index the original text.
See ../shared/reference/vn-legal-documents.md §2 and text-pitfalls.md §3, §6, §9.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .doctypes import canonical_codes, fold, type_by_abbr

# One character for one character, so that offsets survive.
_VIEW = str.maketrans({
    "Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɖ": "đ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u202f": " ", "\u200b": " ", "\u200c": " ", "\u200d": " ",
    "\u2060": " ", "\ufeff": " ", "\u00ad": " ",
    # Cyrillic letters typed for Latin ones in symbols ("BТС" with Т, С from U+0422, U+0421)
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "К": "K", "М": "M", "О": "O",
    "Р": "P", "Т": "T", "Х": "X", "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x",
})
_VIEW_CHARS = tuple(map(chr, _VIEW))


# The look-alikes above that lower-casing leaves alone and no character lower-cases to:
# dashes and spaces, neither cased nor case-ignorable (so a final sigma stays final).
# Mapping them and lower-casing may come in either order (see scan.views).
CASE_NEUTRAL = frozenset("\u2010\u2011\u2012\u2013\u2014\u2212\u00a0\u202f")


def view_chars(text: str) -> tuple[str, ...]:
    """The look-alikes that occur in ``text``."""
    return tuple(char for char in _VIEW_CHARS if char in text)


def view_of(text: str, chars: tuple[str, ...]) -> str:
    """``text`` with ``chars`` (look-alikes) mapped 1:1, so that regexes see one spelling;
    offsets are unchanged."""
    for char in chars:  # str.replace per present character beats translate
        text = text.replace(char, _VIEW[ord(char)])
    return text


_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_CODE = r"[A-ZĐ][A-Za-zĐđ0-9&]*" + _NOT_LETTER_AFTER
_PARTS = _CODE + r"(?:[ \t]{0,2}-[ \t]{0,2}(?:\n[ \t]*)?" + _CODE + r")*"
_SLASH = r"(?:[ \t*]|\n){0,6}/(?:[ \t*]|\n){0,3}"
_NUM = r"(?<![\d.,/-])(?P<num>\d{1,5}(?:\.\d{1,3})?)"
_YEAR = r"(?:19|20)\d\d(?!\d)"

SYMBOL_RE = re.compile(
    _NUM + r"(?:"
    + _SLASH + r"(?P<year>" + _YEAR + r")" + _SLASH + r"(?P<parts>" + _PARTS + r")"   # 96/2014/NĐ-CP
    + r"|-(?P<dyear>" + _YEAR + r")" + _SLASH + r"(?P<dparts>" + _PARTS + r")"       # 19-2017/NQ-CP
    + r"|[ \t]?-[ \t]?(?P<ptype>" + _CODE + r")/(?P<pissuer>" + _PARTS + r")"       # 12-NQ/TW
    + r"|" + _SLASH + r"(?P<bparts>" + _PARTS + r")(?:/(?P<byear>" + _YEAR + r"))?"  # 707/QĐ-TTg
    + r")")


# SYMBOL_RE's groups are all named (a test checks): their names in Match.groups() order
_GROUP_NAMES = tuple(sorted(SYMBOL_RE.groupindex, key=SYMBOL_RE.groupindex.get))
_DIGITS_RE = re.compile(r"\d+")
_REACH = 24  # farthest a symbol's number starts before its first "/"


def find_symbols(view: str) -> list[re.Match[str]]:
    """Every symbol in ``view``, found from its "/" (a scan from every digit is 20x slower)."""
    out: list[re.Match[str]] = []
    last_end, slash = 0, _SLASH_RE.search(view)
    while slash:
        pos = slash.start()
        if pos >= last_end and _opens_part(view, pos + 1):
            runs = list(_DIGITS_RE.finditer(view, max(last_end, pos - _REACH), pos))
            for d in runs[:-3:-1]:  # the number is the last digit run, or the one before (19-2017/)
                m = SYMBOL_RE.match(view, d.start())
                if m and m.end() > pos:
                    out.append(m)
                    last_end = m.end()
                    break
        slash = _SLASH_RE.search(view, max(pos + 1, last_end))
    return out


def _opens_part(view: str, pos: int) -> bool:
    """Whether a code or a year follows a "/" (after at most three spaces or line breaks):
    only then can a symbol run through the "/". A fraction ("1/2") is neither."""
    ahead = view[pos:pos + 4]
    gap = len(ahead) - len(ahead.lstrip(" \t*\n"))
    after = ahead[gap:gap + 1]
    return after.isupper() or (after in ("1", "2") and bool(_YEAR_RE.match(view, pos + gap)))


_YEAR_RE = re.compile(_YEAR)
# A "/" that _opens_part may accept: a year, or a character that may be upper case (not a
# digit, a space, an ASCII lower-case letter or ASCII punctuation) after the gap. Found in
# C, so fractions and dates ("1/2/3", "12/5") cost no Python step.
_SLASH_RE = re.compile(r"/(?=[ \t*\n]{0,3}+(?:" + _YEAR + r"|[^\d\sa-z!-/:-@\[-`{-~]))")


@dataclass(frozen=True, slots=True)
class Symbol:
    """A parsed symbol; ``id_local`` is the normalised form used as identity."""

    id_local: str
    number: str
    year: int | None
    type_code: str | None  # "NĐ", "QĐ"; None for laws (52/2005/QH11) and công văn
    issuer: str | None  # "CP", "TTg", "QH"
    party: bool = False  # Party form 12-NQ/TW


@functools.lru_cache(maxsize=4096)
def _repair(code: str) -> str:
    """Write a look-alike code as issued (ND -> NĐ, QD -> QĐ); unknown codes stay."""
    letters = code.rstrip("0123456789")
    canon = canonical_codes().get(fold(letters).upper())
    if canon and canon != letters:
        return canon + code[len(letters):]
    return code


_SPACES_RE = re.compile(r"[\s*]+")


def _clean_parts(raw: str) -> list[str]:
    return [_repair(p) for p in _SPACES_RE.sub("", raw).split("-") if p]


@functools.lru_cache(maxsize=4096)
def _split_term(code: str) -> tuple[str, str]:
    m = re.fullmatch(r"(.*?)(\d*)", code)
    return (m.group(1), m.group(2)) if m else (code, "")


def parse_symbol(m: re.Match[str]) -> Symbol:
    """Build the normalised symbol from a SYMBOL_RE match."""
    return _parse_groups(m.groups())


@functools.lru_cache(maxsize=4096)  # a text cites the same documents again and again
def _parse_groups(groups: tuple[str | None, ...]) -> Symbol:
    m = dict(zip(_GROUP_NAMES, groups))
    num = m["num"]
    if m["ptype"]:
        ptype, issuer = _repair(m["ptype"]), "-".join(_clean_parts(m["pissuer"]))
        return Symbol(f"{num}-{ptype}/{issuer}", num, None, ptype, issuer, party=True)
    year = m["year"] or m["dyear"] or m["byear"]
    parts = _clean_parts(m["parts"] or m["dparts"] or m["bparts"])
    if m["year"]:
        ident = f"{num}/{year}/{'-'.join(parts)}"
    elif m["dyear"]:
        ident = f"{num}-{year}/{'-'.join(parts)}"
    else:
        ident = f"{num}/{'-'.join(parts)}" + (f"/{year}" if year else "")
    type_code, issuer = _type_and_issuer(parts)
    return Symbol(ident, num, int(year) if year else None, type_code, issuer)


def _type_and_issuer(parts: list[str]) -> tuple[str | None, str | None]:
    if parts[0].upper() in type_by_abbr():
        return parts[0], (parts[1] if len(parts) > 1 else None)
    head, _ = _split_term(parts[0])
    return None, head or parts[0]


def symbol_key(id_local: str) -> str:
    """Identity key of a symbol: upper case, no spaces (as the scorer compares)."""
    return "".join(id_local.split()).upper()
