"""Score the extractor on the real annotated corpora with ../shared/eval/score.py.

Floors are the issue's targets where they are met, and the measured figures
(rounded down) where they are not yet, so any regression fails.
"""
from __future__ import annotations

import pytest

from tests.conftest import shared_path
from tests.ingest.scoring import score_folder

FLOORS = {
    "dev": {"citations": 0.97, "year_accuracy": 0.97, "relations_recall": 0.85,
            "agencies": 0.93, "tasks": 0.85, "deadline_accuracy": 0.90},
    "seed": {"citations": 0.90, "year_accuracy": 0.90, "relations_recall": 0.75,
             "agencies": 0.85, "tasks": 0.75, "deadline_accuracy": 0.85},
}


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
