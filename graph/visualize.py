"""Interactive citation-graph pages: pyvis builds the network, our template renders it.

pyvis 0.3 links Bootstrap and vis-network from CDNs even when asked to inline,
so the page template is ours and the vis-network assets are vendored in
``graph/vendor`` (served by the API, or inlined for standalone files).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

import networkx as nx
from jinja2 import Environment, PackageLoader, select_autoescape
from pyvis.network import Network

from .queries import load_query
from .sparql import select_rows
from .store import Store

KIND_COLOURS = {"source": "#1f77b4", "document": "#d62728", "agency": "#2ca02c", "task": "#ff7f0e"}
KIND_SHAPES = {"source": "box", "document": "dot", "agency": "diamond", "task": "triangle"}


@dataclass(frozen=True, slots=True)
class NetworkView:
    graph: nx.MultiDiGraph
    cut: int  # nodes left out by the cap


def citation_network(store: Store, *, max_nodes: int = 500) -> NetworkView:
    """The whole citation graph as networkx, capped to the best-connected nodes."""
    g = nx.MultiDiGraph()
    _, rows = select_rows(store, load_query("citation_edges"))
    for s, skind, slabel, p, o, okind, olabel, otitle in rows:
        g.add_node(s, kind=skind, label=_short(slabel or s, skind))
        g.add_node(o, kind=okind, label=_short(olabel or otitle or o, okind), title=otitle)
        g.add_edge(s, o, relation=p.rsplit("#", 1)[-1])
    cut = 0
    if g.number_of_nodes() > max_nodes:
        keep = sorted(g.nodes, key=lambda n: g.degree(n), reverse=True)[:max_nodes]
        cut = g.number_of_nodes() - max_nodes
        g = g.subgraph(keep).copy()
    return NetworkView(g, cut)


def _short(label: str, kind: str) -> str:
    if kind == "source":
        return label.rsplit("/", 1)[-1]
    return label.rsplit("/", 1)[-1] if label.startswith("http") else label


def render_network(view: NetworkView, *, title: str, inline_assets: bool = False,
                   asset_url: str = "/static/vendor", href=None) -> str:
    """HTML for a network view; ``href(iri)`` gives the page a node opens on double click."""
    net = Network(directed=True)
    for node, data in view.graph.nodes(data=True):
        kind = data.get("kind", "document")
        tooltip = "\n".join(filter(None, (data.get("label"), data.get("title"), kind, node)))
        net.add_node(node, label=data.get("label", node), title=tooltip, shape=KIND_SHAPES[kind],
                     color=KIND_COLOURS[kind], href=href(node) if href else None)
    for s, o, data in view.graph.edges(data=True):
        net.add_edge(s, o, title=data["relation"], arrows="to")
    note = (f"{view.cut} less connected nodes left out; narrow the view to see them."
            if view.cut else "")
    options = {"physics": {"enabled": view.graph.number_of_nodes() <= 1000,
                           "stabilization": {"iterations": 150}},
               "interaction": {"hover": True, "tooltipDelay": 150}}
    vendor = resources.files("vanban.graph").joinpath("vendor")
    return _env().get_template("network.html").render(
        title=title, inline=inline_assets, asset_url=asset_url, note=note,
        js=vendor.joinpath("vis-network.min.js").read_text("utf-8") if inline_assets else "",
        css=vendor.joinpath("vis-network.css").read_text("utf-8") if inline_assets else "",
        nodes=_script_json(net.nodes), edges=_script_json(net.edges),
        options=_script_json(options), legend=list(KIND_COLOURS.items()),
        node_count=len(net.nodes), edge_count=len(net.edges))


def _script_json(value) -> str:
    """JSON safe to embed in a <script> element."""
    return (json.dumps(value, ensure_ascii=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _env() -> Environment:
    return Environment(loader=PackageLoader("vanban.graph", "templates"),
                       autoescape=select_autoescape(["html"]))
