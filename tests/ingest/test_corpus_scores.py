"""Score the extractor on the real annotated corpora with ../shared/eval/score.py.

Both corpora must reach the issue's targets; the figures measured now are higher
(see the closing notes), so a regression below target fails.
"""
from __future__ import annotations

import pytest

from tests.conftest import shared_path
from tests.ingest.scoring import score_folder

# The targets, held on both corpora.
TARGETS = {"citations": 0.97, "year_accuracy": 0.97, "relations_recall": 0.85,
           "agencies": 0.93, "tasks": 0.85, "deadline_accuracy": 0.90}
FLOORS = {"dev": TARGETS, "seed": TARGETS}


def score(corpus: str, tmp_path) -> dict:
    folder = shared_path("corpus", corpus)
    return score_folder(folder, folder / "gold", tmp_path)


@pytest.mark.shared
@pytest.mark.parametrize("corpus", FLOORS)
def test_scores_reach_their_floors(corpus, tmp_path):
    result = score(corpus, tmp_path)
    measured = {
        "citations": result["citations"]["f1"], "year_accuracy": result["year_accuracy"],
        "relations_recall": result["relations"]["r"], "agencies": result["agencies"]["f1"],
        "tasks": result["tasks"]["f1"], "deadline_accuracy": result["deadline_accuracy"],
    }
    below = {k: (measured[k], floor) for k, floor in FLOORS[corpus].items()
             if (measured[k] or 0) < floor}
    assert not below, f"{corpus}: below floor (measured, floor): {below}"
