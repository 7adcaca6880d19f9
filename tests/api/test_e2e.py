"""The whole chain: `vanban ingest` a real text, `vanban serve` it, query it as a client would."""
from __future__ import annotations

import re

import httpx
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from tests.conftest import Server, run_cli

CITED = """
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX vnl: <https://w3id.org/vanban/ontology#>
SELECT ?id ?year WHERE {
  ?src a vnl:SourceText ; eli:cites ?doc .
  ?doc eli:id_local ?id .
  OPTIONAL { ?doc vnl:year ?year }
}"""


@pytest.fixture(scope="module")
def seed_server(seed_file, tmp_path_factory):
    store = tmp_path_factory.mktemp("store")
    result = run_cli("ingest", "--store", str(store), str(seed_file))
    assert result.returncode == 0, result.stderr
    server = Server("--store", str(store))
    yield server
    server.stop()


def test_sparqlwrapper_sees_the_seed_citations(seed_server):
    client = SPARQLWrapper(f"{seed_server.url}/sparql")
    client.setQuery(CITED)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    years = {(r["id"]["value"], r["year"]["value"] if "year" in r else None) for r in rows}
    assert ("01/NQ-CP", None) in years
    assert ("23/NQ-CP", "2019") in years
    assert ("70/NQ-CP", "2017") in years


def test_graph_page_is_offline_and_shows_the_documents(seed_server):
    page = httpx.get(f"{seed_server.url}/graph").text
    for symbol in ("01/NQ-CP", "23/NQ-CP", "70/NQ-CP"):
        assert symbol in page
    external = re.findall(r"""<(?:script|link)[^>]+(?:src|href)=["']https?://""", page)
    assert external == []
    assert httpx.get(f"{seed_server.url}/static/graph/vis-network.min.js").status_code == 200


def test_demo_serves_the_bundled_sample():
    server = Server("--demo")
    try:
        health = httpx.get(f"{server.url}/health").json()
        assert health["sources"] == 1 and health["triples"] > 0
        ask = httpx.get(f"{server.url}/sparql", params={
            "query": "PREFIX eli: <http://data.europa.eu/eli/ontology#> "
                     "ASK { ?s eli:cites ?d . ?d eli:id_local \"45/2020/NĐ-CP\" }"},
            headers={"Accept": "application/sparql-results+json"}).json()
        assert ask["boolean"] is True
    finally:
        server.stop()
