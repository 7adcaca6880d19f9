"""Servers for the reliability tests, started on copies of one on-disk sample store
(a copy starts in half the time of `serve --demo`, which re-extracts the sample)."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.conftest import Server, run_cli

TOKEN = "reliability-token-0123456789"
QUIET = {"VANBAN_ACCESS_LOG": "0"}  # Server never drains its pipe: keep the log off


@pytest.fixture(scope="session")
def sample_store(sample_files, tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("reliability") / "store"
    result = run_cli("ingest", "--store", str(store), *map(str, sample_files))
    assert result.returncode == 0, result.stderr
    return store


def start_server(store: Path, **env: str) -> Server:
    """`vanban serve` over a private copy of ``store`` (Oxigraph locks its directory)."""
    copy = Path(tempfile.mkdtemp(prefix="vanban-rely-")) / "store"
    shutil.copytree(store, copy)
    server = Server("--store", str(copy), env={**QUIET, **env})
    server.store_dir = copy
    return server


def stop_server(server: Server) -> None:
    """Kill at once: a worker busy in a runaway query would hold a graceful stop for 10 s."""
    server.proc.kill()
    server.proc.wait()
    server.stop()
    shutil.rmtree(server.store_dir.parent, ignore_errors=True)


@pytest.fixture(scope="session")
def guarded_server(sample_store):
    """Tokens, a 2 s query budget, 2 workers, small caps and a CORS allow-list."""
    server = start_server(sample_store, VANBAN_UPDATE_TOKEN=TOKEN, VANBAN_INGEST_TOKEN=TOKEN,
                          VANBAN_INGEST_MAX_BYTES="300000", VANBAN_SPARQL_TIMEOUT="2",
                          VANBAN_SPARQL_WORKERS="2", VANBAN_SPARQL_MAX_RESULT_BYTES="200000",
                          VANBAN_CORS_ORIGINS="https://analyst.example")
    yield server
    stop_server(server)
