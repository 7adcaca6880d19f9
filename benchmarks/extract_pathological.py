"""Extraction time on pathological texts: every stage must stay near-linear.

Each case is a synthetic text built to trip a known trap (catastrophic regex
backtracking, a rescan per match, a walk over a long run); the run prints the
CPU seconds of each pipeline stage and the MB/s of the whole, at two sizes, so
that a time growing faster than the text shows up as a falling rate.

    python benchmarks/extract_pathological.py [--mb 1] [--big-mb 50] [--only dots]

Exit status 1 when a case runs slower than --floor MB/s (default 0.1) at the
larger size, or grows more than 3x faster than the text; 0 otherwise. The
"corpus" case (one text made of the corpus repeated to --big-mb) needs ../shared
and is skipped without it.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from vanban.ingest import pipeline

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CHARS = 1_000_000  # characters per "MB" of a synthetic case (close enough: mostly ASCII)


def _corpus(n: int) -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "corpus").glob("*/*.txt"))]
    one = "\n".join(texts)
    return (one * (n // len(one) + 1))[:n]


# name -> (what it traps, builder of about n characters)
CASES: dict[str, tuple[str, Callable[[int], str]]] = {
    "fractions": ("hundreds of thousands of 1/2/3", lambda n: "1/2/3 " * (n // 6)),
    "citations": ("a 10,000-citation basis list per 670 KB",
                  lambda n: "".join(f"Căn cứ Nghị định số {i}/2020/NĐ-CP ngày 01/01/2020 của "
                                    "Chính phủ;\n" for i in range(n // 67))),
    "dots": ("a dot leader with no word after it", lambda n: "Họ tên: " + "." * n + "\n"),
    "spaces": ("a text opening with a long blank", lambda n: " " * n + "Nghị định số 1/2020/NĐ-CP"),
    "symbol-spaces": ("a symbol followed by a long run of spaces",
                      lambda n: "Nghị định số 15/2020/NĐ-CP" + " " * n + "x"),
    "newlines": ("nothing but line breaks", lambda n: "\n" * n),
    "cyrillic": ("one long Cyrillic word", lambda n: "А" * n),
    "law-words": ("a type word every five characters", lambda n: "Luật " * (n // 5)),
    "agencies": ("an agency name every 14 characters", lambda n: "Bộ Tài chính, " * (n // 14)),
    "tasks": ("an assignment every 52 characters",
              lambda n: "Giao Bộ Tài chính chủ trì, phối hợp với Bộ Tư pháp. " * (n // 52)),
    "list-heads": ("a list head and an item every 7 characters", lambda n: "a:\n- b\n" * (n // 7)),
}


def run_case(text: str) -> dict[str, float]:
    """CPU seconds of each stage on one text."""
    spent: dict[str, float] = {}
    start = time.process_time()
    cleaned = pipeline.clean_text(text)
    spent["clean"] = time.process_time() - start
    start = time.process_time()
    doc_date = pipeline.find_document_date(cleaned)
    spent["date"] = time.process_time() - start
    on = date.fromisoformat(doc_date[:10]) if doc_date and len(doc_date) >= 10 else None
    start = time.process_time()
    citations = pipeline.find_citations(cleaned)
    spent["citations"] = time.process_time() - start
    start = time.process_time()
    agencies = pipeline.find_agencies(cleaned, on=on)
    spent["agencies"] = time.process_time() - start
    start = time.process_time()
    pipeline.find_tasks(cleaned, agencies, citations, doc_date=doc_date)
    spent["tasks"] = time.process_time() - start
    return spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of each case (default 1)")
    parser.add_argument("--big-mb", type=float, default=10.0,
                        help="size of the one-text corpus case (default 10)")
    parser.add_argument("--floor", type=float, default=0.1, help="slowest MB/s allowed")
    parser.add_argument("--only", action="append", help="run only these cases")
    args = parser.parse_args(argv)
    cases = dict(CASES)
    if (SHARED / "corpus").is_dir():
        cases["corpus"] = ("the corpus as one text", _corpus)
    failed = []
    run_case("Căn cứ Nghị định số 15/2020/NĐ-CP. Bộ Tài chính chủ trì.")
    for name, (trap, build) in cases.items():
        if args.only and name not in args.only:
            continue
        size = int((args.big_mb if name == "corpus" else args.mb) * CHARS)
        rates = []
        for n in (size // 4, size):
            spent = run_case(build(n))
            total = sum(spent.values())
            rates.append(n / CHARS / max(total, 1e-9))
            stages = "  ".join(f"{k} {v:5.2f}" for k, v in spent.items())
            print(f"{name:14s} {n / CHARS:6.2f} M chars  {total:6.2f} s  {rates[-1]:6.2f} MB/s  "
                  f"({stages})", flush=True)
        if rates[-1] < args.floor or rates[-1] < rates[0] / 3:
            failed.append(f"{name} ({trap})")
    print("FAIL: " + "; ".join(failed) if failed else "PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
