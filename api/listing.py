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
    number = None
    if symbol:
        number, sym_year, sym_type, sym_issuer = split_symbol(symbol)
        year = year or (int(sym_year) if sym_year else None)
        doc_type = doc_type or (sym_type if sym_type != "vb" else None)
        issuer = issuer or sym_issuer
    part = (lambda value: re.escape(str(value)) if value else "[^/]+")
    dated = f"eli/vn/{part(issuer)}/{part(doc_type)}/{part(year)}/{part(number)}"
    undated = f"id/unresolved/[^/]+/{part(issuer)}/{part(doc_type)}/{part(number)}"
    body = dated if year else f"(?:{dated}|{undated})"
    return f"^{re.escape(base.rstrip('/'))}/{body}$"


def sparql_string(value: str) -> str:
    """A SPARQL string literal (the value is escaped, never interpolated raw)."""
    escaped = value.translate({ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n",
                               ord("\r"): "\\r"})
    return f'"{escaped}"'
