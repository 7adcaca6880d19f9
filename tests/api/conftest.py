"""Live servers for the HTTP tests: the bundled sample on disk, and writable demo servers."""
from __future__ import annotations

import pytest

from tests.conftest import Server, run_cli

TOKEN = "test-token-123"
# The access log is off where a test sends many requests: Server never drains its pipe.
QUIET = {"VANBAN_ACCESS_LOG": "0"}


def sample_store(files, folder):
    """An on-disk store at ``folder`` holding ``files`` (the bundled sample), via the CLI.
    Each user gets its own: a serving process holds its store's lock."""
    result = run_cli("ingest", "--store", str(folder), *map(str, files))
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope="session")
def sample_server(sample_files, tmp_path_factory):
    """`vanban serve` over an on-disk store holding the bundled sample (read-only)."""
    store = sample_store(sample_files, tmp_path_factory.mktemp("sample-store"))
    server = Server("--store", str(store), env=QUIET)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def writable_server():
    """A fresh in-memory demo server with update and ingest tokens and small limits."""
    server = Server("--demo", env={**QUIET, "VANBAN_UPDATE_TOKEN": TOKEN,
                                   "VANBAN_INGEST_TOKEN": TOKEN,
                                   "VANBAN_INGEST_MAX_BYTES": "200000",
                                   "VANBAN_CORS_ORIGINS": "https://analyst.example"})
    yield server
    server.stop()


@pytest.fixture(scope="module")
def limited_server():
    """A demo server with a 1 s query budget, two workers and a 4 kB result cap."""
    server = Server("--demo", env={**QUIET, "VANBAN_SPARQL_TIMEOUT": "1",
                                   "VANBAN_SPARQL_WORKERS": "2",
                                   "VANBAN_SPARQL_MAX_RESULT_BYTES": "4000"})
    yield server
    server.stop()
