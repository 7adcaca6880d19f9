"""Write the deterministic synthetic corpus: Vietnamese texts and/or the equivalent N-Quads.

    python benchmarks/make_corpus.py --docs 100000 --nq /tmp/c100k.nq
    python benchmarks/make_corpus.py --docs 10000 --texts /tmp/c10k

The N-Quads leave out span annotations unless --mentions (the store benchmarks'
profile); the same --docs/--seed always give the same bytes.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from vanban.graph.synthetic import Corpus, write_nquads, write_texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--nq", type=Path, help="N-Quads file to write")
    parser.add_argument("--texts", type=Path, help="folder for one .txt per document")
    parser.add_argument("--workers", type=int, default=2, help="mapping processes")
    parser.add_argument("--mentions", action="store_true", help="keep span annotations in --nq")
    args = parser.parse_args()
    corpus = Corpus(args.docs, seed=args.seed)
    if args.nq:
        started = time.perf_counter()
        n = write_nquads(corpus, args.nq, mentions=args.mentions, workers=args.workers)
        print(f"{args.nq}: {args.docs} documents, {n} triples, "
              f"{args.nq.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - started:.0f}s")
    if args.texts:
        started = time.perf_counter()
        size = write_texts(corpus, args.texts)
        print(f"{args.texts}: {args.docs} texts, {size / 1e6:.1f} MB "
              f"in {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
