"""A non-editable `pip install .` into a fresh venv gives a working `vanban` under one namespace."""
from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_wheel_installs_under_the_vanban_namespace(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path / "dist"), str(REPO)], check=True, timeout=300)
    wheel = next((tmp_path / "dist").glob("vanban-*.whl"))
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    py = env / "bin" / "python"
    subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, timeout=300)
    site = Path(subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # Dependencies come from this interpreter's site-packages without reinstalling them
    # (no network in tests); a plain path entry runs no .pth, so the editable finder stays out.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    assert not any((site / name).exists() for name in ("ingest", "ontology", "graph", "api"))
    # Outside the checkout, so only the installed package can answer.
    help_text = subprocess.run([env / "bin" / "vanban", "--help"], capture_output=True,
                               text=True, check=True, cwd=tmp_path).stdout
    assert "extract" in help_text and "serve" in help_text
    where = subprocess.run([py, "-c", "import vanban.ingest.models as m; print(m.__file__)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert where.startswith(str(site))
