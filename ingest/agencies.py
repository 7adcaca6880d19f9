"""Find named agencies and resolve them to canonical names.

Passes over the text, each adding bodies where no earlier one was found:

1. one Aho-Corasick automaton over the registry's folded names and aliases
   (built once): "Bộ KH&ĐT", "BỘ TÀI CHÍNH", "UBND TP.HCM"; and foreign bodies
   ("Bộ Ngoại giao Trung Quốc"), longer than the registry ministry they start with;
2. ``agency_local``: bodies named after a province ("Sở Tài chính tỉnh Bắc Ninh");
3. ``agency_lists``: elliptical lists ("Các Bộ: Quốc phòng, Công an"), and bare names
   that stand for one body in context (``bare_name``: "Giao Tổ công tác ... đôn đốc");
4. ``agency_local``: bodies written without a place in a provincial text, and a
   ministry's own units ("Văn phòng Bộ") in its text;
5. ``agency_district``: bodies of a district or commune ("UBND huyện Gia Lâm");
6. ``agency_names``: well-formed names outside the registry ("Cục Cảnh sát giao thông").

Matching runs on ``fold``-ed text with runs of spaces and markdown asterisks
squeezed out, so "Bộ Công\\nan" and "B****Ộ" still match; every span is mapped
back to the original text. A body's name is the registry's canonical name, valid
on the text's date ``on`` (a renamed body keeps the name the text uses).
"""
from __future__ import annotations

import functools
import re
from datetime import date

import ahocorasick

from .agency_district import find_district_hits, unit_words, units
from .agency_lists import find_list_hits
from .agency_local import (Place, find_home_hits, find_ministry_units, find_provincial_hits,
                           place_words, places)
from .agency_names import country_words, find_foreign_hits, find_named_units
from .agency_text import Hit, Squeezed, is_capitalised, select_longest, squeeze
from .models import Agency, AgencyMention, Span
from .registry import Entry, Registry, capital_words, fold, load_patterns, load_registry, short_forms

_SYMBOL_JOINERS = "-/&._"
_SUB_UNIT = ("chi ",)
# "Kho bạc nhà nước các tỉnh", "Ủy ban nhân dân các cấp": a type of body, not one body
_GENERIC_AFTER = re.compile(r" (?:các (?:tỉnh|thành phố|cấp|địa phương|quận|huyện)|cấp (?:tỉnh|huyện|xã))\b")


def is_abbreviation(alias: str) -> bool:
    """All-capital short forms (NHNN, KH&ĐT) match case-sensitively and never inside symbols."""
    return " " not in alias and not any(c.islower() for c in alias)


@functools.cache
def _automaton() -> ahocorasick.Automaton:
    """Folded name -> (its length, registry values, whether one checks the written surface,
    whether it is a bare place name (None: no place), its rank as a unit word (None: none),
    whether it is a country's name).

    A registry value is (key, alias, whether it is an abbreviation, its all-capital words).
    Registry names, places (agency_local.place_words), the unit words of district bodies
    (agency_district.unit_words) and countries (agency_names.country_words) are found in one
    pass: each scan of the text costs more than the Python work on what it finds.
    """
    registry = load_registry()
    patterns: dict[str, list[tuple[str, str, bool, tuple[str, ...]]]] = {}
    for entry in registry.entries:
        written = (entry.name, *entry.aliases)
        for alias in dict.fromkeys(written + tuple(s for a in written for s in short_forms(a))):
            value = (entry.key, alias, is_abbreviation(alias), capital_words(alias))
            patterns.setdefault(fold(alias), []).append(value)
    automaton = ahocorasick.Automaton()
    bare_places, unit_ranks, countries = place_words(), unit_words(), set(country_words())
    for folded in dict.fromkeys([*patterns, *bare_places, *unit_ranks, *countries]):
        values = tuple(patterns.get(folded, ()))
        checked = any(abbreviation or capitals for _, _, abbreviation, capitals in values)
        automaton.add_word(folded, (len(folded), values, checked, bare_places.get(folded),
                                    unit_ranks.get(folded), folded in countries))
    automaton.make_automaton()
    return automaton


def _automaton_pass(sq: Squeezed, original: str, on: date | None
                   ) -> tuple[list[Hit], list[Place], list[tuple[int, int]], list[int]]:
    """Registry bodies, places (by start, the longest at each), district unit words, and
    where a country's name may start (squeezed indexes, in order; see find_foreign_hits)."""
    registry = load_registry()
    text, size = sq.text, len(sq.text)
    hits = []
    chosen: dict[tuple, Entry | None] = {}  # for aliases whose surface is not checked
    found_places: dict[int, tuple[int, str, bool]] = {}
    found_units, countries = [], []
    for end, (length, values, checked, bare, unit, country) in _automaton().iter(text):
        start, end = end - length + 1, end + 1
        if unit is not None:
            found_units.append((start, end, unit))  # ends with its space: no word edge here
        if country:
            countries.append(start)  # also inside a word: the original text decides
        # is_word_edge on both sides, inlined: this loop runs for every name in the text
        if start > 1 and text[start - 1].isalnum() or end < size and text[end].isalnum():
            continue
        if bare is not None and (start not in found_places or end > found_places[start][0]):
            found_places[start] = (end, text[start:end], bare)
        if not values or text.endswith(_SUB_UNIT, 0, start):
            continue  # "Chi cục Hải quan ...", a unit below the one named
        if checked:
            entry = _choose(registry, values, sq, original, start, end, on)
        elif values in chosen:
            entry = chosen[values]
        else:
            entry = chosen[values] = _choose(registry, values, sq, original, start, end, on)
        if entry is None or entry.kind == "title" or _GENERIC_AFTER.match(text, end):
            continue
        if not entry.is_valid_on(on) and _continues(sq, original, end):
            continue  # "Ủy ban Pháp luật và Tư pháp": the renamed body's longer new name
        hits.append(Hit(start, end, entry.name, entry))
    return hits, places(found_places), units(text, found_units), sorted(set(countries))


def _choose(registry: Registry, values: tuple[tuple[str, str, bool, tuple[str, ...]], ...],
            sq: Squeezed, original: str, start: int, end: int, on: date | None) -> Entry | None:
    """The entry a matched alias names: case-checked for abbreviations, valid on ``on``.

    ``values``: (key, alias, whether it is an abbreviation, its all-capital words).
    """
    span = surface = None
    entries = []
    for key, alias, abbreviation, capitals in values:
        if abbreviation or capitals:
            if surface is None:
                span = sq.span(start, end)
                surface = original[span.start:span.end]
            if abbreviation and (surface != alias or _in_symbol(original, span)):
                continue
            if not all(word in surface for word in capitals):
                continue  # "Văn phòng tư vấn" is no "Văn phòng TƯ"
        entries.append(registry.entry(key))
    entries = [e for e in entries if e is not None and e.exists_by(on)]
    return next((e for e in entries if e.is_valid_on(on)), entries[0] if entries else None)


def _continues(sq: Squeezed, original: str, end: int) -> bool:
    """The name goes on with "và" and a capitalised word."""
    return sq.text.startswith(" và ", end) and is_capitalised(sq, original, end + 4)


def _in_symbol(text: str, span: Span) -> bool:
    before = text[span.start - 1] if span.start > 0 else " "
    after = text[span.end] if span.end < len(text) else " "
    return before in _SYMBOL_JOINERS or (after in _SYMBOL_JOINERS and span.end + 1 < len(text)
                                         and text[span.end + 1].isalnum())


def find_agencies(text: str, *, on: date | None = None, lowered: str | None = None
                  ) -> tuple[Agency, ...]:
    """Every named public body in ``text``, one Agency per canonical name, in text order.

    ``lowered``: ``scan.lower_view(text)``, when the caller has it (it is not made again).
    """
    sq = squeeze(text, lowered)
    on = on or estimate_date(text)
    registered, found_places, found_units, countries = _automaton_pass(sq, text, on)
    hits = select_longest(registered + find_foreign_hits(sq, text, countries))
    hits = select_longest(hits + find_provincial_hits(sq, hits, on, text, found_places))
    hits = select_longest(hits + find_list_hits(sq, hits, on) + _bare_hits(sq, text))
    hits = select_longest(hits + find_home_hits(sq, hits, on, text))
    hits = select_longest(hits + find_ministry_units(sq, hits, text))
    hits = select_longest(hits + find_district_hits(sq, hits, text, found_units))
    hits = select_longest(hits + find_named_units(sq, hits, text))
    return _assemble(hits, sq, text)


def _bare_hits(sq: Squeezed, original: str) -> list[Hit]:
    """Registry bodies a bare name stands for in a telling context ("Giao Tổ công tác ...")."""
    registry = load_registry()
    hits = []
    for spec in load_patterns()["bare_name"]:
        entry = registry.entry(spec["key"])
        for match in re.finditer(spec["pattern"], sq.text):
            if entry is not None and is_capitalised(sq, original, match.start("name")):
                hits.append(Hit(match.start("name"), match.end("name"), entry.name, entry))
    return hits


# A full date found from its separators (patterns that open with a literal are found far
# faster than one opening with a digit): "/" or " tháng " after the day, then the month, "/"
# or " năm " and the year. Only the separator is consumed, so every one is tried.
_DATE_REST = r"(?=(\d\d?)(?:/| năm )((?:19|20)\d\d)(?!\d))"
_DATE_AFTER_DAY = tuple(re.compile(sep + _DATE_REST) for sep in ("/", " tháng "))


def estimate_date(text: str) -> date | None:
    """The latest full date the text writes: a stand-in for its own date when that is unknown."""
    found = []
    for day, month, year in find_dates(text):
        try:
            found.append(date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return max(found, default=None)


def find_dates(text: str) -> list[tuple[str, str, str]]:
    """(day, month, year) of each "10/4/2019" or "2 tháng 5 năm 2019", as a findall of the
    whole date opening with one or two digits finds them (a test checks): the day is the
    digits right before a separator, none of them inside the date before.
    """
    seps = sorted((m.start(), m.group(1), m.group(2), m.end(2))
                  for finder in _DATE_AFTER_DAY for m in finder.finditer(text))
    found, done = [], 0
    for sep, month, year, end in seps:
        day = next((text[at:sep] for at in (sep - 2, sep - 1)
                    if at >= done and text[at:sep].isdecimal()), None)
        if day is not None:
            found.append((day, month, year))
            done = end
    return found


def _assemble(hits: list[Hit], sq: Squeezed, text: str) -> tuple[Agency, ...]:
    grouped: dict[str, list[Hit]] = {}
    for hit in hits:
        grouped.setdefault(hit.name.casefold(), []).append(hit)
    agencies = []
    for group in grouped.values():
        entry = next((h.entry for h in group if h.entry is not None), None)
        mentions = []
        for hit in group:
            span = sq.span(hit.start, hit.end)
            mentions.append(AgencyMention(span, text[span.start:span.end]))
        agencies.append(Agency(
            name=entry.name if entry else _best_cased(h.name for h in group),
            mentions=tuple(mentions),
            code=entry.key if entry else None, in_registry=entry is not None,
            kind=entry.kind if entry else group[0].kind,
            english_name=entry.english_name if entry else None))
    return tuple(agencies)


def _best_cased(names) -> str:
    """The spelling with most capitals: a header's "SỞ TÀI CHÍNH" was lower-cased to build it."""
    return max(names, key=lambda name: sum(c.isupper() for c in name))
