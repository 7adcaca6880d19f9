"""Bulk load of an N-Quads file: vanban's `load` against a raw pyoxigraph bulk_load.

    python benchmarks/store_load.py /tmp/c100k.nq [--keep DIR]

Each side runs in a fresh subprocess on a fresh store directory, so that its
wall time, CPU time (all threads) and peak RSS are its own. vanban's load includes rebuilding the
precomputed statistics and full-text index; the cross-document resolution that
`vanban load` runs next is timed on its own. Targets: < 120 s and < 2 GB peak
RSS for the 100k-document file, and a ratio to raw pyoxigraph <= 1.2.
--keep leaves vanban's store in DIR for benchmarks/query_latency.py.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

RAW = """
import pyoxigraph as ox, resource, sys, time, json
t = time.perf_counter()
store = ox.Store(sys.argv[2])
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
store.flush()
n = len(store)
use = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": time.perf_counter() - t, "triples": n, "cpu": use.ru_utime + use.ru_stime,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
VANBAN = """
import resource, sys, time, json
from vanban.graph.resolution import resolve_citations
from vanban.graph.store import open_store
t = time.perf_counter()
store = open_store(sys.argv[2])
n = store.load(sys.argv[1])
store.flush()
loaded = time.perf_counter()
use = resource.getrusage(resource.RUSAGE_SELF)
resolved = len(resolve_citations(store))
store.close()
print(json.dumps({"seconds": loaded - t, "triples": n, "cpu": use.ru_utime + use.ru_stime,
                  "resolve": time.perf_counter() - loaded,
                  "resolved": resolved,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, nq: Path, target: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", code, str(nq), str(target)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nq", type=Path)
    parser.add_argument("--keep", type=Path, help="leave vanban's store here")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="vanban-load-"))
    try:
        raw = run(RAW, args.nq, scratch / "raw")
        target = args.keep or scratch / "vanban"
        if target.exists():
            shutil.rmtree(target)
        ours = run(VANBAN, args.nq, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"file: {args.nq} ({args.nq.stat().st_size / 1e6:.0f} MB)")
    print(f"{'':22}{'seconds':>9}{'CPU s':>9}{'triples':>11}{'peak RSS MB':>13}{'triples/s':>11}")
    for name, r in (("raw pyoxigraph", raw), ("vanban load", ours)):
        print(f"{name:22}{r['seconds']:9.1f}{r['cpu']:9.1f}{r['triples']:11d}{r['rss_mb']:13.0f}"
              f"{r['triples'] / r['seconds']:11.0f}")
    print(f"then cross-document resolution (`vanban load` runs it): {ours['resolve']:.1f}s, "
          f"{ours['resolved']} year-less citations resolved")
    ratio = ours["seconds"] / raw["seconds"]
    print(f"ratio vanban/raw: {ratio:.2f}x wall (target <= 1.2x), "
          f"{ours['cpu'] / raw['cpu']:.2f}x CPU (all threads; what a busy machine makes of it); "
          f"target < 120 s: {'met' if ours['seconds'] < 120 else 'MISSED'}; "
          f"target < 2048 MB: {'met' if ours['rss_mb'] < 2048 else 'MISSED'}")


if __name__ == "__main__":
    main()
