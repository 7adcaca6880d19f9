"""One suite, every backend: embedded on disk, in memory, and Virtuoso over SPARQL 1.1."""
from __future__ import annotations

import json

import pytest

from vanban.graph.sparql import QuerySyntaxError, run_query, select_rows
from vanban.graph.store import StoreError

G1, G2 = "https://example.org/id/source/a", "https://example.org/id/source/b"
SHA = "https://w3id.org/vanban/ontology#sha256"
TEXT = "Bộ Tài chính chủ trì, phối hợp\n«trích» \"dẫn\" \\ xong"

A = f"""<{G1}> <{SHA}> "aaa" .
<https://example.org/x> <http://purl.org/dc/terms/title> {json.dumps(TEXT, ensure_ascii=False)}@vi .
<https://example.org/x> <https://example.org/year> "2019"^^<http://www.w3.org/2001/XMLSchema#gYear> .
<https://example.org/x> <https://example.org/n> "7"^^<http://www.w3.org/2001/XMLSchema#integer> .
"""
B = f"""<{G2}> <{SHA}> "bbb" .
<https://example.org/y> <https://example.org/cites> <https://example.org/x> .
"""


def test_replace_is_visible_in_the_union_and_counted(store):
    assert store.replace_graphs({G1: A, G2: B}) == 6
    assert store.graphs() == [G1, G2]
    assert len(store) == 6
    _, rows = select_rows(store, "SELECT ?t WHERE { ?x <http://purl.org/dc/terms/title> ?t }")
    assert rows == [[TEXT]]
    _, rows = select_rows(store, "SELECT ?y WHERE { ?y <https://example.org/cites> ?x . "
                                 "?x <https://example.org/year> ?year }")
    assert rows == [["https://example.org/y"]]


def test_replacing_a_graph_drops_its_old_content(store):
    store.replace_graphs({G1: A, G2: B})
    store.replace_graphs({G1: f'<{G1}> <{SHA}> "ccc" .\n'})
    assert len(store) == 3
    assert store.source_hash(G1) == "ccc"
    assert store.source_hashes() == {G1: "ccc", G2: "bbb"}
    _, rows = select_rows(store, "SELECT ?t WHERE { ?x <http://purl.org/dc/terms/title> ?t }")
    assert rows == []


def test_remove_graph(store):
    store.replace_graphs({G1: A, G2: B})
    assert store.remove_graph(G2) is True
    assert store.remove_graph(G2) is False
    assert store.graphs() == [G1] and len(store) == 4
    assert store.source_hash(G2) is None


def test_replace_graph_takes_rdflib_triples(store):
    from rdflib import Literal, URIRef

    triples = [(URIRef("https://example.org/s"), URIRef("https://example.org/p"),
                Literal("một\ndòng", lang="vi"))] * 2
    assert store.replace_graph(URIRef(G1), triples) == 1
    _, rows = select_rows(store, "SELECT ?o WHERE { ?s <https://example.org/p> ?o }")
    assert rows == [["một\ndòng"]]


@pytest.mark.parametrize("media_type", ["application/sparql-results+json",
                                        "application/sparql-results+xml", "text/csv",
                                        "text/tab-separated-values"])
def test_select_and_ask_serialise(store, media_type):
    store.replace_graphs({G1: A})
    outcome = run_query(store, "SELECT ?n WHERE { ?x <https://example.org/n> ?n }")
    assert outcome.form == "solutions" and b"7" in outcome.serialize(media_type)
    ask = run_query(store, "ASK { ?x <https://example.org/n> 7 }")
    assert ask.form == "boolean" and b"true" in ask.serialize(media_type)
    assert b"false" in run_query(store, "ASK { ?x <https://example.org/n> 8 }").serialize(media_type)


def test_construct_serialises_as_rdf(store):
    store.replace_graphs({G1: A})
    outcome = run_query(store, "PREFIX dc: <http://purl.org/dc/terms/>\n"
                               "CONSTRUCT { ?x dc:title ?t } WHERE { ?x dc:title ?t }")
    assert outcome.form == "graph"
    body = outcome.serialize("application/n-triples").decode()
    assert body.count("\n") == 1 and "Bộ Tài chính" in body


def test_syntax_error_is_a_query_syntax_error(store):
    with pytest.raises(QuerySyntaxError):
        run_query(store, "SELEC nothing")


def test_load_quads_and_turtle(store, tmp_path):
    nq = tmp_path / "data.nq"
    nq.write_text(A.replace(" .\n", f" <{G1}> .\n") + B.replace(" .\n", f" <{G2}> .\n"), "utf-8")
    ttl = tmp_path / "extra.ttl"
    ttl.write_text("<https://example.org/z> <https://example.org/p> 1 .\n", "utf-8")
    store.load(nq)
    assert store.graphs() == [G1, G2] and len(store) == 6
    assert store.source_hashes() == {G1: "aaa", G2: "bbb"}
    store.load(ttl)
    _, rows = select_rows(store, "SELECT ?s WHERE { ?s <https://example.org/p> 1 }")
    assert rows == [["https://example.org/z"]]


def test_load_rejects_unknown_formats(store, tmp_path):
    bad = tmp_path / "data.csv"
    bad.write_text("a,b\n")
    with pytest.raises(StoreError):
        store.load(bad)


def test_update_changes_the_store_and_the_counts(store):
    store.replace_graphs({G1: A})
    store.update(f"INSERT DATA {{ GRAPH <{G2}> {{ <https://example.org/q> <https://example.org/p> 2 }} }}")
    assert len(store) == 5 and G2 in store.graphs()
