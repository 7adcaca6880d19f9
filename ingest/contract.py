"""Serialise an Extraction as the JSON output contract (../shared/eval/GUIDE.md).

The contract fields come first; the extra fields (types, issuers, evidence,
quotes) are ignored by the scorer and let later stages and humans check the
output against the text.
"""
from __future__ import annotations

from typing import Any

from .models import Citation, Extraction, Task, citation_key


def _citation(c: Citation) -> dict[str, Any]:
    return {
        "id_local": c.id_local, "title": c.title, "year": c.year,
        "key": citation_key(c), "doc_type": c.doc_type, "issuer": c.issuer,
        "number": c.number, "date": c.date, "year_evidence": c.year_evidence,
        "mentions": [{"start": m.span.start, "end": m.span.end, "quote": m.surface,
                      "relation": str(m.relation), "subject": str(m.subject)}
                     for m in c.mentions],
    }


def _task(t: Task) -> dict[str, Any]:
    return {"lead": list(t.lead), "coordinators": list(t.coordinators),
            "deadline": t.deadline, "start": t.span.start, "end": t.span.end,
            "quote": t.text, "deadline_text": t.deadline_text,
            "deliverable": t.deliverable, "cites": list(t.cites)}


def to_contract(extraction: Extraction) -> dict[str, Any]:
    src = extraction.source
    return {
        "doc": src.name,
        "source": {"name": src.name, "sha256": src.sha256, "path": src.path,
                   "media_type": src.media_type, "chars": len(src.text)},
        "date": extraction.date,
        "citations": [_citation(c) for c in extraction.citations],
        "agencies": [{"name": a.name, "code": a.code, "in_registry": a.in_registry,
                      "kind": a.kind,
                      "mentions": [{"start": m.span.start, "end": m.span.end,
                                    "quote": m.surface} for m in a.mentions]}
                     for a in extraction.agencies],
        "tasks": [_task(t) for t in extraction.tasks],
        "warnings": list(extraction.warnings),
    }
