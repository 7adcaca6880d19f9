"""The JSON API under /api against a live server holding the bundled sample."""
from __future__ import annotations

import httpx
import pytest

BASE = "https://w3id.org/vanban"


def api(server, path, **params):
    response = httpx.get(f"{server.url}/api{path}", params=params, timeout=30)
    return response


def test_document_by_symbol_and_year(sample_server):
    found = api(sample_server, "/documents", symbol="45/2020/NĐ-CP").json()
    assert [d["id"] for d in found["items"]] == [f"{BASE}/eli/vn/cp/nd/2020/45"]
    # Without diacritics, with the year apart, or with a wrong year.
    assert api(sample_server, "/documents", symbol="01/NQ-CP", year=2024).json()["total"] == 1
    assert api(sample_server, "/documents", symbol="45/ND-CP", year=2020).json()["total"] == 1
    assert api(sample_server, "/documents", symbol="45/2020/NĐ-CP", year=2019).json()["total"] == 0


def test_document_list_filters_and_pages(sample_server):
    everything = api(sample_server, "/documents").json()
    assert everything["total"] >= 4 and everything["@context"] == "/api/context.jsonld"
    decrees = api(sample_server, "/documents", type="nd").json()["items"]
    assert [d["symbol"] for d in decrees] == ["45/2020/NĐ-CP"]
    by_pm = api(sample_server, "/documents", issuer="ttg").json()["items"]
    assert {d["symbol"] for d in by_pm} >= {"06/QĐ-TTg"}
    first = api(sample_server, "/documents", limit=2).json()
    assert len(first["items"]) == 2 and first["next"]
    second = httpx.get(first["next"]).json()
    assert second["offset"] == 2 and not {d["id"] for d in second["items"]} & {d["id"] for d in first["items"]}


def test_document_detail_links(sample_server):
    doc = api(sample_server, "/documents/eli/vn/cp/nd/2020/45").json()
    assert doc["symbol"] == "45/2020/NĐ-CP"
    relations = {c["relation"] for c in doc["cited_by"]}
    assert {"based_on", "amends"} <= relations
    assert any("45/2020/NĐ-CP" in t["text"] for t in doc["tasks"])
    assert doc["amended_by"]  # the draft decree the directive asks for
    source = api(sample_server, "/documents/id/source/chi-thi-mau-2024").json()
    assert source["kind"] == "source"
    assert {c["id"] for c in source["cites"] if c["id"]} >= {"01/NQ-CP", "45/2020/NĐ-CP"}
    assert api(sample_server, "/documents/eli/vn/cp/nd/1999/1").status_code == 404


def test_search_ignores_case_and_diacritics(sample_server):
    hits = api(sample_server, "/search", q="bo cong an").json()["items"]
    assert hits[0]["label"] == "Bộ Công an" and hits[0]["kind"] == "agency"
    tasks = api(sample_server, "/search", q="CO SO DU LIEU quoc gia", kind="task").json()["items"]
    assert tasks and all(h["kind"] == "task" for h in tasks)
    symbols = api(sample_server, "/search", q="45/2020/nd-cp").json()["items"]
    assert symbols[0]["label"] == "45/2020/NĐ-CP"


def test_agencies_and_their_tasks(sample_server):
    listed = api(sample_server, "/agencies", q="cong an").json()["items"]
    police = next(a for a in listed if a["label"] == "Bộ Công an")
    code = police["id"].rsplit("/", 1)[-1]
    detail = api(sample_server, f"/agencies/{code}").json()
    assert detail["label"] == "Bộ Công an" and detail["tasks_led"] >= 1
    assert {"validFrom", "validUntil", "successor", "aliases"} <= detail.keys()
    led = api(sample_server, f"/agencies/{code}/tasks", role="lead").json()["items"]
    assert led and all("Bộ Công an" in t["lead"] for t in led)
    in_range = api(sample_server, f"/agencies/{code}/tasks", due_from="2024-06-01",
                   due_to="2024-06-30").json()["items"]
    assert [t["due"] for t in in_range] == ["2024-06-30"]
    assert api(sample_server, f"/agencies/{code}/tasks", due_to="2024-01-01").json()["items"] == []
    late = api(sample_server, f"/agencies/{code}/overdue", as_of="2024-07-01").json()["items"]
    early = api(sample_server, f"/agencies/{code}/overdue", as_of="2024-06-01").json()["items"]
    assert len(late) == 1 and early == []
    assert api(sample_server, "/agencies/no-such-agency").status_code == 404


def test_tasks_filters(sample_server):
    citing = api(sample_server, "/tasks", cites="45/2020/NĐ-CP").json()["items"]
    assert len(citing) == 1 and "45/2020/NĐ-CP" in citing[0]["text"]
    by_iri = api(sample_server, "/tasks", cites=f"{BASE}/eli/vn/cp/nd/2020/45").json()["items"]
    assert by_iri == citing
    in_source = api(sample_server, "/tasks", source="chi-thi-mau-2024").json()["items"]
    assert len(in_source) >= 4
    elsewhere = api(sample_server, "/tasks", source="no-such-source").json()["items"]
    assert elsewhere == []
    one = api(sample_server, citing[0]["id"].replace(BASE + "/id/task", "/tasks")).json()
    assert one["cites"] == [f"{BASE}/eli/vn/cp/nd/2020/45"]


def test_stats(sample_server):
    cited = api(sample_server, "/stats/most-cited", limit=2).json()["items"]
    assert len(cited) == 2 and cited[0]["citations"] >= cited[1]["citations"]
    police = next(a["id"] for a in api(sample_server, "/agencies", q="bo cong an").json()["items"]
                  if a["label"] == "Bộ Công an")
    workload = api(sample_server, "/stats/workload").json()["items"]
    assert any(w["agency"] == police and w["role"] == "lead" for w in workload)
    unresolved = api(sample_server, "/stats/unresolved").json()["items"]
    assert [u["id_local"] for u in unresolved] == ["04/CT-TTg"]


@pytest.mark.parametrize(("path", "params", "status"), [
    ("/documents", {"limit": 0}, 422), ("/documents", {"year": "soon"}, 422),
    ("/documents", {"type": "N D"}, 422), ("/search", {}, 422),
    ("/agencies/x/tasks", {"due_from": "30/6/2024"}, 422), ("/nothing", {}, 404)])
def test_errors_are_json(sample_server, path, params, status):
    response = api(sample_server, path, **params)
    assert response.status_code == status
    assert set(response.json()) == {"error", "detail"}


def test_openapi_and_context(sample_server):
    schema = httpx.get(f"{sample_server.url}/openapi.json").json()
    assert {"/api/documents", "/api/search", "/api/tasks", "/api/ingest", "/sparql"} <= schema["paths"].keys()
    context = httpx.get(f"{sample_server.url}/api/context.jsonld")
    assert context.headers["content-type"].startswith("application/ld+json")
    assert context.json()["@context"]["symbol"] == "eli:id_local"


def test_agency_validity_and_successor_from_the_registry(sample_server):
    posts = api(sample_server, "/agencies/bbcvt").json()  # Bộ Bưu chính, Viễn thông
    assert posts["label"] == "Bộ Bưu chính, Viễn thông"
    assert posts["validUntil"] == "2007-08-11"
    assert posts["successor"] == f"{BASE}/id/agency/btttt"
    assert "Bộ BCVT" in posts["aliases"]
