"""End-to-end ingest (extract + map + load) of a folder of texts into a fresh on-disk store.

    python benchmarks/make_corpus.py --docs 10000 --texts /tmp/t10k
    python benchmarks/ingest_e2e.py /tmp/t10k [--workers 2]

Prints documents/s and MB/s (wall clock), CPU seconds (what a shared machine does not
distort), and the share of time per stage:
extract and map are CPU seconds summed over the worker processes; hash, load
(store + index write) and resolve are wall seconds in the parent.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from vanban.api.ingestion import expand_paths, ingest_paths
from vanban.graph.store import open_store
from vanban.ontology.iris import Minter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    files = expand_paths([args.folder])
    scratch = Path(tempfile.mkdtemp(prefix="vanban-ingest-"))
    try:
        store = open_store(scratch / "store")
        t, cpu = time.perf_counter(), time.process_time()
        report = ingest_paths(store, files, Minter(), workers=args.workers)
        wall, cpu = time.perf_counter() - t, time.process_time() - cpu
        workers = resource.getrusage(resource.RUSAGE_CHILDREN)
        again = time.perf_counter()
        second = ingest_paths(store, files, Minter(), workers=args.workers)
        rerun = time.perf_counter() - again
        size = len(store)
        store.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    docs = len(report.loaded)
    print(f"{docs} documents ({report.bytes / 1e6:.1f} MB of text), {report.triples} triples, "
          f"{len(report.errors)} errors, {report.resolved} citations resolved; store {size} triples")
    print(f"wall {wall:.1f}s with {args.workers} workers: {docs / wall:.1f} docs/s, "
          f"{report.bytes / 1e6 / wall:.2f} MB/s")
    spent = cpu + workers.ru_utime + workers.ru_stime
    print(f"CPU {spent:.1f}s (parent with the store's threads {cpu:.1f}s, workers "
          f"{spent - cpu:.1f}s): {docs / spent:.1f} docs per CPU-second, so at most "
          f"{docs / spent * args.workers:.0f} docs/s on {args.workers} idle cores")
    total = sum(report.seconds.values())
    print("share of time per stage: " + ", ".join(
        f"{k} {v:.1f}s ({v / total:.0%})" for k, v in report.seconds.items()))
    print(f"re-ingest of the unchanged folder: {len(second.skipped)} skipped in {rerun:.1f}s")


if __name__ == "__main__":
    main()
