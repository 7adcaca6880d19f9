"""The citation data files check themselves (the reporters-db habit).

document_types.toml, issuers.toml, law_titles.toml and relation_phrases.toml: sorted,
NFC, unique; every example is recognised by the code that uses the entry; every
scanning pattern opens with a literal (ingest/scan.py explains why).
"""
from __future__ import annotations

import re
import tomllib
import unicodedata

import pytest

from vanban.ingest.citations import find_citations
from vanban.ingest.doctypes import (DATA_DIR, canonical_codes, fold, load_document_types,
                                    load_issuers, load_law_titles, type_by_key)
from vanban.ingest.names import title_key

TYPES = load_document_types()
PHRASES = tomllib.loads((DATA_DIR / "relation_phrases.toml").read_text("utf-8"))


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


@pytest.mark.parametrize("name", ["document_types.toml", "issuers.toml", "law_titles.toml",
                                  "relation_phrases.toml"])
def test_data_is_nfc(name):
    raw = tomllib.loads((DATA_DIR / name).read_text("utf-8"))
    bad = [s for s in strings(raw) if not unicodedata.is_normalized("NFC", s)]
    assert not bad


def test_document_types_sorted_and_unique():
    keys = [t.key for t in TYPES]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    names = [n.casefold() for t in TYPES for n in (t.label, *t.names)]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("doc_type", TYPES, ids=[t.key for t in TYPES])
def test_document_type_examples(doc_type):
    assert doc_type.examples, "every type shows how it is cited"
    for example in doc_type.examples:
        found = find_citations(example)
        assert found, example
        assert found[0].doc_type == doc_type.key, (example, found[0])


def test_issuers_sorted_unique_and_repairable():
    codes = [i.code for i in load_issuers()]
    assert codes == sorted(codes, key=str.casefold) and len(set(codes)) == len(codes)
    for code in codes:  # a look-alike spelling (ND, BKHDT, TTG) maps back to the code
        assert canonical_codes()[fold(code).upper()] == code


def test_abbreviations_repair_lookalikes():
    found = find_citations("theo Nghị định 74/2018/ND-CP và Thông tư 02/2024/TT-BKHDT")
    assert [c.id_local for c in found] == ["74/2018/NĐ-CP", "02/2024/TT-BKHĐT"]


def test_law_titles_unique_and_recognised():
    titles = load_law_titles()
    for kind, listed in titles.titles.items():
        keys = [title_key(t) for t in listed]
        assert len(set(keys)) == len(keys), kind
        label = type_by_key()[kind].label
        for title in listed:
            found = find_citations(f"theo {label} {title} năm 2020 và")
            assert [(c.title, c.year) for c in found] == [(f"{label} {title}", 2020)], title


def test_law_title_abbreviations_expand():
    for abbr, expansion in load_law_titles().abbreviations.items():
        assert any(title_key(expansion) in title_key(t)
                   for ts in load_law_titles().titles.values() for t in ts), abbr


GROUPS = ([("basis", PHRASES["basis"], True)]
          + [(r["kind"], r, True) for r in PHRASES["relation"]]
          + [(f"after-{a['kind']}", a, True) for a in PHRASES["after"]]
          + [(k, PHRASES[k], True) for k in ("draft", "blocker", "passive", "self")])


@pytest.mark.parametrize(("name", "group", "lower"), GROUPS, ids=[g[0] for g in GROUPS])
def test_phrase_examples(name, group, lower):
    assert group["examples"]
    patterns = [re.compile(p) for p in group["patterns"]]
    for example in group["examples"]:
        text = example.lower() if lower else example
        assert any(p.search(text) for p in patterns), (name, example)
    if name in {r["kind"] for r in PHRASES["relation"]}:
        for p in patterns:  # two-way: each verb pattern is shown at work
            assert any(p.search(e.lower()) for e in group["examples"]), p.pattern


@pytest.mark.parametrize(("name", "group", "lower"), GROUPS, ids=[g[0] for g in GROUPS])
def test_phrase_patterns_open_with_a_literal(name, group, lower):
    if name == "passive":
        return  # matched on a few words before a verb, never scanned
    for p in group["patterns"]:
        assert p[0].isalpha(), p
        if lower:
            assert p == p.lower(), p
