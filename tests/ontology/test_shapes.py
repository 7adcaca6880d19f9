"""Every graph vanban writes conforms to shapes.ttl; broken graphs fail with readable messages."""
from __future__ import annotations


import pytest
from rdflib import RDF, Literal, URIRef


from tests.conftest import shared_path
from vanban.ontology.iris import Minter
from vanban.ontology.mapping import to_graph
from vanban.ontology.namespaces import ELI, OA, VNL
from vanban.ontology.registry import registry_graph
from vanban.ontology.validate import format_report, validate_graph

from .conftest import FIXED_TIME, corpus_graph

XSD_GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")


def _assert_conforms(graph) -> None:
    report = validate_graph(graph)
    assert report.conforms, format_report(report)


def test_the_registry_graph_conforms():
    _assert_conforms(registry_graph(Minter()))


def test_the_bundled_sample_conforms(sample_files):
    for path in sample_files:
        _assert_conforms(corpus_graph(path))


@pytest.mark.shared
@pytest.mark.parametrize("corpus", ["seed", "dev"])
def test_every_corpus_graph_conforms(corpus):
    paths = sorted(shared_path("corpus", corpus).glob("*.txt"))
    assert paths
    failures = [format_report(r) for r in (validate_graph(corpus_graph(p)) for p in paths)
                if not r.conforms]
    assert not failures, "\n".join(failures)


def test_the_fixture_graph_conforms(extraction):
    _assert_conforms(to_graph(extraction, Minter(), ingested_at=FIXED_TIME))


def _broken(extraction, change) -> str:
    graph = to_graph(extraction, Minter(), ingested_at=FIXED_TIME)
    change(graph, Minter().source(extraction.source.name))
    report = validate_graph(graph)
    assert not report.conforms
    return format_report(report)


def _unresolved(graph):
    return next(graph.subjects(RDF.type, VNL.UnresolvedCitation))


BROKEN = {
    "source without file name": (
        lambda g, src: g.remove((src, VNL.fileName, None)), "vnl:fileName"),
    "bad content hash": (
        lambda g, src: g.set((src, VNL.sha256, Literal("not-a-hash"))), "SHA-256"),
    "unresolved citation given a year": (
        lambda g, src: g.add((_unresolved(g), VNL.year, Literal("2019", datatype=XSD_GYEAR))),
        "never merged with a dated document"),
    "dated document without a year": (
        lambda g, src: g.remove((URIRef("https://w3id.org/vanban/eli/vn/cp/nd/2014/96"), VNL.year, None)),
        "must have a vnl:year"),
    "span ending before it starts": (
        lambda g, src: g.set((next(g.subjects(RDF.type, OA.TextPositionSelector)), OA.start,
                              Literal(10 ** 6))), "not after its oa:end"),
    "task without its sentence": (
        lambda g, src: g.remove((None, VNL.taskText, None)), "vnl:taskText"),
    "unknown relation": (
        lambda g, src: g.set((next(g.subjects(RDF.type, VNL.CitationMention)), VNL.relation,
                              Literal("mentions"))), "seven relation names"),
    "citing something that is not a document": (
        lambda g, src: g.add((src, ELI.cites, URIRef("https://example.org/x"))), "eli:LegalResource"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_graph_fails_readably(extraction, case):
    change, expected = BROKEN[case]
    text = _broken(extraction, change)
    assert expected in text
    assert "Violation: " in text and "<https://w3id.org/vanban/" in text  # focus node shown


def test_report_lines_name_focus_path_and_message(extraction):
    text = _broken(extraction, BROKEN["source without file name"][0])
    line = next(line for line in text.splitlines() if "vnl:fileName" in line)
    assert line.strip().startswith("Violation: <https://w3id.org/vanban/id/source/mau> vnl:fileName:")
