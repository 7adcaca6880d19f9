"""Graph views pulled from the store: a page about one node fetches only the hops it
shows, and must show exactly what the same view cut from the whole graph shows."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from vanban.graph.synthetic import Corpus, write_nquads
from vanban.graph.view_graph import load_view_graph, local_view_graph
from vanban.graph.visualize import directive_view, filter_view, neighbourhood

GOLDEN_SEED = Path(__file__).resolve().parents[1] / "ontology" / "golden" / "seed.nq"


def _edges(g):
    return sorted((s, o, d["relation"], d["draft"]) for s, o, d in g.edges(data=True))


def _same(a, b) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert _edges(a) == _edges(b)


@pytest.fixture
def loaded(store, tmp_path):
    """The seed directive (drafts, tasks, agencies) and 40 synthetic documents (chains)."""
    write_nquads(Corpus(40, seed=3), tmp_path / "corpus.nq", mentions=False)
    store.load(tmp_path / "corpus.nq")
    store.load(GOLDEN_SEED)
    return store


def test_local_views_equal_the_views_cut_from_the_whole_graph(loaded):
    full = load_view_graph(loaded)
    kinds = {data["kind"] for _, data in full.nodes(data=True)}
    assert kinds == {"source", "document", "agency", "task"}
    assert any(draft for *_, draft in full.edges(data="draft"))
    for node in sorted(full)[::7]:
        for depth in (1, 2):
            for direction in ("both", "out", "in"):
                local = local_view_graph(loaded, node, (direction,) * depth)
                _same(neighbourhood(filter_view(local, keep=[node]), node, depth=depth,
                                    direction=direction),
                      neighbourhood(filter_view(full, keep=[node]), node, depth=depth,
                                    direction=direction))
    sources = [n for n, kind in full.nodes(data="kind") if kind == "source"]
    for source in sources:
        _same(directive_view(local_view_graph(loaded, source, ("in", "out")), source),
              directive_view(full, source))
    assert max(len(directive_view(full, s)) for s in sources) > 50  # the seed's tasks


@pytest.mark.parametrize("iri", ["https://w3id.org/vanban/none", "x> } ; DROP ALL #", "<a>", "", "a:\x01", "a:%zz", "1:x"])
def test_unknown_or_malformed_iris_give_an_empty_graph(loaded, iri):
    assert len(local_view_graph(loaded, iri, ("both",))) == 0


def test_the_whole_graph_is_reused_until_the_next_write(store, tmp_path):
    if store.url:
        pytest.skip("a remote store may change behind vanban's back: read afresh")
    store.load(GOLDEN_SEED)
    first = load_view_graph(store)
    assert load_view_graph(store) is first
    write_nquads(Corpus(5, seed=1), tmp_path / "more.nq", mentions=False)
    store.load(tmp_path / "more.nq")
    again = load_view_graph(store)
    assert again is not first and len(again) > len(first)


@pytest.mark.xfail(strict=True, reason="pyoxigraph 0.5 repeats a triple held by several named "
                   "graphs in the union default graph (oxigraph/oxigraph#1919, fixed upstream "
                   "after 0.5.13); docs/api.md tells analysts to COUNT(DISTINCT ...)")
def test_the_union_default_graph_holds_a_shared_triple_once():
    store = ox.Store()
    triple = (ox.NamedNode("urn:doc"), ox.NamedNode("urn:p"), ox.Literal("t"))
    for graph in ("urn:source-1", "urn:source-2"):
        store.add(ox.Quad(*triple, ox.NamedNode(graph)))
    rows = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                            use_default_graph_as_union=True))
    assert rows[0]["n"].value == "1"
