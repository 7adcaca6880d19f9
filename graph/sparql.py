"""Run SPARQL over a Store and serialise the results in a negotiated format."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:  # not at run time: query worker processes start without rdflib
    from .store import Store

SOLUTION_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
# Short names for the `format` parameter and the CLI.
FORMAT_ALIASES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
    "ttl": "text/turtle", "nt": "application/n-triples", "ntriples": "application/n-triples",
    "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml", "nq": "application/n-quads",
}


class QuerySyntaxError(ValueError):
    """The query does not parse; the message carries the parser's position."""


@dataclass(frozen=True, slots=True)
class QueryOutcome:
    """An executed query: ``form`` is "solutions", "boolean" or "graph"."""

    form: str
    result: object

    @property
    def media_types(self) -> tuple[str, ...]:
        return tuple(GRAPH_FORMATS if self.form == "graph" else SOLUTION_FORMATS)

    def serialize(self, media_type: str) -> bytes:
        if self.form == "graph":
            return ox.serialize(self.result, format=GRAPH_FORMATS[media_type]) or b""
        return self.result.serialize(format=SOLUTION_FORMATS[media_type])


# An absolute IRI with nothing that could end an IRIREF in a query.
_IRI = re.compile(r"[a-z][a-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*", re.IGNORECASE)


def is_iri(text: str) -> bool:
    """Whether ``text`` may go between <> in a query: IRIREF-safe, and an IRI pyoxigraph parses."""
    if not _IRI.fullmatch(text):
        return False
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def run_query(store: Store, sparql: str) -> QueryOutcome:
    try:
        result = store.query(sparql)
    except SyntaxError as exc:
        raise QuerySyntaxError(str(exc)) from None
    if isinstance(result, ox.QuerySolutions):
        return QueryOutcome("solutions", result)
    if isinstance(result, ox.QueryBoolean):
        return QueryOutcome("boolean", result)
    return QueryOutcome("graph", result)


def select_rows(store: Store, sparql: str) -> tuple[list[str], list[list[str | None]]]:
    """A SELECT's variable names and rows of plain values (for tables and analytics)."""
    try:
        return store.select(sparql)
    except ValueError as exc:  # not a SELECT
        raise QuerySyntaxError(str(exc)) from None
