"""Compose the stages: load -> clean -> find -> resolve -> assemble."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from .agencies import find_agencies
from .citations import find_citations
from .clean import clean_text
from .docmeta import find_document_date
from .load import load_source
from .models import Agency, Citation, Extraction, SourceText, Task
from .scan import lower_view
from .tasks import find_tasks


def run_pipeline(source: SourceText) -> Extraction:
    """Extract citations, agencies and tasks; spans index ``source.text``."""
    text = clean_text(source.text)
    if len(text) != len(source.text):  # every stage relies on shared offsets
        raise AssertionError("clean_text must keep the text's length")
    doc_date = find_document_date(text)
    on = date.fromisoformat(doc_date[:10]) if doc_date and len(doc_date) >= 10 else None
    lowered = lower_view(text)  # made once for the stages that read the text lower-cased
    citations = find_citations(text, lowered=lowered)
    agencies = find_agencies(text, on=on, lowered=lowered)
    tasks = find_tasks(text, agencies, citations, doc_date=doc_date, lowered=lowered)
    return Extraction(source=source, date=doc_date,
                      **_quote_source(source.text, citations, agencies, tasks))


def _quote_source(original: str, citations: tuple[Citation, ...], agencies: tuple[Agency, ...],
                  tasks: tuple[Task, ...]) -> dict:
    """Quotes from the original text: the stages saw the cleaned one (NBSP, look-alikes mapped).

    Records whose quotes are already the original's are kept as they are (most are: a
    ``replace`` of a frozen dataclass costs more than the rest of the assembly).
    """
    def quoted(mentions):
        return tuple(m if m.surface == (s := original[m.span.start:m.span.end])
                     else replace(m, surface=s) for m in mentions)

    def requoted(record):
        mentions = quoted(record.mentions)
        return record if mentions == record.mentions else replace(record, mentions=mentions)

    return {
        "citations": tuple(requoted(c) for c in citations),
        "agencies": tuple(requoted(a) for a in agencies),
        "tasks": tuple(t if t.text == (s := original[t.span.start:t.span.end])
                       else replace(t, text=s) for t in tasks),
    }


def extract_file(path: Path) -> Extraction:
    return run_pipeline(load_source(path))
