"""The only place IRIs are minted.

Scheme (``{base}`` is configurable, default ``https://w3id.org/vanban``):

- dated document:    ``{base}/eli/vn/{issuer}/{type}/{year}/{number}``  (``…/eli/vn/cp/nd/2014/96``)
- year unknown:      ``{base}/id/unresolved/{issuer}/{type}/{number}``  (never merged with a dated one)
- cited by name:     ``{base}/id/work/{title-slug}[/{year}]``
- agency:            ``{base}/id/agency/{code}``
- source text:       ``{base}/id/source/{name}`` (also the name of its graph)
- task:              ``{base}/id/task/{name}/{n}``
- mention, draft:    ``{base}/id/source/{name}/mention/{start}-{end}``, ``…/draft/{n}``
"""
from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

DEFAULT_BASE = "https://w3id.org/vanban"

_SYMBOL = re.compile(r"^(?P<number>[\d.]+)(?:[-/](?P<year>(?:19|20)\d\d))?[-/](?P<symbol>.+)$")


def slug(text: str) -> str:
    """ASCII, lower-case, hyphen-separated: ``Bộ Tài chính`` -> ``bo-tai-chinh``."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9.]+", "-", text).strip("-")


def split_symbol(id_local: str) -> tuple[str, str | None, str, str]:
    """``96/2014/NĐ-CP`` -> (number, year, type, issuer) as slugs; ``1234/VPCP-KTTH`` -> type ``vb``."""
    m = _SYMBOL.match("".join(id_local.split()))
    if not m:
        return slug(id_local), None, "vb", "vn"
    number = m["number"].lstrip("0") or "0"
    parts = [slug(p) for p in re.split(r"[-/]", m["symbol"]) if p]
    if len(parts) > 1 and parts[0] in _TYPE_SLUGS:
        doc_type, issuer = parts[0], "-".join(parts[1:])
    else:  # laws (QH14), old decrees (CP), letters (VPCP-KTTH): the type is not in the symbol
        doc_type, issuer = "vb", "-".join(parts)
    return number, m["year"], doc_type, issuer


# Type abbreviations as printed in symbols (ND 30/2020 Appendix III plus normative types).
_TYPE_SLUGS = frozenset({
    "nd", "nq", "qd", "ct", "tt", "ttlt", "nqlt", "l", "cd", "kh", "tb", "hd", "ttr", "bc",
    "kl", "ctr", "da", "pa", "qc", "qyd", "tc", "bb", "vbhn", "cv",
})


class Minter:
    """Mints IRIs under one base."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base.rstrip("/")

    def _iri(self, *segments: str) -> URIRef:
        return URIRef("/".join((self.base, *segments)))

    def document(self, id_local: str | None, title: str | None, year: int | None,
                 doc_type: str | None = None) -> URIRef:
        if id_local:
            number, sym_year, type_slug, issuer = split_symbol(id_local)
            if type_slug == "vb" and doc_type:
                type_slug = slug(doc_type)
            year = year or (int(sym_year) if sym_year else None)
            if year:
                return self._iri("eli", "vn", issuer, type_slug, str(year), number)
            return self._iri("id", "unresolved", issuer, type_slug, number)
        name = slug(title or "untitled")
        return self._iri("id", "work", name, str(year)) if year else self._iri("id", "work", name)

    def agency(self, code: str | None, name: str) -> URIRef:
        return self._iri("id", "agency", slug(code) if code else slug(name))

    def source(self, name: str) -> URIRef:
        return self._iri("id", "source", slug(name))

    def task(self, source_name: str, n: int) -> URIRef:
        return self._iri("id", "task", slug(source_name), str(n))

    def mention(self, source_name: str, start: int, end: int) -> URIRef:
        return self._iri("id", "source", slug(source_name), "mention", f"{start}-{end}")

    def draft(self, source_name: str, n: int) -> URIRef:
        return self._iri("id", "source", slug(source_name), "draft", str(n))

    def path_of(self, iri: str) -> str | None:
        """The local path of an IRI minted under this base (for dereferencing), else None."""
        return iri[len(self.base):] if iri.startswith(self.base + "/") else None
