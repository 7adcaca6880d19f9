"""Cross-document resolution of citations that lack the year.

A text may cite ``Quyết định số 15/QĐ-TTg`` without the year; its IRI is then
``…/id/unresolved/{citing source}/ttg/qd/15``. Once the graph holds exactly one dated document
with the same issuer, type and number (``…/eli/vn/cp/nd/2020/15``) that is not
younger than the citing texts, the citation is resolved to it. The result is a
derived graph of ``<unresolved> vnl:resolvedTo <dated>`` with
``vnl:yearEvidence "cross-document"``; the store counts citations per resolved
document. Ambiguous or absent evidence leaves the citation unresolved.
"""
from __future__ import annotations

import re
from collections import defaultdict

from vanban.ontology.namespaces import VNL

from .index import RESOLVED_TO
from .store import DERIVED_PREFIX, Store

RESOLUTION_GRAPH = f"{DERIVED_PREFIX}resolution"
EVIDENCE = "cross-document"

# ``…/id/unresolved/[{citing source}/]{issuer}/{type}/{number}``; name-only works never match.
_UNRESOLVED = re.compile(r"^(?P<base>.*?)/id/unresolved/(?:[^/]+/)?(?P<key>(?!work/)[^/]+/[^/]+/[^/]+)$")
_DATED = re.compile(r"^(?P<base>.*)/eli/vn/(?P<issuer>[^/]+)/(?P<type>[^/]+)/(?P<year>\d{4})/"
                    r"(?P<number>[^/]+)$")

_UNRESOLVED_QUERY = f"""
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?u (MAX(STR(?date)) AS ?latest) WHERE {{
  ?u a <{VNL.UnresolvedCitation}> .
  OPTIONAL {{ ?src eli:cites ?u ; dcterms:date ?date }}
}} GROUP BY ?u"""
_DATED_QUERY = """
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?d WHERE { ?d a eli:LegalResource FILTER(CONTAINS(STR(?d), "/eli/vn/")) } GROUP BY ?d"""


def find_resolutions(store: Store) -> dict[str, str]:
    """Unresolved citation IRI -> the one dated document it can only be."""
    _, unresolved = store.select(_UNRESOLVED_QUERY)
    if not unresolved:
        return {}
    candidates: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for (doc,) in store.select(_DATED_QUERY)[1]:
        if m := _DATED.match(doc):
            key = f"{m['issuer']}/{m['type']}/{m['number']}"
            candidates[m["base"], key].append((int(m["year"]), doc))
    resolved = {}
    for iri, latest in unresolved:
        m = _UNRESOLVED.match(iri)
        if not m:
            continue
        # A text cannot cite a document issued after it.
        limit = int(latest[:4]) if latest and latest[:4].isdigit() else 9999
        found = {doc for year, doc in candidates.get((m["base"], m["key"]), ()) if year <= limit}
        if len(found) == 1:
            resolved[iri] = found.pop()
    return resolved


def resolve_citations(store: Store) -> dict[str, str]:
    """Recompute the resolution graph; returns the resolutions now recorded."""
    resolved = find_resolutions(store)
    lines = "".join(f'<{u}> <{RESOLVED_TO}> <{d}> .\n<{u}> <{VNL.yearEvidence}> "{EVIDENCE}" .\n'
                    for u, d in sorted(resolved.items()))
    current = "".join(sorted(f"<{s}> <{p}> <{o}> .\n" for s, p, o in
                             store.graph_triples(RESOLUTION_GRAPH) if p == RESOLVED_TO))
    wanted = "".join(sorted(line + "\n" for line in lines.splitlines() if RESOLVED_TO in line))
    if current != wanted:  # rewriting an unchanged graph would only cost time
        if resolved:
            store.replace_graphs({RESOLUTION_GRAPH: lines})
        else:
            store.remove_graph(RESOLUTION_GRAPH)
    return resolved
