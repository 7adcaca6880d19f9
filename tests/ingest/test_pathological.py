"""Texts that once made a stage take time quadratic (or exponential) in a run of characters.

Each case runs under a time budget far above what linear work needs (a few hundredths of a
second here) and far below what the old behaviour took (minutes to hours), so a busy
machine does not make it flaky. benchmarks/extract_pathological.py measures the rates.
"""
from __future__ import annotations

import signal
import time
from collections.abc import Callable

import pytest

from vanban.ingest.citations import find_citations
from vanban.ingest.clean import clean_text
from vanban.ingest.docmeta import find_document_date
from vanban.ingest.segment import find_sentences

_BUDGET = 5  # seconds

CASES: list[tuple[str, Callable[[str], object], str]] = [
    # a regex backtracked from a long blank opening into a title line, once per blank
    ("blank-opening", find_citations, " " * 1_000_000 + "x"),
    # the issue date after a symbol: two runs of spaces side by side, split every way
    ("spaces-after-symbol", find_citations, "Nghị định số 15/2020/NĐ-CP" + " " * 200_000 + "x"),
    ("stars-after-symbol", find_citations,
     ("Nghị định số 15/2020/NĐ-CP" + " *" * 2_000 + ",\n") * 50),
    # every look-alike letter walked back to the start of its word
    ("long-cyrillic-word", clean_text, "А" * 200_000),
    ("long-mixed-word", clean_text, "BТС" * 70_000),
    # a sentence end tried at every dot of a leader, each split of the dots in turn
    ("dot-leader", find_sentences, "Họ và tên: " + "." * 100_000 + "x"),
    ("dot-leaders", find_sentences, ("Họ và tên: " + "." * 300 + "1\n") * 300),
]


def _within_budget(run: Callable[[str], object], text: str) -> float:
    def expire(signum, frame):
        raise TimeoutError(f"over {_BUDGET} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(_BUDGET)
    try:
        start = time.process_time()
        run(text)
        return time.process_time() - start
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(("run", "text"), [(run, text) for _, run, text in CASES],
                         ids=[name for name, _, _ in CASES])
def test_stays_linear(run: Callable[[str], object], text: str) -> None:
    assert _within_budget(run, text) < _BUDGET


def test_results_unchanged_on_a_pathological_text() -> None:
    """The bounded scans find what the unbounded ones found."""
    text = "\n" * 3 + "   \n" + "Nghị định số 15/2020/NĐ-CP" + " " * 500 + "ngày 03/02/2020;"
    assert [(c.id_local, c.date) for c in find_citations(text)] == [("15/2020/NĐ-CP", "2020-02-03")]
    assert find_document_date("\n" * 50 + "Hà Nội, ngày 10 tháng 4 năm 2019") == "2019-04-10"
    assert clean_text("văn bản số 16495/BТС-PTHT") == "văn bản số 16495/BTC-PTHT"
    assert clean_text("Москва") == "Москва"
    sentences = find_sentences("Họ và tên: ..... Ngày sinh: .....\nKý tên.")
    assert [s.span.start for s in sentences] == [0, 17, 34]
