"""`vanban ingest` / `extract` / `query` on the bundled sample (no ../shared needed)."""
from __future__ import annotations

import json

from vanban.api.ingestion import ingest_paths
from vanban.graph.store import open_store
from vanban.ontology.iris import Minter

from tests.conftest import run_cli


def test_reingest_replaces_instead_of_duplicating(sample_files):
    store = open_store(None)
    first = ingest_paths(store, sample_files, Minter())
    size = len(store)
    again = ingest_paths(store, sample_files, Minter(), force=True)
    assert first.loaded and again.loaded and size > 0
    assert len(store) == size


def test_unchanged_source_is_skipped(sample_files):
    store = open_store(None)
    ingest_paths(store, sample_files, Minter())
    report = ingest_paths(store, sample_files, Minter())
    assert report.skipped == [str(p) for p in sample_files] and not report.loaded


def test_extract_writes_the_output_contract(sample_files, tmp_path):
    result = run_cli("extract", "--out", str(tmp_path), *map(str, sample_files))
    assert result.returncode == 0, result.stderr
    record = json.loads((tmp_path / f"{sample_files[0].stem}.json").read_text("utf-8"))
    assert {"citations", "agencies", "tasks"} <= record.keys()
    ids = {c["id_local"] for c in record["citations"]}
    assert {"01/NQ-CP", "06/QĐ-TTg", "45/2020/NĐ-CP", "04/CT-TTg"} <= ids


def test_ingest_then_query_on_disk(sample_files, tmp_path):
    store = str(tmp_path / "store")
    assert run_cli("ingest", "--store", store, *map(str, sample_files)).returncode == 0
    result = run_cli("query", "--store", store, "--format", "csv",
                     "PREFIX eli: <http://data.europa.eu/eli/ontology#> "
                     "SELECT ?id WHERE { ?s eli:cites ?d . ?d eli:id_local ?id } ORDER BY ?id")
    assert result.returncode == 0, result.stderr
    assert "45/2020/NĐ-CP" in result.stdout.splitlines()


def test_query_syntax_error_is_a_clear_message(tmp_path):
    result = run_cli("query", "--store", str(tmp_path / "s"), "SELEC nothing")
    assert result.returncode != 0
    assert "SPARQL syntax error" in result.stderr and "Traceback" not in result.stderr
