"""`vanban viz`: write a graph page to a standalone HTML file (assets inlined, works offline)."""
from __future__ import annotations

from pathlib import Path

import click

from .cli_options import open_or_exit, store_option


@click.command()
@store_option
@click.option("--view", type=click.Choice(["overview", "neighbourhood", "directive", "most-cited"]),
              default="overview", show_default=True, help="Which graph to draw.")
@click.option("--node", help="Document, agency or source IRI (neighbourhood, directive).")
@click.option("--depth", type=click.IntRange(1, 3), default=1, show_default=True,
              help="Hops from --node (neighbourhood).")
@click.option("--direction", type=click.Choice(["both", "out", "in"]), default="both",
              show_default=True, help="Follow links out of --node, into it, or both.")
@click.option("--relation", multiple=True, help="Document relation to keep (repeatable).")
@click.option("--top", type=int, default=50, show_default=True, help="Documents (most-cited).")
@click.option("--max-nodes", type=int, default=500, show_default=True, help="Node cap.")
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write.")
def viz(store_path: Path, view: str, node: str | None, depth: int, direction: str,
        relation: tuple[str, ...], top: int, max_nodes: int, out_file: Path) -> None:
    """Write an interactive graph page to a standalone HTML file."""
    from vanban.graph.view_graph import DIRECTIVE_HOPS, load_view_graph, local_view_graph
    from vanban.graph.visualize import (View, cap, collapse_tasks, directive_view, filter_view,
                                        most_cited, neighbourhood, render_view)

    store = open_or_exit(store_path)
    if view == "neighbourhood":
        g = local_view_graph(store, node or "", (direction,) * depth)
    elif view == "directive":
        g = local_view_graph(store, node or "", DIRECTIVE_HOPS)
    else:
        g = load_view_graph(store)
    if view in ("neighbourhood", "directive") and (not node or node not in g):
        raise click.UsageError(f"--view {view} needs --node with an IRI that is in the graph")
    relations = relation or None
    if view == "overview":
        g, title = filter_view(collapse_tasks(g), relations=relations), "Citation graph"
    elif view == "neighbourhood":
        g = neighbourhood(filter_view(g, relations=relations, keep=[node]), node,
                          depth=depth, direction=direction)
        title = f"Around {node}"
    elif view == "directive":
        g, title = directive_view(g, node), f"Tasks in {node}"
    else:
        g, title = most_cited(g, top), f"The {top} most cited documents"
    g, cut = cap(g, max_nodes, keep=[node] if node else [])
    out_file.write_text(render_view(View(g, title, cut), inline_assets=True), encoding="utf-8")
    click.echo(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges -> {out_file}", err=True)
