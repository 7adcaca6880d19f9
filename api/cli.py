"""The `vanban` command line: thin wrappers over ingest, ontology and graph."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from vanban import __version__


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
