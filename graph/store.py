"""Triple stores behind one interface: embedded Oxigraph (on disk or in memory) or remote.

Each source text lives in its own named graph; queries see the union of all
graphs as their default graph. Only this module and graph/remote.py import
pyoxigraph's store, so an upgrade touches two files.

Writes go through :meth:`Store.replace_graphs`: each named graph is replaced
atomically, and the sidecar :class:`~vanban.graph.index.StatsIndex` (precomputed
counts and full-text search) is kept in step through a journal, so that a crash
or ``kill -9`` at any point leaves every source either fully present or absent
once the store is opened again.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from vanban.ontology.namespaces import VNL

from .index import INDEXED_PREDICATES, StatsIndex

Triple = tuple[URIRef, URIRef, URIRef | Literal]
INDEX_FILE = "vanban-index.sqlite"
RDF_SUFFIXES = {".nq": ox.RdfFormat.N_QUADS, ".nt": ox.RdfFormat.N_TRIPLES,
                ".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG}
# Graphs vanban derives from the sources (not sources themselves).
DERIVED_PREFIX = "urn:vanban:graph:"


class StoreError(Exception):
    """The store cannot be opened or written (locked by another process, bad path...)."""


def to_ntriples(triples: Iterable[Triple]) -> str:
    """rdflib triples as N-Triples text (duplicates dropped)."""
    return "".join(f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in set(triples))


def _nt(term) -> str:
    if isinstance(term, Literal):
        if term.language:
            return str(ox.Literal(str(term), language=term.language))
        if term.datatype:
            return str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))))
        return str(ox.Literal(str(term)))
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


def parse_ntriples(text: str) -> Iterator[tuple[str, str, str]]:
    """(subject, predicate, object) lexical values of N-Triples text."""
    for q in ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES):
        yield q.subject.value, q.predicate.value, q.object.value


_INDEXED = frozenset(f"<{p}>" for p in INDEXED_PREDICATES)


def index_change(text: str) -> tuple[int, list[tuple[str, str, str]]]:
    """What the index needs of a graph's N-Triples: its size and the lines it reads, parsed."""
    lines = text.splitlines()
    wanted = [line for line in lines if line.split(" ", 2)[1:2] and line.split(" ", 2)[1] in _INDEXED]
    return sum(1 for line in lines if line.strip()), list(parse_ntriples("\n".join(wanted)))


class Store:
    """The interface every backend implements; subclasses provide the ``_`` primitives."""

    index: StatsIndex | None = None
    url: str | None = None

    # -- writes -----------------------------------------------------------------------
    def replace_graph(self, graph: URIRef | str, triples: Iterable[Triple]) -> int:
        """Atomically replace a named graph's content; returns the number of triples."""
        text = to_ntriples(triples)
        self.replace_graphs({str(graph): text})
        return text.count("\n")

    def replace_graphs(self, graphs: Mapping[str, str]) -> int:
        """Replace each named graph (IRI -> N-Triples text) atomically; returns triples written."""
        if not graphs:
            return 0
        existing = set(self.graphs(derived=True)) & graphs.keys()
        if self.index:
            self.index.journal_begin({g: ("replace" if g in existing else "new") for g in graphs})
        self._write({g: t for g, t in graphs.items() if g not in existing},
                    {g: t for g, t in graphs.items() if g in existing})
        if self.index:
            self.index.apply({g: index_change(t) for g, t in graphs.items()})
        return sum(t.count("\n") for t in graphs.values())

    def remove_graph(self, graph: URIRef | str) -> bool:
        graph = str(graph)
        if self.index:
            self.index.journal_begin({graph: "replace"})
        removed = self._drop(graph)
        if self.index:
            self.index.apply({graph: None})
        return removed

    def load(self, path: Path | str) -> int:
        """Bulk-load an RDF file (.nq, .trig, .ttl, .nt); returns the store's new size.

        Triples outside any named graph (Turtle, N-Triples) go to a graph named
        after the file. The index is rebuilt from the store afterwards.
        """
        path = Path(path)
        fmt = RDF_SUFFIXES.get(path.suffix.lower())
        if fmt is None:
            raise StoreError(f"{path.name}: unknown RDF format (use {', '.join(RDF_SUFFIXES)})")
        fresh = self.index is not None and not self.graphs(derived=True)
        self._bulk_file(path, fmt)
        if fresh:  # reading the file back is several times faster than reading the store
            self.index.rebuild(file_changes(path, fmt))
        elif self.index:
            self.reindex()
        return len(self)

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update; the index cannot tell what it touched, so it is rebuilt."""
        self._update(sparql)
        self.reindex()

    def reindex(self) -> None:
        """Rebuild the precomputed statistics and full-text index from the store."""
        if not self.index:
            return
        _, rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        own = set(self.graphs(derived=True))
        triples: dict[str, list] = {g: [] for g in own}
        for g, s, p, o in self._indexed_quads():
            if g in triples:
                triples[g].append((s, p, o))
        self.index.rebuild((g, int(n), triples[g]) for g, n in rows if g in own)

    def _indexed_quads(self) -> Iterator[tuple[str, str, str, str]]:
        """(graph, s, p, o) of every triple with a predicate the index reads."""
        values = " ".join(f"<{p}>" for p in sorted(INDEXED_PREDICATES))
        _, rows = self.select(f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} "
                              f"GRAPH ?g {{ ?s ?p ?o }} }}")
        return (tuple(r) for r in rows)

    def recover(self) -> None:
        """Finish what an interrupted write left: drop half-loaded new graphs, reindex the rest."""
        if not self.index:
            return
        pending = self.index.journal_pending()
        if not pending:
            return
        for graph, kind in pending.items():
            if kind == "new":
                self._drop(graph)
        self.index.apply({g: (None if k == "new" else self._graph_change(g))
                          for g, k in pending.items()})

    def _graph_change(self, graph: str) -> tuple[int, list[tuple[str, str, str]]]:
        triples = list(self.graph_triples(graph))
        return len(triples), [t for t in triples if t[1] in INDEXED_PREDICATES]

    # -- reads ------------------------------------------------------------------------
    def source_hash(self, graph: URIRef | str) -> str | None:
        """The sha256 recorded for a source graph, to skip unchanged inputs."""
        if self.index:
            return self.index.source_hash(str(graph))
        return self.source_hashes().get(str(graph))

    def source_hashes(self) -> dict[str, str]:
        """Every source graph and its recorded sha256 (one query, for bulk skip checks)."""
        if self.index:
            return self.index.source_hashes()
        _, rows = self.select(f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?g <{VNL.sha256}> ?h }} }}")
        return {g: h for g, h in rows}

    def graphs(self, *, derived: bool = False) -> list[str]:
        """Named graphs in the store; ``derived`` adds vanban's own derived graphs."""
        return sorted(g for g in self._named_graphs()
                      if derived or not g.startswith(DERIVED_PREFIX))

    def select(self, sparql: str) -> tuple[list[str], list[list[str | None]]]:
        """A SELECT's variable names and rows of lexical values."""
        result = self.query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise ValueError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return names, [[None if t is None else t.value for t in sol] for sol in result]

    def graph_triples(self, graph: str) -> Iterator[tuple[str, str, str]]:
        _, rows = self.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return (tuple(r) for r in rows)

    def __len__(self) -> int:
        if self.index:
            return self.index.triple_count()
        return self._count()

    def flush(self) -> None:
        """Make writes durable (a no-op where every write already is)."""

    def close(self) -> None:
        self.flush()
        if self.index:
            self.index.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- backend primitives -------------------------------------------------------------
    def query(self, sparql: str, **options):
        """Run a SPARQL query over the union of all graphs (pyoxigraph result objects)."""
        raise NotImplementedError

    def _write(self, new: Mapping[str, str], changed: Mapping[str, str]) -> None:
        raise NotImplementedError

    def _drop(self, graph: str) -> bool:
        raise NotImplementedError

    def _update(self, sparql: str) -> None:
        raise NotImplementedError

    def _bulk_file(self, path: Path, fmt: ox.RdfFormat) -> None:
        raise NotImplementedError

    def _named_graphs(self) -> Iterable[str]:
        raise NotImplementedError

    def _count(self) -> int:
        raise NotImplementedError


class OxigraphStore(Store):
    """Embedded Oxigraph: on disk under ``path``, or in memory when ``path`` is None."""

    def __init__(self, path: Path | None = None, *, index: bool = True) -> None:
        self.path = path
        try:
            self._ox = ox.Store(str(path)) if path else ox.Store()
        except OSError as exc:
            raise StoreError(f"cannot open store at {path}: {exc}") from None
        if index:
            self.index = StatsIndex(path / INDEX_FILE if path else None)
            self.recover()
            if self.index.is_new and len(self._ox):
                self.reindex()

    def query(self, sparql: str, **options):
        if "default_graph" not in options:
            options["use_default_graph_as_union"] = True
        return self._ox.query(sparql, **options)

    def _write(self, new: Mapping[str, str], changed: Mapping[str, str]) -> None:
        if new:
            # New graphs go through the bulk loader (several times faster than a
            # transaction); the journal drops them again if this is interrupted.
            nquads = "".join(_to_nquads(t, g) for g, t in new.items())
            if self.path:
                self._ox.bulk_load(nquads.encode(), format=ox.RdfFormat.N_QUADS)
            else:
                self._ox.load(nquads.encode(), format=ox.RdfFormat.N_QUADS)
        for graph, text in changed.items():
            # One SPARQL update is one transaction: readers never see a half-replaced source.
            self._ox.update(f"DROP SILENT GRAPH <{graph}> ;\n"
                            f"INSERT DATA {{ GRAPH <{graph}> {{\n{text}\n}} }}")

    def _drop(self, graph: str) -> bool:
        node = ox.NamedNode(graph)
        if not self._ox.contains_named_graph(node):
            return False
        self._ox.remove_graph(node)
        return True

    def _update(self, sparql: str) -> None:
        self._ox.update(sparql)

    def _bulk_file(self, path: Path, fmt: ox.RdfFormat) -> None:
        target = None if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG) else \
            ox.NamedNode(file_graph(path))
        try:
            if self.path:
                self._ox.bulk_load(path=str(path), format=fmt, to_graph=target)
            else:
                self._ox.load(path=str(path), format=fmt, to_graph=target)
        except SyntaxError as exc:
            raise StoreError(f"{path.name}: {exc}") from None

    def graph_triples(self, graph: str) -> Iterator[tuple[str, str, str]]:
        for q in self._ox.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            yield q.subject.value, q.predicate.value, q.object.value

    def _named_graphs(self) -> Iterable[str]:
        return (g.value for g in self._ox.named_graphs())

    def _indexed_quads(self) -> Iterator[tuple[str, str, str, str]]:
        for p in INDEXED_PREDICATES:
            for q in self._ox.quads_for_pattern(None, ox.NamedNode(p), None, None):
                yield q.graph_name.value, q.subject.value, p, q.object.value

    def _count(self) -> int:
        return len(self._ox)

    def flush(self) -> None:
        if self.path:
            self._ox.flush()

    def close(self) -> None:
        """Flush and release the on-disk lock (the object is unusable afterwards)."""
        super().close()
        del self._ox


def file_changes(path: Path, fmt: ox.RdfFormat) -> Iterator[tuple[str, int, list]]:
    """(graph, triple count, triples the index reads) of an RDF file, streamed in parts."""
    if fmt != ox.RdfFormat.N_QUADS:
        yield from _parsed_changes(ox.parse(path=str(path), format=fmt), file_graph(path))
        return
    counts: dict[str, int] = {}
    wanted: list[str] = []
    with path.open(encoding="utf-8") as lines:  # the bulk format: look at each predicate first
        for line in lines:
            parts = line.split(" ", 2)
            if len(parts) < 3:
                continue
            graph = line.rstrip()[:-1].rstrip().rsplit(" ", 1)[-1][1:-1]
            counts[graph] = counts.get(graph, 0) + 1
            if parts[1] in _INDEXED:
                wanted.append(line)
            if len(counts) >= 5000:  # bounded memory: hand over a part
                yield from _nquads_part(counts, wanted)
                counts, wanted = {}, []
    yield from _nquads_part(counts, wanted)


def _nquads_part(counts: dict[str, int], wanted: list[str]) -> Iterator[tuple[str, int, list]]:
    triples: dict[str, list] = {g: [] for g in counts}
    for graph, _, found in _parsed_changes(
            ox.parse("".join(wanted).encode(), format=ox.RdfFormat.N_QUADS), ""):
        triples.setdefault(graph, []).extend(found)
    for graph, found in triples.items():
        yield graph, counts.get(graph, 0), found


def _parsed_changes(quads, default: str) -> Iterator[tuple[str, int, list]]:
    changes: dict[str, tuple[int, list]] = {}
    for q in quads:
        graph = default if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        count, triples = changes.get(graph, (0, []))
        changes[graph] = (count + 1, triples)
        if q.predicate.value in INDEXED_PREDICATES:
            triples.append((q.subject.value, q.predicate.value, q.object.value))
    for graph, (count, triples) in changes.items():
        yield graph, count, triples


def file_graph(path: Path) -> str:
    """Where the triples of a Turtle or N-Triples file go."""
    return f"{DERIVED_PREFIX}file/{path.name}"


def _to_nquads(ntriples: str, graph: str) -> str:
    suffix = f" <{graph}> .\n"
    return "".join(line[:-1].rstrip() + suffix for line in ntriples.splitlines() if line.strip())


def open_store(path: Path | str | None, *, index_path: Path | str | None = None) -> Store:
    """``None`` gives an in-memory store, a path an on-disk Oxigraph store (created if absent),
    an ``http(s)://`` URL a remote SPARQL 1.1 server (see graph/remote.py)."""
    if path is None:
        return OxigraphStore(None)
    url = re.sub(r"^(https?):/+", r"\1://", str(path))  # a click Path folds "//"
    if url.startswith(("http://", "https://")):
        from .remote import RemoteStore

        return RemoteStore(url, index_path=Path(index_path) if index_path else None)
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    return OxigraphStore(path)
