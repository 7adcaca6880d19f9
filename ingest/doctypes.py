"""Document types, issuer codes and law titles, loaded from ``data/*.toml``.

Everything is read lazily and cached: nothing happens at import time.
"""
from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class DocumentType:
    key: str  # stable ASCII key, e.g. "nghi-dinh"
    label: str  # "Nghị định"
    names: tuple[str, ...] = ()  # other spellings that head a citation
    abbr: tuple[str, ...] = ()  # type part of a symbol: "NĐ"
    instrument: bool = False  # can amend, replace or repeal other documents
    name_only: bool = False  # cited by name without a number ("Luật Quy hoạch")
    short: bool = False  # later cited as type and bare number ("Nghị định 59")
    examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Issuer:
    code: str  # as printed in symbols: "TTg", "BKHĐT"
    name: str
    term: bool = False  # code carries a National Assembly term: QH14


@dataclass(frozen=True, slots=True)
class LawTitles:
    constitution: str
    abbreviations: dict[str, str]  # "BHYT" -> "Bảo hiểm y tế"
    titles: dict[str, tuple[str, ...]]  # document type key -> titles without the type word


def fold(text: str) -> str:
    """Casefold and drop diacritics (đ -> d): a key for look-alike comparison only."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _read(name: str, data_dir: Path) -> dict:
    with (data_dir / name).open("rb") as f:
        return tomllib.load(f)


@functools.cache
def load_document_types(data_dir: Path = DATA_DIR) -> tuple[DocumentType, ...]:
    rows = _read("document_types.toml", data_dir)["document_type"]
    return tuple(
        DocumentType(key=r["key"], label=r["label"], names=tuple(r.get("names", ())),
                     abbr=tuple(r.get("abbr", ())), instrument=r.get("instrument", False),
                     name_only=r.get("name_only", False), short=r.get("short", False),
                     examples=tuple(r.get("examples", ())))
        for r in rows)


@functools.cache
def load_issuers(data_dir: Path = DATA_DIR) -> tuple[Issuer, ...]:
    rows = _read("issuers.toml", data_dir)["issuer"]
    return tuple(Issuer(code=r["code"], name=r["name"], term=r.get("term", False)) for r in rows)


@functools.cache
def load_law_titles(data_dir: Path = DATA_DIR) -> LawTitles:
    raw = _read("law_titles.toml", data_dir)
    return LawTitles(constitution=raw["constitution"], abbreviations=dict(raw["abbreviations"]),
                     titles={k: tuple(v) for k, v in raw["titles"].items()})


@functools.cache
def type_by_key() -> dict[str, DocumentType]:
    return {t.key: t for t in load_document_types()}


@functools.cache
def type_by_name() -> dict[str, DocumentType]:
    """Casefolded type name ("nghị định", "văn bản") -> its type."""
    out: dict[str, DocumentType] = {}
    for t in load_document_types():
        for name in (t.label, *t.names):
            out[name.casefold()] = t
    return out


@functools.cache
def type_names_regex() -> str:
    """Alternation of every type name, longest first, spaces matching line breaks."""
    names = sorted({n for t in load_document_types() for n in (t.label, *t.names)},
                   key=len, reverse=True)
    return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)


@functools.cache
def type_by_abbr() -> dict[str, DocumentType]:
    """Upper-cased symbol type part ("NĐ", "QĐ", "TTR") -> its type."""
    return {a.upper(): t for t in load_document_types() for a in t.abbr}


@functools.cache
def canonical_codes() -> dict[str, str]:
    """Folded upper-case code -> the code as issued, for look-alike repair (ND -> NĐ).

    Codes whose folded forms collide are left out: there the spelling decides.
    """
    codes = {a for t in load_document_types() for a in t.abbr}
    codes |= {i.code for i in load_issuers()}
    by_fold: dict[str, set[str]] = {}
    for code in codes:
        by_fold.setdefault(fold(code).upper(), set()).add(code)
    return {k: next(iter(v)) for k, v in by_fold.items() if len(v) == 1}
