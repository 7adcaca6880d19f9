"""Score the extractor on constructed held-out documents (heldout/README.md) with the shared scorer.

They guard the task and deadline rules against forms the dev corpus lacks; floors are the
figures measured when they were written, rounded down.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vanban.ingest.contract import to_contract
from vanban.ingest.pipeline import extract_file

from tests.conftest import shared_path

HELDOUT = Path(__file__).parent / "heldout"
FLOORS = {"tasks": 0.99, "deadline_accuracy": 0.98}


@pytest.mark.shared
def test_heldout_task_scores_reach_their_floors(tmp_path):
    scorer = shared_path("eval", "score.py")
    for text in sorted(HELDOUT.glob("*.txt")):
        record = to_contract(extract_file(text))
        (tmp_path / f"{text.stem}.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    out = subprocess.run([sys.executable, str(scorer), "--gold", str(HELDOUT / "gold"),
                          "--pred", str(tmp_path), "--text", str(HELDOUT), "--json"],
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    measured = {"tasks": result["tasks"]["f1"], "deadline_accuracy": result["deadline_accuracy"]}
    below = {k: (measured[k], floor) for k, floor in FLOORS.items() if (measured[k] or 0) < floor}
    assert not below, f"below floor (measured, floor): {below}"
