"""Documents cited by name only: "Luật Quy hoạch", "Bộ luật Dân sự năm 2015", "Hiến pháp".

A name is recognised only when its title is listed in ``data/law_titles.toml``
(after expanding abbreviations: "Luật BHYT" -> "Luật Bảo hiểm y tế"); amending laws
("Luật sửa đổi, bổ sung một số điều của Luật X và Luật Y") are built from listed titles.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .issue_dates import match_date_after
from .scan import Hit
from .doctypes import fold, load_law_titles, type_by_key

_TYPE_RE = re.compile(r"(?<![^\W\d_])(?<!pháp )(?<!Pháp )(?<!PHÁP )"  # not "pháp luật"
                      r"(?:(bộ\s+luật)|(luật)|(pháp\s+lệnh)|(hiến\s+pháp))(?![^\W\d_])",
                      re.IGNORECASE)
_TYPE_KEYS = ("bo-luat", "luat", "phap-lenh", "hien-phap")
# Scans on the lower-cased view (see scan.py); _TYPE_RE then reads the hit in place.
_TYPE_SCANS = (r"luật(?![^\W\d_])", r"pháp\s+lệnh(?![^\W\d_])", r"hiến\s+pháp(?![^\W\d_])")
_BO_BEFORE_RE = re.compile(r"bộ\s+\Z")
_WORD_RE = re.compile(r"[^\s,;:.…()\[\]\"“”*|]+|,")
_FIRST_WORD_RE = re.compile(r"\s*([^\s,;:.…()\[\]\"“”*|]+)")
_DATED_TITLE_RE = re.compile(
    r"[ \t]+([^\W\d_][^\W\d_]*(?:,?[ \t\n]+[^\W\d_]+){0,9}?)"
    r"(?=[ \t\n]+(?:ngày[ \t\n]+\d{1,2}|năm[ \t\n]+(?:19|20)\d\d))")
_AMEND_RE = re.compile(r"\s+sửa\s+đổi,?\s+bổ\s+sung\s+(?:(?:một\s+số\s+điều\s+)?(?:của\s+)?)",
                       re.IGNORECASE)
_TAX_LAWS_RE = re.compile(r"(?:các|một\s+số)\s+luật\s+(?:về\s+)?thuế", re.IGNORECASE)
_CONSTITUTION_TAIL_RE = re.compile(
    r"\s+nước\s+Cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+Việt\s+Nam", re.IGNORECASE)
_YEAR_AFTER_RE = re.compile(r"[ \t*]*(?:năm\s+)?((?:19|20)\d\d)(?![\d/])", re.IGNORECASE)
# Treaties named by a foreign word or an acronym: "Hiệp định EVFTA", "Công ước Istabul".
# Longer treaty names ("Hiệp định thương mại giữa ...") are left out: their ends vary.
_TREATY_NAME_RE = re.compile(r"[A-Z][A-Za-z0-9-]{2,}(?![^\W_])")
# "các Luật: Bảo vệ môi trường, Đất đai, Xây dựng" names several laws with one head.
_LIST_KINDS = ("luat", "bo-luat", "phap-lenh")
_LIST_HEADS = (r"các\s+luật\s*:\s*", r"các\s+bộ\s+luật\s*:\s*", r"các\s+pháp\s+lệnh\s*:\s*")
# Groups for scan.Lexicon, matched on the lower-cased view.
PHRASE_GROUPS = (("name-type", _TYPE_SCANS), ("treaty", (r"hiệp\s+định\s+", r"công\s+ước\s+")),
                 ("law-list", _LIST_HEADS))
_LIST_SEP_RE = re.compile(r"\s*(?:,|và)\s*")
_DRAFT_AFTER_RE = re.compile(r"\s*\(\s*sửa\s+đổi\s*\)", re.IGNORECASE)


# Not frozen: thousands are built per text, and a frozen dataclass costs ~4x to build.
@dataclass(slots=True)
class NameMatch:
    start: int
    end: int  # includes an attached year or date
    title_end: int  # end of the name itself
    doc_type: str
    title: str
    year: int | None = None
    date: str | None = None  # ISO, when a full date is attached
    draft: bool = False  # "Luật Chứng khoán (sửa đổi)": the name of a draft
    amending: bool = False  # "Luật sửa đổi, bổ sung một số điều của Luật X"


@functools.lru_cache(maxsize=8192)
def title_key(title: str) -> str:
    """Casefolded, diacritic-free key of a title (commas and spacing unified)."""
    return " ".join(fold(title).replace(",", " , ").split())


@functools.cache
def _titles() -> dict[str, str]:
    """Title key (without the type word) -> the title as listed."""
    return {title_key(t): t for ts in load_law_titles().titles.values() for t in ts}


@functools.cache
def _abbreviations() -> dict[str, str]:
    return {k.upper(): v for k, v in load_law_titles().abbreviations.items()}


@functools.cache
def _max_words() -> int:
    """Tokens (words and commas) in the longest listed title."""
    return max(len(_WORD_RE.findall(t)) for ts in load_law_titles().titles.values() for t in ts)


@functools.cache
def _first_words() -> frozenset[str]:
    """Folded first words of listed titles and abbreviations: a cheap pre-check."""
    words = {title_key(t).split()[0] for ts in load_law_titles().titles.values() for t in ts}
    return frozenset(words | {title_key(a) for a in _abbreviations()})


def _expand(words: list[str]) -> list[str]:
    abbr = _abbreviations()
    return [abbr.get(w.upper(), w) if w.isupper() and len(w) > 1 else w for w in words]


def _longest_title(view: str, pos: int) -> tuple[str, int] | None:
    """The longest listed title starting at ``pos``, and where it ends.

    Words are read while they still begin a listed title (``_stems``), so the cost
    stays with the words of one title, however many type words the text has.
    """
    first = _FIRST_WORD_RE.match(view, pos)
    if first is None or _word_key(first.group(1)) not in _first_words():
        return None
    titles, stems = _titles(), _stems()
    prefix, last, count, found = _word_key(first.group(1)), first.end(1), 1, None
    if prefix in titles:
        found = titles[prefix], last
    for w in _WORD_RE.finditer(view, first.end(), min(len(view), pos + 160)):
        if count == _max_words() or view.count("\n", last, w.start()) > 1 or prefix not in stems:
            break  # a name does not run over a paragraph break
        prefix, last, count = prefix + " " + _word_key(w.group()), w.end(), count + 1
        if w.group() != "," and prefix in titles:
            found = titles[prefix], last
    return found


@functools.lru_cache(maxsize=8192)
def _word_key(word: str) -> str:
    return title_key(_expand([word])[0])


@functools.cache
def _stems() -> frozenset[str]:
    """Every listed title key cut before one of its spaces: what a longer title begins with."""
    return frozenset(k[:i] for k in _titles() for i, c in enumerate(k) if c == " ")


def _name_at(view: str, m: re.Match[str]) -> tuple[str, int] | None:
    """Title and end of the name whose type word is ``m``."""
    kind = _TYPE_KEYS[m.lastindex - 1]
    if kind == "hien-phap":
        tail = _CONSTITUTION_TAIL_RE.match(view, m.end())
        return load_law_titles().constitution, tail.end() if tail else m.end()
    label = type_by_key()[kind].label
    amend = _AMEND_RE.match(view, m.end())
    if amend:
        return _amending_title(view, label, amend.end())
    found = _longest_title(view, m.end()) or _dated_title(view, m.end())
    if found is None:
        return None
    title, end = found
    return f"{label} {title}", end


def _dated_title(view: str, pos: int) -> tuple[str, int] | None:
    """An unlisted title whose end the date shows: "Luật Thủ đô ngày 21 tháng 11 năm 2012"."""
    m = _DATED_TITLE_RE.match(view, pos)
    if m is None or not m.group(1)[0].isupper():
        return None
    return " ".join(m.group(1).split()), m.end(1)


def _amending_title(view: str, label: str, pos: int) -> tuple[str, int] | None:
    """"Luật sửa đổi, bổ sung một số điều của Luật X và Luật Y": title and end."""
    prefix = f"{label} sửa đổi, bổ sung một số điều của "
    tax = _TAX_LAWS_RE.match(view, pos)
    if tax:
        return prefix + "các Luật về thuế", tax.end()
    parts, end = [], pos
    while True:
        m = _TYPE_RE.match(view, end)
        inner = _name_at(view, m) if m and _TYPE_KEYS[m.lastindex - 1] != "hien-phap" else None
        if inner is None:
            break
        parts.append(inner[0])
        end = inner[1]
        sep = re.match(r"\s*(?:,|và)\s*", view[end:end + 8])
        if not sep or not _TYPE_RE.match(view, end + sep.end()):
            break
        end += sep.end()
    if not parts:
        return None
    return prefix + " và ".join(parts), end


def _type_words(view: str, low: str, hits: list[Hit]) -> list[re.Match[str]]:
    """Type words in text order ("Bộ luật" taken whole; "pháp luật" is no type word)."""
    out: list[re.Match[str]] = []
    for hit, _ in hits:
        bo = _BO_BEFORE_RE.search(low, max(0, hit.start() - 6), hit.start())
        m = _TYPE_RE.match(view, bo.start() if bo else hit.start())
        if m and (not out or m.start() >= out[-1].end()):
            out.append(m)
    return out


def find_names(view: str, low: str, hits: dict[str, list[Hit]]) -> list[NameMatch]:
    """Every listed name in ``view`` (see scan.views; ``low`` is its lower case).

    ``hits`` are the scan.Lexicon hits of PHRASE_GROUPS on ``low``.

    The names inside an amending law's title are found too, without the date that
    follows the whole title (it dates the amending law).
    """
    out: list[NameMatch] = []
    outer_end = 0
    for m in _type_words(view, low, hits["name-type"]):
        found = _name_at(view, m)
        if found is None:
            continue
        title, title_end = found
        end, year, iso = title_end, None, None
        if m.start() >= outer_end:
            date = match_date_after(view, title_end)
            if date:
                end, iso, year = date.end, date.iso, date.year
            elif (ym := _YEAR_AFTER_RE.match(view, title_end)) is not None:
                end, year = ym.end(), int(ym.group(1))
            outer_end = title_end
        kind = _TYPE_KEYS[m.lastindex - 1]
        draft = bool(_DRAFT_AFTER_RE.match(view, title_end))
        amending = bool(_AMEND_RE.match(view, m.end()))
        out.append(NameMatch(m.start(), end, title_end, kind, title, year, iso, draft, amending))
    out += _treaties(view, hits["treaty"]) + _listed_names(view, hits["law-list"])
    return sorted(out, key=lambda n: n.start)


def _treaties(view: str, hits: list[Hit]) -> list[NameMatch]:
    """"Hiệp định EVFTA", "Công ước Istabul": the type word as written, then the name."""
    out = []
    for m, i in hits:
        name = _TREATY_NAME_RE.match(view, m.end())
        if name and view[m.start()].isupper():
            label = type_by_key()[("hiep-dinh", "cong-uoc")[i]].label
            out.append(NameMatch(m.start(), name.end(), name.end(), ("hiep-dinh", "cong-uoc")[i],
                                 f"{label} {name.group()}"))
    return out


def _listed_names(view: str, hits: list[Hit]) -> list[NameMatch]:
    """The bare titles after "các Luật:" (each a mention of its own law)."""
    out = []
    for m, i in hits:
        kind = _LIST_KINDS[i]
        label, pos = type_by_key()[kind].label, m.end()
        while (found := _longest_title(view, pos)) is not None:
            title, end = found
            out.append(NameMatch(pos, end, end, kind, f"{label} {title}"))
            sep = _LIST_SEP_RE.match(view, end)
            if sep is None:
                break
            pos = sep.end()
    return out
