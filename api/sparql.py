"""SPARQL 1.1 Protocol endpoint at /sparql (query operation, read-only)."""
from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from vanban.graph.sparql import FORMAT_ALIASES, QuerySyntaxError, run_query

from .deps import get_settings, get_store
from .errors import ApiError
from .negotiate import choose

router = APIRouter()

SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .
[] a sd:Service ;
  sd:endpoint <{endpoint}> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:feature sd:UnionDefaultGraph ;
  sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML, fmt:SPARQL_Results_CSV,
    fmt:SPARQL_Results_TSV, fmt:Turtle, fmt:N-Triples, fmt:JSON-LD, fmt:RDF_XML, fmt:N-Quads .
"""


async def _query_from(request: Request) -> str | None:
    """The query string per the protocol: URL parameter, form field, or sparql-query body."""
    in_url = request.query_params.getlist("query")
    in_body: list[str] = []
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()
        if media == "application/sparql-query":
            in_body = [body.decode("utf-8", errors="replace")]
        elif media == "application/x-www-form-urlencoded":
            in_body = parse_qs(body.decode("utf-8", errors="replace")).get("query", [])
        elif media:
            raise ApiError(415, "unsupported_media_type",
                           f"POST /sparql takes application/sparql-query or a form, not {media}")
    queries = in_url + in_body
    if len(queries) > 1:
        raise ApiError(400, "ambiguous_query", "give exactly one query (in the URL or the body)")
    return queries[0] if queries else None


@router.api_route("/sparql", methods=["GET", "POST"], summary="SPARQL 1.1 query endpoint")
async def sparql(request: Request) -> Response:
    query = await _query_from(request)
    accept = request.headers.get("accept")
    if query is None:
        if request.method == "GET" and choose(accept, ["text/html", "text/turtle"]) == "text/html":
            return HTMLResponse(_QUERY_FORM)
        if request.method == "POST":
            raise ApiError(400, "missing_query", "no query given")
        return Response(SERVICE_DESCRIPTION.format(endpoint=str(request.url).split("?")[0]),
                        media_type="text/turtle")
    settings = get_settings(request)
    if len(query.encode()) > settings.sparql_max_query_bytes:
        raise ApiError(413, "query_too_long",
                       f"query longer than {settings.sparql_max_query_bytes} bytes")
    wanted = request.query_params.get("format")
    # Query and serialisation run in one worker thread: pyoxigraph results are thread-bound.
    body, media_type = await run_in_threadpool(_execute, get_store(request), query, accept, wanted)
    return Response(body, media_type=media_type)


def _execute(store, query: str, accept: str | None, wanted: str | None) -> tuple[bytes, str]:
    try:
        outcome = run_query(store, query)
    except QuerySyntaxError as exc:
        raise ApiError(400, "query_syntax", str(exc)) from None
    if wanted:
        media_type = FORMAT_ALIASES.get(wanted, wanted)
        if media_type not in outcome.media_types:
            raise ApiError(406, "not_acceptable", f"format {wanted!r} not available for this query; "
                           f"choose one of {', '.join(outcome.media_types)}")
    else:
        media_type = choose(_json_alias(accept), outcome.media_types)
        if media_type is None:
            raise ApiError(406, "not_acceptable",
                           f"none of {accept!r} is available; offered: {', '.join(outcome.media_types)}")
    return outcome.serialize(media_type), media_type


def _json_alias(accept: str | None) -> str | None:
    """Plain application/json means the SPARQL JSON results format to most clients."""
    if accept and "application/json" in accept and "sparql-results+json" not in accept:
        return accept.replace("application/json", "application/sparql-results+json")
    return accept


_QUERY_FORM = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>vanban SPARQL</title><meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;margin:1rem}textarea{width:100%;height:14rem;font-family:monospace}</style>
</head><body><h1>SPARQL query</h1>
<form method="get" action="/sparql"><textarea name="query">PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?doc ?id (COUNT(?src) AS ?citing) WHERE {
  ?src eli:cites ?doc . ?doc eli:id_local ?id .
} GROUP BY ?doc ?id ORDER BY DESC(?citing) LIMIT 20</textarea>
<p>Results as <select name="format"><option value="json">JSON</option><option value="csv">CSV</option>
<option value="tsv">TSV</option><option value="xml">XML</option></select> <button>Run</button></p>
</form></body></html>"""
