"""Bodies of one province: "Sở Tài chính tỉnh Bắc Ninh", "Tỉnh ủy, HĐND, UBND ... tỉnh Đồng Tháp".

- A capitalised head (``provincial_heads`` in ``data/agency_patterns.toml``) followed by
  words without a stop word, then a province: "Cục Thuế tỉnh An Giang".
- Heads listed before such a body share its province ("Tỉnh ủy, HĐND, Ủy ban MTTQVN tỉnh X").
- In a text about a single province, bodies written without a place ("UBND tỉnh",
  "Sở Tài chính", "Đoàn ĐBQH") are that province's.
"""
from __future__ import annotations

import functools
import re
from datetime import date

from .agency_lists import item_forms
from .agency_names import ends_name
from .agency_text import (Hit, Squeezed, Taken, is_capitalised, is_word_edge, original_words,
                          word_matches)
from .registry import (Province, fold, load_patterns, load_registry, place_forms, strip_folded_marks,
                       strip_marks)

_AND = re.compile(r" và (?=\w)")
_CLAUSE_BREAK = re.compile(r"[,.;:()\"“”]")
_MAX_WORDS = 12
_MAX_NAME = 80
_HEAD_SHARE = 0.2  # the part of a text where its issuer is named
_BARE_UNIT = re.compile(r"(?:tỉnh|thành phố)(?!\w)")  # opening a word: see word_matches
_GENERIC_UNIT_AFTER = re.compile(r" ?(?:,|và|/) ?(?:tỉnh|thành phố|huyện|quận|xã)| (?:trực thuộc|cấp)")
_GENERIC_AFTER = re.compile(
    r" ?(?:các|cấp|huyện|quận|xã|nơi|thuộc|trực thuộc) | ?[,/] ?(?:tỉnh|thành phố|huyện|quận|xã)\b")


def _alternation(words) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


def _bare_names(province: Province) -> tuple[str, ...]:
    """The place's names without a unit word: "Bình Dương", "Thanh Hoá"."""
    return tuple(n for n in (province.name, *province.aliases)
                 if not fold(n).startswith(("tp", "thành phố", "thủ đô", "tỉnh")))


Place = tuple[int, int, str, bool]  # start, end, folded form, whether bare (no unit word)


@functools.cache
def place_words() -> dict[str, bool]:
    """Folded places as written ("tỉnh quảng ninh", "tp.hcm", bare "bình dương") -> bare?

    agencies.py finds them in the same pass as the registry's names (see ``places``).
    """
    words: dict[str, bool] = {}
    for province in load_registry().provinces:
        for form in _bare_names(province):
            words[fold(form)] = True
        for form in place_forms(province):
            words[fold(form)] = False
    return words


def places(found: dict[int, tuple[int, str, bool]]) -> list[Place]:
    """Places by start from the whole-word matches of ``place_words`` (start -> longest)."""
    return [(start, *rest) for start, rest in sorted(found.items())]


@functools.cache
def _bare_name_head() -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + _alternation(load_patterns()["bare_name_heads"]) + r") $")


@functools.cache
def _head_regex() -> re.Pattern[str]:
    """A provincial head; it must open a word (see word_matches)."""
    return re.compile(r"(?:" + _alternation(load_patterns()["provincial_heads"]) + r")(?!\w)")


@functools.cache
def _listed_head_regex() -> re.Pattern[str]:
    heads = {*load_patterns()["provincial_heads"], *load_patterns()["home_heads"]}
    return re.compile(r"(?<!\w)(" + _alternation(heads) + r") ?(?:,|và) ?$")


@functools.cache
def _home_regex() -> re.Pattern[str]:
    """A head of a body written without a place; it must open a word (see word_matches)."""
    heads = _alternation(load_patterns()["home_heads"])
    return re.compile(r"(?:" + heads + r"|sở(?= \w))(?!\w)")


@functools.cache
def _place_provinces() -> dict[str, tuple[Province, ...]]:
    index: dict[str, list[Province]] = {}
    for province in load_registry().provinces:
        for form in (*place_forms(province), *_bare_names(province)):
            index.setdefault(fold(form), []).append(province)
    return {form: tuple(found) for form, found in index.items()}


def _province_at(form: str, on: date | None) -> Province:
    provinces = _place_provinces()[form]
    return next((p for p in provinces if p.is_valid_on(on)), provinces[0])


def body_name(head: str, province: Province) -> str:
    """Canonical name of ``head`` (as written) of ``province``: abbreviations expanded."""
    words = body_words(head, drop_unit=True)
    if fold(words) in load_patterns()["bare_place_heads"]:
        return f"{words} {province.name}"
    return f"{words} {province.unit} {province.name}"


@functools.lru_cache(maxsize=4096)  # heads are few and recur in every text
def body_words(head: str, *, drop_unit: bool = False) -> str:
    """A head as written ("UBND", "SỞ TÀI CHÍNH") in its canonical spelling.

    ``drop_unit``: without a trailing "tỉnh"/"thành phố" ("UBNDTP"), for the place to follow.
    """
    words = head
    for short, full in _head_names():
        words = short.sub(full, words)
    if drop_unit:
        words = _TRAILING_UNIT.sub("", words)
    words = load_patterns()["short_heads"].get(fold(words), words)
    if words[:1].islower() or words.isupper():
        words = words[:1].upper() + words[1:].lower()
    return words


_TRAILING_UNIT = re.compile(r"\s+(?:tỉnh|thành phố|TP\.?)$", re.IGNORECASE)


@functools.cache
def _head_names() -> tuple[tuple[re.Pattern[str], str], ...]:
    """``head_names`` as (short form as a whole word, full form), longest short form first."""
    table = sorted(load_patterns()["head_names"].items(), key=lambda item: -len(item[0]))
    return tuple((re.compile(rf"(?<!\w){re.escape(short)}(?!\w)", re.IGNORECASE), full)
                 for short, full in table)


def _hit(sq: Squeezed, original: str, start: int, end: int, head_end: int,
         province: Province, on: date | None) -> Hit:
    name = body_name(original_words(sq, original, start, head_end), province)
    entry = load_registry().lookup(name, on=on)
    return Hit(start, end, entry.name if entry else name, entry, "provincial-body", province.name)


def find_provincial_hits(sq: Squeezed, hits: list[Hit], on: date | None, original: str,
                         found_places: list[Place]) -> list[Hit]:
    """Head + name + place ("Sở Tài chính tỉnh Bắc Ninh") and the heads listed before it."""
    taken = Taken.of(hits)
    found, floor = [], 0
    for place_start, place_end, form, bare in found_places:
        if bare:
            head = _bare_name_head().search(sq.text, max(0, place_start - 40), place_start)
            start = head.start() if head and is_capitalised(sq, original, place_start) else None
            if start is not None and not is_capitalised(sq, original, start):
                start = None
        else:
            start = _head_start(sq, place_start, original, floor)
            floor = place_end
        if start is None or taken.covers(place_start):
            continue
        province = _province_at(form, on)
        found.append(_hit(sq, original, start, place_end, place_start - 1, province, on))
        found += _listed_before(sq, original, start, province, on)
    for hit in hits:
        if hit.entry is not None and hit.entry.province is not None:
            province = next(p for p in load_registry().provinces if p.key == hit.entry.province)
            found += _listed_before(sq, original, hit.start, province, on)
            found += _office_of(sq, original, hit)
    return found


def _office_of(sq: Squeezed, original: str, hit: Hit) -> list[Hit]:
    """ "Văn phòng UBND tỉnh X" is the committee's office, a body of its own."""
    for head in ("văn phòng ", "vp "):
        start = hit.start - len(head)
        if start >= 0 and sq.text.startswith(head, start) and is_capitalised(sq, original, start):
            return [Hit(start, hit.end, f"Văn phòng {hit.name}", None, "provincial-body",
                        _province_name(hit.entry.province))]
    return []


def _listed_before(sq: Squeezed, original: str, start: int, province: Province,
                   on: date | None) -> list[Hit]:
    """ "Tỉnh ủy, HĐND, UBND, Đoàn ĐBQH, Ủy ban MTTQVN tỉnh X": the heads before X's body."""
    found = []
    while (match := _listed_head_regex().search(sq.text, max(0, start - 60), start)) is not None:
        if not is_capitalised(sq, original, match.start()):
            break
        found.append(_hit(sq, original, match.start(), match.end(1), match.end(1), province, on))
        start = match.start()
    return found


def _head_start(sq: Squeezed, place_start: int, original: str, floor: int) -> int | None:
    """Where the body's head starts before a place, or None when no clean head precedes it.

    The head comes after ``floor`` (the previous place) and no stop word, verb or clause
    break lies between it and the place; of "Sở Y tế và Công an tỉnh" only the last
    coordinated body takes the place.
    """
    low = max(0, place_start - 100, floor)
    stops = set(load_patterns()["stop_words"])
    for head in word_matches(_head_regex(), sq.text, low, place_start):
        tail = sq.text[head.start():place_start]
        words = tail.split()
        rest = tail[len(head.group()):]  # "Ban Quản lý các ...": the head's own words
        if _CLAUSE_BREAK.search(tail) or len(words) > _MAX_WORDS or ends_name(rest):
            continue
        if any(w in stops for w in rest.split()) or not is_capitalised(sq, original, head.start()):
            continue
        conjunctions = list(_AND.finditer(sq.text, head.start(), place_start))
        if any(not is_capitalised(sq, original, m.end()) for m in conjunctions):
            continue
        if any(_head_regex().match(sq.text, m.end()) for m in conjunctions):
            continue
        return head.start()
    return None


def find_home_hits(sq: Squeezed, hits: list[Hit], on: date | None, original: str) -> list[Hit]:
    """Bodies written without a place in a text of (or about) one province."""
    name = _home_province(hits, len(sq.text))
    if name is None:
        return []
    province = _province_by_name(name, on)
    taken = Taken.of(hits)
    found = []
    for match in word_matches(_home_regex(), sq.text):
        start = match.start()
        if not is_capitalised(sq, original, start) or taken.covers(start):
            continue
        end = _name_end(sq, match.end()) if match.group() == "sở" else match.end()
        if end == match.end() and match.group() == "sở" or _GENERIC_AFTER.match(sq.text, end):
            continue
        found.append(_hit(sq, original, start, end, end, province, on))
    return found + _bare_unit_hits(sq, taken, original, province, on)


def _bare_unit_hits(sq: Squeezed, taken: Taken, original: str, province: Province,
                    on: date | None) -> list[Hit]:
    """ "Trung tâm Phục vụ hành chính công tỉnh", "Công an tỉnh": the unit word without a name."""
    found, floor = [], 0
    for unit in word_matches(_BARE_UNIT, sq.text):
        end, previous = unit.end(), floor
        floor = end
        if taken.covers(unit.start()) or _GENERIC_UNIT_AFTER.match(sq.text, end):
            continue
        if end + 1 < len(sq.text) and sq.text[end] == " " and is_capitalised(sq, original, end + 1):
            continue  # a place name follows: not this province's bare unit
        start = _head_start(sq, unit.start(), original, previous)
        if start is not None and start < unit.start():
            found.append(_hit(sq, original, start, end, end, province, on))
    return found


def find_ministry_units(sq: Squeezed, hits: list[Hit], original: str) -> list[Hit]:
    """ "Văn phòng Bộ" in a text headed by a ministry ("BỘ TƯ PHÁP") is that ministry's office."""
    units = [unit for unit in load_patterns()["ministry_units"] if unit in sq.text]
    if not units:
        return []
    ministry = next((h for h in hits if h.entry is not None and h.entry.kind == "ministry"
                     and _is_header(sq, original, h)), None)
    if ministry is None:
        return []
    taken = Taken.of(hits)
    found = []
    for unit in units:
        for match in re.finditer(rf"(?<!\w){unit}(?!\w)", sq.text):
            end = match.end()
            if taken.covers(match.start()) or not is_capitalised(sq, original, match.start()):
                continue
            if end + 1 < len(sq.text) and is_capitalised(sq, original, end + 1):
                continue  # "Văn phòng Bộ Tư pháp" names its ministry itself
            name = original_words(sq, original, match.start(), end - len("bộ")).strip()
            found.append(Hit(match.start(), end, f"{name} {ministry.name}", None, "department"))
    return found


def _is_header(sq: Squeezed, original: str, hit: Hit) -> bool:
    span = sq.span(hit.start, hit.end)
    surface = original[span.start:span.end]
    return surface.isupper() and len(surface) > 6


def _home_province(hits: list[Hit], length: int) -> str | None:
    """The province of the first provincial body when the text's head names it, or the only one."""
    names = [h.province or _province_name(h.entry.province) for h in hits
             if h.province or (h.entry is not None and h.entry.province)]
    provincial = [h for h in hits if h.province or (h.entry is not None and h.entry.province)]
    if provincial and provincial[0].start < length * _HEAD_SHARE:
        return names[0]
    return names[0] if len(set(names)) == 1 else None


@functools.cache
def _province_name(key: str) -> str:
    return next(p.name for p in load_registry().provinces if p.key == key)


def _province_by_name(name: str, on: date | None) -> Province:
    provinces = [p for p in load_registry().provinces if p.name == name]
    return next((p for p in provinces if p.is_valid_on(on)), provinces[0])


def _name_end(sq: Squeezed, pos: int) -> int:
    """End of a department's name after "Sở": its ministry's name ("Sở| Tài chính")."""
    window = strip_folded_marks(sq.text[pos + 1:pos + 1 + _MAX_NAME])
    for form in _department_names():
        if window.startswith(form) and is_word_edge(window, len(form)):
            return pos + 1 + len(form)
    return pos


@functools.cache
def _department_names() -> tuple[str, ...]:
    """What follows "Sở": a ministry's name or one of ``department_names``, longest first."""
    forms = {form for form, _ in item_forms(("ministry",), ("bộ ",))}
    forms |= {strip_marks(name) for name in load_patterns()["department_names"]}
    return tuple(sorted(forms, key=len, reverse=True))
