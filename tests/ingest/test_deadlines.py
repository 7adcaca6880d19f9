"""Deadline phrases -> ISO 8601, and the text's own date.

Cases are real clauses from the corpus (cases/deadlines.toml); the examples in
data/deadline_phrases.toml are checked too.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from vanban.ingest.deadlines import (find_deadline, find_deadlines, load_deadline_phrases,
                                     read_deadline_cell)
from vanban.ingest.docmeta import find_document_date, find_reference_year

CASES = tomllib.loads((Path(__file__).parent / "cases" / "deadlines.toml").read_text("utf-8"))
EXAMPLES = [(p.key, e) for p in load_deadline_phrases() for e in p.examples]


def iso_of(text: str, doc_date: str | None) -> str:
    found = find_deadline(text, doc_date=doc_date)
    return found.iso if found else ""


@pytest.mark.parametrize("case", CASES["case"], ids=[c["id"] for c in CASES["case"]])
def test_deadline_case(case):
    assert iso_of(case["text"], case.get("doc_date")) == case["iso"]


@pytest.mark.parametrize("key, example", EXAMPLES, ids=[f"{k}-{i}" for i, (k, _) in enumerate(EXAMPLES)])
def test_data_examples(key, example):
    doc_date = example.get("date") or f"{example['year']}-06-01"
    assert iso_of(example["text"], doc_date) == example["iso"], key


def test_every_phrase_has_an_example_that_yields_a_value():
    for phrase in load_deadline_phrases():
        assert any(e["iso"] for e in phrase.examples), phrase.key


def test_phrase_text_is_the_matched_clause():
    text = "Bộ Giao thông vận tải trình Chính phủ trong tháng 8 năm 2019."
    (found,) = find_deadlines(text, doc_date="2019-07-01")
    assert (found.iso, found.phrase) == ("2019-08", "trong tháng 8 năm 2019")
    assert text[found.start:found.end] == found.phrase


def test_year_less_phrase_needs_a_document_year():
    assert iso_of("trước ngày 15/8", None) == ""
    assert iso_of("trong quý III", "2019-01-10") == "2019-07-01/2019-09-30"


def test_relative_deadline_needs_a_full_document_date():
    text = "trong thời hạn 15 ngày kể từ ngày ký"
    assert iso_of(text, "2019") == ""
    assert iso_of(text, "2019-04-10") == "2019-04-25"


@pytest.mark.parametrize("case", CASES["document_date"], ids=[c["id"] for c in CASES["document_date"]])
def test_document_date_case(case):
    assert (find_document_date(case["text"]) or "") == case["iso"]


def test_reference_year_is_the_most_named_year():
    text = "Tổng cục Hải quan năm 2018 … 6 tháng cuối năm 2018 … Thông tư 38/2015/TT-BTC … năm 2017"
    assert find_reference_year(text) == "2018"
    assert find_reference_year("không có năm nào") is None


def test_reference_year_counts_the_years_of_dates():
    """An undated news text: its dates name its year more often than a target year does."""
    text = ("Thủ tướng yêu cầu hoàn thành cao tốc trong năm 2025. Chiều 12/3/2024, Thủ tướng chủ trì "
            "họp; hoàn thành trước 30/4/2024, trong quý II/2024; mục tiêu năm 2025; Nghị định 15/2020/NĐ-CP.")
    assert find_reference_year(text) == "2024"


CELLS = [("Quý IV/2020", "2020-10-01/2020-12-31"), ("Trước quý IV/2020", "2020-09-30"), ("Tháng 12/2020", "2020-12"),
         ("Năm 2020 - 2021", "2020-01-01/2021-12-31"), ("Trước 15/12/2020", "2020-12-15"), ("Thường xuyên", "")]


@pytest.mark.parametrize("cell, iso", CELLS)
def test_table_cell_needs_no_cue_but_before_kinds_need_theirs(cell, iso):
    """Annex table cells (constructed, Quyết định with a task table): "Tháng 12/2020" is that month,
    not the day before it; "Trước quý IV" is the day before that quarter."""
    text = f"| {cell} |"
    found = read_deadline_cell(text, 2, len(text) - 2, doc_date="2020-07-20")
    assert (found.iso if found else "") == iso


def test_look_alike_quarter_numeral_gives_no_deadline_instead_of_an_error():
    # re.IGNORECASE lets Turkish "İ" match "I"; it is not a quarter numeral.
    from vanban.ingest.models import SourceText
    from vanban.ingest.pipeline import run_pipeline

    text = "Bộ Tài chính chủ trì, hoàn thành trong quý İ/2020."
    [task] = run_pipeline(SourceText(text=text, name="case", sha256="0")).tasks
    assert task.deadline is None
