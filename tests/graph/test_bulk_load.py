"""`load` of N-Quads indexes the file while pyoxigraph bulk-loads it: the index must be the one
a rebuild from the store gives, whatever the file's layout, and an interrupted load recoverable."""
from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from rdflib import BNode, Literal, URIRef

from vanban.graph.bulkload import NQuadsScan, lines_with
from vanban.graph.index import INDEXED_PREDICATES
from vanban.graph.store import INDEX_FILE, LOAD_MARK, open_store, to_ntriples
from vanban.graph.synthetic import Corpus, write_nquads

XSD = "http://www.w3.org/2001/XMLSchema#"


def _index_rows(store) -> dict[str, list]:
    """Every index table, task ids replaced by the task IRI (ids depend on insertion order)."""
    db = store.index._db
    rows = {t: sorted(map(repr, db.execute(f"SELECT * FROM {t}")))
            for t in ("graphs", "journal", "edges", "labels", "resolved", "cited", "workload",
                      "agencies")}
    rows["tasks"] = sorted(db.execute("SELECT task, g, text, due, deadline FROM tasks"))
    rows["roles"] = sorted(db.execute("SELECT t.task, agency, role, month FROM roles "
                                      "JOIN tasks t ON t.id = task_id"))
    rows["fts"] = sorted(db.execute("SELECT t.task, folded FROM tasks_fts "
                                    "JOIN tasks t ON t.id = tasks_fts.rowid"))
    return rows


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("bulk") / "corpus.nq"
    write_nquads(Corpus(60, seed=5), path, mentions=False)
    return path


@pytest.mark.parametrize("on_disk", [True, False], ids=["disk", "memory"])
def test_the_index_built_from_the_file_equals_a_rebuild_from_the_store(corpus, tmp_path, on_disk):
    store = open_store(tmp_path / "store" if on_disk else None)
    size = store.load(corpus)
    assert size == len(corpus.read_bytes().splitlines()) > 1000
    loaded = _index_rows(store)
    assert loaded["tasks"] and loaded["edges"] and loaded["journal"] == []
    store.reindex()
    assert _index_rows(store) == loaded
    store.close()


def _variant(corpus, tmp_path, kind: str):
    lines = corpus.read_text("utf-8").splitlines(keepends=True)
    if kind == "interleaved":  # a graph's lines come back later
        lines = lines[1::2] + lines[::2]
    elif kind == "duplicates":
        lines = lines + lines[:5]
    elif kind == "comments":
        lines = ["# made by hand\n", "\n", *lines]
    elif kind == "default graph":
        lines.append("<https://example.org/a> <https://example.org/p> <https://example.org/o> .\n")
    elif kind == "no final newline":
        lines[-1] = lines[-1].rstrip("\n")
    path = tmp_path / f"{kind.replace(' ', '-')}.nq"
    path.write_text("".join(lines), "utf-8")
    return path


@pytest.mark.parametrize("kind", ["interleaved", "duplicates", "comments", "default graph",
                                  "no final newline"])
def test_files_laid_out_otherwise_are_indexed_from_the_store(corpus, tmp_path, kind):
    reference = open_store(tmp_path / "reference")
    reference.load(corpus)
    store = open_store(tmp_path / "store")
    store.load(_variant(corpus, tmp_path, kind))
    expected = _index_rows(reference)
    got = _index_rows(store)
    if kind == "default graph":  # the extra triple is in no named graph: counted nowhere
        assert store.graphs() == reference.graphs()
    assert got == expected
    store.close()
    reference.close()


def test_the_scan_counts_each_graph_across_blocks(corpus, monkeypatch):
    from vanban.graph import bulkload

    whole = [(g, n, sorted(t)) for g, n, t in NQuadsScan(corpus, INDEXED_PREDICATES)]
    monkeypatch.setattr(bulkload, "CHUNK", 1000)  # smaller than most graphs
    scan = NQuadsScan(corpus, INDEXED_PREDICATES)
    assert [(g, n, sorted(t)) for g, n, t in scan] == whole
    assert scan.total == sum(n for _, n, _ in whole) == len(corpus.read_bytes().splitlines())
    monkeypatch.setattr(bulkload, "MAX_GRAPH", 500)  # a graph bigger than that: not held back
    with pytest.raises(bulkload.NotBulkLayout):
        list(NQuadsScan(corpus, INDEXED_PREDICATES))


def test_a_syntax_error_leaves_a_consistent_index(corpus, tmp_path):
    from vanban.graph.store import StoreError

    bad = tmp_path / "bad.nq"
    bad.write_bytes(corpus.read_bytes() + b"<https://example.org/a> <oops .\n")
    store = open_store(tmp_path / "store")
    with pytest.raises(StoreError):
        store.load(bad)
    assert store.index.journal_pending() == {}
    assert len(store) == store._count()
    store.close()


KILLED = """
import os, sys
from vanban.graph.store import OxigraphStore, open_store
bulk = OxigraphStore._bulk_file
def bulk_then_die(*args):
    bulk(*args)
    os._exit(9)  # as kill -9 would: the store written, the index's transaction not committed
OxigraphStore._bulk_file = bulk_then_die
open_store(sys.argv[1]).load(sys.argv[2])
"""


def test_a_load_killed_midway_is_recovered_on_open(corpus, tmp_path):
    killed = subprocess.run([sys.executable, "-c", KILLED, str(tmp_path / "store"), str(corpus)])
    assert killed.returncode == 9
    with sqlite3.connect(tmp_path / "store" / INDEX_FILE) as db:
        assert dict(db.execute("SELECT g, kind FROM journal")) == {LOAD_MARK: "load"}
    store = open_store(tmp_path / "store")  # recovery indexes what the load wrote
    assert store.index.journal_pending() == {}
    assert len(store) == store._count() > 0
    recovered = _index_rows(store)
    store.reindex()
    assert _index_rows(store) == recovered
    store.close()


def test_lines_with_finds_each_line_once():
    text = '<a> <p> "x <q> y" .\n<b> <q> <c> .\n<d> <r> <e> .\n<f> <q> "z"'
    assert sorted(lines_with(text, [" <p> ", " <q> "])) == \
        ['<a> <p> "x <q> y" .\n', '<b> <q> <c> .\n', '<f> <q> "z"']
    assert lines_with(text.encode(), [b" <r> "]) == [b"<d> <r> <e> .\n"]


def test_to_ntriples_escapes_and_types_literals():
    s, p = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    text = to_ntriples([(s, p, Literal('a "b" \\ c\nd\re', lang="vi")),
                        (s, p, Literal("x", datatype=URIRef(XSD + "string"))),
                        (s, p, Literal(7)), (s, p, Literal(7)), (s, p, BNode("b1"))])
    assert text.splitlines() == [
        '<https://example.org/s> <https://example.org/p> "a \\"b\\" \\\\ c\\nd\\re"@vi .',
        '<https://example.org/s> <https://example.org/p> "x" .',
        f'<https://example.org/s> <https://example.org/p> "7"^^<{XSD}integer> .',
        '<https://example.org/s> <https://example.org/p> _:b1 .']
