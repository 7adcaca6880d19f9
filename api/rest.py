"""JSON API under /api: documents, search, statistics (agencies and tasks in rest_agencies.py).

Every item carries ``id`` (its IRI) and the responses name a JSON-LD
``@context`` (GET /api/context.jsonld), so a JSON-LD processor reads them as
RDF with the graph's own vocabulary.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from vanban.graph import analytics

from . import ingest_http, rest_agencies
from . import resources as res
from .deps import get_settings, get_store
from .errors import ApiError
from .listing import CONTEXT_URL, document_pattern, page, sparql_string
from .pages import render
from .search import KINDS, SearchIndex

router = APIRouter()
api = APIRouter(prefix="/api", tags=["api"])
CONTEXT = {"@context": {
    "eli": "http://data.europa.eu/eli/ontology#", "vnl": "https://w3id.org/vanban/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "id": "@id", "kind": "@type",
    "symbol": "eli:id_local", "title": "eli:title", "date": {"@id": "eli:date_document"},
    "year": "vnl:year", "label": "skos:prefLabel", "text": "vnl:taskText",
    "deadline": "vnl:deadline", "due": {"@id": "vnl:dueBy", "@type": "xsd:date"},
    "source": {"@id": "vnl:assignedIn", "@type": "@id"},
    "xsd": "http://www.w3.org/2001/XMLSchema#", "items": "@graph"}}
Limit = Annotated[int, Query(ge=1, le=1000, description="Page size")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip")]
Slug = Annotated[str | None, Query(pattern=r"^[a-z0-9.-]{1,40}$")]
_SEARCH = SearchIndex()


@api.get("/documents", summary="Documents, by symbol or filtered by type, issuer and year")
def documents(request: Request, symbol: Annotated[str | None, Query(max_length=80)] = None,
              type: Slug = None, issuer: Slug = None,
              year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
              limit: Limit = 50, offset: Offset = 0) -> dict:
    """``?symbol=23/NQ-CP&year=2019`` finds one document; type/issuer are IRI slugs (nq, cp)."""
    regex = document_pattern(get_settings(request).base, symbol=symbol, doc_type=type,
                             issuer=issuer, year=year)
    where = f"""?doc a eli:LegalResource . FILTER(REGEX(STR(?doc), {sparql_string(regex)}))"""
    store = get_store(request)
    total = int(res.rows(store, f"SELECT (COUNT(?doc) AS ?n) WHERE {{ {where} }}")[0]["n"])
    items = res.rows(store, f"""
SELECT ?doc ?symbol ?title ?year ?date (COUNT(DISTINCT ?src) AS ?cited_by) WHERE {{ {where}
  OPTIONAL {{ ?doc eli:id_local ?symbol }} OPTIONAL {{ ?doc eli:title ?title }}
  OPTIONAL {{ ?doc vnl:year ?year }} OPTIONAL {{ ?doc eli:date_document ?date }}
  OPTIONAL {{ ?src a vnl:SourceText ; eli:cites ?doc }}
}} GROUP BY ?doc ?symbol ?title ?year ?date ORDER BY ?doc LIMIT {limit} OFFSET {offset}""")
    return page(request, [_document_item(r) for r in items], total, limit, offset)


def _document_item(row: dict) -> dict:
    return {"id": row["doc"], "kind": "eli:LegalResource", "symbol": row["symbol"],
            "title": row["title"], "year": int(row["year"]) if row["year"] else None,
            "date": row["date"], "cited_by": int(row["cited_by"] or 0)}


@api.get("/sources", summary="Source texts ingested into the graph")
def sources(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict:
    store = get_store(request)
    total = int(res.rows(store, "SELECT (COUNT(?s) AS ?n) WHERE { ?s a vnl:SourceText }")[0]["n"])
    items = res.rows(store, f"""
SELECT ?id ?name ?title ?date WHERE {{ ?id a vnl:SourceText .
  OPTIONAL {{ ?id vnl:fileName ?name }} OPTIONAL {{ ?id dcterms:title ?title }}
  OPTIONAL {{ ?id dcterms:date ?date }} }} ORDER BY ?id LIMIT {limit} OFFSET {offset}""")
    return page(request, [{"kind": "vnl:SourceText", **r} for r in items], total, limit, offset)


@api.get("/documents/{path:path}", summary="One document or source text by its IRI path")
def document(request: Request, path: str) -> dict:
    """``/api/documents/eli/vn/cp/nq/2019/23``: metadata, citations in and out, amendment
    chain and the tasks citing it."""
    iri = f"{get_settings(request).base.rstrip('/')}/{path.lstrip('/')}"
    store = get_store(request)
    props = res.properties(store, iri)
    kind = res.kind_of(props)
    if kind not in ("document", "source"):
        raise ApiError(404, "not_found", f"no document or source text at {iri}")
    props.pop("cnt:chars", None)
    item = {"@context": CONTEXT_URL, "id": iri, "kind": kind,
            "symbol": res.first(props, "eli:id_local"),
            "title": res.first(props, "eli:title") or res.first(props, "dcterms:title"),
            "properties": props}
    links = res.document_links(store, iri)
    if kind == "source":
        links.update(res.source_links(store, iri))
    return {**item, **links}


@api.get("/search", summary="Diacritic- and case-insensitive search")
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=200)],
           kind: Annotated[list[Literal[KINDS]] | None, Query()] = None,  # type: ignore[valid-type]
           limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict:
    """``q=bo ke hoach`` finds ``Bộ Kế hoạch và Đầu tư``; every word must occur."""
    hits = _SEARCH.search(get_store(request), q, kinds=tuple(kind or KINDS), limit=limit)
    return {"@context": CONTEXT_URL, "query": q, "items": [
        {"id": h.id, "kind": h.kind, "label": h.label, "detail": h.detail} for h in hits]}


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
async def search_page(request: Request, q: str = "") -> HTMLResponse:
    hits = await run_in_threadpool(_SEARCH.search, get_store(request), q[:200], limit=100)
    return HTMLResponse(render(request, "search.html", title="Search", query=q, hits=hits))


@api.get("/stats/most-cited", summary="Documents cited by the most source texts")
def most_cited(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 20) -> dict:
    found = analytics.most_cited(get_store(request), limit)
    return {"@context": CONTEXT_URL, "items": [asdict(d) for d in found]}


@api.get("/stats/workload", summary="Tasks per agency, role and deadline month")
def workload(request: Request,
             agency: Annotated[str | None, Query(pattern=r"^[a-z0-9.-]{1,80}$")] = None) -> dict:
    iri = f"{get_settings(request).base.rstrip('/')}/id/agency/{agency}" if agency else None
    found = analytics.agency_workload(get_store(request), iri)
    return {"@context": CONTEXT_URL, "items": [asdict(w) for w in found]}


@api.get("/stats/unresolved", summary="Citations whose year is unknown")
def unresolved(request: Request, include_resolved: bool = False) -> dict:
    found = analytics.unresolved_citations(get_store(request), include_resolved=include_resolved)
    return {"@context": CONTEXT_URL, "items": [asdict(u) for u in found]}


@api.get("/context.jsonld", summary="JSON-LD context of the API's responses")
def context() -> JSONResponse:
    return JSONResponse(CONTEXT, media_type="application/ld+json")


api.include_router(rest_agencies.router)
api.include_router(ingest_http.router)
router.include_router(api)
