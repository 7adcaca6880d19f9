"""A remote SPARQL 1.1 server as a Store: Query, Update and the Graph Store Protocol.

Tested against OpenLink Virtuoso; any server with the three protocols and a
default graph that is the union of the named graphs works (Virtuoso's default;
Fuseki needs ``tdb2:unionDefaultGraph true``). Results are parsed with
pyoxigraph, so :func:`vanban.graph.sparql.run_query` serves them unchanged.

Each named graph is replaced with one Graph Store Protocol PUT, which the
protocol defines as atomic. Statistics and full-text search use a local
sidecar index only when ``index_path`` is given (only one writer then).
"""
from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox

from .index import StatsIndex
from .store import Store, StoreError, file_graph

# Graphs a server keeps for itself, not ours (Virtuoso's schema and service graphs).
SYSTEM_GRAPH_PREFIXES = ("http://www.openlinksw.com/", "http://www.w3.org/ns/ldp#",
                         "http://localuriqaserver/", "http://www.w3.org/2002/07/owl")
_RESULTS = {"application/sparql-results+xml": ox.QueryResultsFormat.XML,
            "application/sparql-results+json": ox.QueryResultsFormat.JSON,
            "text/tab-separated-values": ox.QueryResultsFormat.TSV}
_GRAPHS = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
           "text/turtle": ox.RdfFormat.TURTLE, "application/rdf+xml": ox.RdfFormat.RDF_XML}
# The query form decides what to accept (some servers mishandle mixed Accept lists).
_FORM = re.compile(r"(?is)^(?:\s+|#[^\n]*\n|(?:PREFIX\s+[\w.-]*:|BASE)\s*<[^>]*>)*(\w+)")


class RemoteError(StoreError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class RemoteStore(Store):
    """``url`` is the query endpoint; update and graph-store URLs default to Virtuoso's layout."""

    def __init__(self, url: str, *, update_url: str | None = None, gsp_url: str | None = None,
                 index_path: Path | None = None, timeout: float = 300,
                 system_graphs: tuple[str, ...] = SYSTEM_GRAPH_PREFIXES) -> None:
        self.url = url
        self.update_url = update_url or url
        self.gsp_url = gsp_url or url.rstrip("/") + "-graph-crud"
        self.timeout = timeout
        self.system_graphs = system_graphs
        try:
            self._request(self.url, "POST", urllib.parse.urlencode({"query": "ASK {}"}).encode(),
                          {"Content-Type": "application/x-www-form-urlencoded"})
        except StoreError as exc:
            raise StoreError(f"no SPARQL server at {url}: {exc}") from None
        if index_path:
            self.index = StatsIndex(index_path)
            self.recover()
            if self.index.is_new:
                self.reindex()

    # -- HTTP ---------------------------------------------------------------------------
    def _request(self, url: str, method: str, body: bytes | None,
                 headers: Mapping[str, str]) -> tuple[str, bytes]:
        req = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.headers.get_content_type(), resp.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:500]
            if method == "DELETE" and exc.code == 404:
                return "", b""
            raise RemoteError(exc.code, f"HTTP {exc.code} from {url}: {detail}") from None
        except OSError as exc:
            raise StoreError(f"{url}: {exc}") from None

    def _graph_url(self, graph: str) -> str:
        return f"{self.gsp_url}?{urllib.parse.urlencode({'graph': graph})}"

    # -- primitives ---------------------------------------------------------------------
    def query(self, sparql: str, **options):
        """``default_graph`` / ``named_graphs`` become the protocol's dataset parameters."""
        params = [("query", sparql)]
        params += [("default-graph-uri", str(g)) for g in options.get("default_graph", ())]
        params += [("named-graph-uri", str(g)) for g in options.get("named_graphs", ())]
        body = urllib.parse.urlencode(params).encode()
        try:
            media, data = self._request(self.url, "POST", body, {
                "Content-Type": "application/x-www-form-urlencoded", "Accept": _accept(sparql)})
        except RemoteError as exc:
            if exc.status == 400:  # the server's parser rejected the query
                raise SyntaxError(str(exc)) from None
            raise
        if media in _RESULTS:
            return _boolean_fix(ox.parse_query_results(data, _RESULTS[media]))
        if media in _GRAPHS:
            return [ox.Triple(q.subject, q.predicate, q.object)
                    for q in ox.parse(data, format=_GRAPHS[media])]
        raise StoreError(f"{self.url} answered {media or 'nothing'} to a query")

    def _update(self, sparql: str) -> None:
        self._request(self.update_url, "POST", urllib.parse.urlencode({"update": sparql}).encode(),
                      {"Content-Type": "application/x-www-form-urlencoded"})

    def _write(self, new: Mapping[str, str], changed: Mapping[str, str]) -> None:
        for graph, text in {**new, **changed}.items():
            # N-Triples is Turtle; a PUT replaces the graph in one step.
            self._request(self._graph_url(graph), "PUT", text.encode(),
                          {"Content-Type": "text/turtle; charset=utf-8"})

    def _drop(self, graph: str) -> bool:
        present = graph in set(self._named_graphs())
        if present:
            self._request(self._graph_url(graph), "DELETE", None, {})
        return present

    def _bulk_file(self, path: Path, fmt: ox.RdfFormat) -> None:
        """Parse locally and POST each named graph's triples (batches keep requests small)."""
        default = file_graph(path)
        batch: dict[str, list[str]] = {}
        size = 0
        for q in ox.parse(path=str(path), format=fmt):
            graph = default if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
            batch.setdefault(graph, []).append(f"{q.subject} {q.predicate} {q.object} .\n")
            size += 1
            if size >= 50_000:
                self._post(batch)
                batch, size = {}, 0
        self._post(batch)

    def _post(self, batch: Mapping[str, list[str]]) -> None:
        for graph, lines in batch.items():
            self._request(self._graph_url(graph), "POST", "".join(lines).encode(),
                          {"Content-Type": "text/turtle; charset=utf-8"})

    def _named_graphs(self) -> Iterable[str]:
        # GROUP BY, not DISTINCT: Virtuoso 7 takes minutes over DISTINCT ?g on a few thousand triples.
        _, rows = self.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return [g for (g,) in rows if not g.startswith(self.system_graphs)]

    def graph_triples(self, graph: str) -> Iterator[tuple[str, str, str]]:
        for t in self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"):
            yield t.subject.value, t.predicate.value, t.object.value

    def _count(self) -> int:
        _, rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return sum(int(n) for g, n in rows if not g.startswith(self.system_graphs))


def _accept(sparql: str) -> str:
    m = _FORM.match(sparql)
    graph_form = bool(m) and m[1].upper() in ("CONSTRUCT", "DESCRIBE")
    return "application/n-triples" if graph_form else "application/sparql-results+xml"


def _boolean_fix(result):
    """Virtuoso answers ASK as a one-cell table ``__ASK_RETVAL``; turn it back into a boolean."""
    if isinstance(result, ox.QuerySolutions) and \
            [v.value for v in result.variables] == ["__ASK_RETVAL"]:
        value = any(sol["__ASK_RETVAL"].value not in ("0", "false") for sol in result)
        return ox.parse_query_results(f'{{"head":{{}},"boolean":{str(value).lower()}}}',
                                      ox.QueryResultsFormat.JSON)
    return result
