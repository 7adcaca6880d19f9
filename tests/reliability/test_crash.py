"""Crash safety: `kill -9` in the middle of a folder ingest, then restart; and readers
querying while an ingest writes.

tests/api/test_ingest_bulk.py checks that a killed ingest leaves each source whole
or absent; this adds that the store then passes `vanban validate`, that resuming
gives exactly the store a clean ingest gives, and that concurrent readers never
see a half-written source.
"""
from __future__ import annotations

import signal
import subprocess
import threading
import time

import pytest

from tests.api.test_ingest_bulk import _per_graph, _source_graphs
from tests.conftest import VANBAN, run_cli
from vanban.api.ingestion import ingest_paths
from vanban.graph.store import INDEX_FILE, open_store
from vanban.graph.synthetic import Corpus, write_texts
from vanban.ontology.iris import Minter

DOCS = 60
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A synthetic folder and the per-source triple counts a clean ingest gives."""
    folder = tmp_path_factory.mktemp("crash") / "in"
    write_texts(Corpus(DOCS, seed=21), folder)
    reference = open_store(None)
    ingest_paths(reference, sorted(folder.glob("*.txt")), Minter(), workers=1)
    return folder, {g: n for g, n in _per_graph(reference).items() if "/id/source/" in g}


def _sources(store) -> dict[str, int]:
    return {g: n for g, n in _per_graph(store).items() if "/id/source/" in g}


@pytest.mark.slow
def test_kill_9_mid_ingest_then_validate_and_resume(corpus, tmp_path):
    folder, expected = corpus
    store_dir = tmp_path / "store"
    proc = subprocess.Popen([*VANBAN, "ingest", "--store", str(store_dir), "--batch", "100",
                             "--workers", "1", str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _source_graphs(store_dir / INDEX_FILE) < 8 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    store = open_store(store_dir)  # reopening rolls back the interrupted batch
    present = _sources(store)
    assert 0 < len(present) < DOCS
    assert present == {g: expected[g] for g in present}, "a source is half-present"
    store.close()
    validate = run_cli("validate", "--store", str(store_dir), "--quiet")
    assert validate.returncode == 0, validate.stdout[-3000:] + validate.stderr[-2000:]

    resumed = run_cli("ingest", "--store", str(store_dir), "--workers", "1", str(folder))
    assert resumed.returncode == 0, resumed.stderr
    assert f"{DOCS - len(present)} documents loaded" in resumed.stderr
    assert f"{len(present)} unchanged" in resumed.stderr
    store = open_store(store_dir)
    assert _sources(store) == expected
    store.close()


@pytest.mark.parametrize("on_disk", [False, True], ids=["memory", "disk"])
def test_readers_during_ingest_never_see_half_a_source(corpus, tmp_path, on_disk):
    folder, expected = corpus
    store = open_store(tmp_path / "store" if on_disk else None)
    files = sorted(folder.glob("*.txt"))[:30]
    seen: list[dict[str, int]] = []
    problems: list[str] = []
    done = threading.Event()

    def read() -> None:
        last = 0
        while not done.is_set():
            try:
                _, rows = store.select(PER_GRAPH)
            except Exception as exc:  # noqa: BLE001 - a reader must never fail
                problems.append(f"{type(exc).__name__}: {exc}")
                return
            counts = {g: int(n) for g, n in rows if "/id/source/" in g}
            partial = {g: n for g, n in counts.items() if n != expected[g]}
            if partial:
                problems.append(f"partial sources: {partial}")
            if len(counts) < last:
                problems.append(f"sources went from {last} to {len(counts)}")
            last = len(counts)
            seen.append(counts)

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        report = ingest_paths(store, files, Minter(), workers=1, batch_triples=150)
    finally:
        done.set()
        for reader in readers:
            reader.join(timeout=30)
    assert not report.errors and len(report.loaded) == len(files)
    assert not problems, problems[:5]
    assert len({len(s) for s in seen}) > 2, "the readers did not overlap the ingest"
    assert _sources(store) == {g: n for g, n in expected.items() if g in _sources(store)}
    assert len(_sources(store)) == len(files)
