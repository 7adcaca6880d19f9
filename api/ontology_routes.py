"""/ontology: the vocabulary in Turtle, JSON-LD, N-Triples or HTML (content negotiation),
its SHACL shapes and the JSON-LD context of the graph's terms."""
from __future__ import annotations

import itertools
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from rdflib import URIRef
from rdflib.namespace import RDFS

from vanban.ontology.registry import ONTOLOGY_IRI, jsonld_context, read_resource, vocabulary
from vanban.ontology.terms import vocabulary_terms

from .errors import ApiError
from .negotiate import choose
from .pages import render

router = APIRouter(tags=["ontology"])

OFFERED = ("text/turtle", "text/html", "application/ld+json", "application/n-triples")
FORMATS = {"ttl": "text/turtle", "turtle": "text/turtle", "html": "text/html",
           "jsonld": "application/ld+json", "nt": "application/n-triples"}
Format = Annotated[str | None, Query(pattern="^(ttl|turtle|html|jsonld|nt)$",
                                     description="Overrides the Accept header")]


@router.get("/ontology", summary="The vanban vocabulary (Turtle, HTML, JSON-LD or N-Triples)")
def ontology(request: Request, format: Format = None) -> Response:
    media = FORMATS[format] if format else choose(request.headers.get("accept"), OFFERED)
    if media is None:
        raise ApiError(406, "not_acceptable", f"available: {', '.join(OFFERED)}")
    headers = {"Vary": "Accept"}
    if media == "text/turtle":  # the file itself, with its comments
        return Response(read_resource("vanban.ttl"), media_type="text/turtle; charset=utf-8",
                        headers=headers)
    if media == "application/ld+json":
        body = vocabulary().serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
        return Response(body, media_type=media, headers=headers)
    if media == "application/n-triples":
        return Response(vocabulary().serialize(format="nt"), media_type=media, headers=headers)
    groups = [(kind, list(terms))
              for kind, terms in itertools.groupby(vocabulary_terms(), key=lambda t: t.kind)]
    comments = {c.language: str(c) for c in vocabulary().objects(URIRef(ONTOLOGY_IRI), RDFS.comment)}
    html = render(request, "ontology.html", title="Từ vựng vanban · vanban vocabulary",
                  iri=ONTOLOGY_IRI, groups=groups, description_vi=comments.get("vi", ""),
                  description_en=comments.get("en", ""))
    return HTMLResponse(html, headers=headers)


@router.get("/ontology/shapes", summary="SHACL shapes every graph vanban writes conforms to")
def shapes() -> Response:
    return Response(read_resource("shapes.ttl"), media_type="text/turtle; charset=utf-8")


@router.get("/ontology/context.jsonld", summary="JSON-LD context for the graph's RDF terms")
def context() -> Response:
    return Response(read_resource("context.jsonld"), media_type="application/ld+json")
