"""Golden snapshot of the seed's graph: unintended changes to the mapping show up in review.

The extractor is still changing, so the snapshot changes with it. Regenerate with:

    UPDATE_GOLDEN=1 python -m pytest -q tests/ontology/test_golden.py

and review the diff of tests/ontology/golden/seed.nq like code.
"""
from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from rdflib import Dataset, Literal

from tests.conftest import shared_path
from vanban.graph.export import canonical_nquads
from vanban.ontology.namespaces import VNL

from .conftest import corpus_graph

GOLDEN = Path(__file__).resolve().parent / "golden" / "seed.nq"
REGENERATE = "UPDATE_GOLDEN=1 python -m pytest -q tests/ontology/test_golden.py"


def seed_nquads() -> str:
    graph = corpus_graph(shared_path("corpus", "seed", "seed-2019-06-nq-phien-hop.txt"))
    for s, _, _ in list(graph.triples((None, VNL.extractorVersion, None))):
        graph.set((s, VNL.extractorVersion, Literal("VERSION")))  # a release is not a change
    dataset = Dataset()
    dataset.graph(graph.identifier).__iadd__(graph)
    return canonical_nquads(dataset)


@pytest.mark.shared
def test_seed_graph_matches_the_golden_snapshot():
    actual = seed_nquads()
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(actual, encoding="utf-8")
        pytest.skip(f"golden snapshot rewritten: {GOLDEN}")
    if not GOLDEN.exists():
        pytest.fail(f"no golden snapshot yet; create it with: {REGENERATE}")
    expected = GOLDEN.read_text(encoding="utf-8")
    if actual != expected:
        diff = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                         "golden", "actual", lineterm="", n=0))
        shown = "\n".join(diff[:60]) + ("\n…" if len(diff) > 60 else "")
        pytest.fail(f"the seed's graph changed ({len(diff)} diff lines). If intended, "
                    f"regenerate with: {REGENERATE}\n{shown}")
