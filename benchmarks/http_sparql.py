"""HTTP SELECT latency and throughput of vanban's /sparql against two peers, on loopback.

One run, same synthetic data (graph/synthetic.py, default 10k documents), three queries
(a ~3k-row SELECT, a point lookup, a top-20 aggregation), 4 concurrent clients each:

- vanban:   `vanban serve` with every limit, content negotiation and the access log on;
- minimal:  a ~20-line FastAPI + pyoxigraph endpoint, no safety features, same store;
- rdflib:   rdflib-endpoint (FastAPI over rdflib) on the same N-Quads;
- in-process: vanban's query + JSON serialisation without HTTP (one thread).

Prints p50/p95 latency (ms) and requests/s per target and query, and the ratios the
targets are stated in: vanban p50 <= 1.1x minimal; vs rdflib-endpoint >= 10x faster on
the large SELECT, >= 30x on the aggregation, >= 20x throughput. Exits 1 if one is missed.
vanban and the minimal endpoint run side by side and take turns (see ``interleaved``).
Bounded: each (target, query) stops after --requests requests or --seconds seconds.
Run: python benchmarks/http_sparql.py [--docs 10000] [--requests 400] [--seconds 20]
     [--workdir DIR] [--skip-rdflib]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

PREFIXES = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX vnl: <https://w3id.org/vanban/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
QUERIES = {
    "large SELECT": PREFIXES + """SELECT ?src ?name ?date WHERE {
  ?src a vnl:SourceText ; dcterms:date ?date ; vnl:fileName ?name .
  FILTER(?date < "2007-06-01"^^xsd:date) }""",
    "point lookup": PREFIXES + "SELECT DISTINCT ?p ?o WHERE { <{doc}> ?p ?o }",
    "top-20 aggregation": PREFIXES + """SELECT ?doc (COUNT(DISTINCT ?src) AS ?n) WHERE {
  ?src eli:cites ?doc } GROUP BY ?doc ORDER BY DESC(?n) LIMIT 20""",
}
JSON = "application/sparql-results+json"
CLIENTS = 4

# The peer (a): what a FastAPI + pyoxigraph endpoint looks like with nothing added.
MINIMAL = '''
import sys
import pyoxigraph as ox
import uvicorn
from fastapi import FastAPI
from fastapi.responses import Response

store = ox.Store.read_only(sys.argv[1])
app = FastAPI()


@app.get("/sparql")
def sparql(query: str) -> Response:
    result = store.query(query, use_default_graph_as_union=True)
    body = result.serialize(format=ox.QueryResultsFormat.JSON)
    return Response(body, media_type="application/sparql-results+json")


uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
'''
# The peer (b): rdflib-endpoint over the same quads, union default graph like vanban.
RDFLIB = '''
import sys
import uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint

data = Dataset(default_union=True)
data.parse(sys.argv[1], format="nquads")
app = SparqlEndpoint(graph=data, path="/sparql", cors_enabled=False)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_data(work: Path, docs: int) -> tuple[Path, Path, str]:
    """N-Quads of the synthetic corpus, the same loaded into an on-disk vanban store
    (reused when ``work`` already holds them for this size)."""
    from vanban.graph.store import open_store
    from vanban.graph.synthetic import Corpus, write_nquads

    nquads, store_dir = work / f"corpus-{docs}.nq", work / f"store-{docs}"
    started = time.perf_counter()
    if not store_dir.exists():
        triples = write_nquads(Corpus(docs, seed=7), nquads, mentions=False)
        store = open_store(store_dir)
        store.load(nquads)
        store.close()
        print(f"data: {docs} documents, {triples} triples, built in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return nquads, store_dir, _a_typical_document(nquads)


def _a_typical_document(nquads: Path) -> str:
    """A document cited from the middle of the corpus (the first ones are cited by many)."""
    cited = []
    with nquads.open(encoding="utf-8") as lines:
        for line in lines:
            if "<http://data.europa.eu/eli/ontology#cites>" in line:
                cited.append(line.split()[2].strip("<>"))
    if not cited:
        raise SystemExit("the synthetic corpus has no citation")
    return sorted(cited)[len(cited) // 2]


class Server:
    def __init__(self, name: str, args: list[str], log: Path, env: dict | None = None) -> None:
        self.name, self.port = name, free_port()
        self.log = log.open("w")
        self.proc = subprocess.Popen([sys.executable, *args, str(self.port)] if name != "vanban"
                                     else [sys.executable, *args, "--port", str(self.port)],
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     env={**os.environ, **(env or {})})
        deadline = time.monotonic() + 1800  # rdflib parses 0.6M quads slowly
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"{name} exited; see {log}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"{name} did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def fetch(conn: http.client.HTTPConnection, path: str) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    conn.request("GET", path, headers={"Accept": JSON})
    response = conn.getresponse()
    body = response.read()
    return time.perf_counter() - started, response.status, body


def load_test(port: int, query: str, requests: int, seconds: float) -> dict:
    """CLIENTS threads, each on its own keep-alive connection, until either bound is hit."""
    path = "/sparql?" + urlencode({"query": query})
    warm = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    _, status, body = fetch(warm, path)
    if status != 200:
        raise SystemExit(f"HTTP {status}: {body[:300]!r}")
    rows = len(json.loads(body)["results"]["bindings"])
    fetch(warm, path)
    warm.close()
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        while time.monotonic() < stop_at:
            with lock:
                if len(latencies) >= requests:
                    break
            seconds_taken, status, _ = fetch(conn, path)
            if status != 200:
                raise RuntimeError(f"HTTP {status}")
            with lock:
                latencies.append(seconds_taken)
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"rows": rows, "latencies": latencies, "elapsed": time.perf_counter() - started}


def interleaved(ports: dict[str, int], query: str, requests: int, seconds: float,
                rounds: int = 4) -> dict[str, dict]:
    """Targets take turns, ``rounds`` times, so that load from elsewhere on the machine
    falls on all of them alike; the figures pool every round."""
    runs: dict[str, list[dict]] = {name: [] for name in ports}
    for _ in range(rounds):
        for name, port in ports.items():
            runs[name].append(load_test(port, query, requests // rounds, seconds / rounds))
    out = {}
    for name, parts in runs.items():
        latencies = [x for p in parts for x in p["latencies"]]
        out[name] = {"rows": parts[0]["rows"], "n": len(latencies), **_stats(latencies),
                     "rps": len(latencies) / sum(p["elapsed"] for p in parts)}
    return out


def _stats(latencies: list[float]) -> dict:
    ordered = sorted(latencies)
    return {"p50": statistics.median(ordered) * 1000,
            "p95": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000}


def in_process(store_dir: Path, query: str, requests: int, seconds: float) -> dict:
    from vanban.graph.protocol import execute
    from vanban.graph.store import open_store

    store = open_store(store_dir)
    latencies: list[float] = []
    stop_at = time.monotonic() + seconds
    try:
        execute(store, query, lambda _: JSON, max_bytes=1 << 30, deadline=float("inf"))
        while len(latencies) < requests and time.monotonic() < stop_at:
            started = time.perf_counter()
            execute(store, query, lambda _: JSON, max_bytes=1 << 30, deadline=float("inf"))
            latencies.append(time.perf_counter() - started)
    finally:
        store.close()
    return {"n": len(latencies), **_stats(latencies), "rps": 0.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=400, help="per target and query")
    parser.add_argument("--seconds", type=float, default=20.0, help="per target and query")
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--workdir", type=Path, help="keep the data here for the next run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        nquads, store_dir, doc = build_data(work, args.docs)
        queries = {k: q.replace("{doc}", doc) for k, q in QUERIES.items()}
        results: dict[str, dict[str, dict]] = {}
        # vanban and the minimal endpoint run side by side (the minimal one opens the
        # store read-only) and take turns; rdflib-endpoint runs alone afterwards.
        groups = [[("vanban", ["-m", "vanban", "serve", "--store", str(store_dir)],
                    {"VANBAN_ACCESS_LOG": "1"}),
                   ("minimal", ["-c", MINIMAL, str(store_dir)], None)]]
        if not args.skip_rdflib:
            groups.append([("rdflib-endpoint", ["-c", RDFLIB, str(nquads)], None)])
        for group in groups:
            servers = {}
            try:
                for name, command, env in group:
                    started = time.perf_counter()
                    servers[name] = Server(name, command, work / f"{name}.log", env)
                    print(f"{name}: up in {time.perf_counter() - started:.1f} s",
                          file=sys.stderr)
                ports = {name: server.port for name, server in servers.items()}
                for k, q in queries.items():
                    for name, figures in interleaved(ports, q, args.requests,
                                                     args.seconds).items():
                        results.setdefault(name, {})[k] = figures
            finally:
                for server in servers.values():
                    server.stop()
        results["in-process"] = {k: in_process(store_dir, q, args.requests, args.seconds)
                                 for k, q in queries.items()}
    return report(results)


def report(results: dict[str, dict[str, dict]]) -> int:
    print("| query | target | rows | requests | p50 ms | p95 ms | req/s |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for query in QUERIES:
        for target, by_query in results.items():
            r = by_query[query]
            print(f"| {query} | {target} | {r.get('rows', '')} | {r['n']} | {r['p50']:.2f} | "
                  f"{r['p95']:.2f} | {r['rps']:.1f} |")
    vanban, minimal = results["vanban"], results["minimal"]
    checks = []
    for query in QUERIES:
        ratio = vanban[query]["p50"] / minimal[query]["p50"]
        checks.append((f"{query}: vanban p50 / minimal p50 = {ratio:.2f} (target <= 1.1)",
                       ratio <= 1.1))
        inproc = vanban[query]["p50"] / results["in-process"][query]["p50"]
        checks.append((f"{query}: vanban HTTP p50 / in-process p50 = {inproc:.2f} (reported)",
                       True))
    if "rdflib-endpoint" in results:
        peer = results["rdflib-endpoint"]
        for query, target in (("large SELECT", 10), ("top-20 aggregation", 30)):
            speedup = peer[query]["p50"] / vanban[query]["p50"]
            checks.append((f"{query}: {speedup:.0f}x faster than rdflib-endpoint (target >= "
                           f"{target}x)", speedup >= target))
        for query in QUERIES:
            throughput = vanban[query]["rps"] / max(peer[query]["rps"], 1e-9)
            checks.append((f"{query}: {throughput:.0f}x the throughput of rdflib-endpoint "
                           "(target >= 20x)", throughput >= 20))
    print()
    for text, ok in checks:
        print(("ok    " if ok else "MISS  ") + text)
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
