"""SPARQL protocol execution: dataset options, capped and cancellable serialisation.

The api layer picks the media type and the time budget; this module (graph
layer, so it may touch pyoxigraph result objects) runs the query and writes the
result through a writer that stops at a size cap or a deadline. pyoxigraph
evaluates lazily and calls ``write`` every few KB, so a long result is cut off
between two chunks instead of being built whole in memory. ``execute`` and its
arguments pickle (see MediaChoice), so it can run in a query worker process
(graph/query_worker.py).
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .sparql import GRAPH_FORMATS, SOLUTION_FORMATS, QueryOutcome, QuerySyntaxError, run_query

if TYPE_CHECKING:  # not at run time: query worker processes start without rdflib
    from .store import Store


class ResultTooLarge(Exception):
    """The serialised result passed the configured cap."""


class DeadlinePassed(Exception):
    """The query ran past its time budget while its result was being written."""


class DatasetError(ValueError):
    """default-graph-uri / named-graph-uri that the store cannot apply."""


class NotAcceptable(Exception):
    """No acceptable media type for the query's result form (``args[0]``)."""


@dataclass(frozen=True, slots=True)
class MediaChoice:
    """A ``pick`` for :func:`execute` decided before the query runs: the media type
    negotiated for each result form, None where nothing is acceptable. Unlike a closure
    it pickles, so the negotiation stays in the server and out of the worker."""

    solutions: str | None
    graph: str | None

    def __call__(self, offered: tuple[str, ...]) -> str:
        form = "graph" if offered == tuple(GRAPH_FORMATS) else "solutions"
        media_type = self.graph if form == "graph" else self.solutions
        if media_type is None:
            raise NotAcceptable(form)
        return media_type


class _CappedWriter:
    def __init__(self, max_bytes: int, deadline: float) -> None:
        self.parts: list[bytes] = []
        self.size, self.max_bytes, self.deadline = 0, max_bytes, deadline

    def write(self, chunk: bytes) -> int:
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise ResultTooLarge(f"result larger than {self.max_bytes} bytes")
        if time.monotonic() > self.deadline:
            raise DeadlinePassed("query timed out while writing its result")
        self.parts.append(bytes(chunk))
        return len(chunk)

    def flush(self) -> None:
        """pyoxigraph flushes at the end; the parts are already kept."""


# Strings and comments are blanked before the dataset clauses are read from a query.
_LITERALS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
                       r"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")
_PREFIX = re.compile(r"\bPREFIX\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)
_FROM = re.compile(r"\bFROM\s+(NAMED\s+)?(?:<([^>]*)>|([\w.-]*):([\w.-]*))", re.IGNORECASE)


def query_dataset(sparql: str) -> tuple[list[str], list[str]]:
    """The FROM and FROM NAMED graphs a query names (full IRIs or prefixed names).

    >>> query_dataset("PREFIX g: <urn:g:> SELECT * FROM <urn:a> FROM NAMED g:b { ?s ?p ?o }")
    (['urn:a'], ['urn:g:b'])
    """
    text = _LITERALS.sub(" ", sparql)
    prefixes = dict(_PREFIX.findall(text))
    defaults: list[str] = []
    named: list[str] = []
    for m in _FROM.finditer(text):
        iri = m[2] if m[2] is not None else prefixes.get(m[3], "") + m[4]
        (named if m[1] else defaults).append(iri)
    return defaults, named


def _run(store: Store, sparql: str, default_graphs: Sequence[str],
         named_graphs: Sequence[str]) -> QueryOutcome:
    """Protocol dataset parameters override the query's FROM clauses; with neither, the
    default graph is the union of all graphs. A given dataset has only the graphs named."""
    if not default_graphs and not named_graphs:
        default_graphs, named_graphs = query_dataset(sparql)
        if not default_graphs and not named_graphs:
            return run_query(store, sparql)
    try:
        result = store.query(sparql, default_graph=[ox.NamedNode(g) for g in default_graphs],
                             named_graphs=[ox.NamedNode(g) for g in named_graphs])
    except SyntaxError as exc:
        raise QuerySyntaxError(str(exc)) from None
    except (TypeError, ValueError) as exc:
        raise DatasetError(f"cannot apply the requested dataset: {exc}") from None
    form = ("solutions" if isinstance(result, ox.QuerySolutions)
            else "boolean" if isinstance(result, ox.QueryBoolean) else "graph")
    return QueryOutcome(form, result)


def execute(store: Store, sparql: str, pick: Callable[[tuple[str, ...]], str], *,
            default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
            max_bytes: int, deadline: float) -> tuple[bytes, str]:
    """Run ``sparql`` and serialise it as ``pick(offered media types)``; (body, media type).

    ``pick`` raises to refuse (no acceptable format). Syntax errors raise
    QuerySyntaxError with the parser's line:column; evaluation errors OSError.
    """
    outcome = _run(store, sparql, default_graphs, named_graphs)
    try:
        media_type = pick(outcome.media_types)
        writer = _CappedWriter(max_bytes, deadline)
        if outcome.form == "graph":
            ox.serialize(outcome.result, writer, GRAPH_FORMATS[media_type])
        else:
            outcome.result.serialize(writer, SOLUTION_FORMATS[media_type])
    except BaseException:
        # pyoxigraph results are bound to this thread; the traceback would carry them to
        # the event loop's thread and drop them there, which pyoxigraph refuses.
        outcome = None
        raise
    return b"".join(writer.parts), media_type
