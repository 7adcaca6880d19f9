"""Pieces shared by the JSON API modules: paging, the JSON-LD context, document filters."""
from __future__ import annotations

import re

from fastapi import Request

from vanban.ontology.iris import split_symbol

CONTEXT_URL = "/api/context.jsonld"


def page(request: Request, items: list[dict], total: int, limit: int, offset: int) -> dict:
    following = None
    if offset + limit < total:
        following = str(request.url.include_query_params(offset=offset + limit, limit=limit))
    return {"@context": CONTEXT_URL, "total": total, "limit": limit, "offset": offset,
            "next": following, "items": items}


def document_pattern(base: str, *, symbol: str | None = None, doc_type: str | None = None,
                     issuer: str | None = None, year: int | None = None) -> str:
    """A regex over document IRIs for the filters (the IRI scheme encodes them, see iris.py)."""
    part = (lambda value: re.escape(str(value)) if value else "[^/]+")
    forms = _document_forms(symbol, doc_type, issuer, year, part)
    body = forms[0] if len(forms) == 1 else f"(?:{'|'.join(forms)})"
    return f"^{re.escape(base.rstrip('/'))}/{body}$"


def document_globs(base: str, *, symbol: str | None = None, doc_type: str | None = None,
                   issuer: str | None = None, year: int | None = None) -> list[str]:
    """The same filters as disjoint SQLite GLOB patterns, ``*`` standing for one path segment."""
    escape = str.maketrans({"*": "[*]", "?": "[?]", "[": "[[]"})
    part = (lambda value: str(value).translate(escape) if value else "*")
    return [f"{base.rstrip('/').translate(escape)}/{form}"
            for form in _document_forms(symbol, doc_type, issuer, year, part)]


def _document_forms(symbol, doc_type, issuer, year, part) -> list[str]:
    """The dated IRI form, and the year-less one unless a year is asked for."""
    number = None
    if symbol:
        number, sym_year, sym_type, sym_issuer = split_symbol(symbol)
        year = year or (int(sym_year) if sym_year else None)
        doc_type = doc_type or (sym_type if sym_type != "vb" else None)
        issuer = issuer or sym_issuer
    dated = f"eli/vn/{part(issuer)}/{part(doc_type)}/{part(year)}/{part(number)}"
    undated = f"id/unresolved/{part(None)}/{part(issuer)}/{part(doc_type)}/{part(number)}"
    return [dated] if year else [dated, undated]


def sparql_string(value: str) -> str:
    """A SPARQL string literal (the value is escaped, never interpolated raw)."""
    escaped = value.translate({ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n",
                               ord("\r"): "\\r"})
    return f'"{escaped}"'
