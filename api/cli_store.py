"""Store commands: bulk ingest with progress, `remove`, `load`, and the `stats` analytics."""
from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path

import click

from .cli_options import open_or_exit, store_option


def run_ingest(store_path: Path, paths: tuple[Path, ...], *, force: bool,
               workers: int | None, batch: int) -> None:
    """`vanban ingest`: parallel extraction, a progress bar with rate and ETA, a summary."""
    from vanban.api.ingestion import expand_paths, ingest_paths
    from vanban.api.settings import Settings
    from vanban.ontology.iris import Minter

    files = expand_paths(paths)
    store = open_or_exit(store_path)
    started = time.perf_counter()
    done = [0]

    def rate(_item) -> str:
        elapsed = time.perf_counter() - started
        return f"{done[0] / elapsed:.1f} docs/s" if elapsed > 0 and done[0] else ""

    def tick(_path: Path) -> None:
        done[0] += 1
        bar.update(1)

    with click.progressbar(length=len(files), label="ingesting", file=sys.stderr, show_pos=True,
                           show_eta=True, item_show_func=rate) as bar:
        report = ingest_paths(store, files, Minter(Settings.from_env().base), force=force,
                              progress=tick, workers=workers, batch_triples=batch)
    elapsed = time.perf_counter() - started
    for path, message in report.errors:
        click.echo(f"error: {path}: {message}", err=True)
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in report.seconds.items())
    click.echo(f"{len(report.loaded)} documents loaded ({report.triples} triples, "
               f"{report.bytes / 1e6:.1f} MB) in {elapsed:.1f}s "
               f"({len(report.loaded) / max(elapsed, 1e-9):.1f} docs/s); "
               f"{len(report.skipped)} unchanged, {len(report.errors)} failed, "
               f"{report.resolved} year-less citations resolved; store {store_path} holds "
               f"{len(store)} triples\n  stage seconds (summed over workers): {stages}", err=True)
    store.close()
    if report.interrupted:
        click.echo("interrupted: every source written so far is complete; run again to finish",
                   err=True)
        sys.exit(130)
    if report.errors:
        sys.exit(1)


@click.command()
@store_option
@click.argument("sources", nargs=-1, required=True)
def remove(store_path: Path, sources: tuple[str, ...]) -> None:
    """Drop SOURCES (file paths, source names or graph IRIs) from the store."""
    from vanban.api.settings import Settings
    from vanban.graph.resolution import resolve_citations
    from vanban.ontology.iris import Minter

    minter = Minter(Settings.from_env().base)
    store = open_or_exit(store_path)
    missing = 0
    for source in sources:
        graph = source if source.startswith(("http://", "https://", "urn:")) else \
            str(minter.source(Path(source).stem))
        if store.remove_graph(graph):
            click.echo(f"removed {graph}", err=True)
        else:
            missing += 1
            click.echo(f"not in the store: {source} ({graph})", err=True)
    resolve_citations(store)
    store.close()
    if missing:
        sys.exit(1)


@click.command()
@store_option
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load(store_path: Path, files: tuple[Path, ...]) -> None:
    """Bulk-load RDF FILES (.nq, .trig, .ttl, .nt) straight into the store."""
    from vanban.graph.resolution import resolve_citations
    from vanban.graph.store import StoreError

    store = open_or_exit(store_path)
    for path in files:
        started = time.perf_counter()
        try:
            size = store.load(path)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"loaded {path} in {time.perf_counter() - started:.1f}s; "
                   f"store holds {size} triples", err=True)
    resolve_citations(store)
    store.close()


@click.group()
def stats() -> None:
    """Analytics over the citation graph (most cited, chains, workload, overdue, ...)."""


def _emit(rows: list, as_json: bool) -> None:
    records = [asdict(r) if hasattr(r, "__dataclass_fields__") else r for r in rows]
    if as_json:
        click.echo(json.dumps(records, ensure_ascii=False, indent=1))
        return
    for record in records:
        values = record.values() if isinstance(record, dict) else record
        click.echo("\t".join("" if v is None else str(v) for v in values))


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON records.")
limit_option = click.option("--limit", default=20, show_default=True, type=int)


@stats.command("cited")
@store_option
@limit_option
@click.option("--by", type=click.Choice(["citations", "pagerank"]), default="citations",
              show_default=True)
@json_option
def stats_cited(store_path: Path, limit: int, by: str, as_json: bool) -> None:
    """Most-cited documents (by citing texts, or by PageRank)."""
    from vanban.graph import analytics

    store = open_or_exit(store_path)
    fn = analytics.most_cited if by == "citations" else analytics.pagerank
    _emit(fn(store, limit), as_json)


@stats.command("chain")
@store_option
@click.argument("document")
@json_option
def stats_chain(store_path: Path, document: str, as_json: bool) -> None:
    """Amendments, replacements and repeals reaching DOCUMENT (IRI), and its current successor."""
    from vanban.graph.analytics import amendment_chain, current_successor

    store = open_or_exit(store_path)
    links = amendment_chain(store, document)
    _emit(links, as_json)
    click.echo(f"current: {current_successor(store, document, links=links)}", err=True)


@stats.command("workload")
@store_option
@click.option("--agency", help="Only this agency (IRI).")
@json_option
def stats_workload(store_path: Path, agency: str | None, as_json: bool) -> None:
    """Tasks led and coordinated per agency and deadline month."""
    from vanban.graph.analytics import agency_workload

    _emit(agency_workload(open_or_exit(store_path), agency), as_json)


@stats.command("overdue")
@store_option
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date (YYYY-MM-DD); today by default.")
@click.option("--limit", default=1000, show_default=True, type=int)
@json_option
def stats_overdue(store_path: Path, as_of, limit: int, as_json: bool) -> None:
    """Tasks whose deadline passed before a date."""
    from vanban.graph.analytics import overdue_tasks

    day = as_of.date() if as_of else date.today()
    _emit(overdue_tasks(open_or_exit(store_path), day, limit=limit), as_json)


@stats.command("communities")
@store_option
@click.option("--min-size", default=3, show_default=True, type=int)
@json_option
def stats_communities(store_path: Path, min_size: int, as_json: bool) -> None:
    """Citation communities (Louvain), largest first."""
    from vanban.graph.analytics import citation_communities

    groups = citation_communities(open_or_exit(store_path), min_size=min_size)
    _emit([{"size": len(g), "members": g} for g in groups] if as_json else
          [(len(g), " ".join(g[:10])) for g in groups], as_json)


@stats.command("unresolved")
@store_option
@click.option("--all", "include_resolved", is_flag=True,
              help="Include citations resolved through other documents.")
@json_option
def stats_unresolved(store_path: Path, include_resolved: bool, as_json: bool) -> None:
    """Citations whose year is unknown, most cited first."""
    from vanban.graph.analytics import unresolved_citations

    _emit(unresolved_citations(open_or_exit(store_path), include_resolved=include_resolved),
          as_json)


@stats.command("search")
@store_option
@limit_option
@click.argument("text")
@json_option
def stats_search(store_path: Path, limit: int, text: str, as_json: bool) -> None:
    """Tasks whose text contains TEXT (accents and case ignored)."""
    from vanban.graph.analytics import search_tasks

    _emit(search_tasks(open_or_exit(store_path), text, limit=limit), as_json)


@stats.command("reindex")
@store_option
def stats_reindex(store_path: Path) -> None:
    """Rebuild the precomputed statistics and search index from the store."""
    store = open_or_exit(store_path)
    store.reindex()
    click.echo(f"reindexed {len(store.graphs())} graphs, {len(store)} triples", err=True)
