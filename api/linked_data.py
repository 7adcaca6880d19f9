"""Dereferencing: every IRI the graph mints answers at its own path on this server.

``{base}/eli/vn/cp/nq/2019/23`` is served at ``/eli/vn/cp/nq/2019/23``. The
representation is chosen by direct content negotiation (200 with ``Vary:
Accept``, no 303): browsers get an HTML page, RDF clients the resource's
description (its triples in both directions) as Turtle, JSON-LD, N-Triples or
RDF/XML. ``?format=ttl|jsonld|nt|rdfxml|html`` overrides ``Accept``; the
alternates are listed in a ``Link`` header.
"""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from vanban.graph.protocol import execute
from vanban.graph.sparql import FORMAT_ALIASES

from . import resources as res
from .deps import get_settings, get_store
from .errors import ApiError
from .negotiate import choose
from .pages import Mark, markup_text, render

router = APIRouter()
RDF_TYPES = ("text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml")
_SUFFIX = {"text/turtle": "ttl", "application/ld+json": "jsonld",
           "application/n-triples": "nt", "application/rdf+xml": "rdfxml"}


@router.get("/eli/{path:path}", include_in_schema=False)
@router.get("/id/{path:path}", include_in_schema=False)
async def dereference(request: Request, path: str) -> Response:
    iri = get_settings(request).base.rstrip("/") + request.url.path
    wanted = request.query_params.get("format")
    if wanted:
        media_type = "text/html" if wanted == "html" else FORMAT_ALIASES.get(wanted, "")
        if media_type not in ("text/html", *RDF_TYPES):
            raise ApiError(406, "not_acceptable", f"format {wanted!r}: use html, ttl, jsonld, "
                           "nt or rdfxml")
    else:
        media_type = choose(request.headers.get("accept"), ["text/html", *RDF_TYPES])
        if media_type is None:
            raise ApiError(406, "not_acceptable", f"this resource comes as {', '.join(RDF_TYPES)} "
                           "or text/html")
    alternates = (f'<{request.url.path}?format={s}>; rel="alternate"; type="{t}"'
                  for t, s in _SUFFIX.items())
    headers = {"Vary": "Accept", "Link": ", ".join(alternates)}
    if media_type == "text/html":
        page = await run_in_threadpool(_page, request, iri)
        return HTMLResponse(page, headers=headers)
    body = await run_in_threadpool(_description, request, iri, media_type)
    return Response(body, media_type=media_type, headers=headers)


def _description(request: Request, iri: str, media_type: str) -> bytes:
    store, settings = get_store(request), get_settings(request)
    _require(store, iri)
    body, _ = execute(store, res.describe_query(iri), lambda _: media_type,
                      max_bytes=settings.sparql_max_result_bytes, deadline=float("inf"))
    return body


def _require(store, iri: str) -> None:
    this = res.iri_ref(iri)
    query = f"SELECT ?x WHERE {{ {{ {this} ?p ?x }} UNION {{ ?x ?p {this} }} }} LIMIT 1"
    if not res.rows(store, query):
        raise ApiError(404, "not_found", f"nothing is known about {iri}")


def _page(request: Request, iri: str) -> str:
    store = get_store(request)
    _require(store, iri)
    props = res.properties(store, iri)
    kind = res.kind_of(props) or "resource"
    context: dict = {"iri": iri, "props": props, "kind": kind, "first": res.first}
    if kind == "document":
        context.update(res.document_links(store, iri))
    elif kind == "source":
        links = res.source_links(store, iri)
        context.update(links, text=_marked_source(request, res.source_text(store, iri), links))
    elif kind == "agency":
        context["tasks"] = res.agency_tasks(store, iri, "any")
    elif kind == "task":
        context["task"] = next(iter(res.task_rows(store, f"VALUES ?task {{ {res.iri_ref(iri)} }}")),
                               None)
    context["title"] = res.labels(store, iri)["label"] if kind == "agency" else None
    context["title"] = context["title"] or _title(kind, props, iri)
    template = kind if kind in ("document", "source", "agency", "task") else "resource"
    return render(request, f"{template}.html", **context)


def _title(kind: str, props: dict[str, list[str]], iri: str) -> str:
    first = res.first
    if kind == "document":
        return first(props, "eli:id_local") or first(props, "eli:title") or iri
    if kind == "source":
        name = first(props, "vnl:fileName")
        return first(props, "dcterms:title") or (name.rsplit("/", 1)[-1] if name else iri)
    if kind == "agency":
        return first(props, "skos:prefLabel") or iri
    if kind == "task":
        return f"Task {iri.rsplit('/', 1)[-1]}"
    return iri


def _marked_source(request: Request, text: str | None, links: dict) -> object:
    if text is None:
        return None
    base = get_settings(request).base.rstrip("/")

    def local(iri: str) -> str:
        return iri[len(base):] if iri.startswith(base + "/") else iri

    tasks = [Mark(int(t["start"]), int(t["end"]), "task", local(t["task"]), t["text"][:80])
             for t in links["tasks"]]
    inner = [Mark(int(c["start"]), int(c["end"]), "cite", local(c["doc"]),
                  f'{c.get("relation") or "cites"}: {c.get("id") or c.get("title") or ""}')
             for c in links["cites"]]
    for t in links["tasks"]:
        phrase = t.get("deadline_text")
        at = text.find(phrase, int(t["start"]), int(t["end"])) if phrase else -1
        if at >= 0:
            inner.append(Mark(at, at + len(phrase), "deadline", "", t.get("deadline") or ""))
    names = {a["agency"]: a["label"] for a in links["agencies"]}
    inner += [Mark(int(a["start"]), int(a["end"]), "agency", local(a["agency"]),
                   names.get(a["agency"], "")) for a in links["agency_spans"]]
    return markup_text(text, tasks, inner)
