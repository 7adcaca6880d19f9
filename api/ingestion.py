"""Wire the stages together: extract a file, map it to RDF, replace its graph in the store."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vanban.graph.store import Store
from vanban.ingest.errors import IngestError
from vanban.ingest.load import load_source
from vanban.ingest.models import Extraction, SourceText
from vanban.ingest.pipeline import run_pipeline
from vanban.ontology.iris import Minter
from vanban.ontology.mapping import to_triples

INPUT_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")


@dataclass
class IngestReport:
    loaded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unchanged since the last ingest
    errors: list[tuple[str, str]] = field(default_factory=list)
    triples: int = 0


def ingest_source(store: Store, source: SourceText, minter: Minter) -> tuple[Extraction, int]:
    """Extract one source and atomically replace its named graph."""
    extraction = run_pipeline(source)
    count = store.replace_graph(minter.source(source.name), to_triples(extraction, minter))
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


def ingest_paths(store: Store, paths: Iterable[Path], minter: Minter, *, force: bool = False,
                 progress: Callable[[Path], None] | None = None) -> IngestReport:
    """Ingest files; a source whose content hash is unchanged is skipped unless ``force``."""
    report = IngestReport()
    for path in paths:
        if progress:
            progress(path)
        try:
            source = load_source(path)
        except IngestError as exc:
            report.errors.append((str(path), str(exc)))
            continue
        if not force and store.source_hash(minter.source(source.name)) == source.sha256:
            report.skipped.append(str(path))
            continue
        _, count = ingest_source(store, source, minter)
        report.loaded.append(str(path))
        report.triples += count
    store.flush()
    return report
