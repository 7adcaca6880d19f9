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
from .listing import CONTEXT_URL, document_globs, document_pattern, page, sparql_string
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
    store = get_store(request)
    filters = {"symbol": symbol, "doc_type": type, "issuer": issuer, "year": year}
    base = get_settings(request).base
    if store.index:
        total, items = _indexed_documents(store, document_globs(base, **filters), limit, offset)
    else:
        total, items = _queried_documents(store, document_pattern(base, **filters), limit, offset)
    return page(request, items, total, limit, offset)


def _indexed_documents(store, patterns: list[str], limit: int, offset: int
                       ) -> tuple[int, list[dict]]:
    """The page from the index, then year and date from one graph naming each document
    (over the union graph, a much-cited document's triples repeat once per citing text)."""
    total, found = store.index.documents(patterns, limit, offset)
    pairs = " ".join(f"({res.iri_ref(doc)} {res.iri_ref(g)})" for doc, _, _, g, _ in found if g)
    dated = {r["doc"]: r for r in res.rows(store, f"""
SELECT ?doc (SAMPLE(?y) AS ?year) (MIN(?d) AS ?date) WHERE {{ VALUES (?doc ?g) {{ {pairs} }}
  GRAPH ?g {{ {{ ?doc vnl:year ?y }} UNION {{ ?doc eli:date_document ?d }} }} }} GROUP BY ?doc""")
             } if pairs else {}
    return total, [_document_item({"doc": doc, "symbol": symbol, "title": title,
                                   "cited_by": cited_by, **dated.get(doc, {"year": None,
                                                                         "date": None})})
                   for doc, symbol, title, _, cited_by in found]


def _queried_documents(store, regex: str, limit: int, offset: int) -> tuple[int, list[dict]]:
    """Without an index: page the IRIs first, then read the properties of that page only
    (joining the OPTIONALs before paging repeats every document once per citing text)."""
    where = f"?doc a eli:LegalResource . FILTER(REGEX(STR(?doc), {sparql_string(regex)}))"
    total = int(res.rows(store, f"SELECT (COUNT(DISTINCT ?doc) AS ?n) WHERE {{ {where} }}")[0]["n"])
    docs = [r["doc"] for r in res.rows(store, f"SELECT DISTINCT ?doc WHERE {{ {where} }} "
                                              f"ORDER BY ?doc LIMIT {limit} OFFSET {offset}")]
    if not docs:
        return total, []
    values = " ".join(res.iri_ref(d) for d in docs)
    props = {r["doc"]: r for r in res.rows(store, f"""
SELECT ?doc (SAMPLE(?s) AS ?symbol) (SAMPLE(?t) AS ?title) (SAMPLE(?y) AS ?year)
       (MIN(?d) AS ?date) WHERE {{ VALUES ?doc {{ {values} }}
  {{ ?doc eli:id_local ?s }} UNION {{ ?doc eli:title ?t }} UNION {{ ?doc vnl:year ?y }}
  UNION {{ ?doc eli:date_document ?d }} }} GROUP BY ?doc""")}
    cited = {r["doc"]: r["n"] for r in res.rows(store, f"""
SELECT ?doc (COUNT(DISTINCT ?src) AS ?n) WHERE {{ VALUES ?doc {{ {values} }}
  ?src eli:cites ?doc . ?src a vnl:SourceText }} GROUP BY ?doc""")}
    empty = {"symbol": None, "title": None, "year": None, "date": None}
    return total, [_document_item({**empty, **props.get(d, {}), "doc": d,
                                   "cited_by": cited.get(d)}) for d in docs]


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
             agency: Annotated[str | None, Query(pattern=r"^[a-z0-9.-]{1,80}$")] = None,
             limit: Annotated[int | None, Query(ge=1, le=100_000, description="Rows")] = None,
             offset: Offset = 0) -> dict:
    """Rows by agency, role and month; ``limit``/``offset`` page them (all rows by default)."""
    iri = f"{get_settings(request).base.rstrip('/')}/id/agency/{agency}" if agency else None
    found = analytics.agency_workload(get_store(request), iri, limit=limit, offset=offset)
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
