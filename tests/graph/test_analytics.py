"""Analytics on every backend over a small synthetic corpus: the precomputed index and
plain SPARQL must agree, and the graph algorithms must find what the generator planted."""
from __future__ import annotations

from datetime import date

import pytest

from vanban.graph import analytics
from vanban.graph.resolution import resolve_citations
from vanban.graph.synthetic import Corpus, write_nquads
from vanban.ingest.models import Relation


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "corpus.nq"
    write_nquads(Corpus(150, seed=7), path, mentions=False)
    return path


@pytest.fixture
def loaded(store, corpus_file):
    store.load(corpus_file)
    resolve_citations(store)
    return store


def test_most_cited_index_agrees_with_sparql(loaded):
    fast = analytics.most_cited(loaded, 1000)
    slow = analytics.most_cited(loaded, 1000, use_index=False)
    # servers break ties in their own order: compare the rankings, then the sets
    assert [d.citations for d in fast] == [d.citations for d in slow]
    assert {(d.iri, d.citations) for d in fast} == {(d.iri, d.citations) for d in slow}
    fast = fast[:10]
    assert fast[0].citations > fast[-1].citations >= 1  # preferential attachment: a head
    assert all(d.id_local for d in fast)


def test_year_less_citations_resolve_to_the_dated_document(loaded):
    everything = analytics.unresolved_citations(loaded, include_resolved=True)
    settled = [u for u in everything if u.resolved_to]
    assert settled, "the generator omits dates; the cited documents are in the corpus"
    for u in settled:
        assert "/eli/vn/" in u.resolved_to and u.resolved_to.endswith("/" + u.iri.split("/")[-1])
    assert len(analytics.unresolved_citations(loaded)) == len(everything) - len(settled)
    counted = {d.iri for d in analytics.most_cited(loaded, 1000)}
    assert not any(u.iri in counted for u in settled)  # counted under the dated document


def test_workload_and_overdue_agree_with_sparql(loaded):
    fast = analytics.agency_workload(loaded)
    assert fast == analytics.agency_workload(loaded, use_index=False)
    assert {w.role for w in fast} == {"lead", "coordinator"}
    agency = fast[0].agency
    assert {w.agency for w in analytics.agency_workload(loaded, agency)} == {agency}
    day = date(2012, 1, 1)
    overdue = analytics.overdue_tasks(loaded, day)
    assert overdue and all(t.due < "2012-01-01" for t in overdue)
    assert [(t.task, t.due) for t in overdue] == \
        [(t.task, t.due) for t in analytics.overdue_tasks(loaded, day, use_index=False)]


def test_agency_tasks_and_workload_pages_agree_with_sparql(loaded):
    busiest = max(analytics.agency_workload(loaded), key=lambda w: w.tasks).agency
    for role, start, end in [(None, None, None), ("lead", date(2005, 1, 1), date(2015, 12, 31)),
                             ("coordinator", None, date(2010, 6, 30)),
                             ("lead", date(2018, 1, 1), None)]:
        fast = analytics.agency_tasks(loaded, busiest, role=role, due_from=start, due_to=end)
        assert fast == analytics.agency_tasks(loaded, busiest, role=role, due_from=start,
                                              due_to=end, use_index=False), (role, start, end)
        assert all((start is None or t.due >= start.isoformat()) and
                   (end is None or t.due <= end.isoformat()) for t in fast)
    assert len(analytics.agency_tasks(loaded, busiest)) > \
        len(analytics.agency_tasks(loaded, busiest, role="lead")) > 0
    paged = analytics.agency_workload(loaded, limit=7, offset=5)
    assert paged == analytics.agency_workload(loaded)[5:12]
    assert paged == analytics.agency_workload(loaded, limit=7, offset=5, use_index=False)


def test_citation_graph_from_the_index_matches_the_sparql_join(loaded):
    from vanban.graph.queries import load_query  # the one-query form the index replaces
    resolved = dict(loaded.select(load_query("resolutions"))[1])
    joined = {(a, resolved.get(b, b)) for a, b in loaded.select(load_query("citation_pairs"))[1]}
    graph = analytics.citation_graph(loaded)
    assert set(graph.edges) == {(a, b) for a, b in joined if a != b}
    assert any("/id/source/" not in a for a, _ in graph.edges)  # texts stand for documents


def test_search_ignores_accents_and_case(loaded):
    hits = analytics.search_tasks(loaded, "BO TAI CHINH chu tri")
    assert hits and all("Bộ Tài chính chủ trì" in h.text for h in hits)
    assert analytics.search_tasks(loaded, "khong co cum tu nay o dau") == []


def test_amendment_chain_and_current_successor(loaded):
    corpus = Corpus(150, seed=7)
    replaced = [(c.id_local, ext.source.name) for ext in corpus.extractions()
                for c in ext.citations if c.mentions[0].relation is Relation.REPLACES]
    assert replaced, "the generator plants replacements"
    _, rows = loaded.select(f"""SELECT ?doc WHERE {{ ?doc <http://data.europa.eu/eli/ontology#id_local>
                                "{replaced[0][0]}" FILTER(CONTAINS(STR(?doc), "/eli/vn/")) }} LIMIT 1""")
    target = rows[0][0]
    links = analytics.amendment_chain(loaded, target)
    assert any(link.relation == "replaces" and link.earlier == target for link in links)
    successor = analytics.current_successor(loaded, target)
    assert successor != target and "/eli/vn/" in successor


def test_pagerank_and_communities(loaded):
    graph = analytics.citation_graph(loaded)
    ranked = analytics.pagerank(loaded, 5, graph=graph)
    assert len(ranked) == 5 and ranked[0].pagerank >= ranked[-1].pagerank
    groups = analytics.citation_communities(loaded, min_size=2, graph=graph)
    assert groups and sum(map(len, groups)) <= graph.number_of_nodes()


def test_removing_a_source_updates_the_counts(loaded):
    top = analytics.most_cited(loaded, 1)[0]
    _, rows = loaded.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s "
                            f"<http://data.europa.eu/eli/ontology#cites> <{top.iri}> }} }} LIMIT 1")
    loaded.remove_graph(rows[0][0])
    after = {d.iri: d.citations for d in analytics.most_cited(loaded, 1000)}
    assert after[top.iri] == top.citations - 1
    assert [d.citations for d in analytics.most_cited(loaded, 5)] == \
        [d.citations for d in analytics.most_cited(loaded, 5, use_index=False)]
