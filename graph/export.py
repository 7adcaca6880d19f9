"""Dump a store as RDF (streaming, graph by graph) and load such a dump back.

Goes through ``Store.graphs``, ``Store.query`` and ``Store.replace_graph`` only, so it
works with every store backend. N-Quads and N-Triples stream row by row; Turtle, TriG
and JSON-LD are written one named graph at a time, so memory holds one source's graph.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TextIO

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from vanban.ontology.namespaces import bind_prefixes
from vanban.ontology.registry import jsonld_context

from .store import Store

FORMATS = {  # --format -> (rdflib parser name, keeps named graphs)
    "nquads": ("nquads", True),
    "trig": ("trig", True),
    "jsonld": ("json-ld", True),
    "turtle": ("turtle", False),
    "ntriples": ("nt", False),
}
SUFFIXES = {".nq": "nquads", ".trig": "trig", ".jsonld": "jsonld", ".json": "jsonld",
            ".ttl": "turtle", ".nt": "ntriples"}


def graph_lines(store: Store, graph: str) -> Iterator[str]:
    """The N-Triples lines of one named graph."""
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    for row in rows:
        yield f"{row['s']} {row['p']} {row['o']} .\n"


def read_graph(store: Store, graph: str) -> Graph:
    """One named graph of the store as an rdflib Graph."""
    out = bind_prefixes(Graph(identifier=URIRef(graph)))
    return out.parse(data="".join(graph_lines(store, graph)), format="nt")


def export(store: Store, fmt: str, out: TextIO) -> int:
    """Write every graph (sources, registry, derived) to ``out``; returns the triple count.

    nquads, trig and jsonld keep the graph names; turtle and ntriples write the graphs one
    after another as one graph (a triple present in two graphs is written twice).
    """
    count = 0
    if fmt == "jsonld":
        out.write("[\n")
    for n, name in enumerate(store.graphs(derived=True)):
        if fmt in ("nquads", "ntriples"):
            suffix = f" <{name}> .\n" if fmt == "nquads" else " .\n"
            for line in graph_lines(store, name):
                out.write(line[:-3] + suffix)
                count += 1
            continue
        graph = read_graph(store, name)
        count += len(graph)
        if fmt == "jsonld":
            doc = json.loads(graph.serialize(format="json-ld", context=jsonld_context(),
                                             auto_compact=True))
            doc = {"@context": doc.pop("@context"), "@id": name, **doc}
            out.write(("," if n else "") + json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
        elif fmt == "trig":
            dataset = Dataset()
            bind_prefixes(dataset.graph(URIRef(name))).__iadd__(graph)
            out.write(dataset.serialize(format="trig"))
        else:
            out.write(f"# graph <{name}>\n" + graph.serialize(format="turtle"))
    if fmt == "jsonld":
        out.write("]\n")
    return count


def parse_dataset(data: str | bytes, fmt: str) -> Dataset:
    """Parse a dump; a triples-only format (turtle, ntriples) lands in the default graph."""
    parser, _ = FORMATS[fmt]
    return Dataset().parse(data=data, format=parser)


def named_graphs(dataset: Dataset) -> Iterator[Graph]:
    """The dataset's non-empty named graphs (the default graph has no name to store under)."""
    for graph in dataset.graphs():
        if len(graph) and graph.identifier != DATASET_DEFAULT_GRAPH_ID:
            yield graph


def import_dataset(store: Store, dataset: Dataset) -> dict[str, int]:
    """Replace each named graph of the store with the dataset's graph of that name."""
    return {str(g.identifier): store.replace_graph(g.identifier, g) for g in named_graphs(dataset)}


def canonical_nquads(dataset: Dataset) -> str:
    """Sorted N-Quads with blank nodes relabelled: equal text means isomorphic datasets."""
    canonical = Dataset()
    for graph in named_graphs(dataset):
        canonical.graph(graph.identifier).__iadd__(to_canonical_graph(graph))
    lines = canonical.serialize(format="nquads").splitlines(keepends=True)
    return "".join(sorted(line for line in lines if line.strip()))
