"""The triple store: embedded Oxigraph on disk (default) or in memory.

Only this module imports pyoxigraph, so an upgrade touches one file. Each
source text lives in its own named graph; queries see the union of all graphs
as their default graph.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef

from vanban.ontology.namespaces import VNL

Triple = tuple[URIRef, URIRef, URIRef | Literal]


class StoreError(Exception):
    """The store cannot be opened or written (locked by another process, bad path...)."""


class Store:
    """A quad store with one named graph per ingested source."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        try:
            self._ox = ox.Store(str(path)) if path else ox.Store()
        except OSError as exc:
            raise StoreError(f"cannot open store at {path}: {exc}") from None

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> int:
        """Atomically replace a named graph's content; returns the number of triples."""
        lines = [f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in set(triples)]
        body = "\n".join(lines)
        # One SPARQL update is one transaction: readers never see a half-replaced source.
        self._ox.update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}")
        return len(lines)

    def remove_graph(self, graph: URIRef) -> bool:
        node = ox.NamedNode(str(graph))
        if not self._ox.contains_named_graph(node):
            return False
        self._ox.remove_graph(node)
        return True

    def source_hash(self, graph: URIRef) -> str | None:
        """The sha256 recorded for a source graph, to skip unchanged inputs."""
        quads = self._ox.quads_for_pattern(ox.NamedNode(str(graph)), ox.NamedNode(str(VNL.sha256)),
                                           None, ox.NamedNode(str(graph)))
        return next((q.object.value for q in quads), None)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._ox.named_graphs())

    def __len__(self) -> int:
        return len(self._ox)

    def query(self, sparql: str, **options):
        """Run a SPARQL query over the union of all graphs (pyoxigraph result objects)."""
        return self._ox.query(sparql, use_default_graph_as_union=True, **options)

    def flush(self) -> None:
        if self.path:
            self._ox.flush()


def open_store(path: Path | str | None) -> Store:
    """``None`` gives an in-memory store, a path an on-disk Oxigraph store (created if absent)."""
    if path is None:
        return Store()
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    return Store(path)
