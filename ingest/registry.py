"""The agency registry: named bodies and provinces from data/*.toml, by alias and date.

``load_registry()`` reads ``data/agencies.toml`` and ``data/provinces.toml`` once.
Each province adds two bodies, its people's committee and people's council
(``Ủy ban nhân dân tỉnh Quảng Ninh``, ``Hội đồng nhân dân tỉnh Quảng Ninh``).
Lookups go through ``fold``, so case and tone placement do not matter.
"""
from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

from .scan import lower_view

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# "oà" -> "òa" at a word's end; one pattern per first letter, as a literal opening lets re
# skip ahead fast (a character class opening costs a step per character)
_TONE_MOVES = tuple(re.compile(rf"{first}[àáảãạèéẻẽẹỳýỷỹỵ](?![^\W\d_])") for first in "ou")
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


@dataclass(frozen=True, slots=True)
class Entry:
    """One public body under one name, for the time it bore that name."""

    key: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    english_name: str | None = None
    code: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    successor: str | None = None
    province: str | None = None  # province key, for provincial bodies

    def is_valid_on(self, on: date | None) -> bool:
        return self.exists_by(on) and (on is None or self.valid_to is None or on <= self.valid_to)

    def exists_by(self, on: date | None) -> bool:
        """Set up by ``on``: a text may still use the name after the body is renamed."""
        return on is None or self.valid_from is None or self.valid_from <= on


@dataclass(frozen=True, slots=True)
class Province:
    key: str
    name: str  # Quảng Ninh
    unit: str  # "tỉnh" or "thành phố"
    aliases: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None
    successors: tuple[str, ...] = ()

    def is_valid_on(self, on: date | None) -> bool:
        return (on is None or self.valid_from is None or self.valid_from <= on) and (
            on is None or self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True, slots=True, eq=False)
class Registry:
    """Bodies and provinces, indexed by key and by folded alias (built once, see load_registry)."""

    entries: tuple[Entry, ...]
    provinces: tuple[Province, ...]
    by_key: dict[str, Entry] = field(default_factory=dict)
    by_alias: dict[str, tuple[Entry, ...]] = field(default_factory=dict)

    def entry(self, key: str) -> Entry | None:
        return self.by_key.get(key)

    def lookup(self, alias: str, *, on: date | None = None) -> Entry | None:
        """The body that bore ``alias`` on ``on`` (any date when ``on`` is None)."""
        found = [e for e in self.by_alias.get(fold(alias), ()) if e.is_valid_on(on)]
        return found[0] if found else None

    def current(self, key: str, on: date) -> Entry | None:
        """Follow successors from ``key`` until the body valid on ``on``."""
        entry = self.entry(key)
        for _ in range(10):
            if entry is None or entry.is_valid_on(on) or entry.successor is None:
                return entry
            entry = self.entry(entry.successor)
        return entry


def _index_by_alias(entries: list[Entry]) -> dict[str, tuple[Entry, ...]]:
    index: dict[str, list[Entry]] = {}
    for entry in entries:
        forms = [short for alias in (entry.name, *entry.aliases) for short in short_forms(alias)]
        for form in dict.fromkeys(map(fold, (entry.name, *entry.aliases, *forms))):
            index.setdefault(form, []).append(entry)
    return {form: tuple(found) for form, found in index.items()}


def short_forms(alias: str) -> tuple[str, ...]:
    """``alias`` with words written short ("UB Giám sát tài chính QG"), not itself.

    From ``short_words`` in ``data/agency_patterns.toml``; all-capital aliases have none.
    A short word is all-capital and only matches so (see ``capital_words``).
    """
    if " " not in alias:
        return ()
    forms = [alias]
    for pattern, shorts in _short_words():
        forms += [form[:m.start()] + short + form[m.end():]
                  for form in forms for m in [pattern.search(fold(form))] if m
                  for short in shorts]
    return tuple(dict.fromkeys(forms[1:]))


def capital_words(alias: str) -> tuple[str, ...]:
    """The all-capital words of ``alias`` ("QG", "TƯ"): a match must write them so."""
    return tuple(word for word in alias.split() if len(word) > 1 and word.isupper())


@functools.cache
def _short_words() -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    table = load_patterns()["short_words"]
    return tuple((re.compile(rf"(?<!\w){re.escape(fold(long))}(?!\w)"), tuple(shorts))
                 for long, shorts in table.items())


# One-character substitutions (so the length holds); str.replace per character is far
# faster than str.translate with a dict on long texts.
_SUBSTITUTES = tuple((c, " ") for c in "\t\n\r\v\f\u00a0\u2007\u202f\u200b") + tuple(
    (c, "-") for c in _DASHES) + (("\u00d0", "đ"),)  # Ð (Icelandic eth) written for Đ
_CASED_SUBSTITUTED = frozenset("\u00d0\u200b")  # the others are neither cased nor case-ignorable


def fold(text: str, lowered: str | None = None) -> str:
    """Lower-case, unify tone placement (hoà -> hòa, uỷ -> ủy), dashes and spaces.

    Keeps the length, so offsets in the folded text index the original. ``lowered``:
    ``scan.lower_view(text)``, when the caller has it; it is used unless the text holds a
    substituted character that lower-casing may change (Ð; a zero-width space, which a
    final sigma looks through).
    """
    present = [(char, substitute) for char, substitute in _SUBSTITUTES if char in text]
    if lowered is not None and not any(char in _CASED_SUBSTITUTED for char, _ in present):
        for char, substitute in present:
            lowered = lowered.replace(char, substitute)
    else:
        for char, substitute in present:
            text = text.replace(char, substitute)
        lowered = lower_view(text)
    for pattern in _TONE_MOVES:  # the moves never touch each other's letters or ends
        lowered = pattern.sub(_move_tone, lowered)
    return lowered


def strip_marks(text: str) -> str:
    """``fold`` and drop every diacritic but keep đ: for forgiving list-item matching."""
    return strip_folded_marks(fold(text))


def strip_folded_marks(folded: str) -> str:
    """``strip_marks`` of text already folded (a slice of a folded text too: folding again
    changes nothing that survives the stripping)."""
    return folded.translate(_strip_table())


@functools.cache
def _strip_table() -> dict[int, str]:
    table = {}
    for code in range(0xC0, 0x1EFA):
        base = unicodedata.normalize("NFD", chr(code))
        if len(base) > 1 and base[0].isascii():
            table[code] = base[0]
    return table


def _move_tone(match: re.Match[str]) -> str:
    return _moved_tone(match.group())


@functools.cache
def _moved_tone(pair: str) -> str:
    first, second = pair
    parts = unicodedata.normalize("NFD", second)
    tone = "".join(c for c in parts if c in _TONES)
    bare = "".join(c for c in parts if c not in _TONES)
    return unicodedata.normalize("NFC", first + tone) + unicodedata.normalize("NFC", bare)


@functools.cache
def load_registry() -> Registry:
    agencies = _read_toml("agencies.toml")["agency"]
    provinces = tuple(_province(row) for row in _read_toml("provinces.toml")["province"])
    entries = [_entry(row) for row in agencies]
    for province in provinces:
        entries.extend(_provincial_bodies(province))
    return Registry(entries=tuple(entries), provinces=provinces,
                    by_key={entry.key: entry for entry in entries},
                    by_alias=_index_by_alias(entries))


@functools.cache
def load_patterns() -> dict:
    """``data/agency_patterns.toml``: word lists for agencies the registry does not name."""
    return _read_toml("agency_patterns.toml")


def _read_toml(name: str) -> dict:
    return tomllib.loads(resources.files(__package__).joinpath("data", name).read_text("utf-8"))


def _entry(row: dict) -> Entry:
    return Entry(key=row["key"], name=row["name"], kind=row["kind"],
                 aliases=tuple(row.get("aliases", ())), english_name=row.get("english_name"),
                 code=row.get("code"), valid_from=row.get("valid_from"),
                 valid_to=row.get("valid_to"), successor=row.get("successor"))


def _province(row: dict) -> Province:
    return Province(key=row["key"], name=row["name"], unit=row["unit"],
                    aliases=tuple(row.get("aliases", ())), valid_from=row.get("valid_from"),
                    valid_to=row.get("valid_to"), successors=tuple(row.get("successors", ())))


def place_forms(province: Province) -> tuple[str, ...]:
    """How a text names the place with its unit word: tỉnh X, thành phố X, TP. X, TP.HCM."""
    units = ("tỉnh",) if province.unit == "tỉnh" else ("thành phố", "TP.", "TP")
    forms = [f"{unit} {name}" for unit in units for name in (province.name, *province.aliases)
             if not name.casefold().startswith(("tp", "thành phố", "thủ đô"))]
    forms += [a for a in province.aliases if a.casefold().startswith(("tp", "thành phố"))]
    return tuple(dict.fromkeys(forms))


def _provincial_bodies(province: Province) -> tuple[Entry, ...]:
    """The people's committee and council of one province, under every written form."""
    bodies = []
    for key, full, short, kind, english in (
            ("UBND", "Ủy ban nhân dân", "UBND", "people's-committee", "People's Committee"),
            ("HĐND", "Hội đồng nhân dân", "HĐND", "people's-council", "People's Council")):
        forms = place_forms(province)
        aliases = [f"{head} {form}" for head in (full, short) for form in forms]
        bodies.append(Entry(
            key=f"{key}:{province.key}", name=f"{full} {province.unit} {province.name}",
            kind=kind, aliases=tuple(aliases), english_name=f"{english} of {province.name}",
            code=key, valid_from=province.valid_from, valid_to=province.valid_to,
            successor=f"{key}:{province.successors[0]}" if province.successors else None,
            province=province.key))
    return tuple(bodies)
