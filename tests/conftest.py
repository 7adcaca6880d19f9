"""Shared fixtures: the ../shared corpus (skipped when absent), stores, a live server."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
VANBAN = [sys.executable, "-m", "vanban"]


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not checked out here)")
    return path


@pytest.fixture(scope="session")
def seed_file() -> Path:
    return shared_path("corpus", "seed", "seed-2019-06-nq-phien-hop.txt")


@pytest.fixture(scope="session")
def sample_files() -> list[Path]:
    folder = resources.files("vanban").joinpath("sample")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`vanban serve` in a subprocess on a free loopback port."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # A file, not a pipe: an unread pipe fills up with the access log and blocks the server.
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([*VANBAN, "serve", "--port", str(self.port), *args],
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     env={**os.environ, **(env or {})})
        wait_until_up(self.proc, self._healthy, seconds=30, what="vanban serve", log=self._log_text)

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/health", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def _log_text(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self) -> None:
        stop_process(self.proc)
        self.log.close()


def wait_until_up(proc: subprocess.Popen, ready, *, seconds: float, what: str, log) -> None:
    """Poll ``ready()`` until it is true; fail with the process's log if it exits or times out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited: {log()[-2000:]}")
        if ready():
            return
        time.sleep(0.2)
    stop_process(proc)
    raise RuntimeError(f"{what} did not answer within {seconds} s: {log()[-2000:]}")


def stop_process(proc: subprocess.Popen, timeout: float = 30) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*VANBAN, *args], capture_output=True, text=True, timeout=300)


def synthetic_store(folder: Path, documents: int = 150):
    """An on-disk store under ``folder`` holding the seeded synthetic corpus (no spans)."""
    from vanban.graph.store import open_store
    from vanban.graph.synthetic import Corpus, write_nquads

    write_nquads(Corpus(documents, seed=7), folder / "corpus.nq", mentions=False)
    store = open_store(folder / "store")
    store.load(folder / "corpus.nq")
    return store
