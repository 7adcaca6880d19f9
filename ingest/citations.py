"""Find cited documents (numbered symbols and name-only titles) and how the text uses them.

Steps: numbered references (refs.py) and listed names (names.py) on a look-alike-free
view of the text; the text's own number and the document a news page reports on are set
aside; short forms ("Nghị quyết 35") join the full reference they abbreviate; names
join a numbered citation with the same title; years come from the symbol, an attached
date, or another mention of the same document; relations come from relations.py.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from .doctypes import DocumentType, type_by_abbr, type_by_key
from .models import Citation, CitationMention, Relation, Span, Subject
from .names import PHRASE_GROUPS, NameMatch, find_names, title_key
from .refs import Ref, ShortRef, find_refs, find_short_refs, short_ref_groups
from .relations import Spot, classify_relations, phrase_groups
from .scan import lexicon, views
from .symbols import SYMBOL_RE, parse_symbol, symbol_key

_FLAGS = re.IGNORECASE
_OWN_NUMBER_RE = re.compile(r"số(?:\s+hiệu)?[ \t*]*:[\s*|]*")  # on the lower-cased view
# A news page's subject: "Thủ tướng vừa ban hành Chỉ thị số 39/CT-TTg",
# "Kế hoạch này được ban hành kèm theo Quyết định 185/QĐ-TCHQ".
_REPORTED_BEFORE_RE = re.compile(
    r"(?:vừa\s+(?:ký\s+)?(?:ban\s+hành|có|ký)|này\s+(?:được\s+)?ban\s+hành\s+kèm\s+theo)"
    r"[\s*]*\Z", _FLAGS)
_PLACE_DATE_AFTER_RE = re.compile(r"[ \t*|]*[A-ZĐ][^\W\d_]*(?:\s+[A-ZĐ][^\W\d_]*){0,3},\s*ngày")
# The name of a law still to be made: "dự thảo Luật ...", "đề nghị xây dựng Luật ...".
_DRAFT_BEFORE_RE = re.compile(r"(?:dự\s+án|dự\s+thảo|xây\s+dựng|soạn\s+thảo)[\s*]*\Z", _FLAGS)
# A page title: a markdown heading ("# ..." or a line underlined with "===" / "---").
_TITLE_LINE_RE = re.compile(r"#[^\n]*|[^\n]{1,250}(?=\n[ \t]*(?:={3,}|-{3,})[ \t]*\n)")
_BLANK_RE = re.compile(r"\s*")
_LINE_END_RE = re.compile(r"[^\n](?=\n)")  # the last character of a line
_INSTRUMENT_ISSUERS = {"QH", "UBTVQH"}
_ENACTING_BEFORE_RE = re.compile(r"(?<!đã )(?<!vừa )ban\s+hành[\s*]*\Z", _FLAGS)
_NAME_HEAD_GAP_RE = re.compile(r"[\s*]*(?:(?:số|sô|so)[\s*.]*)?")


# Not frozen: thousands are built per text, and a frozen dataclass costs ~4x to build.
@dataclass(slots=True)
class _Found:
    """One mention before grouping."""

    start: int
    end: int
    key: str  # symbol key, or "title:" + title key
    id_local: str | None = None
    title: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    number: str | None = None
    year: int | None = None
    year_evidence: str | None = None
    date: str | None = None
    is_self: bool = False


def find_citations(text: str, *, lowered: str | None = None) -> tuple[Citation, ...]:
    """Every document the text cites, with its mentions, year and relations.

    ``lowered``: ``scan.lower_view(text)``, when the caller has it (it is not made again).

    >>> [c.id_local for c in find_citations("Căn cứ Nghị định số 15/2020/NĐ-CP ngày 03/02/2020;")]
    ['15/2020/NĐ-CP']
    """
    view, low = views(text, lowered)
    hits = lexicon(_phrase_groups()).scan(low)
    refs = find_refs(view, low)
    own = _own_keys(view, low, refs)
    names = find_names(view, low, hits)
    own_type = _own_type(refs, own)
    self_names = _self_names(view, names) if own_type and own_type.instrument else set()
    numbered, heads = _numbered(view, refs, own, names, self_names)
    types = {f.doc_type for f in numbered if f.doc_type}
    found = numbered + _short(find_short_refs(hits["short-ref"], types), numbered)
    found += _name_only(view, names, heads | self_names, numbered)
    found.sort(key=lambda f: (f.start, -f.end))
    found = _merge_titles(found)
    spots = [Spot(f.start, f.end, f.is_self) for f in found]
    relations = classify_relations(view, low, spots, hits, own_type=own_type)
    return _group(text, found, relations)


@functools.cache
def _phrase_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every phrase the stages look for, scanned together in one pass (scan.py)."""
    return PHRASE_GROUPS + short_ref_groups() + phrase_groups()


def _own_keys(view: str, low: str, refs: list[Ref]) -> set[str]:
    """Keys of the text's own number and of the document a news page reports on."""
    own: set[str] = set()
    for m in _OWN_NUMBER_RE.finditer(low):  # "Số: 103/2014/NĐ-CP" opening a header line
        line = view.rfind("\n", 0, m.start()) + 1
        sym = SYMBOL_RE.match(view, m.end())
        if sym and not view[line:m.start()].strip(" \t*|#>"):
            own.add(symbol_key(parse_symbol(sym).id_local))
    line_end = _title_end(view)
    for i, ref in enumerate(refs):
        key = symbol_key(ref.symbol.id_local)
        if i == 0 and ref.symbol_start < line_end:
            own.add(key)  # a page titled by its document: "Nghị định Số 103/2014/NĐ-CP ..."
        elif _REPORTED_BEFORE_RE.search(view, max(0, ref.start - 40), ref.start):
            own.add(key)
        elif not ref.headed and _PLACE_DATE_AFTER_RE.match(view, ref.end):
            own.add(key)  # the header's number, its "Số:" lost: "41 /CT-TTg Hà Nội, ngày ..."
    return own


def _title_end(view: str) -> int:
    """End of the page title that opens the text (0 if none).

    The title may start inside the blank opening (a line of spaces above "===" is a title),
    the last starts tried first. Within one line of that opening only its last start can
    match (a later start only shortens the line), so only those are tried: a regex
    backtracking into the opening would take time quadratic in it.
    """
    blank = _BLANK_RE.match(view).end()
    line_ends = [m.start() for m in _LINE_END_RE.finditer(view, 0, blank)]
    tries = [blank, *([blank - 1] if blank and view[blank - 1] != "\n" else []), *line_ends[::-1]]
    for p in tries:
        title = _TITLE_LINE_RE.match(view, p)
        if title:
            return title.end()
    return 0


def _is_own(key: str, own: set[str]) -> bool:
    """Own number, also when cut short ("Luật số 71/2014/QH1" for 71/2014/QH13)."""
    return key in own or any(o.startswith(key) and len(key) >= len(o) - 2 for o in own)


def _own_type(refs: list[Ref], own: set[str]) -> DocumentType | None:
    """The text's own document type, from its own number (laws: from the QH issuer)."""
    for ref in refs:
        if symbol_key(ref.symbol.id_local) in own:
            if ref.doc_type:
                return type_by_key()[ref.doc_type]
            found = type_by_abbr().get((ref.symbol.type_code or "").upper())
            if found is None and ref.symbol.issuer in _INSTRUMENT_ISSUERS:
                found = type_by_key()["luat"]
            return found
    return None


def _numbered(view: str, refs: list[Ref], own: set[str], names: list[NameMatch],
              self_names: set[int]) -> tuple[list[_Found], set[int]]:
    """One mention per reference; a name right before "số" heads it and gives its title."""
    by_end: dict[int, int] = {}
    for i, n in enumerate(names):  # the outermost name wins, unless it is the text's own
        if i not in self_names:
            gap = _NAME_HEAD_GAP_RE.match(view, n.title_end)
            by_end.setdefault(gap.end() if gap else n.title_end, i)
    heads: set[int] = set()
    out = []
    for ref in refs:
        key = symbol_key(ref.symbol.id_local)
        start, title = ref.start, None
        i = by_end.get(ref.symbol_start)
        if i is not None:  # "Luật Bảo hiểm xã hội số 71/2006/QH11"
            heads.add(i)
            start, title = min(start, names[i].start), names[i].title
        sym = ref.symbol
        year, evidence = (sym.year, "symbol") if sym.year else (None, None)
        if year is None and ref.date:
            year, evidence = int(ref.date[:4]), "date"
        out.append(_Found(start, ref.end, key, sym.id_local, title, ref.doc_type, sym.issuer,
                          sym.number, year, evidence, ref.date, _is_own(key, own)))
    return out, heads


def _short(shorts: list[ShortRef], numbered: list[_Found]) -> list[_Found]:
    """Short forms ("Nghị định 59") that abbreviate exactly one full reference."""
    full: dict[tuple[str, str], dict[str, _Found]] = {}
    for f in numbered:
        if f.doc_type and f.number:
            full.setdefault((f.doc_type, f.number.lstrip("0")), {}).setdefault(f.key, f)
    out = []
    for s in shorts:
        keys = [f for f in full.get((s.doc_type, s.number.lstrip("0")), {}).values()
                if s.year is None or f.year == s.year]
        if len(keys) == 1:
            f = keys[0]
            out.append(replace(f, start=s.start, end=s.end, date=None,
                               year_evidence="other-mention" if f.year else None))
    return out


def _self_names(view: str, names: list[NameMatch]) -> set[int]:
    """Amending titles in the enacting formula ("Quốc hội ban hành Luật sửa đổi, ...")."""
    return {i for i, n in enumerate(names)
            if n.amending and _ENACTING_BEFORE_RE.search(view, max(0, n.start - 30), n.start)}


def _name_only(view: str, names: list[NameMatch], heads: set[int], numbered: list[_Found]
               ) -> list[_Found]:
    own_starts = sorted(f.start for f in numbered if f.is_self)
    own_ends = sorted(f.end for f in numbered if f.is_self)
    out = []
    for i, n in enumerate(names):
        if i in heads or n.draft or _DRAFT_BEFORE_RE.search(view, max(0, n.start - 24), n.start):
            continue
        is_self = _near(own_ends, n.start) or _near(own_starts, n.title_end)
        out.append(_Found(n.start, n.end, "title:" + title_key(n.title), None, n.title,
                          n.doc_type, None, None, n.year, "date" if n.year else None, n.date,
                          is_self))
    return out


def _near(sorted_positions: list[int], pos: int, reach: int = 8) -> bool:
    k = bisect_left(sorted_positions, pos - reach + 1)
    return k < len(sorted_positions) and sorted_positions[k] < pos + reach


def _merge_titles(found: list[_Found]) -> list[_Found]:
    """A name that titles a numbered citation is a mention of that citation."""
    titled = {}
    for f in found:
        if f.id_local and f.title:
            titled.setdefault("title:" + title_key(f.title), f)
    out = []
    for f in found:
        target = titled.get(f.key) if f.id_local is None else None
        if target is not None and (f.year is None or f.year == target.year):
            f = replace(f, key=target.key, id_local=target.id_local, is_self=target.is_self)
        out.append(f)
    return out


def _group_keys(found: list[_Found]) -> list[str]:
    """Group key per mention.

    Documents are told apart by year when the key alone is ambiguous: name-only titles
    ("Luật Giáo dục năm 1998" and "... năm 2005") and yearless symbols issued anew each
    year ("01/NQ-CP ngày 08/01/2022" and "01/NQ-CP ngày 05/01/2023"). A mention without a
    year joins the nearest dated mention before it, else the first one.
    """
    years: dict[str, set[int]] = {}
    for f in found:
        if f.year and f.year_evidence != "symbol":
            years.setdefault(f.key, set()).add(f.year)
    split = {k for k, ys in years.items() if len(ys) > 1 or k.startswith("title:")}
    last: dict[str, int] = {}
    keys = []
    for f in found:
        if f.key in split:
            year = f.year or last.get(f.key) or min(years[f.key])
            last[f.key] = year
            keys.append(f"{f.key}@{year}")
        else:
            keys.append(f.key)
    return keys


def _group(text: str, found: list[_Found], relations: list[tuple[Relation, Subject]]
           ) -> tuple[Citation, ...]:
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(_group_keys(found)):
        if not found[i].is_self:
            groups.setdefault(key, []).append(i)
    out = []
    for idx in groups.values():
        items = [found[i] for i in idx]
        first = items[0]
        year = next((f.year for f in items if f.year_evidence == "symbol"), None)
        evidence = "symbol" if year else None
        dated = [f for f in items if f.date or (f.id_local is None and f.year)]
        if year is None and dated:
            year = dated[0].year or (int(dated[0].date[:4]) if dated[0].date else None)
            evidence = "date" if dated[0] is first else "other-mention"
        mentions = tuple(CitationMention(Span(f.start, f.end), text[f.start:f.end], *relations[i])
                         for i, f in zip(idx, items))
        out.append(Citation(
            id_local=first.id_local, title=next((f.title for f in items if f.title), None),
            year=year, mentions=mentions, doc_type=first.doc_type, issuer=first.issuer,
            number=first.number, date=next((f.date for f in items if f.date), None),
            year_evidence=evidence))
    return tuple(out)
