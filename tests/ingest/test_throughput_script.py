"""A short run of benchmarks/extract_throughput.py (the 20 MB run is a benchmark, not a
test): the script still runs the whole pipeline and prints every figure the issue asks for."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import shared_path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "extract_throughput.py"


@pytest.mark.slow
def test_short_run_prints_rates_ratio_and_stages():
    shared_path("corpus", "dev")
    result = subprocess.run([sys.executable, str(SCRIPT), "--mb", "0.01"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), result.stderr[-3000:]  # 1: a target missed
    out = result.stdout
    assert re.search(r"^pipeline: +[\d.]+ MB/s", out, re.MULTILINE), out
    assert re.search(r"^bare scan: +[\d.]+ MB/s .*\b[1-9]\d* symbol matches", out, re.MULTILINE), out
    assert re.search(r"^ratio: +1:[\d.]+", out, re.MULTILINE), out
    stages = re.findall(r"^  (\w+) +[\d.]+ s", out, re.MULTILINE)
    assert set(stages) == {"clean_text", "find_document_date", "find_citations",
                           "find_agencies", "find_tasks"}, out
    assert out.rstrip().splitlines()[-1] in ("PASS", "FAIL: below target")
