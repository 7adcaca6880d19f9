"""Extraction records -> RDF triples: the one table of how records become graph terms.

Every mention is an ``oa:SpecificResource`` on its source text with a
``oa:TextPositionSelector`` (``#pos``) and, for citations and agencies, a
``oa:TextQuoteSelector`` (``#quote``); no blank nodes, so graphs compare and
round-trip exactly. The shapes in ``shapes.ttl`` describe what this module writes.
"""
from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterator
from datetime import datetime, timezone

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, SKOS, XSD

from vanban import __version__
from vanban.ingest.doctypes import load_issuers
from vanban.ingest.models import (Citation, Extraction, Relation, Span, Subject, Task,
                                  citation_key)
from vanban.ingest.registry import load_registry

from .iris import Minter
from .namespaces import ELI, OA, VNL, bind_prefixes

Triple = tuple[URIRef, URIRef, URIRef | Literal]

RELATION_PREDICATES: dict[Relation, URIRef] = {
    Relation.CITES: ELI.cites,
    Relation.BASED_ON: ELI.based_on,
    Relation.IMPLEMENTS: VNL.implements,
    Relation.AMENDS: ELI.amends,
    Relation.REPLACES: VNL.replaces,
    Relation.REPEALS: ELI.repeals,
    Relation.CORRECTS: ELI.corrects,
}


def due_by(deadline: str) -> str | None:
    """The last day a deadline allows: ``2019-07`` -> ``2019-07-31``; intervals use their end."""
    end = deadline.split("/")[-1]
    parts = end.split("-")
    try:
        if len(parts) == 1:
            return f"{int(parts[0]):04d}-12-31"
        year, month = int(parts[0]), int(parts[1])
        if len(parts) == 2:
            return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
        return f"{year:04d}-{month:02d}-{int(parts[2]):02d}"
    except (ValueError, IndexError, calendar.IllegalMonthError):
        return None


_DEADLINE_TYPES = ((re.compile(r"\d{4}-\d\d-\d\d"), XSD.date),
                   (re.compile(r"\d{4}-\d\d"), XSD.gYearMonth), (re.compile(r"\d{4}"), XSD.gYear))


def deadline_literal(deadline: str) -> Literal:
    """Typed by precision (date, month, year); an interval stays a plain string."""
    for pattern, datatype in _DEADLINE_TYPES:
        if pattern.fullmatch(deadline):
            return Literal(deadline, datatype=datatype)
    return Literal(deadline)


@functools.cache
def issuer_agency_key(code: str) -> str | None:
    """The registry key of the body a symbol's issuer code names (``CP`` -> ``CP``), if known."""
    registry = load_registry()
    if registry.entry(code):
        return code
    name = next((i.name for i in load_issuers() if i.code == code), None)
    entry = registry.lookup(name) if name else None
    return entry.key if entry else None


def _span_triples(mention: URIRef, src: URIRef, span: Span, surface: str | None
                  ) -> Iterator[Triple]:
    pos = URIRef(f"{mention}#pos")
    yield mention, OA.hasSource, src
    yield mention, OA.hasSelector, pos
    yield pos, RDF.type, OA.TextPositionSelector
    yield pos, OA.start, Literal(span.start)
    yield pos, OA.end, Literal(span.end)
    if surface is not None:
        quote = URIRef(f"{mention}#quote")
        yield mention, OA.hasSelector, quote
        yield quote, RDF.type, OA.TextQuoteSelector
        yield quote, OA.exact, Literal(surface)


def _document_triples(c: Citation, doc: URIRef, minter: Minter) -> Iterator[Triple]:
    yield doc, RDF.type, ELI.LegalResource
    if c.id_local:
        yield doc, ELI.id_local, Literal(c.id_local)
    if c.title:
        yield doc, ELI.title, Literal(c.title, lang="vi")
    if c.doc_type:
        yield doc, ELI.type_document, minter.doc_type(c.doc_type)
    if c.issuer and (key := issuer_agency_key(c.issuer)):
        yield doc, ELI.passed_by, minter.agency(key, key)
    if c.date:
        yield doc, ELI.date_document, Literal(c.date, datatype=XSD.date)
    if c.year is None:
        yield doc, RDF.type, VNL.UnresolvedCitation
    else:
        yield doc, VNL.year, Literal(str(c.year), datatype=XSD.gYear)
        if c.year_evidence:
            yield doc, VNL.yearEvidence, Literal(c.year_evidence)


def _citation_triples(c: Citation, doc: URIRef, src: URIRef, name: str, minter: Minter,
                      drafts: dict[tuple[Relation, int], URIRef]) -> Iterator[Triple]:
    yield from _document_triples(c, doc, minter)
    yield src, ELI.cites, doc
    for m in c.mentions:
        mention = minter.mention(name, m.span.start, m.span.end)
        predicate = RELATION_PREDICATES[m.relation]
        yield mention, RDF.type, VNL.CitationMention
        yield mention, VNL.mentionOf, doc
        yield mention, VNL.relation, Literal(str(m.relation))
        yield from _span_triples(mention, src, m.span, m.surface)
        if m.subject is Subject.DRAFT:
            draft = drafts.setdefault((m.relation, m.span.start),
                                      minter.draft(name, len(drafts) + 1))
            yield draft, RDF.type, VNL.DraftDocument
            yield src, VNL.requestsDraft, draft
            yield draft, predicate, doc
        elif m.relation is not Relation.CITES:
            yield src, predicate, doc


def _task_triples(t: Task, iri: URIRef, src: URIRef, name: str, minter: Minter,
                  agency_iris: dict[str, URIRef], doc_iris: dict[str, URIRef]
                  ) -> Iterator[Triple]:
    mention = minter.mention(name, t.span.start, t.span.end)
    yield iri, RDF.type, VNL.Task
    yield iri, VNL.assignedIn, src
    yield iri, VNL.taskText, Literal(t.text)
    yield iri, VNL.statedIn, mention
    yield mention, RDF.type, VNL.Mention
    yield from _span_triples(mention, src, t.span, None)
    for role, names in ((VNL.leadAgency, t.lead), (VNL.coordinator, t.coordinators)):
        for agency in names:
            if agency in agency_iris:
                yield iri, role, agency_iris[agency]
    if t.deadline:
        yield iri, VNL.deadline, deadline_literal(t.deadline)
        if end := due_by(t.deadline):
            yield iri, VNL.dueBy, Literal(end, datatype=XSD.date)
    if t.deadline_text:
        yield iri, VNL.deadlineText, Literal(t.deadline_text)
    if t.deliverable:
        yield iri, VNL.deliverable, Literal(t.deliverable)
    for key in t.cites:
        if key in doc_iris:
            yield iri, VNL.citesDocument, doc_iris[key]


def _source_triples(ext: Extraction, src: URIRef, ingested_at: datetime | None
                    ) -> Iterator[Triple]:
    """What the text is and the provenance of its graph (the graph is named by ``src``)."""
    yield src, RDF.type, VNL.SourceText
    yield src, RDF.type, PROV.Entity
    yield src, VNL.fileName, Literal(ext.source.path or ext.source.name)
    yield src, VNL.sha256, Literal(ext.source.sha256)
    yield src, VNL.extractorVersion, Literal(__version__)
    yield src, DCTERMS.format, Literal(ext.source.media_type)
    yield src, PROV.generatedAtTime, Literal(
        (ingested_at or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        datatype=XSD.dateTime)
    if ext.title:
        yield src, DCTERMS.title, Literal(ext.title, lang="vi")
    if ext.date:
        yield src, DCTERMS.date, Literal(ext.date, datatype=XSD.date)


def to_triples(ext: Extraction, minter: Minter, *, ingested_at: datetime | None = None
               ) -> Iterator[Triple]:
    """All triples of one source text; they belong in the graph named by its source IRI."""
    name = ext.source.name
    src = minter.source(name)
    yield from _source_triples(ext, src, ingested_at)

    doc_iris: dict[str, URIRef] = {}
    drafts: dict[tuple[Relation, int], URIRef] = {}
    for c in ext.citations:
        doc = doc_iris[citation_key(c)] = minter.document(c.id_local, c.title, c.year,
                                                          source=name)
        yield from _citation_triples(c, doc, src, name, minter, drafts)

    agency_iris: dict[str, URIRef] = {}
    for a in ext.agencies:
        iri = agency_iris[a.name] = minter.agency(a.code, a.name)
        yield iri, RDF.type, ORG.Organization
        yield iri, SKOS.prefLabel, Literal(a.name, lang="vi")
        yield iri, VNL.inRegistry, Literal(a.in_registry)
        if a.code:
            yield iri, VNL.agencyCode, Literal(a.code)
        if a.english_name:
            yield iri, SKOS.altLabel, Literal(a.english_name, lang="en")
        yield src, VNL.mentions, iri
        for m in a.mentions:
            mention = minter.mention(name, m.span.start, m.span.end)
            yield mention, RDF.type, VNL.AgencyMention
            yield mention, VNL.mentionOf, iri
            yield from _span_triples(mention, src, m.span, m.surface)

    for n, t in enumerate(ext.tasks, start=1):
        yield from _task_triples(t, minter.task(name, n), src, name, minter, agency_iris,
                                 doc_iris)


def to_graph(ext: Extraction, minter: Minter, *, ingested_at: datetime | None = None) -> Graph:
    """The source's triples as an rdflib Graph named by the source IRI."""
    graph = bind_prefixes(Graph(identifier=minter.source(ext.source.name)))
    for triple in to_triples(ext, minter, ingested_at=ingested_at):
        graph.add(triple)
    return graph
