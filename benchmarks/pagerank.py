"""networkx PageRank over the citation graph pulled from a store: time and memory.

    python benchmarks/pagerank.py /tmp/s100k
"""
from __future__ import annotations

import argparse
import resource
import time
import tracemalloc
from pathlib import Path

import networkx as nx

from vanban.graph import analytics
from vanban.graph.store import OxigraphStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    args = parser.parse_args()
    store = OxigraphStore(args.store)
    t = time.perf_counter()
    analytics.citation_graph(store)
    pulled = time.perf_counter() - t  # untraced: tracemalloc slows object creation 2-10x
    tracemalloc.start()
    graph = analytics.citation_graph(store)
    graph_mb = tracemalloc.get_traced_memory()[0] / 1e6
    t = time.perf_counter()
    ranks = nx.pagerank(graph)
    ranked = time.perf_counter() - t
    peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    t = time.perf_counter()
    groups = analytics.citation_communities(store, graph=graph)
    louvain = time.perf_counter() - t
    top = max(ranks, key=ranks.get)
    print(f"citation graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges; "
          f"pulled from the store in {pulled:.1f}s, {graph_mb:.0f} MB of Python objects")
    print(f"nx.pagerank: {ranked:.2f}s, peak traced memory {peak_mb:.0f} MB; "
          f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"top: {top} ({ranks[top]:.5f}); Louvain communities: {len(groups)} in {louvain:.1f}s")


if __name__ == "__main__":
    main()
