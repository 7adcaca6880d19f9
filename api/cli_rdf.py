"""`vanban validate`, `vanban export` and `vanban import`: the store as standard RDF."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_options import open_or_exit, store_option

_FORMAT_CHOICES = click.Choice(["turtle", "trig", "nquads", "jsonld", "ntriples"])


def _format_of(path: Path, fmt: str | None) -> str:
    from vanban.graph.export import SUFFIXES

    fmt = fmt or SUFFIXES.get(path.suffix.lower())
    if not fmt:
        raise click.ClickException(f"cannot tell the RDF format of {path}; pass --format")
    return fmt


def _file_graphs(path: Path, fmt: str):
    """(name, graph) pairs of a file: each named graph, or the file's one graph."""
    from vanban.graph.export import named_graphs, parse_dataset

    try:
        dataset = parse_dataset(path.read_bytes(), fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise click.ClickException(f"cannot parse {path} as {fmt}: {exc}") from None
    graphs = list(named_graphs(dataset))
    if not graphs:
        return [(str(path), dataset.default_context)]
    return [(str(g.identifier), g) for g in graphs]


@click.command()
@store_option
@click.option("--format", "fmt", type=_FORMAT_CHOICES, default=None,
              help="Format of FILE (default: from its suffix).")
@click.option("--quiet", "-q", is_flag=True, help="Print only graphs with problems.")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def validate(store_path: Path, fmt: str | None, quiet: bool, file: Path | None) -> None:
    """Check FILE, or every graph of the store, against the SHACL shapes.

    Exits with status 1 when any graph has a violation.
    """
    from vanban.graph.export import read_graph
    from vanban.ontology.validate import format_report, validate_graph

    if file:
        graphs = _file_graphs(file, _format_of(file, fmt))
    else:
        store = open_or_exit(store_path)
        graphs = ((name, read_graph(store, name)) for name in store.graphs(derived=True))
    failed = total = 0
    for name, graph in graphs:
        report = validate_graph(graph, name)
        total += 1
        failed += not report.conforms
        if report.violations or not quiet:
            click.echo(format_report(report))
    click.echo(f"{total} graph(s) checked, {failed} with violations", err=True)
    if failed:
        sys.exit(1)


@click.command()
@store_option
@click.option("--format", "fmt", type=_FORMAT_CHOICES, default="nquads", show_default=True,
              help="nquads, trig and jsonld keep one named graph per source; turtle and "
                   "ntriples flatten them into one graph.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output file (default: standard output).")
def export(store_path: Path, fmt: str, out_path: Path | None) -> None:
    """Dump the store as RDF, streaming graph by graph."""
    from vanban.graph.export import export as dump

    store = open_or_exit(store_path)
    if out_path is None:
        count = dump(store, fmt, sys.stdout)
    else:
        tmp = out_path.with_name(out_path.name + ".tmp")  # never leave a half-written file
        with tmp.open("w", encoding="utf-8") as out:
            count = dump(store, fmt, out)
        tmp.replace(out_path)
    click.echo(f"{count} statements exported ({fmt})", err=True)


@click.command(name="import")
@store_option
@click.option("--format", "fmt", type=click.Choice(["trig", "nquads", "jsonld"]), default=None,
              help="Format of FILE (default: from its suffix).")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(store_path: Path, fmt: str | None, file: Path) -> None:
    """Load an export (N-Quads, TriG, JSON-LD): each named graph replaces the store's graph."""
    from vanban.graph.export import FORMATS, import_dataset, parse_dataset

    fmt = _format_of(file, fmt)
    if not FORMATS[fmt][1]:
        raise click.ClickException(f"{fmt} has no named graphs; import nquads, trig or jsonld")
    store = open_or_exit(store_path)
    loaded = import_dataset(store, parse_dataset(file.read_bytes(), fmt))
    store.flush()
    click.echo(f"{len(loaded)} graphs ({sum(loaded.values())} triples) imported; "
               f"store {store_path} holds {len(store)} triples", err=True)
