"""SPARQL 1.1 Protocol endpoint at /sparql: query, optional update, service description.

Requests follow https://www.w3.org/TR/sparql11-protocol/: a query by GET
``query=``, by POST form or by POST ``application/sparql-query``, with
``default-graph-uri`` / ``named-graph-uri``; an update only by POST, only
when an update token is configured. Results are negotiated by ``Accept``
(q-values) or by a ``format`` parameter.
"""
from __future__ import annotations

import hmac

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from vanban.graph.protocol import (DatasetError, DeadlinePassed, MediaChoice, NotAcceptable,
                                   ResultTooLarge, execute)
from vanban.graph.queries import load_query
from vanban.graph.sparql import FORMAT_ALIASES, GRAPH_FORMATS, SOLUTION_FORMATS, QuerySyntaxError

from .deps import get_settings, get_store
from .errors import ApiError
from .negotiate import choose
from .pages import render
from .service import service_description

router = APIRouter()

FORM, QUERY_BODY, UPDATE_BODY = ("application/x-www-form-urlencoded", "application/sparql-query",
                                 "application/sparql-update")
# Media types clients send for the standard ones, per result form.
_SYNONYMS = {
    "solutions": {"application/json": "application/sparql-results+json",
                  "application/xml": "application/sparql-results+xml",
                  "text/xml": "application/sparql-results+xml"},
    "graph": {"application/json": "application/ld+json", "application/xml": "application/rdf+xml",
              "text/xml": "application/rdf+xml", "application/x-turtle": "text/turtle",
              "application/turtle": "text/turtle", "text/plain": "application/n-triples"},
}
_FORM_ALIASES = {"solutions": {"xml": "application/sparql-results+xml",
                               "json": "application/sparql-results+json"},
                 "graph": {"xml": "application/rdf+xml", "json": "application/ld+json",
                           "rdf": "application/rdf+xml"}}
# Strings, IRIs and comments are blanked before looking for the SERVICE keyword.
_OPAQUE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
                     r"|'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\n]*")
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
# Prefilled editor tabs for analysts (graph/queries/<name>.rq).
EXAMPLES = (("Most-cited documents", "most_cited", "LIMIT 20"),
            ("Tasks of an agency by deadline", "agency_tasks_by_deadline", ""),
            ("Documents amending a document", "documents_amending", ""))


@dataclass
class Operation:
    kind: str  # "query" or "update"
    text: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


async def _operation(request: Request) -> Operation | None:
    """The one operation of a request, per the protocol; None for a bare GET."""
    url = request.query_params
    fields: dict[str, list[str]] = {}
    if request.method == "POST":
        media, _, params = request.headers.get("content-type", "").partition(";")
        media = media.strip().lower()
        charset = params.partition("charset=")[2].split(";")[0].strip().strip('"').lower()
        if charset and charset not in ("utf-8", "utf8"):
            raise ApiError(415, "unsupported_charset", f"SPARQL is UTF-8, not {charset}")
        try:
            body = (await _read_body(request)).decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(400, "bad_encoding", "the request body is not UTF-8") from None
        if media == FORM:
            fields = parse_qs(body, keep_blank_values=True)
        elif media in (QUERY_BODY, UPDATE_BODY):
            fields = {"query" if media == QUERY_BODY else "update": [body]}
        else:
            raise ApiError(415, "unsupported_media_type",
                           f"POST /sparql takes {QUERY_BODY}, {UPDATE_BODY} or a form, "
                           f"not {media or 'a body without Content-Type'}")
    if url.getlist("update") and request.method != "POST":
        raise ApiError(400, "update_needs_post", "SPARQL Update is only accepted by POST")
    texts = [("query", q) for q in url.getlist("query") + fields.get("query", [])]
    texts += [("update", u) for u in url.getlist("update") + fields.get("update", [])]
    if len(texts) > 1:
        raise ApiError(400, "ambiguous_operation",
                       "give exactly one query or update (in the URL or in the body, not both)")
    if not texts:
        if request.method == "POST":
            raise ApiError(400, "missing_query", "no query or update in the request")
        return None
    kind, text = texts[0]

    def graphs(name: str) -> list[str]:
        return fields.get(name, []) + url.getlist(name)

    if kind == "update" and (graphs("using-graph-uri") or graphs("using-named-graph-uri")):
        raise ApiError(400, "unsupported_dataset", "using-graph-uri is not supported; "
                       "use USING or WITH in the update itself")
    return Operation(kind, text, graphs("default-graph-uri"), graphs("named-graph-uri"))


async def _read_body(request: Request) -> bytes:
    """The body, refused with 413 as soon as it passes the limit (also when it is chunked
    and has no Content-Length). A form may percent-encode every byte: three bytes each."""
    limit = 3 * get_settings(request).sparql_max_query_bytes
    too_long = ApiError(413, "query_too_long", "request body too large for a SPARQL query")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_long
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_long
        chunks.append(chunk)
    return b"".join(chunks)


_RESPONSES = {400: {"description": "Syntax error or bad request"},
              406: {"description": "No acceptable result format"},
              503: {"description": "Timeout or all workers busy"}}
_PARAMETERS = [
    {"name": "query", "in": "query", "schema": {"type": "string"},
     "description": "The SPARQL query; without it, the service description (or the editor)"},
    {"name": "format", "in": "query", "description": "Overrides Accept",
     "schema": {"type": "string", "enum": sorted(FORMAT_ALIASES)}},
    *({"name": name, "in": "query", "schema": {"type": "array", "items": {"type": "string"}},
       "description": "Dataset graph IRI (repeatable)"}
      for name in ("default-graph-uri", "named-graph-uri")),
]


@router.get("/sparql", operation_id="sparql_get", summary="SPARQL 1.1 query (GET)",
            responses=_RESPONSES, openapi_extra={"parameters": _PARAMETERS})
@router.post("/sparql", operation_id="sparql_post", summary="SPARQL 1.1 query or update (POST)",
             responses=_RESPONSES)
async def sparql(request: Request) -> Response:
    """SPARQL 1.1 Protocol. Without a query: the service description, or the editor for browsers."""
    operation = await _operation(request)
    settings = get_settings(request)
    accept = request.headers.get("accept")
    if operation is None:
        return _describe_service(request, accept)
    if len(operation.text.encode()) > settings.sparql_max_query_bytes:
        raise ApiError(413, "query_too_long",
                       f"query longer than {settings.sparql_max_query_bytes} bytes")
    if operation.kind == "update":
        return await _update(request, operation)
    if not settings.sparql_allow_service and _SERVICE.search(_OPAQUE.sub(" ", operation.text)):
        raise ApiError(400, "service_disabled",
                       "SERVICE (federated query) is disabled on this endpoint")
    wanted = request.query_params.get("format") or request.query_params.get("output")
    choice, refusals = _negotiate(accept, wanted)
    try:
        body, media_type = await request.app.state.runner.run(
            execute, operation.text, choice, default_graphs=operation.default_graphs,
            named_graphs=operation.named_graphs, max_bytes=settings.sparql_max_result_bytes)
    except NotAcceptable as exc:
        raise refusals[exc.args[0]] from None
    except (QuerySyntaxError, DatasetError, ResultTooLarge, DeadlinePassed, OSError) as exc:
        raise _query_error(exc) from None
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})


def _negotiate(accept: str | None, wanted: str | None) -> tuple[MediaChoice, dict[str, ApiError]]:
    """The media type for each result form, decided before the query runs (it may run in
    a worker process), and the 406 to give for a form with none."""
    choices: dict[str, str | None] = {}
    refusals: dict[str, ApiError] = {}
    for form, offered in (("solutions", SOLUTION_FORMATS), ("graph", GRAPH_FORMATS)):
        try:
            choices[form] = _pick_media_type(form, tuple(offered), accept, wanted)
        except ApiError as exc:
            choices[form], refusals[form] = None, exc
    return MediaChoice(**choices), refusals


def _query_error(exc: Exception) -> ApiError:
    if isinstance(exc, QuerySyntaxError):
        return ApiError(400, "query_syntax", str(exc))
    if isinstance(exc, DatasetError):
        return ApiError(400, "bad_dataset", str(exc))
    if isinstance(exc, ResultTooLarge):
        return ApiError(413, "result_too_large", f"{exc}; add a LIMIT or select fewer variables")
    if isinstance(exc, DeadlinePassed):
        return ApiError(503, "query_timeout", str(exc))
    return ApiError(400, "query_failed", str(exc))  # evaluation errors (e.g. a SERVICE call)


def _pick_media_type(form: str, offered: tuple[str, ...], accept: str | None,
                     wanted: str | None) -> str:
    if wanted:
        media_type = _FORM_ALIASES[form].get(wanted) or FORMAT_ALIASES.get(wanted, wanted)
        if media_type not in offered:
            raise ApiError(406, "not_acceptable", f"format {wanted!r} is not available for this "
                           f"query; choose one of {', '.join(offered)}")
        return media_type
    synonyms = _SYNONYMS[form]
    choice = choose(accept, [*offered, *synonyms])
    if choice is None:
        raise ApiError(406, "not_acceptable",
                       f"none of {accept!r} is available; offered: {', '.join(offered)}")
    return synonyms.get(choice, choice)


def _describe_service(request: Request, accept: str | None) -> Response:
    settings = get_settings(request)
    formats = ["text/turtle", "application/n-triples", "application/ld+json",
               "application/rdf+xml"]
    choice = choose(accept, ["text/html", *formats]) if accept else "text/turtle"
    if choice == "text/html":
        examples = [{"name": name, "query": load_query(query).rstrip() + f"\n{tail}"}
                    for name, query, tail in EXAMPLES]
        return HTMLResponse(render(request, "yasgui.html", title="SPARQL query editor",
                                   examples=examples))
    if choice is None:
        raise ApiError(406, "not_acceptable", f"the service description comes as {formats}")
    endpoint = str(request.url).split("?")[0]
    body = service_description(endpoint, update=bool(settings.update_token), media_type=choice)
    return Response(body, media_type=choice, headers={"Vary": "Accept"})


async def _update(request: Request, operation: Operation) -> Response:
    settings = get_settings(request)
    if not settings.update_token:
        raise ApiError(403, "read_only", "this endpoint is read-only (no update token configured)")
    if not hmac.compare_digest(request.headers.get("authorization", "").encode(),
                               f"Bearer {settings.update_token}".encode()):
        raise ApiError(401, "unauthorized", "SPARQL Update needs 'Authorization: Bearer <token>'")
    # In the server process, not a query worker: they read snapshots and cannot write.
    # No time budget: a write cannot be stopped half-way, and the token holder is trusted.
    try:
        await run_in_threadpool(get_store(request).update, operation.text)
    except SyntaxError as exc:
        raise ApiError(400, "update_syntax", str(exc)) from None
    except OSError as exc:
        raise ApiError(400, "update_failed", str(exc)) from None
    return Response(status_code=204)
