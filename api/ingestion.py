"""Wire the stages together: extract files in parallel, map them to RDF, load them in batches.

Incremental and idempotent: a source whose content hash is unchanged is
skipped; a changed one replaces its named graph atomically. Extraction and
mapping run in worker processes (one per core); the parent only hashes files
and writes batches, each batch through the store's atomic, journalled
``replace_graphs``, so an interrupted ingest (Ctrl-C, ``kill -9``) leaves every
source either fully present or absent.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef

from vanban.graph.query_worker import detach
from vanban.graph.registry import ensure_registry
from vanban.graph.resolution import resolve_citations
from vanban.graph.store import Store, to_ntriples
from vanban.ingest.errors import IngestError
from vanban.ingest.load import load_source
from vanban.ingest.models import Extraction, SourceText
from vanban.ingest.pipeline import run_pipeline
from vanban.ontology.iris import Minter
from vanban.ontology.mapping import to_triples

INPUT_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
# The NFC text itself (W3C Content in RDF), so pages can show it with the spans highlighted.
CHARS = URIRef("http://www.w3.org/2011/content#chars")
BATCH_TRIPLES = 100_000  # triples per store write: big enough to amortise, small enough to lose


@dataclass
class IngestReport:
    loaded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unchanged since the last ingest
    errors: list[tuple[str, str]] = field(default_factory=list)
    triples: int = 0
    bytes: int = 0  # of the inputs extracted
    interrupted: bool = False
    # per stage: extract and map in CPU seconds summed over workers, the rest wall seconds
    seconds: dict[str, float] = field(default_factory=dict)
    resolved: int = 0  # year-less citations settled by other documents


@dataclass(frozen=True, slots=True)
class _Extracted:
    path: str
    graph: str
    ntriples: str | None
    error: str | None
    size: int
    seconds: tuple[float, float]  # extract, map


def source_triples(source: SourceText, minter: Minter) -> tuple[Extraction, list]:
    """The extraction of one source and the triples of its named graph."""
    extraction = run_pipeline(source)
    graph = minter.source(source.name)
    return extraction, [*to_triples(extraction, minter), (graph, CHARS, Literal(source.text))]


def ingest_source(store: Store, source: SourceText, minter: Minter) -> tuple[Extraction, int]:
    """Extract one source, atomically replace its named graph, re-resolve citations."""
    extraction, triples = source_triples(source, minter)
    count = store.replace_graph(minter.source(source.name), triples)
    resolve_citations(store)
    return extraction, count


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the input files inside folders (sorted, recursive)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES))
        else:
            out.append(path)
    return out


def _extract(path: str, base: str) -> _Extracted:
    """Worker: read, extract and map one file to N-Triples (errors are returned, not raised)."""
    minter = Minter(base)
    started = time.process_time()  # CPU time: a busy machine does not inflate the stage shares
    try:
        source = load_source(Path(path))
        extraction = run_pipeline(source)
    except IngestError as exc:
        return _Extracted(path, "", None, str(exc), 0, (time.process_time() - started, 0.0))
    mapped = time.process_time()
    graph = minter.source(source.name)
    text = to_ntriples([*to_triples(extraction, minter), (graph, CHARS, Literal(source.text))])
    return _Extracted(path, str(graph), text, None, len(source.text.encode()),
                      (mapped - started, time.process_time() - mapped))


def _changed(store: Store, paths: Iterable[Path], minter: Minter, force: bool,
             report: IngestReport, progress: Callable[[Path], None] | None) -> list[Path]:
    """The paths whose content differs from what the store holds (all of them with ``force``)."""
    known = {} if force else store.source_hashes()
    todo = []
    for path in paths:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            report.errors.append((str(path), f"{path}: cannot read ({exc.strerror})"))
            _tick(progress, path)
            continue
        if known.get(str(minter.source(path.stem))) == digest:
            report.skipped.append(str(path))
            _tick(progress, path)
        else:
            todo.append(path)
    return todo


def _results(paths: list[Path], base: str, workers: int) -> Iterator[_Extracted]:
    if workers <= 1 or len(paths) < 4:
        yield from (_extract(str(p), base) for p in paths)
        return
    with ProcessPoolExecutor(workers, initializer=detach,
                             initargs=(os.getpid(),)) as pool:
        try:
            yield from pool.map(_extract, [str(p) for p in paths], [base] * len(paths),
                                chunksize=4)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def ingest_paths(store: Store, paths: Iterable[Path], minter: Minter, *, force: bool = False,
                 progress: Callable[[Path], None] | None = None, workers: int | None = None,
                 batch_triples: int = BATCH_TRIPLES) -> IngestReport:
    """Ingest files; a source whose content hash is unchanged is skipped unless ``force``.

    Ctrl-C stops after the last complete batch and returns with ``interrupted`` set.
    """
    report = IngestReport()
    clock = time.perf_counter()
    ensure_registry(store, minter)
    todo = _changed(store, list(paths), minter, force, report, progress)
    report.seconds["hash"] = time.perf_counter() - clock
    workers = workers or os.cpu_count() or 1
    batch: dict[str, str] = {}
    pending: list[_Extracted] = []
    size = 0
    try:
        for item in _results(todo, minter.base, workers):
            report.seconds["extract"] = report.seconds.get("extract", 0.0) + item.seconds[0]
            report.seconds["map"] = report.seconds.get("map", 0.0) + item.seconds[1]
            if item.error:
                report.errors.append((item.path, item.error))
                _tick(progress, item.path)
                continue
            batch[item.graph] = item.ntriples
            pending.append(item)
            size += item.ntriples.count("\n")
            if size >= batch_triples:
                _write(store, batch, pending, report, progress)
                batch, pending, size = {}, [], 0
        _write(store, batch, pending, report, progress)
    except KeyboardInterrupt:
        report.interrupted = True  # the unwritten batch stays absent; written ones are whole
    _finish(store, report)
    return report


def _write(store: Store, batch: dict[str, str], pending: list[_Extracted], report: IngestReport,
           progress: Callable[[Path], None] | None) -> None:
    clock = time.perf_counter()
    report.triples += store.replace_graphs(batch)
    report.seconds["load"] = report.seconds.get("load", 0.0) + time.perf_counter() - clock
    for item in pending:
        report.loaded.append(item.path)
        report.bytes += item.size
        _tick(progress, item.path)


def _tick(progress: Callable[[Path], None] | None, path: Path | str) -> None:
    if progress:
        progress(Path(path))


def _finish(store: Store, report: IngestReport) -> None:
    clock = time.perf_counter()
    if report.loaded:
        report.resolved = len(resolve_citations(store))
    store.flush()
    report.seconds["resolve"] = time.perf_counter() - clock
