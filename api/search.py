"""Diacritic- and case-insensitive search over titles, symbols, agency names and task text.

``bo ke hoach`` finds ``Bộ Kế hoạch và Đầu tư``: both sides are folded to
ASCII lower case (đ -> d, combining marks dropped). The index is built from
the graph once and rebuilt when the store's size changes.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass

from vanban.graph.store import Store

from .resources import rows

_SPACE = re.compile(r"\s+")
KINDS = ("document", "source", "agency", "task")


def fold(text: str) -> str:
    """``Bộ Kế hoạch  và Đầu tư`` -> ``bo ke hoach va dau tu``."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACE.sub(" ", text).strip().lower()


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    id: str
    label: str
    detail: str
    folded: str


# Each property DISTINCT on its own before any join: over the union graph a much-cited
# document's (or busy agency's) triples repeat once per text naming it.
_QUERIES = {
    "document": """SELECT ?id ?label ?detail WHERE {
  { SELECT DISTINCT ?id WHERE { ?id a eli:LegalResource } }
  OPTIONAL { SELECT ?id (SAMPLE(?s) AS ?symbol) WHERE { ?id eli:id_local ?s } GROUP BY ?id }
  OPTIONAL { SELECT ?id (SAMPLE(?t) AS ?title) WHERE { ?id eli:title ?t } GROUP BY ?id }
  BIND(COALESCE(?symbol, ?title, STR(?id)) AS ?label) BIND(COALESCE(?title, "") AS ?detail) }""",
    "source": """SELECT ?id ?label ?detail WHERE { ?id a vnl:SourceText .
  OPTIONAL { ?id dcterms:title ?title } OPTIONAL { ?id vnl:fileName ?name }
  BIND(COALESCE(?title, ?name, STR(?id)) AS ?label) BIND(COALESCE(?name, "") AS ?detail) }""",
    "agency": """SELECT ?id ?label (GROUP_CONCAT(?other; separator=" | ") AS ?detail) WHERE {
  { SELECT DISTINCT ?id WHERE { ?id a org:Organization } }
  { SELECT DISTINCT ?id ?label WHERE { ?id skos:prefLabel ?label
                                       FILTER(!LANGMATCHES(LANG(?label), "en")) } }
  OPTIONAL { SELECT DISTINCT ?id ?other WHERE {
    { ?id skos:altLabel ?other } UNION { ?id vnl:agencyCode ?other }
    UNION { ?id skos:prefLabel ?other FILTER(LANGMATCHES(LANG(?other), "en")) } } }
  } GROUP BY ?id ?label""",
    "task": """SELECT ?id ?label ?detail WHERE { ?id a vnl:Task ; vnl:taskText ?label .
  OPTIONAL { ?id vnl:deadline ?deadline } BIND(COALESCE(?deadline, "") AS ?detail) }""",
}


class SearchIndex:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: int | None = None
        self._entries: list[Entry] = []

    def entries(self, store: Store) -> list[Entry]:
        key = len(store)
        with self._lock:
            if key != self._key:
                self._entries = [
                    Entry(kind, r["id"], r["label"] or "", r["detail"] or "",
                          fold(f'{r["label"] or ""} {r["detail"] or ""}'))
                    for kind, query in _QUERIES.items() for r in rows(store, query)]
                self._key = key
            return self._entries

    def search(self, store: Store, text: str, *, kinds: tuple[str, ...] = KINDS,
               limit: int = 20) -> list[Entry]:
        """Entries holding every word of ``text``; exact and prefix matches of the label first."""
        words = fold(text).split()
        if not words:
            return []
        wanted = " ".join(words)
        hits = [e for e in self.entries(store)
                if e.kind in kinds and all(w in e.folded for w in words)]
        hits.sort(key=lambda e: (fold(e.label) != wanted, not fold(e.label).startswith(wanted),
                                 KINDS.index(e.kind), len(e.label)))
        return hits[:limit]
