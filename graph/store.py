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

import contextlib
import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from vanban.ontology.namespaces import VNL

from .bulkload import NQuadsScan, lines_with, load_while_indexing
from .index import INDEXED_PREDICATES, StatsIndex

Triple = tuple[URIRef, URIRef, URIRef | Literal]
INDEX_FILE = "vanban-index.sqlite"
RDF_SUFFIXES = {".nq": ox.RdfFormat.N_QUADS, ".nt": ox.RdfFormat.N_TRIPLES,
                ".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG}
# Graphs vanban derives from the sources (not sources themselves).
DERIVED_PREFIX = "urn:vanban:graph:"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# Journal key of a bulk load under way (bulk loads are not atomic: recovery reindexes).
LOAD_MARK = "urn:vanban:journal:load"


class StoreError(Exception):
    """The store cannot be opened or written (locked by another process, bad path...)."""


def to_ntriples(triples: Iterable[Triple]) -> str:
    """rdflib triples as N-Triples text (duplicates dropped, first occurrences in order).

    Written by hand rather than through pyoxigraph terms: ingest maps ~200 triples
    per text, and this was a third of the mapping's time."""
    return "".join(dict.fromkeys(f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in triples))


def _nt(term) -> str:
    if type(term) is URIRef:  # the common case, without isinstance's ABC machinery
        return f"<{term}>"
    if isinstance(term, Literal):
        # N-Triples must escape only these four in a string
        quoted = '"' + str(term).replace("\\", "\\\\").replace('"', '\\"').replace(
            "\n", "\\n").replace("\r", "\\r") + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{quoted}^^<{term.datatype}>"
        return quoted
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


def parse_ntriples(text: str) -> Iterator[tuple[str, str, str]]:
    """(subject, predicate, object) lexical values of N-Triples text."""
    for q in ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES):
        yield q.subject.value, q.predicate.value, q.object.value


_NEEDLES = [f" <{p}> " for p in sorted(INDEXED_PREDICATES)]


def index_change(text: str) -> tuple[int, list[tuple[str, str, str]]]:
    """What the index needs of a graph's N-Triples: its size and the lines it reads, parsed."""
    if text.endswith("\n") and "\n\n" not in text and not text.startswith("\n"):
        count = text.count("\n")  # one triple per line, as to_ntriples writes them
    else:
        count = sum(1 for line in text.splitlines() if line.strip())
    return count, list(parse_ntriples("\n".join(lines_with(text, _NEEDLES))))


def _writes(method):
    """Run a write method inside ``self.write_guard()``."""
    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        with self.write_guard():
            try:
                return method(self, *args, **kwargs)
            finally:
                self.generation += 1
    return guarded


class Store:
    """The interface every backend implements; subclasses provide the ``_`` primitives."""

    index: StatsIndex | None = None
    url: str | None = None
    # Held around every write: the server's query processes (api/process_runner.py) set it
    # so that they snapshot the store between writes, never during one.
    write_guard = contextlib.nullcontext
    # Counts writes through this object, so that readers can cache what they derive.
    generation = 0

    # -- writes -----------------------------------------------------------------------
    def replace_graph(self, graph: URIRef | str, triples: Iterable[Triple]) -> int:
        """Atomically replace a named graph's content; returns the number of triples."""
        text = to_ntriples(triples)
        self.replace_graphs({str(graph): text})
        return text.count("\n")

    @_writes
    def replace_graphs(self, graphs: Mapping[str, str]) -> int:
        """Replace each named graph (IRI -> N-Triples text) atomically; returns triples written."""
        if not graphs:
            return 0
        existing = self._existing(graphs)
        if self.index:
            self.index.journal_begin({g: ("replace" if g in existing else "new") for g in graphs})
        self._write({g: t for g, t in graphs.items() if g not in existing},
                    {g: t for g, t in graphs.items() if g in existing})
        if self.index:
            self.index.apply({g: index_change(t) for g, t in graphs.items()})
        return sum(t.count("\n") for t in graphs.values())

    @_writes
    def remove_graph(self, graph: URIRef | str) -> bool:
        graph = str(graph)
        if self.index:
            self.index.journal_begin({graph: "replace"})
        removed = self._drop(graph)
        if self.index:
            self.index.apply({graph: None})
        return removed

    @_writes
    def load(self, path: Path | str) -> int:
        """Bulk-load an RDF file (.nq, .trig, .ttl, .nt); returns the store's new size.

        Triples outside any named graph (Turtle, N-Triples) go to a graph named
        after the file. Into an empty store, N-Quads are indexed while they load;
        otherwise the index is rebuilt from the store afterwards. A bulk load is not
        atomic: if it is interrupted, what it wrote stays and the journal has the
        index rebuilt when the store is next opened (loading the file again completes it).
        """
        path = Path(path)
        fmt = RDF_SUFFIXES.get(path.suffix.lower())
        if fmt is None:
            raise StoreError(f"{path.name}: unknown RDF format (use {', '.join(RDF_SUFFIXES)})")
        if not self.index:
            self._bulk_file(path, fmt)
            return len(self)
        fresh = not self.graphs(derived=True)
        self.index.journal_begin({LOAD_MARK: "load"})
        indexed = False
        try:
            if fresh:
                indexed = self._bulk_indexed(path, fmt)
            else:
                self._bulk_file(path, fmt)
        except StoreError:
            self.reindex()  # what the loader wrote before the error stays: index it
            raise
        if not indexed:
            self.reindex()
        return len(self)

    @_writes
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
        if LOAD_MARK in pending:  # a bulk load was cut short: index whatever it wrote
            self.reindex()
            return
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

    def _existing(self, graphs: Iterable[str]) -> set[str]:
        """Which of these named graphs the store holds."""
        return set(self.graphs(derived=True)) & set(graphs)

    def _bulk_indexed(self, path: Path, fmt: ox.RdfFormat) -> bool:
        """Bulk-load a file into an empty store; True if the index was built on the way."""
        self._bulk_file(path, fmt)
        return False

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

    def _existing(self, graphs: Iterable[str]) -> set[str]:
        return {g for g in graphs if self._ox.contains_named_graph(ox.NamedNode(g))}

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

    def _bulk_indexed(self, path: Path, fmt: ox.RdfFormat) -> bool:
        if fmt != ox.RdfFormat.N_QUADS:
            return super()._bulk_indexed(path, fmt)
        return load_while_indexing(lambda: self._bulk_file(path, fmt), self.index,
                                   NQuadsScan(path, INDEXED_PREDICATES), self._named_size)

    def _named_size(self) -> int | None:
        """The number of quads, or None if some are in the default graph."""
        if next(self._ox.quads_for_pattern(None, None, None, ox.DefaultGraph()), None):
            return None
        return len(self._ox)

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

    def backup(self, target: Path) -> None:
        """A consistent copy at ``target`` (hard links on the same file system; on disk only)."""
        self._ox.backup(str(target))

    def close(self) -> None:
        """Flush and release the on-disk lock (the object is unusable afterwards)."""
        super().close()
        del self._ox


def file_graph(path: Path) -> str:
    """Where the triples of a Turtle or N-Triples file go."""
    return f"{DERIVED_PREFIX}file/{path.name}"


def _to_nquads(ntriples: str, graph: str) -> str:
    if ntriples.endswith(" .\n") and ntriples.count(" .\n") == ntriples.count("\n"):
        return ntriples.replace(" .\n", f" <{graph}> .\n")  # as to_ntriples writes lines
    # a line's last "." ends it: IRIs, literals (no raw line breaks) and blank nodes end otherwise
    return _LINE_END.sub(f" <{graph}> .", ntriples if ntriples.endswith("\n") else ntriples + "\n")


_LINE_END = re.compile(r"[ \t]*\.[ \t]*\r?$", re.M)


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
