"""The only place IRIs are minted; the scheme is documented in ontology/README.md.

``{base}`` is configurable (default ``https://w3id.org/vanban``). A dated document's IRI
depends on its symbol and year only, never on the citing text, so every source that cites
``96/2014/NĐ-CP`` reaches ``{base}/eli/vn/cp/nd/2014/96``. A citation without a year gets a
node of its own under its source text: the same symbol without a year in two texts may name
two documents, and merging it with a dated one needs recorded evidence (``vnl:yearEvidence``).

- dated document:  ``{base}/eli/vn/{issuer}/{type}/{year}/{number}``; ``{type}`` is the type
  part of the symbol (``nd``) or ``vb`` when the symbol has none (laws: ``80/2015/QH13``)
- cited by name:   ``{base}/id/work/{title-slug}/{year}``
- year unknown:    ``{base}/id/unresolved/{source}/{issuer}/{type}/{number}`` or
  ``{base}/id/unresolved/{source}/work/{title-slug}``
- agency:          ``{base}/id/agency/{registry-key-slug}`` (``…/id/agency/btc``, đ -> dd)
- source text:     ``{base}/id/source/{name}`` (also the name of its graph)
- task:            ``{base}/id/task/{source}/{n}``
- mention:         ``{base}/id/source/{name}/mention/{start}-{end}``, selectors ``#pos`` ``#quote``
- draft:           ``{base}/id/source/{name}/draft/{n}``
- registry graph:  ``urn:vanban:graph:registry``; ``{base}/id/scheme/{name}``,
  ``{base}/id/doctype/{key}``, ``{base}/id/agency-kind/{kind}``
"""
from __future__ import annotations

import functools
import re
import unicodedata

from rdflib import URIRef

from vanban.ingest.doctypes import load_document_types

DEFAULT_BASE = "https://w3id.org/vanban"
# The registry graph's name: graph/store.py lists ``urn:vanban:graph:`` graphs as vanban's
# own (not sources), so it is not counted or listed as a source text.
REGISTRY_GRAPH = URIRef("urn:vanban:graph:registry")

_SYMBOL = re.compile(r"^(?P<number>[\d.]+)(?:[-/](?P<year>(?:19|20)\d\d))?[-/](?P<symbol>.+)$")


def slug(text: str) -> str:
    """ASCII, lower-case, hyphen-separated: ``Bộ Tài chính`` -> ``bo-tai-chinh``."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9.]+", "-", text).strip("-")


def split_symbol(id_local: str) -> tuple[str, str | None, str, str]:
    """``96/2014/NĐ-CP`` -> (number, year, type, issuer) as slugs; no type part -> ``vb``."""
    m = _SYMBOL.match("".join(id_local.split()))
    if not m:
        return slug(id_local), None, "vb", "vn"
    number = m["number"].lstrip("0") or "0"
    parts = [slug(p) for p in re.split(r"[-/]", m["symbol"]) if p]
    if len(parts) > 1 and parts[0] in type_slugs():
        doc_type, issuer = parts[0], "-".join(parts[1:])
    else:  # laws (QH14), old decrees (CP), letters (VPCP-KTTH): the type is not in the symbol
        doc_type, issuer = "vb", "-".join(parts)
    return number, m["year"], doc_type, issuer


@functools.cache
def type_slugs() -> frozenset[str]:
    """Slugs of the type parts of symbols (``NĐ`` -> ``nd``), from data/document_types.toml."""
    return frozenset(slug(a) for t in load_document_types() for a in t.abbr)


class Minter:
    """Mints IRIs under one base."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base.rstrip("/")

    def _iri(self, *segments: str) -> URIRef:
        return URIRef("/".join((self.base, *segments)))

    def document(self, id_local: str | None, title: str | None, year: int | None,
                 *, source: str) -> URIRef:
        """A cited document; ``source`` (the citing text's name) scopes one without a year."""
        if id_local:
            number, sym_year, type_slug, issuer = split_symbol(id_local)
            year = int(sym_year) if sym_year else year  # the symbol's year is its identity
            if year:
                return self._iri("eli", "vn", issuer, type_slug, str(year), number)
            return self._iri("id", "unresolved", slug(source), issuer, type_slug, number)
        name = slug(title or "untitled")
        if year:
            return self._iri("id", "work", name, str(year))
        return self._iri("id", "unresolved", slug(source), "work", name)

    def agency(self, code: str | None, name: str) -> URIRef:
        """By registry key; đ is written ``dd`` (Telex) so that CĐTNN and CDTNN stay apart."""
        key = (code or name).replace("đ", "dd").replace("Đ", "DD")
        return self._iri("id", "agency", slug(key))

    def source(self, name: str) -> URIRef:
        return self._iri("id", "source", slug(name))

    def task(self, source_name: str, n: int) -> URIRef:
        return self._iri("id", "task", slug(source_name), str(n))

    def mention(self, source_name: str, start: int, end: int) -> URIRef:
        return self._iri("id", "source", slug(source_name), "mention", f"{start}-{end}")

    def draft(self, source_name: str, n: int) -> URIRef:
        return self._iri("id", "source", slug(source_name), "draft", str(n))

    def registry(self) -> URIRef:
        return REGISTRY_GRAPH

    def scheme(self, name: str) -> URIRef:
        return self._iri("id", "scheme", name)

    def doc_type(self, key: str) -> URIRef:
        return self._iri("id", "doctype", slug(key))

    def agency_kind(self, kind: str) -> URIRef:
        return self._iri("id", "agency-kind", slug(kind))

    def path_of(self, iri: str) -> str | None:
        """The local path of an IRI minted under this base (for dereferencing), else None."""
        return iri[len(self.base):] if iri.startswith(self.base + "/") else None
