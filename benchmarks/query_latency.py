"""Query latency p50/p95 on a loaded store: vanban's answer against raw pyoxigraph.

    python benchmarks/store_load.py /tmp/c100k.nq --keep /tmp/s100k
    python benchmarks/query_latency.py /tmp/s100k [--runs 15]

For each query the raw side is pyoxigraph's Store.query over the same store
(union default graph), rows materialised. vanban's side is what the library
serves: the same SPARQL through Store.query for lookups, the SQLite index for
an agency's tasks, most-cited / workload / triple count, the FTS5 index for substring
search over task text, and the JSON listings (GET /api/documents, /api/agencies, in
process) whose one-query SPARQL form took minutes on 150 documents (no raw side: "-").
Targets: vanban <= 1.2x raw on every query; lookups and listings p50 < 100 ms.
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pyoxigraph as ox
from fastapi.testclient import TestClient

from vanban.api.app import create_app
from vanban.api.settings import Settings
from vanban.graph import analytics
from vanban.graph.queries import load_query
from vanban.graph.store import OxigraphStore

P = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX vnl: <https://w3id.org/vanban/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, object]:
    fn()  # warm the caches once
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))], result


def rows(raw: ox.Store, sparql: str) -> list:
    result = raw.query(sparql, use_default_graph_as_union=True)
    return [[t.value if t is not None else None for t in sol] for sol in result]


def pick(raw: ox.Store) -> dict[str, str]:
    """Subjects for the lookups: a mid-ranked document, a replaced one, a busy agency, a source."""
    cited = rows(raw, P + "SELECT ?d (COUNT(*) AS ?n) WHERE { ?s eli:cites ?d } GROUP BY ?d "
                          "ORDER BY DESC(?n) LIMIT 200")
    chain = rows(raw, P + "SELECT ?d WHERE { ?s vnl:replaces ?d . ?x vnl:replaces ?d2 . "
                          "?d2 eli:is_realized_by ?s } LIMIT 1") or \
        rows(raw, P + "SELECT ?d WHERE { ?s vnl:replaces ?d } LIMIT 1")
    agency = rows(raw, P + "SELECT ?a WHERE { ?t vnl:leadAgency ?a } LIMIT 1")
    source = rows(raw, P + "SELECT ?s WHERE { ?s eli:cites ?d } LIMIT 1 OFFSET 5000")
    return {"doc": cited[100][0], "chain": chain[0][0], "agency": agency[0][0],
            "source": source[0][0]}


def cases(store: OxigraphStore, raw: ox.Store, x: dict[str, str]) -> list[tuple]:
    """(name, kind, raw SPARQL or None, vanban callable)."""
    citing = P + f"SELECT ?src WHERE {{ ?src eli:cites <{x['doc']}> }}"
    chain = P + (f"SELECT ?later WHERE {{ ?later (eli:is_realized_by/(eli:amends|vnl:replaces|"
                 f"eli:repeals))+ <{x['chain']}> }}")
    tasks = P + (f"SELECT ?task ?due WHERE {{ ?task vnl:leadAgency <{x['agency']}> ; "
                 f"vnl:dueBy ?due FILTER(?due >= \"2015-01-01\"^^xsd:date && "
                 f"?due <= \"2015-12-31\"^^xsd:date) }}")
    hop2 = P + (f"SELECT DISTINCT ?d2 WHERE {{ <{x['source']}> eli:cites ?d1 . "
                f"?d1 eli:is_realized_by ?s1 . ?s1 eli:cites ?d2 }}")
    search = P + ('SELECT ?task ?text WHERE { ?task vnl:taskText ?text '
                  'FILTER(CONTAINS(?text, "Bộ Y tế chủ trì")) } LIMIT 50')
    return [
        ("documents citing X", "lookup", citing, lambda: store.select(citing)),
        # raw: the plain in-degree aggregation (load_query("most_cited"), which also folds in
        # resolved citations, takes minutes in pyoxigraph at this size)
        ("top-20 most cited", "precomputed", P + "SELECT ?d (COUNT(?s) AS ?n) WHERE { ?s eli:cites ?d }"
         " GROUP BY ?d ORDER BY DESC(?n) LIMIT 20",
         lambda: analytics.most_cited(store, 20)),
        ("amendment chain of X (path)", "lookup", chain, lambda: store.select(chain)),
        ("agency tasks due in a year", "index", tasks,
         lambda: analytics.agency_tasks(store, x["agency"], role="lead",
                                        due_from=date(2015, 1, 1), due_to=date(2015, 12, 31))),
        ("2-hop citation neighbourhood", "lookup", hop2, lambda: store.select(hop2)),
        ("count of triples", "precomputed", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
         lambda: len(store)),
        ("agency workload, all", "precomputed", load_query("workload"),
         lambda: analytics.agency_workload(store)),
        ("agency workload, page of 1000", "precomputed", None,
         lambda: analytics.agency_workload(store, limit=1000)),
        ("substring search, task text", "fts5", search,
         lambda: analytics.search_tasks(store, "Bộ Y tế chủ trì", limit=50)),
        *listings(store),
    ]


def listings(store: OxigraphStore) -> list[tuple]:
    """The JSON listings, through the app in process (no socket)."""
    # /api/documents and /api/agencies read the index: no query workers are needed
    settings = Settings(store=None, access_log=False, sparql_processes=False)
    client = TestClient(create_app(settings, store=store))

    def get(path: str) -> Callable[[], object]:
        def call() -> object:
            response = client.get(path)
            response.raise_for_status()
            return response.json()
        return call
    return [("GET /api/documents, page of 50", "listing", None, get("/api/documents?limit=50")),
            ("GET /api/documents?type=nd", "listing", None, get("/api/documents?type=nd")),
            ("GET /api/documents, offset 10000", "listing", None,
             get("/api/documents?limit=50&offset=10000")),
            ("GET /api/agencies, page of 50", "listing", None, get("/api/agencies?limit=50")),
            ("GET /api/agencies?q=bo tai chinh", "listing", None,
             get("/api/agencies?q=bo+tai+chinh"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--raw-runs", type=int, default=15,
                        help="cap on raw runs (the raw workload takes seconds)")
    args = parser.parse_args()
    store = OxigraphStore(args.store)
    raw = store._ox  # the very same pyoxigraph store: same data, same caches
    x = pick(raw)
    print(f"store: {args.store}, {len(store)} triples; X = {x['doc']}")
    print(f"{'query':32}{'kind':>12}{'raw p50':>10}{'raw p95':>10}{'vanban p50':>12}"
          f"{'vanban p95':>12}{'ratio':>8}")
    for name, kind, sparql, ours in cases(store, raw, x):
        started = time.perf_counter()
        ours()
        cold = time.perf_counter() - started
        v50, v95, _ = timed(ours, args.runs)
        if sparql is None:
            print(f"{name:32}{kind:>12}{'-':>11}{'-':>11}{v50 * 1e3:11.1f}ms{v95 * 1e3:11.1f}ms"
                  f"{'-':>8}   first {cold * 1e3:.1f}ms")
            continue
        r50, r95, _ = timed(lambda: rows(raw, sparql), min(args.runs, args.raw_runs))
        print(f"{name:32}{kind:>12}{r50 * 1e3:9.1f}ms{r95 * 1e3:9.1f}ms{v50 * 1e3:11.1f}ms"
              f"{v95 * 1e3:11.1f}ms{v50 / r50:7.2f}x   first {cold * 1e3:.1f}ms")
    t = time.perf_counter()
    links = analytics.amendment_chain(store, x["chain"])
    print(f"analytics.amendment_chain(X): {len(links)} links in "
          f"{(time.perf_counter() - t) * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
