"""Index an N-Quads file while pyoxigraph bulk-loads it.

pyoxigraph's bulk loader releases the GIL and keeps about one core busy, so a
second thread reads the same file meanwhile: it counts each graph's lines and
parses only the lines whose predicate the index reads (about 3 in 10),
finding them with ``bytes.find`` rather than a Python loop over every line.

This relies on the layout bulk files have (vanban's exports, the synthetic
corpus): one quad per line, single spaces, every quad in a named IRI graph,
each graph's lines together. Anything else (blank lines, comments, tabs, a
graph coming back later, a duplicate quad, a triple in the default graph) is
detected, here or by the caller comparing :attr:`NQuadsScan.total` with the
store's size, and the caller then rebuilds the index from the store instead.
"""
from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

CHUNK = 32 << 20  # bytes read at a time: memory stays flat whatever the file's size
MAX_GRAPH = 256 << 20  # bigger graphs are indexed from the store
# One maximal run of consecutive lines ending in the same graph IRI.
_RUN = re.compile(rb"^[^\n]* (<[^>\n]*>) \.\n(?:[^\n]* \1 \.\n)*", re.M)


class NotBulkLayout(Exception):
    """The file is not laid out as :class:`NQuadsScan` needs (it may still be valid RDF)."""


class NQuadsScan:
    """Iterates (graph, triple count, triples with one of ``predicates``) over an N-Quads file,
    one item per graph; ``total`` is the number of lines counted once iterated."""

    def __init__(self, path: Path, predicates: Iterable[str]) -> None:
        self.path = path
        self.total = 0
        self._needles = [f" <{p}> ".encode() for p in sorted(predicates)]

    def __iter__(self) -> Iterator[tuple[str, int, list[tuple[str, str, str]]]]:
        seen: set[bytes] = set()
        carry = b""
        with self.path.open("rb") as file:
            while True:
                block = file.read(CHUNK)
                data = carry + block
                runs = list(_RUN.finditer(data))
                if block:  # the last graph may go on in the next block: keep it for then
                    if not runs:
                        if b"\n" in data:
                            raise NotBulkLayout(f"{self.path.name}: not one quad per line")
                        carry = data
                        continue
                    carry = data[runs.pop().start():]
                if len(carry) > MAX_GRAPH:  # held back and scanned again at every block
                    raise NotBulkLayout(f"{self.path.name}: a graph of more than {MAX_GRAPH} bytes")
                end = len(data) - len(carry) if block else len(data)
                yield from self._region(data, end, runs, seen)
                if not block:
                    return

    def _region(self, data: bytes, end: int, runs: list[re.Match], seen: set[bytes]
                ) -> Iterator[tuple[str, int, list[tuple[str, str, str]]]]:
        counts = [(run.group(1), data.count(b"\n", run.start(), run.end())) for run in runs]
        lines = sum(n for _, n in counts)
        if lines != data.count(b"\n", 0, end):
            raise NotBulkLayout(f"{self.path.name}: a line is not a quad in a named graph")
        self.total += lines
        wanted = self._parse(data, end)
        for graph, count in counts:
            if graph in seen:
                raise NotBulkLayout(f"{self.path.name}: the lines of {graph!r} are not together")
            seen.add(graph)
            name = graph[1:-1].decode()
            yield name, count, wanted.get(name, [])

    def _parse(self, data: bytes, end: int) -> dict[str, list[tuple[str, str, str]]]:
        """The triples of the lines holding a needle, by graph (each line once)."""
        by_graph: dict[str, list[tuple[str, str, str]]] = {}
        try:
            for q in ox.parse(b"".join(lines_with(data, self._needles, end)),
                              format=ox.RdfFormat.N_QUADS):
                if isinstance(q.graph_name, ox.DefaultGraph):
                    raise NotBulkLayout(f"{self.path.name}: a triple in the default graph")
                by_graph.setdefault(q.graph_name.value, []).append(
                    (q.subject.value, q.predicate.value, q.object.value))
        except SyntaxError as exc:  # the bulk loader reports it
            raise NotBulkLayout(str(exc)) from None
        return by_graph


def lines_with(data, needles: list, end: int | None = None) -> list:
    """The lines of ``data[:end]`` (str or bytes, needles alike) holding a needle, each once,
    with their line break; ``bytes.find`` skips the other lines at C speed."""
    newline = "\n" if isinstance(data, str) else b"\n"
    end = len(data) if end is None else end
    found: dict[int, object] = {}
    find, rfind = data.find, data.rfind
    for needle in needles:
        at = find(needle, 0, end)
        while at >= 0:
            start = rfind(newline, 0, at) + 1
            stop = find(newline, at) + 1 or len(data)
            found[start] = data[start:stop]
            at = find(needle, stop, end)
    return list(found.values())


def load_while_indexing(load: Callable[[], None], index, scan: NQuadsScan,
                        size: Callable[[], int | None]) -> bool:
    """Run ``load`` (pyoxigraph's bulk loader releases the GIL) in this thread while a second,
    lower-priority one rebuilds ``index`` (a StatsIndex) from ``scan``. The index commits only
    once the load is complete and the store's ``size`` (quads, None if some are in the default
    graph) equals the file's line count; True if it did, False if the file's layout did not
    allow it (the caller then reindexes)."""
    loaded = threading.Event()
    outcome: dict[str, BaseException | int | None] = {}

    def check() -> None:  # the last step of the index's transaction
        loaded.wait()
        if outcome.get("size") != scan.total:
            raise NotBulkLayout("the load failed, or the file holds duplicates or a default graph")

    def rebuild() -> None:
        lower_priority()
        try:
            index.rebuild(scan, before_commit=check)
            outcome["indexed"] = None
        except NotBulkLayout:
            pass
        except BaseException as exc:  # noqa: BLE001 - re-raised in the calling thread
            outcome["index"] = exc

    indexer = threading.Thread(target=rebuild, name="vanban-index")
    indexer.start()
    try:
        load()
        outcome["size"] = size()  # here, while the index thread may still be busy
    finally:
        loaded.set()
        indexer.join()
    if outcome.get("index"):
        raise outcome["index"]
    return "indexed" in outcome


def lower_priority() -> None:
    """Make the calling thread yield to the bulk loader's (Linux keeps a nice value per thread)."""
    with contextlib.suppress(AttributeError, OSError):
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + 10))
