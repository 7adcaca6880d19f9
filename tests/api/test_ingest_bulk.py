"""Bulk ingest: parallel = serial, incremental, remove/load, and crash safety (Ctrl-C, kill -9)."""
from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from vanban.api.ingestion import ingest_paths
from vanban.graph.store import INDEX_FILE, OxigraphStore, open_store
from vanban.graph.synthetic import Corpus, write_nquads, write_texts
from vanban.ontology.iris import Minter

from tests.conftest import VANBAN, run_cli


@pytest.fixture(scope="module")
def texts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("texts")
    write_texts(Corpus(40, seed=3), folder)
    return folder


def _per_graph(store) -> dict[str, int]:
    _, rows = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {g: int(n) for g, n in rows}


def test_parallel_ingest_equals_serial(texts):
    files = sorted(texts.glob("*.txt"))
    serial, parallel = open_store(None), open_store(None)
    one = ingest_paths(serial, files, Minter(), workers=1)
    two = ingest_paths(parallel, files, Minter(), workers=2, batch_triples=500)
    assert len(one.loaded) == len(two.loaded) == 40 and not one.errors
    assert _per_graph(serial) == _per_graph(parallel)
    assert len(serial) == len(parallel)
    assert {"extract", "map", "load"} <= two.seconds.keys() and two.bytes > 0


def test_changed_source_replaces_its_graph_only(texts, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for f in sorted(texts.glob("*.txt"))[:10]:
        (folder / f.name).write_bytes(f.read_bytes())
    store = open_store(tmp_path / "store")
    ingest_paths(store, sorted(folder.glob("*.txt")), Minter(), workers=2)
    before = _per_graph(store)
    changed = sorted(folder.glob("*.txt"))[3]
    changed.write_text(changed.read_text("utf-8") + "\nBộ Y tế chủ trì xây dựng Đề án, "
                       "trình Thủ tướng Chính phủ trước ngày 30 tháng 6 năm 2030.\n", "utf-8")
    report = ingest_paths(store, sorted(folder.glob("*.txt")), Minter(), workers=2)
    assert report.loaded == [str(changed)] and len(report.skipped) == 9
    after = _per_graph(store)
    graph = str(Minter().source(changed.stem))
    assert after[graph] > before[graph]
    assert {g: n for g, n in after.items() if g != graph and "resolution" not in g} == \
        {g: n for g, n in before.items() if g != graph and "resolution" not in g}


def test_cli_remove_and_load(texts, tmp_path):
    store = str(tmp_path / "store")
    first = sorted(texts.glob("*.txt"))[0]
    result = run_cli("ingest", "--store", store, str(first))
    assert result.returncode == 0, result.stderr
    assert "1 documents loaded" in result.stderr and "docs/s" in result.stderr
    assert run_cli("remove", "--store", store, str(first)).returncode == 0
    again = run_cli("remove", "--store", store, first.stem)
    assert again.returncode == 1 and "not in the store" in again.stderr
    nq = tmp_path / "corpus.nq"
    write_nquads(Corpus(60, seed=5), nq, mentions=False)
    result = run_cli("load", "--store", store, str(nq))
    assert result.returncode == 0, result.stderr
    top = json.loads(run_cli("stats", "cited", "--store", store, "--limit", "3", "--json").stdout)
    assert len(top) == 3 and top[0]["citations"] >= top[-1]["citations"] >= 1
    hits = run_cli("stats", "search", "--store", store, "--json", "bo tai chinh chu tri")
    assert "Bộ Tài chính" in hits.stdout
    for args in (["workload"], ["overdue", "--as-of", "2010-01-01"], ["unresolved", "--all"],
                 ["communities"], ["cited", "--by", "pagerank"],
                 ["chain", "https://w3id.org/vanban/eli/vn/cp/nd/2000/1"], ["reindex"]):
        result = run_cli("stats", *args, "--store", store)
        assert result.returncode == 0, (args, result.stderr)


def test_interrupted_write_is_rolled_back_on_open(tmp_path):
    store = OxigraphStore(tmp_path / "s")
    graph = "https://example.org/id/source/half"
    store.index.journal_begin({graph: "new"})
    store._write({graph: f'<{graph}> <https://example.org/p> "x" .\n'}, {})  # then "crash"
    store.close()
    reopened = open_store(tmp_path / "s")
    assert graph not in reopened.graphs() and reopened.index.journal_pending() == {}


def _source_graphs(index_file) -> int:
    try:
        with sqlite3.connect(index_file, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM graphs WHERE g LIKE '%/id/source/%'").fetchone()[0]
    except sqlite3.Error:
        return 0


def _children(pid: int) -> list[int]:
    """Live child processes of ``pid`` (Linux /proc)."""
    return [int(p) for task in Path(f"/proc/{pid}/task").iterdir()
            for p in (task / "children").read_text().split()]


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_killed_ingest_leaves_sources_whole(tmp_path, how):
    folder = tmp_path / "in"
    write_texts(Corpus(400, seed=11), folder)
    store_dir = tmp_path / "store"
    proc = subprocess.Popen([*VANBAN, "ingest", "--store", str(store_dir), "--batch", "300",
                             "--workers", "2", str(folder)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _source_graphs(store_dir / INDEX_FILE) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest finished before it could be interrupted"
    workers = _children(proc.pid)
    assert workers, "the ingest runs no worker processes"
    proc.send_signal(how)
    proc.wait(timeout=60)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()], "orphaned workers"
    if how == signal.SIGINT:
        assert proc.returncode == 130, proc.stderr.read().decode()[-2000:]
    store = open_store(store_dir)
    present = {g: n for g, n in _per_graph(store).items() if "/id/source/" in g}
    assert 0 < len(present) < 400
    reference = open_store(None)
    files = [folder / f"{g.rsplit('/', 1)[-1]}.txt" for g in present]
    ingest_paths(reference, files, Minter(), workers=1)
    assert present == {g: n for g, n in _per_graph(reference).items() if "/id/source/" in g}
    assert store.source_hashes().keys() >= present.keys()
    report = ingest_paths(store, sorted(folder.glob("*.txt")), Minter())  # finishing the job
    assert len(report.skipped) == len(present) and len(report.loaded) == 400 - len(present)
