"""Every IRI the graph mints dereferences: HTML for browsers, RDF for RDF clients."""
from __future__ import annotations

import re

import httpx
import pytest
from rdflib import Graph, URIRef

BASE = "https://w3id.org/vanban"
DOCUMENT = "/eli/vn/cp/nd/2020/45"
SOURCE = "/id/source/chi-thi-mau-2024"


def local_iris(server) -> dict[str, str]:
    """One IRI of each kind, found through the SPARQL endpoint."""
    query = """PREFIX vnl: <https://w3id.org/vanban/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?kind (SAMPLE(?x) AS ?iri) WHERE {
  VALUES (?type ?kind) { (vnl:Task "task") (org:Organization "agency") (vnl:SourceText "source") }
  ?x a ?type } GROUP BY ?kind"""
    rows = httpx.get(f"{server.url}/sparql", params={"query": query, "format": "json"}).json()
    return {r["kind"]["value"]: r["iri"]["value"].removeprefix(BASE)
            for r in rows["results"]["bindings"]}


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
    ("application/n-triples", "nt"), ("application/rdf+xml", "xml")])
def test_document_description_by_accept(sample_server, accept, rdflib_format):
    response = httpx.get(sample_server.url + DOCUMENT, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    assert "Accept" in response.headers["vary"] and 'rel="alternate"' in response.headers["link"]
    graph = Graph().parse(data=response.content, format=rdflib_format)
    doc = URIRef(BASE + DOCUMENT)
    assert str(graph.value(doc, URIRef("http://data.europa.eu/eli/ontology#id_local"))) == "45/2020/NĐ-CP"
    # Incoming links are part of the description: the source text citing it.
    assert (URIRef(BASE + SOURCE), URIRef("http://data.europa.eu/eli/ontology#cites"), doc) in graph


def test_format_parameter_and_406(sample_server):
    as_nt = httpx.get(sample_server.url + DOCUMENT, params={"format": "nt"},
                      headers={"Accept": "text/html"})
    assert as_nt.headers["content-type"].startswith("application/n-triples")
    refused = httpx.get(sample_server.url + DOCUMENT, headers={"Accept": "image/png"})
    assert refused.status_code == 406 and refused.json()["error"] == "not_acceptable"


def test_unknown_iri_is_404_json(sample_server):
    response = httpx.get(sample_server.url + "/eli/vn/cp/nd/1999/99999", headers={"Accept": "text/turtle"})
    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_document_page(sample_server):
    page = httpx.get(sample_server.url + DOCUMENT, headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "45/2020/NĐ-CP" in html and f'href="{SOURCE}"' in html
    assert "based_on" in html and "amends" in html  # the citing mentions and their relations
    assert 'href="/id/task/' in html  # the task citing it


def test_source_page_highlights_the_spans(sample_server):
    html = httpx.get(sample_server.url + SOURCE, headers={"Accept": "text/html"}).text
    cites = re.findall(r'<a class="cite" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert (DOCUMENT, "Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020") in cites
    assert re.search(r'<mark class="deadline"[^>]*>trước ngày 30/6/2024</mark>', html)
    assert re.search(r'<a class="agency" href="/id/agency/[^"]+"[^>]*>Bộ Công an</a>', html)
    assert '<span class="task"' in html


def test_every_kind_of_iri_dereferences(sample_server):
    iris = local_iris(sample_server)
    assert set(iris) == {"task", "agency", "source"}
    for path in iris.values():
        html = httpx.get(sample_server.url + path, headers={"Accept": "text/html"})
        turtle = httpx.get(sample_server.url + path, headers={"Accept": "text/turtle"})
        assert html.status_code == turtle.status_code == 200, path
        assert len(Graph().parse(data=turtle.text, format="turtle")) > 0


def test_pages_are_self_contained_and_fit_a_phone(sample_server):
    html = httpx.get(sample_server.url + SOURCE, headers={"Accept": "text/html"}).text
    assert 'name="viewport"' in html
    assert re.findall(r"""<(?:script|link|img)[^>]+(?:src|href)=["']https?://""", html) == []
    css = httpx.get(f"{sample_server.url}/static/style.css")
    assert css.status_code == 200 and "@media" in css.text


def test_search_page(sample_server):
    html = httpx.get(f"{sample_server.url}/search", params={"q": "bo cong an"}).text
    assert "Bộ Công an" in html
