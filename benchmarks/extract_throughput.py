"""Extraction throughput on one core, against a bare regex scan of the same text.

Builds at least --mb megabytes (UTF-8) of real text by repeating the dev and
seed corpora of ../shared, runs the full extractor (run_pipeline) on every
document, and prints MB/s, the MB/s of one compiled regex scan for citation
symbols over the same documents, their ratio, and where the pipeline's time
goes (per stage, and with --profile the top functions under cProfile).

    python benchmarks/extract_throughput.py [--mb 20] [--profile]

Times are CPU seconds of this process (time.process_time), so that other work on
a busy machine does not count. Targets: >= 2 MB/s, and no slower than 1/10 of the
bare scan. Exit status 1 when a target is missed, 0 otherwise (also when
../shared is absent: skipped).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import time
from collections import defaultdict
from functools import wraps
from pathlib import Path

from vanban.ingest import pipeline
from vanban.ingest.load import load_source

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
MIN_MB_PER_S = 2.0
MAX_RATIO = 10.0
STAGES = ("clean_text", "find_document_date", "find_citations", "find_agencies", "find_tasks")
# What a citation finder must at least do: one pass for number/symbol shapes (15/2020/NĐ-CP).
BARE_REPEATS = 5
BARE_SCAN = re.compile(r"\d{1,5}(?:/\d{4})?/[A-ZĐ][A-Za-zĐđ]*(?:-[A-ZĐ][A-Za-zĐđ0-9]*)*")


def build_documents(megabytes: float):
    """The corpus texts, repeated until they hold ``megabytes`` of UTF-8."""
    paths = sorted((SHARED / "corpus" / "dev").glob("*.txt"))
    paths += sorted((SHARED / "corpus" / "seed").glob("*.txt"))
    sources = [load_source(path) for path in paths]
    size = sum(len(s.text.encode("utf-8")) for s in sources)
    rounds = max(1, -(-int(megabytes * 1e6) // size))
    return sources * rounds, size * rounds


def bare_scan(documents, repeats: int = BARE_REPEATS) -> tuple[int, float]:
    """Symbol matches and the least CPU seconds of ``repeats`` bare scans: one scan takes a
    tenth of a second or less, so a single reading is noisy (the least is the fairest
    baseline: it can only make the ratio look worse)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        found = sum(len(BARE_SCAN.findall(source.text)) for source in documents)
        best = min(best, time.process_time() - start)
    return found, best


def time_stages(documents) -> dict[str, float]:
    """Seconds spent in each pipeline stage, by wrapping the stage functions."""
    spent: dict[str, float] = defaultdict(float)
    originals = {name: getattr(pipeline, name) for name in STAGES}

    def timed(name, function):
        @wraps(function)
        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - start
        return wrapper

    try:
        for name, function in originals.items():
            setattr(pipeline, name, timed(name, function))
        for source in documents:
            pipeline.run_pipeline(source)
    finally:
        for name, function in originals.items():
            setattr(pipeline, name, function)
    return dict(spent)


def profile(documents, top: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for source in documents:
        pipeline.run_pipeline(source)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="megabytes of text (default 20)")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile table")
    parser.add_argument("--top", type=int, default=25, help="rows of the cProfile table")
    args = parser.parse_args(argv)
    if not (SHARED / "corpus" / "dev").is_dir():
        print(f"skipped: {SHARED} is absent (the corpus is needed to build the text)")
        return 0
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    documents, size = build_documents(args.mb)
    megabytes = size / 1e6
    for source in documents[:50]:  # warm up: data files load once, regexes compile once
        pipeline.run_pipeline(source)

    start = time.process_time()
    for source in documents:
        pipeline.run_pipeline(source)
    seconds = time.process_time() - start

    found, bare_seconds = bare_scan(documents)

    rate, bare_rate = megabytes / seconds, megabytes / bare_seconds
    ratio = bare_rate / rate
    print(f"text: {megabytes:.1f} MB in {len(documents)} documents")
    print(f"pipeline:  {rate:7.2f} MB/s  ({seconds:.2f} CPU s)   target >= {MIN_MB_PER_S} MB/s")
    print(f"bare scan: {bare_rate:7.2f} MB/s  ({bare_seconds:.2f} CPU s, best of {BARE_REPEATS}, "
          f"{found} symbol matches)")
    print(f"ratio:     1:{ratio:.1f}   target no worse than 1:{MAX_RATIO:.0f}")
    stages = time_stages(documents)
    total = sum(stages.values())
    print("stages (share of pipeline time):")
    for name, spent in sorted(stages.items(), key=lambda item: -item[1]):
        print(f"  {name:20s} {spent:6.2f} s  {100 * spent / total:5.1f} %  "
              f"{megabytes / spent:8.1f} MB/s")
    if args.profile:
        print(profile(documents, args.top))
    ok = rate >= MIN_MB_PER_S and ratio <= MAX_RATIO
    print("PASS" if ok else "FAIL: below target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
