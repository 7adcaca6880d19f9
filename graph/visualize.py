"""Interactive graph pages: views are pure functions over networkx, pyvis builds the network.

pyvis 0.3 links Bootstrap and vis-network from CDNs even when asked to inline,
and its physics cannot settle thousands of nodes in a browser, so the page
template and the layout of large views are ours; the vis-network assets are
vendored in ``graph/assets`` (served by the API, or inlined in standalone files).
"""
from __future__ import annotations

import json
import math
import random
from collections.abc import Callable, Collection
from dataclasses import dataclass
from importlib import resources

import networkx as nx
from jinja2 import Environment, PackageLoader, select_autoescape
from pyvis.edge import Edge
from pyvis.node import Node


DOCUMENT_RELATIONS = ("cites", "based_on", "implements", "amends", "replaces", "repeals", "corrects")
TASK_RELATIONS = ("leadAgency", "coordinator", "citesDocument", "assignedIn", "assigns")
KIND_COLOURS = {"source": "#1f77b4", "document": "#d62728", "agency": "#2ca02c", "task": "#ff7f0e"}
KIND_SHAPES = {"source": "box", "document": "dot", "agency": "diamond", "task": "triangle"}
# Documents are coloured by the type slug of their IRI (ontology/iris.py).
TYPE_COLOURS = {"nd": "#d62728", "nq": "#9467bd", "qd": "#8c564b", "ct": "#e377c2",
                "tt": "#bcbd22", "ttlt": "#17becf", "vb": "#7f7f7f"}
EDGE_STYLES = {
    "cites": {"color": "#999999", "width": 1},
    "based_on": {"color": "#1f77b4", "width": 2},
    "implements": {"color": "#2ca02c", "width": 2},
    "amends": {"color": "#d62728", "width": 2, "dashes": True},
    "replaces": {"color": "#9467bd", "width": 2, "dashes": True},
    "repeals": {"color": "#000000", "width": 2, "dashes": True},
    "corrects": {"color": "#8c564b", "width": 1, "dashes": True},
    "leadAgency": {"color": "#ff7f0e", "width": 2},
    "coordinator": {"color": "#ff7f0e", "width": 1, "dashes": True},
    "citesDocument": {"color": "#bbbbbb", "width": 1, "dashes": [2, 4]},
    "assignedIn": {"color": "#dddddd", "width": 1},
    "assigns": {"color": "#ff7f0e", "width": 1},
}
LEGEND = ([(kind, colour, "i") for kind, colour in KIND_COLOURS.items()]
          + [(r, EDGE_STYLES[r]["color"], "b") for r in DOCUMENT_RELATIONS])
LABEL_LIMIT = 100  # above this many nodes only the best connected carry a label
PHYSICS_LIMIT = 200  # above this many nodes the browser cannot settle physics quickly


@dataclass(frozen=True, slots=True)
class View:
    """A graph to draw and what the cap left out."""

    graph: nx.MultiDiGraph
    title: str
    cut: int = 0
    hint: str = ""


def filter_view(g: nx.MultiDiGraph, *, relations: Collection[str] | None = None,
                years: tuple[int | None, int | None] = (None, None),
                keep: Collection[str] = ()) -> nx.MultiDiGraph:
    """Edges of the given relations, documents within the years; drop what becomes isolated."""
    lo, hi = years
    out = nx.MultiDiGraph()
    for node, data in g.nodes(data=True):
        year = data.get("year")
        if data["kind"] == "document" and year and ((lo and year < lo) or (hi and year > hi)):
            continue
        out.add_node(node, **data)
    for s, o, data in g.edges(data=True):
        wanted = (relations is None or data["relation"] in relations
                  or data["relation"] in TASK_RELATIONS)
        if wanted and s in out and o in out:
            out.add_edge(s, o, **data)
    out.remove_nodes_from([n for n in list(out) if out.degree(n) == 0 and n not in keep])
    return out


def collapse_tasks(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Replace each task by ``assigns`` edges from its source to its agencies (overviews)."""
    out = g.copy()
    for task, data in g.nodes(data=True):
        if data["kind"] != "task":
            continue
        sources = [o for _, o, r in g.out_edges(task, data="relation") if r == "assignedIn"]
        agencies = [o for _, o, r in g.out_edges(task, data="relation")
                    if r in ("leadAgency", "coordinator")]
        for source in sources:
            for agency in agencies:
                if not out.has_edge(source, agency):
                    out.add_edge(source, agency, relation="assigns", draft=False)
        out.remove_node(task)
    return out


def neighbourhood(g: nx.MultiDiGraph, centre: str, *, depth: int = 1,
                  direction: str = "both") -> nx.MultiDiGraph:
    """Nodes within ``depth`` hops of ``centre``: following links out, in, or both ways."""
    if centre not in g:
        return nx.MultiDiGraph()
    seen, frontier = {centre}, {centre}
    for _ in range(depth):
        step: set[str] = set()
        for node in frontier:
            if direction in ("out", "both"):
                step.update(g.successors(node))
            if direction in ("in", "both"):
                step.update(g.predecessors(node))
        frontier = step - seen
        seen |= frontier
    return g.subgraph(seen).copy()


def directive_view(g: nx.MultiDiGraph, source: str) -> nx.MultiDiGraph:
    """Who must do what by when in one source: its tasks, their agencies and documents."""
    tasks = [t for t in g.predecessors(source) if g.nodes[t]["kind"] == "task"] if source in g else []
    keep = {source, *tasks}
    for task in tasks:
        keep.update(g.successors(task))
    return g.subgraph(keep).copy()


def most_cited(g: nx.MultiDiGraph, n: int = 50) -> nx.MultiDiGraph:
    """The ``n`` documents cited by most sources, with the links among them and their citers."""
    docs = [d for d, data in g.nodes(data=True) if data["kind"] == "document"]
    ranked = sorted(docs, key=lambda d: (-_citers(g, d), g.nodes[d].get("label") or d))[:n]
    keep = set(ranked)
    for doc in ranked:
        keep.update(p for p in g.predecessors(doc) if g.nodes[p]["kind"] in ("source", "document"))
    return g.subgraph(keep).copy()


def _citers(g: nx.MultiDiGraph, node: str) -> int:
    return sum(1 for p in g.predecessors(node) if g.nodes[p]["kind"] != "task")


def cap(g: nx.MultiDiGraph, max_nodes: int, *, keep: Collection[str] = ()) -> tuple[nx.MultiDiGraph, int]:
    """Keep the best-connected ``max_nodes`` nodes (and ``keep``); return the graph and the cut."""
    if g.number_of_nodes() <= max_nodes:
        return g, 0
    ranked = sorted(g.nodes, key=lambda n: (n not in keep, -g.degree(n), n))[:max_nodes]
    return g.subgraph(ranked).copy(), g.number_of_nodes() - max_nodes


def spiral_layout(g: nx.MultiDiGraph, spacing: float = 28.0) -> dict[str, tuple[float, float]]:
    """Best-connected nodes in the middle, the rest on a sunflower spiral: O(n), deterministic."""
    golden = math.pi * (3 - math.sqrt(5))
    ranked = sorted(g.nodes, key=lambda n: (-g.degree(n), n))
    return {node: (spacing * math.sqrt(i) * math.cos(i * golden),
                   spacing * math.sqrt(i) * math.sin(i * golden)) for i, node in enumerate(ranked)}


def synthetic_view(n: int, *, seed: int = 7) -> View:
    """``n`` documents citing earlier ones, preferring the well cited (benchmarks, browser tests)."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    nodes: list[str] = []
    for i in range(n):
        year = 2000 + i % 25
        iri = f"https://w3id.org/vanban/eli/vn/cp/nd/{year}/{i + 1}"
        g.add_node(iri, kind="document", label=f"{i + 1}/{year}/NĐ-CP", year=year)
        for _ in range(2 if nodes else 0):
            g.add_edge(iri, nodes[int(len(nodes) * rng.random() ** 3)], relation="cites")
        nodes.append(iri)
    return View(g, f"{n} synthetic documents")


def _node_options(node: str, data: dict, in_degree: int, href: Callable[[str], str | None]) -> dict:
    kind = data["kind"]
    label = data.get("label") or data.get("title") or node.rsplit("/", 1)[-1]
    if kind == "source":
        label = label.rsplit("/", 1)[-1]
    colour = KIND_COLOURS[kind]
    if kind == "document":
        colour = TYPE_COLOURS.get(_type_slug(node), KIND_COLOURS["document"])
    title = data.get("title") or ""
    tooltip = "\n".join(filter(None, (label, title[:200], data.get("date"), kind, node)))
    return {"label": label if kind != "task" else (data.get("date") or "task"),
            "title": tooltip, "shape": KIND_SHAPES[kind], "color": colour,
            "size": min(40.0, 8 + 5 * math.sqrt(in_degree)), "href": href(node), "kind": kind}


def _type_slug(iri: str) -> str | None:
    parts = iri.split("/")
    for marker in ("eli", "unresolved"):
        if marker in parts:
            i = parts.index(marker) + (3 if marker == "eli" else 2)
            return parts[i] if i < len(parts) else None
    return None


def render_view(view: View, *, href: Callable[[str], str | None] = lambda _: None,
                inline_assets: bool = False, asset_url: str = "/static/graph",
                controls: dict | None = None) -> str:
    """HTML for a view; ``href(iri)`` is the page a node opens on click."""
    g = view.graph
    large = g.number_of_nodes() > PHYSICS_LIMIT
    positions = spiral_layout(g) if large else {}
    # Drawing thousands of labels is what makes big pages slow; the rest show on hover.
    labelled = set(list(positions)[:LABEL_LIMIT]) if len(positions) > LABEL_LIMIT else None
    nodes = []
    for node, data in g.nodes(data=True):
        options = _node_options(node, data, g.in_degree(node), href)
        if node in positions:
            options["x"], options["y"] = positions[node]
        label = options.pop("label")
        if labelled is not None and node not in labelled:
            label = ""
        # pyvis's Node/Edge give vis option dicts; Network.add_node is O(n) per call.
        nodes.append(Node(node, options.pop("shape"), label, **options).options)
    edges = [Edge(s, o, directed=True, title=data["relation"] + (" (draft)" if data.get("draft") else ""),
                  arrows="to", **EDGE_STYLES[data["relation"]]).options
             for s, o, data in g.edges(data=True)]
    options = {"physics": {"enabled": not large, "stabilization": {"iterations": 100}},
               "layout": {"improvedLayout": not large},
               "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large},
               "nodes": {"font": {"size": 12}},
               "edges": {"smooth": not large}}
    note = view.hint
    if view.cut:
        note = (f"{view.cut} less connected nodes were left out of {g.number_of_nodes() + view.cut}. "
                + (view.hint or "Narrow the view (relation, years, a document's neighbourhood)."))
    assets = resources.files("vanban.graph").joinpath("assets")

    def asset(name: str) -> str:
        return assets.joinpath(name).read_text("utf-8") if inline_assets else ""

    return _env().get_template("network.html").render(
        title=view.title, inline=inline_assets, asset_url=asset_url, note=note, controls=controls,
        js=asset("vis-network.min.js"), css=asset("vis-network.css"), app_js=asset("vanban-graph.js"),
        page_css=asset("vanban-graph.css"),
        data=_script_json({"nodes": nodes, "edges": edges, "options": options,
                           "legend": LEGEND}),
        node_count=len(nodes), edge_count=len(edges))


def _script_json(value: object) -> str:
    """JSON safe to embed in a <script> element."""
    return (json.dumps(value, ensure_ascii=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _env() -> Environment:
    return Environment(loader=PackageLoader("vanban.graph", "templates"),
                       autoescape=select_autoescape(["html"]))
