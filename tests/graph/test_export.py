"""Export then import gives an isomorphic dataset, on every store backend and format."""
from __future__ import annotations

import io

import pytest
from rdflib import Dataset, Graph

from vanban.api.ingestion import ingest_paths
from vanban.graph.export import canonical_nquads, export, import_dataset, parse_dataset
from vanban.graph.store import open_store
from vanban.ontology.iris import Minter


def _dump(store, fmt: str) -> str:
    out = io.StringIO()
    export(store, fmt, out)
    return out.getvalue()


def _canonical(store) -> str:
    return canonical_nquads(parse_dataset(_dump(store, "nquads"), "nquads"))


@pytest.fixture(scope="module")
def loaded(sample_files):
    """One in-memory store for the format tests (the backends meet in the round trip below)."""
    store = open_store(None)
    ingest_paths(store, sample_files, Minter())
    return store


def test_round_trip_on_every_backend(store, loaded, request):
    if "virtuoso" in request.node.name:  # seen 2026-11: "text\n" comes back as "text"
        request.applymarker(pytest.mark.xfail(
            strict=True, reason="the Virtuoso backend trims leading/trailing whitespace of literals"))
    import_dataset(store, parse_dataset(_dump(loaded, "nquads"), "nquads"))
    assert _canonical(store) == _canonical(loaded)


def test_export_holds_every_source_and_the_registry(loaded, sample_files):
    names = {str(g.identifier) for g in parse_dataset(_dump(loaded, "nquads"), "nquads").graphs()}
    assert str(Minter().registry()) in names
    assert {str(Minter().source(p.stem)) for p in sample_files} <= names


@pytest.mark.parametrize("fmt", ["nquads", "trig", "jsonld"])
def test_round_trip_is_isomorphic(loaded, fmt):
    text = _dump(loaded, fmt)
    fresh = open_store(None)
    import_dataset(fresh, parse_dataset(text, fmt))
    assert _canonical(fresh) == _canonical(loaded)


@pytest.mark.parametrize("fmt", ["turtle", "ntriples"])
def test_flat_formats_hold_the_union(loaded, fmt):
    flat = Graph().parse(data=_dump(loaded, fmt), format={"turtle": "turtle", "ntriples": "nt"}[fmt])
    union = Graph()
    for graph in parse_dataset(_dump(loaded, "nquads"), "nquads").graphs():
        union += graph
    assert len(flat) == len(union) and set(flat) == set(union)


def test_jsonld_reads_naturally(loaded, sample_files):
    text = _dump(loaded, "jsonld")
    assert '"cites":' in text and '"id_local":' in text and '"leadAgency":' in text
    assert '"@context"' in text and "http://data.europa.eu/eli/ontology#cites" not in text.split(
        '"@graph"', 1)[1][:20000]


def test_an_empty_store_exports_an_empty_dataset():
    store = open_store(None)
    assert _dump(store, "nquads") == ""
    assert len(Dataset().parse(data=_dump(store, "jsonld"), format="json-ld")) == 0
