"""Analytics over the citation graph: most cited, chains, workload, overdue tasks, communities.

Every function takes a :class:`~vanban.graph.store.Store`. Counts users ask for
often come from the store's precomputed index when it has one (``use_index``);
the same answers are computed with SPARQL otherwise (remote stores, tests).
Graph algorithms (PageRank, chains, communities) run in networkx over edges
pulled from the store.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import networkx as nx

from vanban.ontology.namespaces import ELI, VNL

from .queries import load_query
from .store import Store

# A source text stands for the document it is the text of (when the graph says so).
REALIZES = "http://data.europa.eu/eli/ontology#is_realized_by"
CHANGE_PREDICATES = {str(ELI.amends): "amends", str(VNL.replaces): "replaces",
                     str(ELI.repeals): "repeals"}


@dataclass(frozen=True, slots=True)
class CitedDocument:
    iri: str
    citations: int  # distinct source texts citing it (resolved citations included)
    id_local: str | None = None
    title: str | None = None
    pagerank: float | None = None


@dataclass(frozen=True, slots=True)
class ChainLink:
    """``later`` amends, replaces or repeals ``earlier``."""

    later: str
    relation: str
    earlier: str


@dataclass(frozen=True, slots=True)
class Workload:
    agency: str
    label: str | None
    role: str  # "lead" or "coordinator"
    month: str  # "YYYY-MM" of the deadline, "" when the task has none
    tasks: int


@dataclass(frozen=True, slots=True)
class TaskRow:
    task: str
    text: str | None
    due: str | None = None
    graph: str | None = None


@dataclass(frozen=True, slots=True)
class UnresolvedCitation:
    iri: str
    id_local: str | None
    cited_by: int
    resolved_to: str | None  # set when another document in the graph settled the year


def most_cited(store: Store, limit: int = 20, *, use_index: bool = True) -> list[CitedDocument]:
    """Documents by the number of texts citing them (in-degree), most cited first."""
    if use_index and store.index:
        return [CitedDocument(*row) for row in store.index.most_cited(limit)]
    _, rows = store.select(load_query("most_cited") + f"\nLIMIT {int(limit)}")
    return [CitedDocument(doc, int(n), id_local, title) for doc, n, id_local, title in rows]


def citation_graph(store: Store) -> nx.DiGraph:
    """Citing document (or source text) -> cited document, per resolved document.

    Three flat pulls joined here (edges and resolutions from the index when there is one):
    the one-query join of citations with realisations takes minutes at 100k documents.
    """
    if store.index:
        resolved, cites = store.index.resolutions(), store.index.citation_edges()
    else:
        resolved = dict(store.select(load_query("resolutions"))[1])
        cites = store.select(f"SELECT DISTINCT ?s ?d WHERE {{ ?s <{ELI.cites}> ?d }}")[1]
    realized: dict[str, list[str]] = {}
    for doc, src in store.select(f"SELECT DISTINCT ?d ?s WHERE {{ ?d <{REALIZES}> ?s }}")[1]:
        realized.setdefault(src, []).append(doc)
    graph = nx.DiGraph()
    for src, b in cites:
        b = resolved.get(b, b)
        # a source text stands for the document(s) it is the text of
        graph.add_edges_from((a, b) for a in realized.get(src, (src,)) if a != b)
    return graph


def pagerank(store: Store, limit: int = 20, *, graph: nx.DiGraph | None = None
             ) -> list[CitedDocument]:
    """Documents by PageRank over the citation graph, highest first."""
    graph = citation_graph(store) if graph is None else graph
    if not graph:
        return []
    ranks = nx.pagerank(graph)
    top = sorted(ranks.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [CitedDocument(iri, graph.in_degree(iri), pagerank=score) for iri, score in top]


def amendment_chain(store: Store, iri: str) -> list[ChainLink]:
    """Every amendment, replacement or repeal reaching ``iri`` directly or through a chain."""
    links: list[ChainLink] = []
    seen, frontier = {iri}, [iri]
    while frontier:  # one query per generation: chains are short, fan-in small
        # the VALUES inside each branch: outside the UNION, pyoxigraph evaluates the
        # branches unbound (seconds at 20k documents) and joins afterwards
        values = (f"VALUES ?earlier {{ {' '.join(f'<{x}>' for x in frontier)} }} "
                  f"VALUES ?p {{ {' '.join(f'<{p}>' for p in CHANGE_PREDICATES)} }}")
        _, rows = store.select(f"""
            SELECT DISTINCT ?later ?p ?earlier WHERE {{
              {{ {values} ?src ?p ?earlier . ?later <{REALIZES}> ?src }}
              UNION
              {{ {values} ?later ?p ?earlier . FILTER NOT EXISTS {{ ?own <{REALIZES}> ?later }} }}
            }}""")
        frontier = []
        for later, p, earlier in sorted(rows):
            links.append(ChainLink(later, CHANGE_PREDICATES[p], earlier))
            if later not in seen:
                seen.add(later)
                frontier.append(later)
    return links


def current_successor(store: Store, iri: str, *, links: Iterable[ChainLink] | None = None) -> str:
    """The document now in force in place of ``iri``: follow replacements to the newest one."""
    chain = nx.DiGraph()
    for link in amendment_chain(store, iri) if links is None else links:
        if link.relation == "replaces":
            chain.add_edge(link.earlier, link.later)
    current, visited = iri, {iri}
    while current in chain:
        later = sorted((n for n in chain.successors(current) if n not in visited), key=_issue_order)
        if not later:
            break  # the end of the chain (or a cycle in the data)
        current = later[-1]
        visited.add(current)
    return current


def _issue_order(iri: str) -> tuple[str, str]:
    """ELI IRIs carry the year before the number: order by it, then by the IRI."""
    parts = iri.rstrip("/").split("/")
    year = next((p for p in reversed(parts) if len(p) == 4 and p.isdigit()), "")
    return year, iri


def agency_workload(store: Store, agency: str | None = None, *, limit: int | None = None,
                    offset: int = 0, use_index: bool = True) -> list[Workload]:
    """Tasks led and coordinated per agency and deadline month (by agency, role, month)."""
    if use_index and store.index:
        return [Workload(a, label, role, month, n)
                for a, label, role, month, n in store.index.workload(agency, limit, offset)]
    query = load_query("workload")
    if agency:
        query = query.replace("?task a vnl:Task ;", f"VALUES ?agency {{ <{agency}> }}\n  ?task a vnl:Task ;")
    if limit is not None:
        query += f"\nLIMIT {int(limit)}"
    if offset:
        query += f"\nOFFSET {int(offset)}"
    return [Workload(a, label, role, month, int(n)) for a, label, role, month, n in
            store.select(query)[1]]


def agency_tasks(store: Store, agency: str, *, role: str | None = None,
                 due_from: date | None = None, due_to: date | None = None, limit: int = 1000,
                 offset: int = 0, use_index: bool = True) -> list[TaskRow]:
    """Tasks ``agency`` leads or coordinates (``role`` "lead"/"coordinator", None for either)
    due within the dates given (inclusive), earliest first."""
    start, end = (d.isoformat() if d else None for d in (due_from, due_to))
    if use_index and store.index:
        return [TaskRow(*row) for row in
                store.index.agency_tasks(agency, role, start, end, limit, offset)]
    predicates = "|".join(f"vnl:{p}" for p, r in (("leadAgency", "lead"),
                                                  ("coordinator", "coordinator")) if role in (None, r))
    bounds = [f'STR(?due) >= "{start}"' if start else "",  # ISO dates sort as strings
              f'STR(?due) <= "{end}"' if end else ""]
    bounds = [b for b in bounds if b]
    _, rows = store.select(f"""
        PREFIX vnl: <{VNL}>
        SELECT ?task (SAMPLE(?t) AS ?text) (MIN(?due) AS ?d) (SAMPLE(?g) AS ?graph) WHERE {{
          GRAPH ?g {{ ?task {predicates} <{agency}> }}
          {'?task vnl:dueBy ?due FILTER(' + ' && '.join(bounds) + ')' if bounds else
           'OPTIONAL { ?task vnl:dueBy ?due }'}
          OPTIONAL {{ ?task vnl:taskText ?t }}
        }} GROUP BY ?task ORDER BY ?d ?task LIMIT {int(limit)} OFFSET {int(offset)}""")
    return [TaskRow(task, text, due, graph) for task, text, due, graph in rows]


def overdue_tasks(store: Store, as_of: date, *, limit: int = 1000, use_index: bool = True
                  ) -> list[TaskRow]:
    """Tasks whose deadline fell before ``as_of``, earliest first."""
    if use_index and store.index:
        return [TaskRow(*row) for row in store.index.overdue(as_of.isoformat(), limit)]
    _, rows = store.select(f"""
        PREFIX vnl: <{VNL}>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?task (SAMPLE(?t) AS ?text) (MIN(?d) AS ?due) WHERE {{
          ?task vnl:dueBy ?d FILTER(?d < "{as_of.isoformat()}"^^xsd:date)
          OPTIONAL {{ ?task vnl:taskText ?t }}
        }} GROUP BY ?task ORDER BY ?due ?task LIMIT {int(limit)}""")
    return [TaskRow(task, text, due) for task, text, due in rows]


def search_tasks(store: Store, text: str, *, limit: int = 50) -> list[TaskRow]:
    """Tasks whose text contains ``text`` (accents and case ignored with the index)."""
    if store.index:
        return [TaskRow(task, body, None, graph) for task, body, graph in
                store.index.search(text, limit)]
    needle = text.lower().replace("\\", "\\\\").replace('"', '\\"')
    _, rows = store.select(f"""
        SELECT ?task ?text ?g WHERE {{ GRAPH ?g {{ ?task <{VNL.taskText}> ?text }}
          FILTER(CONTAINS(LCASE(?text), "{needle}")) }} LIMIT {int(limit)}""")
    return [TaskRow(task, body, None, graph) for task, body, graph in rows]


def citation_communities(store: Store, *, min_size: int = 3, seed: int = 0,
                         graph: nx.DiGraph | None = None) -> list[list[str]]:
    """Groups of documents that cite each other densely (Louvain), largest first."""
    graph = citation_graph(store) if graph is None else graph
    if not graph:
        return []
    parts = nx.community.louvain_communities(graph.to_undirected(as_view=True), seed=seed)
    groups = [sorted(p) for p in parts if len(p) >= min_size]
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def unresolved_citations(store: Store, *, include_resolved: bool = False
                         ) -> list[UnresolvedCitation]:
    """Citations without a year, most cited first; resolved ones only if asked."""
    rows = store.select(load_query("unresolved"))[1]
    found = [UnresolvedCitation(doc, id_local, int(n), resolved)
             for doc, id_local, n, resolved in rows]
    return [u for u in found if include_resolved or u.resolved_to is None]
