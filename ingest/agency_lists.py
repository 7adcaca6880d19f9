"""Agencies named as items of a list: the registry matches each item's bare name.

- Elliptical lists: "Các Bộ: Quốc phòng, Công an" (or "các Bộ Tài chính, Công Thương", "Các Bộ
  trưởng: Quốc phòng, Công an") names Bộ Quốc phòng and Bộ Công an;
  "UBND các tỉnh, thành phố: TP.HCM, Bình Dương" (colon or not) names each province's committee;
  "Ủy ban nhân dân thành phố Hà Nội, thành phố Hồ Chí Minh" continues a named one.
  The mention is the bare item, as the gold annotates it.
"""
from __future__ import annotations

import functools
import re
from datetime import date

from .agency_text import Hit, Squeezed, is_word_edge
from .registry import (Entry, fold, load_patterns, load_registry, place_forms, strip_folded_marks,
                       strip_marks)

_SEPARATOR = re.compile(r"(?:[ ,;]|và |cùng )*")
_MAX_ITEM = 80


@functools.cache
def item_forms(kinds: tuple[str, ...], heads: tuple[str, ...]):
    """Bare list items naming a body of ``kinds``: "Quốc phòng", "QP", "Điện lực Việt Nam"."""
    forms: dict[str, list[str]] = {}
    for entry in load_registry().entries:
        if entry.kind not in kinds:
            continue
        for alias in (entry.name, *entry.aliases):
            items = [alias] + [alias[len(h):] for h in heads if fold(alias).startswith(h)]
            for item in items:
                forms.setdefault(strip_marks(item), []).append(entry.key)
    return _by_length(forms)


@functools.cache
def _province_forms(with_unit: bool) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Province names (or "tỉnh X"/"thành phố X" forms) -> province keys."""
    forms: dict[str, list[str]] = {}
    for province in load_registry().provinces:
        names = place_forms(province) if with_unit else (province.name, *province.aliases)
        for name in names:
            forms.setdefault(strip_marks(name), []).append(province.key)
    return _by_length(forms)


def _by_length(forms: dict[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(sorted(((f, tuple(dict.fromkeys(k))) for f, k in forms.items()),
                        key=lambda item: -len(item[0])))


FormIndex = dict[str, tuple[tuple[str, tuple[str, ...]], ...]]


def _index(forms: tuple[tuple[str, tuple[str, ...]], ...]) -> FormIndex:
    """Forms (longest first) by their first two characters, so an item is sought only among
    the forms it can start with; shorter forms are keyed by what they have."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for form, keys in forms:
        index.setdefault(form[:2], []).append((form, keys))
    return {key: tuple(found) for key, found in index.items()}


@functools.cache
def _item_index(kinds: tuple[str, ...], heads: tuple[str, ...]) -> FormIndex:
    return _index(item_forms(kinds, heads))


@functools.cache
def _province_index(with_unit: bool) -> FormIndex:
    return _index(_province_forms(with_unit))


def _longest_form(window: str, index: FormIndex) -> tuple[str, tuple[str, ...]] | None:
    """The longest form that ``window`` opens with, as a whole word."""
    for key in dict.fromkeys((window[:2], window[:1], "")):  # longer forms first
        for form, keys in index.get(key, ()):
            if window.startswith(form) and is_word_edge(window, len(form)):
                return form, keys
    return None


def _scan_items(sq: Squeezed, pos: int, index: FormIndex) -> list[tuple[int, int, tuple[str, ...]]]:
    """Consecutive list items from ``pos``: (start, end, keys), stopping at the first non-item."""
    items = []
    while True:
        start = _SEPARATOR.match(sq.text, pos).end()
        found = _longest_form(strip_folded_marks(sq.text[start:start + _MAX_ITEM]), index)
        if found is None or (items and start == pos):
            return items
        items.append((start, start + len(found[0]), found[1]))
        pos = start + len(found[0])


def _pick(keys: tuple[str, ...], on: date | None, make) -> Entry | None:
    entries = [e for e in (make(k) for k in keys) if e is not None and e.exists_by(on)]
    return next((e for e in entries if e.is_valid_on(on)), entries[0] if entries else None)


def find_list_hits(sq: Squeezed, hits: list[Hit], on: date | None) -> list[Hit]:
    registry = load_registry()
    found: list[Hit] = []
    for opener in load_patterns()["list_opener"]:
        index = _item_index(tuple(opener["kinds"]), tuple(opener["heads"]))
        for match in re.finditer(opener["pattern"], sq.text):
            for start, end, keys in _scan_items(sq, match.end(), index):
                entry = _pick(keys, on, registry.entry)
                if entry is not None:  # none of the bodies so named existed yet on ``on``
                    found.append(Hit(start, end, entry.name, entry))
    needles = load_patterns()["province_list_needles"]
    openers = load_patterns()["province_list_openers"] if any(
        needle in sq.text for needle in needles) else ()
    for opener in openers:
        for match in re.finditer(opener, sq.text):
            body = "UBND" if match.group("head") in ("ủy ban nhân dân", "ubnd") else "HĐND"
            found += _province_items(sq, match.end(), body, False, on)
    for hit in hits:
        if hit.entry is not None and hit.entry.province is not None:
            found += _province_items(sq, hit.end, hit.entry.key.split(":")[0], True, on)
    return found


def _province_items(sq: Squeezed, pos: int, body: str, with_unit: bool,
                    on: date | None) -> list[Hit]:
    registry = load_registry()
    found = []
    for start, end, keys in _scan_items(sq, pos, _province_index(with_unit)):
        entry = _pick(keys, on, lambda key: registry.entry(f"{body}:{key}"))
        if entry is not None:
            found.append(Hit(start, end, entry.name, entry))
    return found
