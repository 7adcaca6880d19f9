"""The task phrase regexes written for speed match exactly what the plain ones match.

``scan_pattern`` spells every letter as the class of its case variants (no
re.IGNORECASE, so that re skips ahead in C); it must find the same spans as
``(?<![\\w])`` + ``words_pattern`` under re.IGNORECASE, on real passages
(cases/tasks.toml) and on their upper-cased and odd-cased forms.
"""
from __future__ import annotations

import re
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from vanban.ingest.segment import _content_lines
from vanban.ingest.taskphrases import _case_variants, load_task_phrases, probes, scan_pattern, words_pattern

DATA = tomllib.loads(resources.files("vanban.ingest").joinpath("data/task_phrases.toml").read_text("utf-8"))
LISTS = {key: value for key, value in DATA.items()
         if isinstance(value, list) and value and all(isinstance(v, str) for v in value)}
CASES = tomllib.loads((Path(__file__).parent / "cases" / "tasks.toml").read_text("utf-8"))["case"]


def _passages() -> list[str]:
    texts = [c["text"] for c in CASES]
    odd = str.maketrans({"k": "\u212a", "s": "\u017f", "i": "\u0130"})  # KELVIN SIGN, long s, dotted I
    return texts + [t.upper() for t in texts] + [t.translate(odd) for t in texts]


def test_case_variants_hold_every_character_that_ignore_case_matches():
    """All of Unicode at once: the characters some letter of the phrases matches, then which."""
    letters = sorted({ch for entries in LISTS.values() for entry in entries for ch in entry if not ch.isspace()})
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    matched = set(re.findall("[" + "".join(map(re.escape, letters)) + "]", every, re.IGNORECASE))
    assert len(matched) > len(letters)
    for ch in matched:
        for letter in letters:
            if re.fullmatch(re.escape(letter), ch, re.IGNORECASE):
                assert ch in _case_variants(letter), (letter, ch)


@pytest.mark.parametrize("word_start", [True, False])
@pytest.mark.parametrize("key", sorted(LISTS))
def test_scan_pattern_finds_what_the_plain_pattern_finds(key, word_start):
    scan = re.compile(scan_pattern(LISTS[key], word_start))
    plain = re.compile((r"(?<![\w])" if word_start else "") + words_pattern(LISTS[key]), re.IGNORECASE)
    for text in _passages():
        assert [m.span() for m in scan.finditer(text)] == [m.span() for m in plain.finditer(text)]
        for start in range(0, len(text), 97):  # windows, as the task stage searches them
            end = start + 150
            assert [m.span() for m in scan.finditer(text, start, end)] == \
                [m.span() for m in plain.finditer(text, start, end)]


@pytest.mark.parametrize("key", sorted(LISTS))
def test_probes_find_a_phrase_where_the_scan_pattern_does(key):
    scan, probing = re.compile(scan_pattern(LISTS[key])), probes(LISTS[key])
    hits = 0
    for text in _passages():
        for start in range(0, len(text), 23):
            end = start + 60
            found = any(probe.search(text, start, end) for probe in probing)
            assert found == bool(scan.search(text, start, end))
            hits += found
    assert hits or key != "coordinator_cues"  # the list the task stage probes


def _same_spans(fast: re.Pattern[str], plain: re.Pattern[str], method: str = "finditer") -> None:
    for text in _passages():
        for start in range(0, len(text), 97):
            for end in (start + 40, start + 150, len(text)):
                if method == "match":
                    got, want = fast.match(text, start, end), plain.match(text, start, end)
                    assert (got and got.span()) == (want and want.span())
                else:
                    assert [m.span() for m in fast.finditer(text, start, end)] == \
                        [m.span() for m in plain.finditer(text, start, end)]


def test_narrative_and_title_match_as_their_ignore_case_forms():
    ph = load_task_phrases()
    _same_spans(ph.narrative, re.compile(r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\bngày\s+\d|"
                                         + words_pattern(DATA["sources"]), re.IGNORECASE))
    _same_spans(ph.title, re.compile(r"(?:" + words_pattern(DATA["titles"]) + r"\s*|[^\W\d][^\s:;.]*"
                                     r"(?:[ ,]+[^\s:;.]+){0,6}:\s*)", re.IGNORECASE), "match")


def test_content_lines_are_the_stripped_lines():
    text = "  a b \n\n\t\x0c\n\r c\r\n\u00a0d\u2028e \x1c\n   "
    assert _content_lines(text) == [
        (2, 5, "a b", 0, 6, False),
        (13, 14, "c", 11, 15, True),  # blank lines ("", "\t\x0c") before it
        (17, 20, "d\u2028e", 16, 22, False),  # "\x1c" is stripped as space
    ]
    assert text[13:14] == "c" and text[17:20] == "d\u2028e" and text[16:22].strip() == "d\u2028e"
