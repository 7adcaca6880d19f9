"""The fast whole-text passes of find_agencies find what the plain regex scans they replace find.

Each pass is checked against its reference (a regex, or a loop over the matches) on the real
sentences of cases/agencies.toml and, when ../shared is present, on the corpus texts.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from vanban.ingest import agencies, agency_district, agency_local, agency_names
from vanban.ingest.agencies import _automaton, _automaton_pass
from vanban.ingest.agency_text import squeeze, word_matches
from vanban.ingest.registry import fold

from tests.conftest import SHARED

CASES = tomllib.loads(
    (Path(__file__).parent / "cases" / "agencies.toml").read_text("utf-8"))["case"]
SENTENCES = [re.sub(r"</?ag>", "", case["marked"]) for case in CASES]


def _texts() -> list[str]:
    """The case sentences, and the corpus texts when ../shared is there."""
    return SENTENCES + [path.read_text("utf-8") for path in sorted(SHARED.glob("corpus/*/*.txt"))]


def _reference_squeeze(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """Squeezing run by run: a run of spaces and asterisks becomes a space if it holds one."""
    folded, parts, marks, shifts, removed, last = fold(text), [], [], [], 0, 0
    for match in re.finditer(r"[ *][ *]+|\*", folded):
        keep = " " if " " in match.group() else ""
        parts += (folded[last:match.start()], keep)
        removed += len(match.group()) - len(keep)
        marks.append(match.end() - removed)
        shifts.append(removed)
        last = match.end()
    return "".join(parts) + folded[last:], tuple(marks), tuple(shifts)


def test_squeeze_matches_the_run_by_run_reference() -> None:
    for text in _texts() + ["a  *b", "**x** y", " * ", "*", "  ", "a\n\n*  b*"]:
        sq = squeeze(text)
        assert (sq.text, sq.marks, sq.shifts) == _reference_squeeze(text)
        assert sq.original_marks == tuple(m + s for m, s in zip(sq.marks, sq.shifts))


def test_units_are_what_the_unit_regex_finds() -> None:
    for text in _texts():
        sq = squeeze(text)
        expected = [m.span() for m in agency_district._unit_regex().finditer(sq.text)]
        assert _automaton_pass(sq, text, None)[2] == expected


def test_places_are_the_longest_whole_words_at_each_start() -> None:
    forms = agency_local.place_words()
    for text in _texts():
        sq = squeeze(text)
        longest: dict[int, tuple[int, str, bool]] = {}
        for end, (length, *_) in _automaton().iter(sq.text):
            start, end = end - length + 1, end + 1
            word = sq.text[start:end]
            edges = (start <= 1 or not sq.text[start - 1].isalnum()) and (
                end >= len(sq.text) or not sq.text[end].isalnum())
            if word in forms and edges and end > longest.get(start, (0,))[0]:
                longest[start] = (end, word, forms[word])
        expected = [(start, *rest) for start, rest in sorted(longest.items())]
        assert _automaton_pass(sq, text, None)[1] == expected


@pytest.mark.parametrize("pattern", [agency_district._head_regex(), agency_local._head_regex(),
                                     agency_local._home_regex(), agency_local._BARE_UNIT],
                         ids=["district-heads", "provincial-heads", "home-heads", "bare-unit"])
def test_word_matches_are_what_a_leading_look_behind_finds(pattern: re.Pattern[str]) -> None:
    behind = re.compile(r"(?<!\w)" + pattern.pattern)
    for text in _texts():
        folded = squeeze(text).text
        assert [m.span() for m in word_matches(pattern, folded)] == [
            m.span() for m in behind.finditer(folded)]
        assert [m.span() for m in word_matches(pattern, folded, 7, 90)] == [
            m.span() for m in behind.finditer(folded, 7, 90)]


def test_countries_from_the_automaton_pass_are_what_a_text_search_finds() -> None:
    pattern = agency_names._foreign()[0]
    odd = ["xLiên bang Nga và Bộ Ngoại giao Nga", "Bộ Ngoại giao **Trung Quốc**", "Trung  Quốc",
           "Đại sứ quán Việt Nam tại Hàn Quốc; Pháp, pháp luật, Báo cáo Úc", "AnhÁo Ý"]
    for text in _texts() + odd:
        sq = squeeze(text)
        starts = _automaton_pass(sq, text, None)[3]
        assert [m.span() for m in agency_names._countries(pattern, sq, text, starts)] == [
            m.span() for m in pattern.finditer(text)]
        assert agency_names.find_foreign_hits(sq, text, starts) == agency_names.find_foreign_hits(
            sq, text)


def test_dates_found_from_their_separators_are_what_the_digit_led_regex_finds() -> None:
    reference = re.compile(r"(\d\d?)(?:/| tháng )(\d\d?)(?:/| năm )((?:19|20)\d\d)(?!\d)")
    odd = ["1/2/3/2020", "12/12/2020/5/2021", "123/4/2019 và 2 tháng 5 năm 2019",
           "1 tháng 12/2020", "05/06/20199", "x٣/4/2020", "1/1/2020 tháng 3 năm 2021"]
    for text in _texts() + odd:
        assert agencies.find_dates(text) == reference.findall(text)
