"""Run the extractor over a folder of texts and score it with ../shared/eval/score.py."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from vanban.ingest.contract import to_contract
from vanban.ingest.pipeline import extract_file

from tests.conftest import shared_path


def score_folder(texts: Path, gold: Path, out: Path) -> dict:
    """The scorer's --json figures for every ``*.txt`` in ``texts`` against ``gold``."""
    scorer = shared_path("eval", "score.py")
    for text in sorted(texts.glob("*.txt")):
        record = to_contract(extract_file(text))
        (out / f"{text.stem}.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    result = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--pred", str(out),
                             "--text", str(texts), "--json"],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)
