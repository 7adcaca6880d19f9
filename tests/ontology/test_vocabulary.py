"""The vocabulary (vanban.ttl) is the source of truth for vnl: terms; the shapes cover every class."""
from __future__ import annotations

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import OWL, RDFS, SH

from vanban.ontology.iris import Minter
from vanban.ontology.mapping import to_graph
from vanban.ontology.namespaces import VNL
from vanban.ontology.registry import registry_graph, vocabulary
from vanban.ontology.terms import vocabulary_terms
from vanban.ontology.validate import shapes

from .conftest import FIXED_TIME


def _declared_terms() -> set[str]:
    return {str(VNL._NS) + name for name in VNL.__annotations__}


def test_every_namespace_term_is_defined_with_labels_and_comments():
    graph = vocabulary()
    for iri in map(URIRef, sorted(_declared_terms())):
        assert (iri, RDF.type, None) in graph, f"{iri} is not defined in vanban.ttl"
        for predicate in (RDFS.label, RDFS.comment):
            langs = {o.language for o in graph.objects(iri, predicate)}
            assert {"vi", "en"} <= langs, f"{iri} lacks {predicate} in vi or en (has {langs})"


def test_the_turtle_defines_nothing_the_namespace_lacks():
    defined = {t.iri for t in vocabulary_terms()}
    assert defined == _declared_terms()


def test_every_vnl_term_used_anywhere_is_declared():
    used = set()
    for graph in (vocabulary(), shapes()):
        for triple in graph:
            used |= {str(t) for t in triple if str(t).startswith(str(VNL._NS))}
    assert used <= _declared_terms()


def test_a_typo_in_a_term_raises():
    try:
        VNL.leadAgensy  # noqa: B018
    except AttributeError:
        return
    raise AssertionError("VNL is not a closed namespace")


def _written_classes(extraction) -> set[URIRef]:
    graphs = [to_graph(extraction, Minter(), ingested_at=FIXED_TIME), registry_graph(Minter())]
    return {o for g in graphs for o in g.objects(None, RDF.type)
            if not str(o).startswith(str(OWL))}


def test_shapes_cover_every_class_the_mapping_writes(extraction):
    targeted = set(shapes().objects(None, SH.targetClass))
    missing = _written_classes(extraction) - targeted
    assert not missing, f"no shape targets {sorted(missing)}"


def test_the_fixture_exercises_every_vnl_class(extraction):
    """Otherwise the coverage test above would pass without looking at some classes."""
    classes = {URIRef(t.iri) for t in vocabulary_terms() if t.kind == "class"}
    assert classes <= _written_classes(extraction)


def test_vocabulary_classes_and_properties_parse_as_owl():
    graph = Graph().parse(data=vocabulary().serialize(format="turtle"), format="turtle")
    assert (URIRef("https://w3id.org/vanban/ontology"), RDF.type, OWL.Ontology) in graph
