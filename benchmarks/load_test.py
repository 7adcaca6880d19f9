"""Bounded load test of `vanban serve` on 127.0.0.1: a mix of the benchmark SPARQL
queries and REST/HTML calls from concurrent clients, optionally with a slow-query
client trying to starve the others.

    python benchmarks/load_test.py                      # 60 s, 8 clients
    python benchmarks/load_test.py --seconds 10 --docs 300 --clients 4
    python benchmarks/load_test.py --slow --json out.json

- Data: the synthetic corpus (graph/synthetic.py, seed 7) of ``--docs`` documents as
  N-Quads bulk-loaded into an on-disk store (kept in ``--workdir`` for the next run).
- Server: `vanban serve` over that store with its default limits (or ``--url`` to hit a
  running one); the access log is off so the client side is what is measured.
- Clients: ``--clients`` threads, each on its own keep-alive connection, each picking
  the next request from the weighted MIX until ``--seconds`` are over.
- ``--slow``: one more client sends a runaway query (a cartesian product) in a loop;
  its 503 answers are expected and reported apart. The mix must still see no error.
- Prints requests/s and p50/p95/p99 latency overall and per request kind; an error is
  any status other than the one expected, or a connection failure. Exits 1 on errors.
  Also the CPU seconds the server and its query worker processes used during the run
  (Linux), steadier than req/s on a shared machine.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

from vanban.graph.queries import load_query

# Benchmark queries of graph/queries/*.rq (capped when they have no LIMIT of their own).
QUERIES = ("most_cited", "workload", "agency_tasks_by_deadline", "documents_amending",
           "unresolved", "resolutions", "citation_pairs")
RUNAWAY = ("SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f "
           "FILTER(STR(?b) = CONCAT(STR(?d), STR(?f))) }")


@dataclass
class Kind:
    name: str
    weight: int
    path: str  # may hold {doc}, {code}, {offset}, {q}
    accept: str = "application/json"


def mix() -> list[Kind]:
    kinds = [Kind(f"sparql:{name}", 3, "/sparql?query=" + quote(_capped(load_query(name))),
                  "application/sparql-results+json") for name in QUERIES]
    kinds += [
        Kind("sparql:lookup", 6, "/sparql?query=" + quote(
            "SELECT ?p ?o WHERE { <{doc}> ?p ?o }"), "application/sparql-results+json"),
        Kind("api:documents", 5, "/api/documents?limit=20&offset={offset}"),
        Kind("api:document", 6, "/api/documents/{doc_path}"),
        Kind("api:search", 5, "/api/search?q={q}"),
        Kind("api:agencies", 2, "/api/agencies?limit=50"),
        Kind("api:agency-tasks", 3, "/api/agencies/{code}/tasks?limit=20"),
        Kind("api:tasks", 3, "/api/tasks?limit=20&offset={offset}"),
        Kind("api:most-cited", 2, "/api/stats/most-cited?limit=20"),
        Kind("api:workload", 1, "/api/stats/workload"),
        Kind("html:document", 3, "{doc_page}", "text/html"),
        Kind("health", 1, "/health"),
    ]
    return kinds


def _capped(query: str) -> str:
    return query if "LIMIT" in query.upper() else query.rstrip() + "\nLIMIT 500\n"


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if error:
                self.errors.setdefault(kind, []).append(error)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(work: Path, docs: int) -> Path:
    """The synthetic corpus loaded into an on-disk store (reused when already built)."""
    from vanban.graph.store import open_store
    from vanban.graph.synthetic import Corpus, write_nquads

    store_dir = work / f"store-{docs}"
    if not store_dir.exists():
        started = time.perf_counter()
        nquads = work / f"corpus-{docs}.nq"
        triples = write_nquads(Corpus(docs, seed=7), nquads, mentions=False)
        store = open_store(store_dir)
        store.load(nquads)
        store.close()
        nquads.unlink()
        print(f"data: {docs} documents, {triples} triples in {time.perf_counter() - started:.1f}s",
              file=sys.stderr)
    return store_dir


def start_server(store_dir: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "vanban", "serve", "--store", str(store_dir),
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                            env={**os.environ, "VANBAN_ACCESS_LOG": "0", **env})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server exited at start")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not answer /health within 60 s")


def targets(url: str) -> dict[str, list[str]]:
    """Real values for the path templates, read from the server (by SPARQL: cheap)."""
    def select(query: str) -> list[dict]:
        response = httpx.get(f"{url}/sparql", params={"query": query}, timeout=60,
                             headers={"Accept": "application/sparql-results+json"})
        return response.json()["results"]["bindings"]

    eli = "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
    docs = [b["d"]["value"] for b in select(
        eli + "SELECT ?d WHERE { ?d a eli:LegalResource FILTER(CONTAINS(STR(?d), '/eli/')) } "
              "LIMIT 200")]
    total = select(eli + "SELECT (COUNT(*) AS ?n) WHERE { ?d a eli:LegalResource }")[0]["n"]
    agencies = select("PREFIX vnl: <https://w3id.org/vanban/ontology#>\n"
                      "SELECT DISTINCT ?a WHERE { ?t vnl:leadAgency ?a } LIMIT 50")
    codes = sorted({b["a"]["value"].rsplit("/", 1)[-1] for b in agencies}) or ["btc"]
    return {"doc": docs or [f"{url}/none"], "code": codes, "total": [total["value"]],
            "q": ["bo tai chinh", "nghi dinh", "ke hoach", "chu tri"]}


def fill(kind: Kind, values: dict[str, list[str]], rng: random.Random) -> str:
    doc = rng.choice(values["doc"])
    local = doc.split("/", 3)[3].split("/", 1)[1]  # the path after the base: eli/vn/cp/nd/...
    path = kind.path.replace(quote("{doc}"), quote(doc, safe="")).replace("{doc}", doc)
    return (path.replace("{doc_path}", quote(local))
            .replace("{doc_page}", "/" + quote(local))
            .replace("{code}", rng.choice(values["code"]))
            .replace("{q}", quote(rng.choice(values["q"])))
            .replace("{offset}", str(rng.randrange(max(1, int(values["total"][0]) - 20)))))


def client(url: str, kinds: list[Kind], values: dict, until: float, tally: Tally,
           seed: int) -> None:
    rng = random.Random(seed)
    weights = [k.weight for k in kinds]
    with httpx.Client(base_url=url, timeout=30) as http:
        while time.monotonic() < until:
            kind = rng.choices(kinds, weights)[0]
            path = fill(kind, values, rng)
            started = time.perf_counter()
            try:
                response = http.get(path, headers={"Accept": kind.accept})
                error = None if response.status_code == 200 else \
                    f"{response.status_code} {path[:120]} {response.text[:200]}"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__} {path[:120]}"
            tally.add(kind.name, time.perf_counter() - started, error)


def slow_client(url: str, until: float, tally: Tally) -> None:
    with httpx.Client(base_url=url, timeout=120) as http:
        while time.monotonic() < until:
            started = time.perf_counter()
            response = http.get("/sparql", params={"query": RUNAWAY})
            status = response.json().get("error", "ok") if response.status_code != 200 else "ok"
            tally.add(f"slow:{status}", time.perf_counter() - started, None)


def cpu_seconds(pid: int) -> float | None:
    """CPU time of a process, its reaped children and its live children (Linux /proc)."""
    def times(stat: Path, fields: slice) -> float:
        try:
            values = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return 0.0
        return sum(int(v) for v in values[fields]) / os.sysconf("SC_CLK_TCK")

    if not Path(f"/proc/{pid}/stat").exists():
        return None
    children = [p for p in Path("/proc").iterdir() if p.name.isdigit()
                and (p / "stat").exists() and _ppid(p / "stat") == pid]
    # fields after "comm": state=0 ... utime=11 stime=12 cutime=13 cstime=14
    return times(Path(f"/proc/{pid}/stat"), slice(11, 15)) + \
        sum(times(c / "stat", slice(11, 13)) for c in children)


def _ppid(stat: Path) -> int | None:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def summary(tally: Tally, seconds: float) -> dict:
    def stats(values: list[float]) -> dict:
        return {"requests": len(values), "rps": round(len(values) / seconds, 1),
                "p50_ms": round(statistics.median(values) * 1000, 1),
                "p95_ms": round(percentile(values, 0.95) * 1000, 1),
                "p99_ms": round(percentile(values, 0.99) * 1000, 1)}

    mixed = [v for k, vs in tally.latencies.items() if not k.startswith("slow:") for v in vs]
    return {"overall": {**stats(mixed), "errors": sum(len(e) for e in tally.errors.values())},
            "kinds": {k: {**stats(vs), "errors": len(tally.errors.get(k, []))}
                      for k, vs in sorted(tally.latencies.items())},
            "error_samples": {k: v[:3] for k, v in tally.errors.items()}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="Keep the data here (default: a temporary folder).")
    parser.add_argument("--store", type=Path, default=None,
                        help="Serve this existing store instead of the synthetic corpus.")
    parser.add_argument("--url", default=None, help="Load a running server instead.")
    parser.add_argument("--slow", action="store_true", help="Add a runaway-query client.")
    parser.add_argument("--env", action="append", default=[],
                        help="VANBAN_X=value for the server (repeatable).")
    parser.add_argument("--json", type=Path, default=None, help="Write the summary here.")
    args = parser.parse_args()

    env = dict(item.split("=", 1) for item in args.env)
    with tempfile.TemporaryDirectory(prefix="vanban-load-") as tmp:
        proc = None
        url = args.url
        if url is None:
            work = args.workdir or Path(tmp)
            work.mkdir(parents=True, exist_ok=True)
            proc, url = start_server(args.store or build_store(work, args.docs), env)
        try:
            values = targets(url)
            kinds = mix()
            tally = Tally()
            until = time.monotonic() + args.seconds
            threads = [threading.Thread(target=client, args=(url, kinds, values, until, tally, n))
                       for n in range(args.clients)]
            if args.slow:
                threads.append(threading.Thread(target=slow_client, args=(url, until, tally)))
            cpu_before = cpu_seconds(proc.pid) if proc else None
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            result = summary(tally, time.monotonic() - started)
            if cpu_before is not None:
                result["server_cpu_s"] = round(cpu_seconds(proc.pid) - cpu_before, 1)
        finally:
            if proc:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:  # a worker stuck in a runaway query
                    proc.kill()
                    proc.wait()
    result["setup"] = {"seconds": args.seconds, "clients": args.clients,
                       "data": str(args.store) if args.store else f"synthetic {args.docs} docs",
                       "slow_client": args.slow, "env": env, "cpus": os.cpu_count()}
    report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 1 if result["overall"]["errors"] else 0


def report(result: dict) -> None:
    print(f"{'kind':28} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8} {'errors':>6}")
    for name, row in [*result["kinds"].items(), ("ALL (mix)", result["overall"])]:
        print(f"{name:28} {row['requests']:8d} {row['rps']:7.1f} {row['p50_ms']:8.1f} "
              f"{row['p95_ms']:8.1f} {row['p99_ms']:8.1f} {row['errors']:6d}")
    if "server_cpu_s" in result:
        print(f"server CPU (with its query workers): {result['server_cpu_s']} s")
    for name, samples in result["error_samples"].items():
        print(f"errors in {name}: {samples}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
