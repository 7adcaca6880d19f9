"""The graph that views draw, pulled from the store: all of it, or the part around some nodes.

Pages about one node (a neighbourhood, a directive) fetch only the hops they
show, so they cost the same on a store of ten documents or a hundred thousand;
overviews pull everything once per store generation and reuse it.
"""
from __future__ import annotations

import threading
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence

import networkx as nx

from vanban.ontology.namespaces import ELI, VNL

from .queries import load_query
from .sparql import is_iri, select_rows
from .store import Store

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
DCTERMS = "http://purl.org/dc/terms/"
# Most specific first: a source text is also a legal resource.
KINDS = ((str(VNL.SourceText), "source"), (str(ELI.LegalResource), "document"),
         ("http://www.w3.org/ns/org#Organization", "agency"), (str(VNL.Task), "task"))
# Where each kind of node takes its label, title, year and date from.
FIELDS = {
    "source": {"label": str(VNL.fileName), "title": DCTERMS + "title", "date": DCTERMS + "date"},
    "document": {"label": str(ELI.id_local), "title": str(ELI.title), "year": str(VNL.year),
                 "date": str(ELI.date_document)},
    "agency": {"label": SKOS_LABEL},
    "task": {"title": str(VNL.taskText), "date": str(VNL.deadline)},
}
BOOLEAN_TRUE = ("true", "1")  # the lexical forms of xsd:boolean true (Virtuoso writes 1)
DIRECTIVE_HOPS = ("in", "out")  # a source text's tasks, then what they name
BATCH = 500  # nodes bound per query: keeps each query text small
_cache: weakref.WeakKeyDictionary[Store, tuple[int, nx.MultiDiGraph]] = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def load_view_graph(store: Store) -> nx.MultiDiGraph:
    """Documents, sources, agencies and tasks with their links: the whole store.

    Embedded stores change only through vanban, which counts their writes, so the
    graph is reused until the next write; a remote store is read afresh.
    """
    generation = store.generation
    if store.url is not None:
        return _assemble(store, _rows(store, "view_edges"))
    with _cache_lock:
        cached = _cache.get(store)
        if cached and cached[0] == generation:
            return cached[1]
    graph = _assemble(store, _rows(store, "view_edges"))
    with _cache_lock:
        _cache[store] = (generation, graph)
    return graph


def local_view_graph(store: Store, start: str, hops: Sequence[str]) -> nx.MultiDiGraph:
    """The nodes reached from ``start`` by ``hops`` ("out", "in" or "both" each) and their edges.

    A superset of what a view of that depth needs: views filter and walk it again.
    An IRI that could not come from the store gives an empty graph.
    """
    if not is_iri(start):
        return nx.MultiDiGraph()
    frontier, seen, edges, out_done = {start}, {start}, [], set()
    for direction in hops:
        found = []
        if direction in ("out", "both"):
            found += _bound_rows(store, "view_edges", "?s", frontier)
            out_done |= frontier
        if direction in ("in", "both"):
            found += _bound_rows(store, "view_edges", "?o", frontier)
        edges += found
        frontier = {n for s, _, o, _ in found for n in (s, o)} - seen
        seen |= frontier
    # The links among the nodes reached, as a subgraph of the whole would have them.
    edges += [row for row in _bound_rows(store, "view_edges", "?s", seen - out_done)
              if row[2] in seen]
    return _assemble(store, edges, nodes=seen)


def _assemble(store: Store, edges: list[list[str | None]], *,
              nodes: Iterable[str] | None = None) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    rows = (_rows(store, "view_nodes") if nodes is None
            else _bound_rows(store, "view_nodes", "?node", nodes))
    for node, data in sorted(_node_data(rows).items()):
        g.add_node(node, **data)
    strong = {(s, o) for s, p, o, _ in edges if not p.endswith("#cites")}
    for s, p, o, draft in sorted(set(map(tuple, edges))):
        relation = p.rsplit("#", 1)[-1]
        if relation == "cites" and (s, o) in strong:
            continue  # a stronger relation already links the pair
        if s in g and o in g:
            g.add_edge(s, o, relation=relation, draft=draft in BOOLEAN_TRUE)
    return g


def _node_data(rows: Iterable[list[str | None]]) -> dict[str, dict]:
    """Kind and fields per node; of several values the least is kept, so pages are stable."""
    values: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for node, prop, value in rows:
        values[node][prop].add(value)
    out = {}
    for node, props in values.items():
        kind = next((k for t, k in KINDS if t in props[RDF_TYPE]), None)
        if kind is None:
            continue
        data = {"kind": kind, "label": None, "title": None, "year": None, "date": None}
        for field, prop in FIELDS[kind].items():
            data[field] = min(props[prop]) if props.get(prop) else None
        data["year"] = int(data["year"]) if data["year"] else None
        out[node] = data
    return out


def _rows(store: Store, query: str) -> list[list[str | None]]:
    return select_rows(store, load_query(query))[1]


def _bound_rows(store: Store, query: str, variable: str, nodes: Iterable[str]) -> list:
    """Rows of ``query`` with ``variable`` bound to ``nodes``, a batch at a time."""
    text, ordered, rows = load_query(query), sorted(nodes), []
    for i in range(0, len(ordered), BATCH):
        values = " ".join(f"<{n}>" for n in ordered[i:i + BATCH])
        bound = text.replace("WHERE {", f"WHERE {{\n  VALUES {variable} {{ {values} }}", 1)
        rows += select_rows(store, bound)[1]
    return rows
