"""Paragraphs, list items and sentences (cases/segment.toml: real passages)."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from vanban.ingest.segment import (_BOUNDARY_AT_DOT, _BOUNDARY_AT_RUN, find_paragraphs, find_sentences,
                                   marker_end)

CASES = tomllib.loads((Path(__file__).parent / "cases" / "segment.toml").read_text("utf-8"))["case"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_segment_case(case):
    text = case["text"]
    sentences = find_sentences(text)
    got = [text[s.span.start:s.span.end] for s in sentences]
    assert len(got) == len(case["starts"]), got
    for sentence, start in zip(got, case["starts"]):
        assert sentence.startswith(start), (sentence, start)
    for sentence, body in zip(sentences, case.get("bodies", [])):
        assert text[sentence.body:].startswith(body)


def test_spans_are_trimmed_and_in_order():
    text = CASES[4]["text"]
    last = 0
    for s in find_sentences(text):
        piece = text[s.span.start:s.span.end]
        assert piece == piece.strip() and s.span.start >= last
        last = s.span.end


def test_items_and_first_sentences_are_flagged():
    text = "a) Tập trung thực hiện. Đẩy nhanh tiến độ.\n- Rà soát quy định.\nBộ Tài chính chủ trì."
    flags = [(s.item, s.first, s.bullet) for s in find_sentences(text)]
    assert flags == [(True, True, False), (True, False, False), (True, True, True), (False, True, False)]


def test_marker_end_skips_numbers_letters_and_bullets():
    for text, body in [("1. Bộ Công an:", "Bộ Công an:"), ("đ) Ngân hàng", "Ngân hàng"),
                       ("- Phối hợp", "Phối hợp"), ("(2) Rà soát", "Rà soát"), ("**2.** Ngân hàng", "Ngân hàng"),
                       ("II. NỘI DUNG", "NỘI DUNG"), ("Bộ Tài chính", "Bộ Tài chính")]:
        assert text[marker_end(text, 0, len(text)):] == body


def test_blank_lines_separate_paragraphs():
    text = "Dòng một\nnối tiếp.\n\nDòng hai."
    assert [text[p.start:p.end] for p in find_paragraphs(text)] == ["Dòng một\nnối tiếp.", "Dòng hai."]


def test_the_dot_only_boundary_finds_what_the_stop_class_finds():
    """A text whose only stop is "." is split by _BOUNDARY_AT_DOT: the same boundaries as
    _BOUNDARY_AT_RUN at every window of the real passages (their other stops made dots)."""
    dotted = str.maketrans("!?…", "...")
    texts = [c["text"].translate(dotted) for c in CASES] + ["TP. Hà Nội.... Bộ X.\n\n. Y. .Z  .\" A"]
    found = 0
    for text in texts:
        for start in range(0, len(text), 7):
            for end in (start + 30, len(text)):
                want = [m.span() for m in _BOUNDARY_AT_RUN.finditer(text, start, end)]
                assert [m.span() for m in _BOUNDARY_AT_DOT.finditer(text, start, end)] == want
                found += len(want)
    assert found
