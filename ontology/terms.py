"""The vocabulary's own terms as plain records, for documentation pages and checks."""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .namespaces import PREFIXES, VNL
from .registry import vocabulary

KINDS = {OWL.Class: "class", OWL.ObjectProperty: "object property",
         OWL.DatatypeProperty: "datatype property"}


@dataclass(frozen=True, slots=True)
class Term:
    iri: str
    name: str  # vnl:Task
    kind: str
    label_vi: str | None
    label_en: str | None
    comment_vi: str | None
    comment_en: str | None
    parents: tuple[str, ...] = ()  # rdfs:subClassOf / rdfs:subPropertyOf, prefixed
    domain: str | None = None
    range: str | None = None


def prefixed(iri: object) -> str:
    text = str(iri)
    for prefix, ns in PREFIXES.items():
        if text.startswith(str(ns)) and len(text) > len(str(ns)):
            return f"{prefix}:{text[len(str(ns)):]}"
    return text


def _text(graph: Graph, iri: URIRef, predicate: URIRef, lang: str) -> str | None:
    found = (str(o) for o in graph.objects(iri, predicate) if getattr(o, "language", None) == lang)
    return next(found, None)


def _term(graph: Graph, iri: URIRef, kind: str) -> Term:
    parents = [*graph.objects(iri, RDFS.subClassOf), *graph.objects(iri, RDFS.subPropertyOf)]
    domain, range_ = graph.value(iri, RDFS.domain), graph.value(iri, RDFS.range)
    return Term(
        iri=str(iri), name=prefixed(iri), kind=kind,
        label_vi=_text(graph, iri, RDFS.label, "vi"), label_en=_text(graph, iri, RDFS.label, "en"),
        comment_vi=_text(graph, iri, RDFS.comment, "vi"),
        comment_en=_text(graph, iri, RDFS.comment, "en"),
        parents=tuple(sorted(prefixed(p) for p in parents)),
        domain=prefixed(domain) if domain else None, range=prefixed(range_) if range_ else None)


def vocabulary_terms() -> list[Term]:
    """Every term the vocabulary defines in the vnl: namespace, classes first, by name."""
    graph = vocabulary()
    terms = [_term(graph, iri, kind) for kind_iri, kind in KINDS.items()
             for iri in graph.subjects(RDF.type, kind_iri) if str(iri).startswith(str(VNL._NS))]
    order = list(KINDS.values())
    return sorted(terms, key=lambda t: (order.index(t.kind), t.name.casefold()))
