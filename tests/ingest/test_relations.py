"""Relations of mentions on real passages (cases/relations.toml).

Compared as the scorer does: the set of (document, relation, subject) other than cites.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from vanban.ingest.citations import find_citations
from vanban.ingest.models import Relation

CASES_FILE = Path(__file__).parent / "cases" / "relations.toml"
CASES = tomllib.loads(CASES_FILE.read_text("utf-8"))["case"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_relations(case):
    found = find_citations(case["text"])
    got = {f"{c.id_local or c.title} {m.relation} {m.subject}"
           for c in found for m in c.mentions if m.relation is not Relation.CITES}
    assert got == set(case["relations"])
