"""A short run of benchmarks/load_test.py (the 60 s, 8-client run is a benchmark):
the mix of benchmark queries and API calls gets no error."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "load_test.py"


@pytest.mark.slow
def test_short_load_run_has_no_errors(sample_store, tmp_path):
    import shutil

    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    out = tmp_path / "load.json"
    result = subprocess.run([sys.executable, str(SCRIPT), "--seconds", "5", "--clients", "4",
                             "--store", str(store), "--json", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    summary = json.loads(out.read_text())
    assert summary["overall"]["errors"] == 0 and summary["overall"]["requests"] > 20
    assert {k.split(":")[0] for k in summary["kinds"]} >= {"sparql", "api", "html"}
