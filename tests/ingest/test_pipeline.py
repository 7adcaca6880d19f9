"""Every span the pipeline reports quotes the original text, even where cleaning changed it."""
from __future__ import annotations

import hashlib

import pytest

from vanban.ingest.load import load_source
from vanban.ingest.models import SourceText
from vanban.ingest.pipeline import run_pipeline

from tests.conftest import SHARED


def spans(extraction):
    for c in extraction.citations:
        yield from ((m.span, m.surface) for m in c.mentions)
    for a in extraction.agencies:
        yield from ((m.span, m.surface) for m in a.mentions)
    yield from ((t.span, t.text) for t in extraction.tasks)


def source(text: str) -> SourceText:
    return SourceText(text=text, name="case", sha256=hashlib.sha256(text.encode()).hexdigest())


def test_quotes_keep_characters_that_cleaning_maps():
    # d15 writes no-break spaces inside citations; the quote must be the original substring.
    text = "Căn cứ Nghị định\u00a0số 37/2006/NĐ\u2013CP ngày 04/4/2006 của Chính phủ;"
    extraction = run_pipeline(source(text))
    [citation] = extraction.citations
    assert citation.id_local == "37/2006/NĐ-CP"
    assert all(text[s.start:s.end] == quote for s, quote in spans(extraction))
    assert "\u00a0" in citation.mentions[0].surface


def corpus_files():
    return sorted(SHARED.glob("corpus/*/*.txt")) if SHARED.exists() else []


@pytest.mark.parametrize("path", corpus_files() or [None], ids=lambda p: p.stem if p else "absent")
def test_every_span_quotes_the_corpus_text(path):
    if path is None:
        pytest.skip("../shared is absent")
    src = load_source(path)
    bad = [(s, q) for s, q in spans(run_pipeline(src)) if src.text[s.start:s.end] != q]
    assert not bad, bad[:3]
