"""The registry graph is loaded once per version of its inputs and is not listed as a source."""
from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import SKOS

from vanban.api.ingestion import ingest_paths
from vanban.graph.export import read_graph
from vanban.graph.registry import ensure_registry
from vanban.graph.store import DERIVED_PREFIX, open_store
from vanban.ontology.iris import Minter
from vanban.ontology.validate import validate_graph


def test_ingest_loads_the_registry_once(sample_files):
    store = open_store(None)
    ingest_paths(store, sample_files, Minter())
    registry = str(Minter().registry())
    assert registry.startswith(DERIVED_PREFIX)
    assert registry in store.graphs(derived=True) and registry not in store.graphs()
    assert not ensure_registry(store, Minter())  # unchanged: not reloaded
    assert ensure_registry(store, Minter("http://example.org/kg"))  # another base: reloaded


def test_the_stored_registry_conforms_and_names_agencies(sample_files):
    store = open_store(None)
    ensure_registry(store, Minter())
    graph = read_graph(store, str(Minter().registry()))
    assert validate_graph(graph).conforms
    btc = URIRef("https://w3id.org/vanban/id/agency/btc")
    assert "Bộ Tài chính" in {str(o) for o in graph.objects(btc, SKOS.prefLabel)}
