"""Deadline phrases -> ISO 8601, and the text's own date.

Cases are real clauses from the corpus (cases/deadlines.toml); the examples in
data/deadline_phrases.toml are checked too.
"""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from vanban.ingest import deadlines
from vanban.ingest.deadlines import (find_deadline, find_deadlines, load_deadline_phrases,
                                     read_deadline_cell)
from vanban.ingest.docmeta import find_document_date, find_reference_year
from vanban.ingest.scan import lower_view

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


@pytest.mark.parametrize("text, year", [
    ("năm 2019, 12019, 2020/NĐ, 1.2020, -2020, 20200", "2019"), ("x2020 2021 2021", "2021"),
    ("Nghị định 15/2020/NĐ-CP, 2018, 1949 1949 2100 2100", "2018"), ("2019١ ١2019 1999", "1999"),
    ("1999 1999 2001 2001", "2001")])
def test_reference_year_reads_whole_four_digit_runs(text, year):
    """Constructed: a year is a run of exactly four digits (found by its first digit, 1 or 2),
    not in a symbol, a number or a longer run; Unicode digits count as digits around it."""
    assert find_reference_year(text) == year


def test_only_dotted_capital_i_lower_cases_to_more_than_one_character():
    """find_deadlines trusts a caller's lower-cased text unless the text holds this one."""
    longer = [c for c in map(chr, range(sys.maxunicode + 1)) if len(c.lower()) > 1]
    assert longer == [deadlines._LONGER_LOWER]


@pytest.mark.parametrize("text", [
    "Bộ Tài chính báo cáo TRƯỚC NGÀY 15/8/2019; Trong Quý IV năm 2019 hoàn thành.",
    "İ Bộ Tài chính báo cáo trước ngày 15/8/2019; trong quý IV năm 2019 hoàn thành."])
def test_deadlines_read_from_a_given_lower_cased_text_are_the_same(text):
    """Constructed: with ``lowered`` (scan.lower_view, which keeps "İ") the same deadlines."""
    found = find_deadlines(text, doc_date="2019-01-10")
    assert len(found) == 2
    assert find_deadlines(text, doc_date="2019-01-10", lowered=lower_view(text)) == found


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
