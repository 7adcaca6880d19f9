"""The JSON listings served from the index answer exactly what the SPARQL path answers.

/api/documents and /api/agencies read the SQLite index beside an on-disk store (and one
graph per item for the rest); remote stores and stores without an index page with
SPARQL. Both are run in process over the same synthetic corpus and must agree.
"""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vanban.api.app import create_app
from vanban.api.settings import Settings

from tests.conftest import synthetic_store


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = synthetic_store(tmp_path_factory.mktemp("listings"))
    yield TestClient(create_app(Settings(store=None, access_log=False), store=store)), store
    store.close()


@pytest.mark.parametrize("path", [
    "/api/documents", "/api/documents?limit=7&offset=40", "/api/documents?type=nd",
    "/api/documents?issuer=ttg&year=2005", "/api/documents?symbol=15/NĐ-CP",
    "/api/documents?offset=100000", "/api/agencies", "/api/agencies?limit=3&offset=4",
    "/api/agencies?q=bo+tai", "/api/agencies?q=no+such+agency",
])
def test_index_and_sparql_listings_agree(client, path):
    app, store = client
    fast = app.get(path)
    index, store.index = store.index, None
    try:
        slow = app.get(path)
    finally:
        store.index = index
    assert fast.status_code == slow.status_code == 200
    assert fast.json() == slow.json()


def test_document_listing_pages_and_counts_citers(client):
    app, _ = client
    everything = app.get("/api/documents?limit=1000").json()
    assert everything["total"] == len(everything["items"]) > 50
    ids = [d["id"] for d in everything["items"]]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    first, second = (app.get(f"/api/documents?limit=50&offset={n}").json() for n in (0, 50))
    assert [d["id"] for d in first["items"] + second["items"]] == ids[:100]
    assert first["next"] and max(d["cited_by"] for d in everything["items"]) > 1
    assert all(d["symbol"] and d["year"] for d in everything["items"] if "/eli/vn/" in d["id"])


def test_workload_rows_page(client):
    app, _ = client
    everything = app.get("/api/stats/workload").json()["items"]
    assert len(everything) > 10
    assert app.get("/api/stats/workload?limit=5&offset=2").json()["items"] == everything[2:7]
