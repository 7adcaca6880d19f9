"""The `vanban` command line: thin wrappers over ingest, ontology and graph."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from vanban import __version__

from .cli_options import open_or_exit, store_option


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vanban")
def main() -> None:
    """vanban: a legal-citation knowledge graph for Vietnamese government documents."""


@main.command()
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the JSON files, one <stem>.json per input.")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
def extract(out_dir: Path, files: tuple[Path, ...]) -> None:
    """Extract citations, agencies and tasks from FILES into JSON."""
    from vanban.ingest.contract import to_contract
    from vanban.ingest.errors import IngestError
    from vanban.ingest.pipeline import extract_file

    out_dir.mkdir(parents=True, exist_ok=True)
    failed = 0
    with click.progressbar(files, label="extracting", file=sys.stderr,
                           show_pos=True) as bar:
        for path in bar:
            try:
                record = to_contract(extract_file(path))
            except IngestError as exc:
                failed += 1
                click.echo(f"\nerror: {exc}", err=True)
                continue
            target = out_dir / f"{path.stem}.json"
            tmp = target.with_suffix(".json.tmp")  # never leave a half-written file
            tmp.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
            tmp.replace(target)
    click.echo(f"{len(files) - failed} extracted, {failed} failed -> {out_dir}", err=True)
    if failed:
        sys.exit(1)


@main.command()
@store_option
@click.option("--force", is_flag=True, help="Re-extract sources whose content is unchanged.")
@click.option("--workers", type=int, default=None,
              help="Extraction processes (default: one per core).")
@click.option("--batch", "batch", type=int, default=100_000, show_default=True,
              help="Triples per atomic store write.")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
def ingest(store_path: Path, force: bool, workers: int | None, batch: int,
           paths: tuple[Path, ...]) -> None:
    """Extract PATHS (files or folders) and load them, one named graph per source."""
    from .cli_store import run_ingest

    run_ingest(store_path, paths, force=force, workers=workers, batch=batch)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv", "xml", "turtle"]),
              default="table", show_default=True, help="Output format.")
@click.argument("sparql")
def query(store_path: Path, fmt: str, sparql: str) -> None:
    """Run a SPARQL query over the store and print the result."""
    from vanban.graph.sparql import FORMAT_ALIASES, QuerySyntaxError, run_query

    store = open_or_exit(store_path)
    try:
        outcome = run_query(store, sparql)
    except QuerySyntaxError as exc:
        raise click.ClickException(f"SPARQL syntax error: {exc}") from None
    if fmt == "table":
        if outcome.form == "graph":
            fmt = "turtle"
        else:
            click.echo(_table(outcome.serialize("text/tab-separated-values").decode()))
            return
    media_type = FORMAT_ALIASES[fmt]
    if media_type not in outcome.media_types:
        raise click.ClickException(f"--format {fmt} does not fit a {outcome.form} result")
    click.echo(outcome.serialize(media_type).decode(), nl=False)


def _table(tsv: str) -> str:
    rows = [line.split("\t") for line in tsv.splitlines()]
    if not rows:
        return ""
    widths = [max(len(r[i]) if i < len(r) else 0 for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


@main.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="TCP port to listen on.")
@click.option("--demo", is_flag=True,
              help="Ingest the bundled sample directive into a fresh temporary store and serve it.")
def serve(store_path: Path, host: str, port: int, demo: bool) -> None:
    """Serve the SPARQL endpoint, graph pages and API over HTTP."""
    if not demo:
        _serve(open_or_exit(store_path), store_path, host, port, demo)
        return
    import tempfile

    from vanban.graph.store import open_store

    # On disk, not in memory: queries then run in worker processes that can be killed.
    with tempfile.TemporaryDirectory(prefix="vanban-demo-") as tmp:
        _serve(open_store(Path(tmp) / "store"), None, host, port, demo)


def _serve(store, store_path: Path | None, host: str, port: int, demo: bool) -> None:
    import uvicorn

    from vanban.api.app import create_app
    from vanban.api.settings import Settings

    settings = Settings.from_env(store=store_path)
    if demo:
        from importlib import resources

        from vanban.api.ingestion import ingest_paths
        from vanban.ontology.iris import Minter

        sample = resources.files("vanban").joinpath("sample")
        paths = sorted(Path(str(p)) for p in sample.iterdir() if p.name.endswith(".txt"))
        ingest_paths(store, paths, Minter(settings.base))
    url = f"http://{host}:{port}"
    click.echo(f"vanban: {len(store)} triples from {len(store.graphs())} sources\n"
               f"  graph:  {url}/graph\n  SPARQL: {url}/sparql\n  API docs: {url}/docs", err=True)
    uvicorn.run(create_app(settings, store=store), host=host, port=port, log_level="warning")


from .cli_viz import viz  # noqa: E402  (commands in their own modules register here)

main.add_command(viz)


from .cli_rdf import export, import_, validate  # noqa: E402  (registered after main exists)

main.add_command(validate)
main.add_command(export)
main.add_command(import_)


from .cli_store import load, remove, stats  # noqa: E402  (registered after main exists)

main.add_command(remove)
main.add_command(load)
main.add_command(stats)
