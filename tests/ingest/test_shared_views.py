"""The lower-cased text the pipeline makes once gives the stages what they made themselves.

``views`` (citations) and ``fold`` (agencies) map look-alikes and lower-case; given the
text's ``lower_view`` they map that instead, which is the same when mapping and
lower-casing commute: checked here for every character (the mapped ones are neither cased
nor case-ignorable, and nothing lower-cases to them) and on the corpus and odd texts.
"""
from __future__ import annotations

import sys
import unicodedata

import pytest

from vanban.ingest import registry, symbols
from vanban.ingest.registry import fold
from vanban.ingest.scan import lower_view, views

from tests.conftest import SHARED

ODD = ["ΑΣ\u200bB", "ΑΣ\u2013B", "ΑΣ\u00a0b", "İ\u2013Σ", "Ð\u2013x ð", "BТС\u2014НК",
       "Nghị định\u00a0số 15/2020/NĐ\u2013CP\tngày", "A\u00adΣ\u200bb", "Hoà\u2011Bình\u202fUỷ"]


def _texts() -> list[str]:
    return ODD + [path.read_text("utf-8") for path in sorted(SHARED.glob("corpus/*/*.txt"))]


def _mapped_to(chars) -> set[str]:
    """Characters whose lower case holds one of ``chars``."""
    return {c for c in map(chr, range(sys.maxunicode + 1))
            if c not in chars and any(x in chars for x in c.lower())}


def _neutral(char: str) -> bool:
    return (char.lower() == char == char.upper()
            and unicodedata.category(char) not in ("Mn", "Me", "Cf", "Lm", "Sk"))


def test_case_neutral_look_alikes_commute_with_lower_casing() -> None:
    assert all(_neutral(c) and c in symbols._VIEW_CHARS for c in symbols.CASE_NEUTRAL)
    assert _mapped_to(symbols.CASE_NEUTRAL) == set()


def test_substitutes_of_fold_but_the_cased_ones_commute_with_lower_casing() -> None:
    neutral = {c for c, _ in registry._SUBSTITUTES} - registry._CASED_SUBSTITUTED
    assert all(_neutral(c) for c in neutral)
    assert _mapped_to(neutral) == set()


@pytest.mark.parametrize("text", ODD)
def test_views_from_the_shared_lower_case_are_the_same(text: str) -> None:
    assert views(text, lower_view(text)) == views(text)


def test_views_and_fold_from_the_shared_lower_case_are_the_same_on_every_text() -> None:
    for text in _texts():
        lowered = lower_view(text)
        assert views(text, lowered) == views(text)
        assert fold(text, lowered) == fold(text)
