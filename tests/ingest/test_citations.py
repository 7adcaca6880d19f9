"""find_citations on real sentences (cases/citations.toml), rendered back as tags.

Each case's input is its `marked` string without the tags; the mentions found are
rendered back with the same tags, so a failure shows which span moved.
"""
from __future__ import annotations

import doctest
import re
import tomllib
from pathlib import Path

import pytest

from vanban.ingest import citations
from vanban.ingest.citations import find_citations

CASES_FILE = Path(__file__).parent / "cases" / "citations.toml"
CASES = tomllib.loads(CASES_FILE.read_text("utf-8"))["case"]
TAG_RE = re.compile(r"</?cite>")


def strip_tags(marked: str) -> str:
    return TAG_RE.sub("", marked)


def render(text: str, spans: list[tuple[int, int]]) -> str:
    """Wrap each span in <cite> tags; nested spans close before their parents."""
    events = [(s, 1, -(e - s), "<cite>") for s, e in spans]
    events += [(e, 0, e - s, "</cite>") for s, e in spans]
    out, pos = [], 0
    for at, _, _, tag in sorted(events):
        out.append(text[pos:at] + tag)
        pos = at
    return "".join(out) + text[pos:]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_mentions_and_documents(case):
    text = strip_tags(case["marked"])
    found = find_citations(text)
    spans = [(m.span.start, m.span.end) for c in found for m in c.mentions]
    assert render(text, spans) == case["marked"]
    for c in found:
        for m in c.mentions:
            assert text[m.span.start:m.span.end] == m.surface
    got = sorted((c.id_local or c.title or "", c.year) for c in found)
    want = sorted((w.get("id") or w["title"], w.get("year")) for w in case["cites"])
    assert got == want
    titles = {c.id_local: c.title for c in found if c.id_local}
    for w in case["cites"]:
        if "id" in w and "title" in w:
            assert titles[w["id"]] == w["title"]


def test_symbols_are_normalised():
    found = find_citations("theo Nghị định số 96/2014/NÐ – CP và Quyết định số 1/QD-TTG")
    assert [c.id_local for c in found] == ["96/2014/NĐ-CP", "1/QĐ-TTg"]
    assert found[0].doc_type == "nghi-dinh" and found[0].issuer == "CP" and found[0].number == "96"
    assert found[0].year_evidence == "symbol"


def test_symbol_groups_are_all_named():
    """parse_symbol reads Match.groups() by name (symbols._GROUP_NAMES)."""
    from vanban.ingest import symbols
    assert len(symbols._GROUP_NAMES) == symbols.SYMBOL_RE.groups


def test_doctests():
    assert doctest.testmod(citations).failed == 0
