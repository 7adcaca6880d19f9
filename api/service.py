"""SPARQL 1.1 Service Description of the endpoint (returned by GET /sparql without a query)."""
from __future__ import annotations

import functools

from rdflib import Graph

_TEMPLATE = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .
@prefix void: <http://rdfs.org/ns/void#> .
<{endpoint}#service> a sd:Service ;
  sd:endpoint <{endpoint}> ;
  sd:supportedLanguage sd:SPARQL11Query{update} ;
  sd:feature sd:UnionDefaultGraph ;
  sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML, fmt:SPARQL_Results_CSV,
    fmt:SPARQL_Results_TSV, fmt:Turtle, fmt:N-Triples, fmt:JSON-LD, fmt:RDF_XML, fmt:N-Quads ;
  sd:defaultDataset [ a sd:Dataset ;
    sd:defaultGraph [ a sd:Graph ] ] .
"""

_RDFLIB_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt",
                   "application/ld+json": "json-ld", "application/rdf+xml": "xml"}


@functools.lru_cache(maxsize=16)
def service_description(endpoint: str, *, update: bool, media_type: str) -> bytes:
    """The description in ``media_type`` (one of Turtle, N-Triples, JSON-LD, RDF/XML)."""
    turtle = _TEMPLATE.format(endpoint=endpoint,
                              update=", sd:SPARQL11Update" if update else "")
    if media_type == "text/turtle":
        return turtle.encode()
    graph = Graph().parse(data=turtle, format="turtle")
    return graph.serialize(format=_RDFLIB_FORMATS[media_type], encoding="utf-8")
