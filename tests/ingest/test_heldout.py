"""Score the extractor on constructed held-out documents (heldout/README.md) with the shared scorer.

They guard the task and deadline rules against forms the dev corpus lacks; floors are the
figures measured when they were written, rounded down.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest.scoring import score_folder

HELDOUT = Path(__file__).parent / "heldout"
FLOORS = {"tasks": 0.99, "deadline_accuracy": 0.98}


@pytest.mark.shared
def test_heldout_task_scores_reach_their_floors(tmp_path):
    result = score_folder(HELDOUT, HELDOUT / "gold", tmp_path)
    measured = {"tasks": result["tasks"]["f1"], "deadline_accuracy": result["deadline_accuracy"]}
    below = {k: (measured[k], floor) for k, floor in FLOORS.items() if (measured[k] or 0) < floor}
    assert not below, f"below floor (measured, floor): {below}"
