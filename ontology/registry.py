"""The registry graph: the vocabulary plus SKOS concept schemes generated from ingest/data.

Schemes: document types (``data/document_types.toml``), agencies with aliases, validity
and successors (``data/agencies.toml``, ``data/provinces.toml``), and agency kinds. The
graph records a hash of everything it is built from, so a store reloads it only when the
data, the vocabulary, the base or the version changed.
"""
from __future__ import annotations

import functools
import hashlib
import json
import tomllib
from collections.abc import Iterator
from importlib import resources

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, SKOS, XSD

from vanban import __version__
from vanban.ingest.doctypes import load_document_types
from vanban.ingest.registry import Entry, load_registry

from .iris import Minter
from .namespaces import VNL, bind_prefixes
from .mapping import Triple

ONTOLOGY_IRI = "https://w3id.org/vanban/ontology"
SCHEMES = {
    "document-type": ("Loại văn bản", "Document types"),
    "agency": ("Cơ quan, tổ chức", "Agencies"),
    "agency-kind": ("Loại cơ quan", "Agency kinds"),
}


def read_resource(name: str) -> bytes:
    """A file shipped in the ontology package (vanban.ttl, shapes.ttl, context.jsonld...)."""
    return resources.files(__package__).joinpath(name).read_bytes()


@functools.cache
def _labels() -> dict:
    return tomllib.loads(read_resource("labels.toml").decode("utf-8"))


@functools.cache
def jsonld_context() -> dict:
    """The JSON-LD context (context.jsonld) under which the graph's JSON reads naturally."""
    return json.loads(read_resource("context.jsonld"))["@context"]


@functools.cache
def vocabulary() -> Graph:
    """The project's vocabulary (vanban.ttl) as a graph."""
    return bind_prefixes(Graph()).parse(data=read_resource("vanban.ttl"), format="turtle")


def _scheme_triples(minter: Minter) -> Iterator[Triple]:
    for name, (vi, en) in SCHEMES.items():
        scheme = minter.scheme(name)
        yield scheme, RDF.type, SKOS.ConceptScheme
        yield scheme, SKOS.prefLabel, Literal(vi, lang="vi")
        yield scheme, SKOS.prefLabel, Literal(en, lang="en")


def document_type_triples(minter: Minter) -> Iterator[Triple]:
    scheme, english = minter.scheme("document-type"), _labels()["document_type"]
    for t in load_document_types():
        concept = minter.doc_type(t.key)
        yield concept, RDF.type, SKOS.Concept
        yield concept, SKOS.inScheme, scheme
        yield concept, SKOS.topConceptOf, scheme
        yield concept, SKOS.prefLabel, Literal(t.label, lang="vi")
        if t.key in english:
            yield concept, SKOS.prefLabel, Literal(english[t.key], lang="en")
        for name in dict.fromkeys(t.names):
            if name.casefold() != t.label.casefold():
                yield concept, SKOS.altLabel, Literal(name, lang="vi")
        for abbr in t.abbr:
            yield concept, SKOS.notation, Literal(abbr)


def _agency_triples(entry: Entry, minter: Minter) -> Iterator[Triple]:
    iri = minter.agency(entry.key, entry.name)
    yield iri, RDF.type, ORG.Organization
    yield iri, RDF.type, SKOS.Concept
    yield iri, SKOS.inScheme, minter.scheme("agency")
    yield iri, SKOS.prefLabel, Literal(entry.name, lang="vi")
    if entry.english_name:  # altLabel: consumers take the one prefLabel as the agency's name
        yield iri, SKOS.altLabel, Literal(entry.english_name, lang="en")
    for alias in dict.fromkeys(entry.aliases):
        if alias != entry.name:
            yield iri, SKOS.altLabel, Literal(alias, lang="vi")
    yield iri, VNL.agencyCode, Literal(entry.key)
    yield iri, VNL.inRegistry, Literal(True)
    yield iri, ORG.classification, minter.agency_kind(entry.kind)
    if entry.valid_from:
        yield iri, VNL.validFrom, Literal(entry.valid_from.isoformat(), datatype=XSD.date)
    if entry.valid_to:
        yield iri, VNL.validTo, Literal(entry.valid_to.isoformat(), datatype=XSD.date)
    if entry.successor:
        yield iri, DCTERMS.isReplacedBy, minter.agency(entry.successor, entry.successor)


def agency_triples(minter: Minter) -> Iterator[Triple]:
    registry, kinds = load_registry(), _labels()["agency_kind"]
    for entry in registry.entries:
        yield from _agency_triples(entry, minter)
    scheme = minter.scheme("agency-kind")
    for kind in sorted({e.kind for e in registry.entries}):
        concept = minter.agency_kind(kind)
        labels = kinds.get(kind, {"en": kind})
        yield concept, RDF.type, SKOS.Concept
        yield concept, SKOS.inScheme, scheme
        yield concept, SKOS.topConceptOf, scheme
        for lang, label in labels.items():
            yield concept, SKOS.prefLabel, Literal(label, lang=lang)


def registry_hash(minter: Minter) -> str:
    """A hash of everything the registry graph is built from."""
    digest = hashlib.sha256(f"{__version__}\n{minter.base}\n".encode())
    digest.update(read_resource("vanban.ttl") + read_resource("labels.toml"))
    data = resources.files("vanban.ingest").joinpath("data")
    for name in ("document_types.toml", "agencies.toml", "provinces.toml"):
        digest.update(data.joinpath(name).read_bytes())
    return digest.hexdigest()


def registry_triples(minter: Minter) -> Iterator[Triple]:
    """Vocabulary, concept schemes and the registry graph's own provenance."""
    graph = minter.registry()
    yield graph, RDF.type, PROV.Entity
    yield graph, VNL.sha256, Literal(registry_hash(minter))
    yield graph, VNL.extractorVersion, Literal(__version__)
    yield from vocabulary()
    yield from _scheme_triples(minter)
    yield from document_type_triples(minter)
    yield from agency_triples(minter)


def registry_graph(minter: Minter) -> Graph:
    graph = bind_prefixes(Graph(identifier=minter.registry()))
    for triple in registry_triples(minter):
        graph.add(triple)
    return graph
