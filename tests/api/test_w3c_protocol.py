"""Cases adapted from the W3C SPARQL 1.1 Protocol test suite, run against a live server.

Source: https://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest.ttl
(the test names below are the suite's). The suite loads its data from remote
URLs; here the same shapes of data are written into named graphs of the local
store first, and the dataset IRIs point at those graphs. Deviation, documented
in docs/api.md: ``using-graph-uri`` / ``using-named-graph-uri`` on updates are
refused with 400 (the update_dataset_* cases), USING/WITH in the update work.
"""
from __future__ import annotations

from urllib.parse import urlencode

import httpx
import pytest

from tests.api.conftest import TOKEN

G = "urn:w3c:g"
DATA = f"""INSERT DATA {{
  GRAPH <{G}1> {{ <urn:x:a> <urn:p> 1 . <urn:x:b> <urn:p> 2 . }}
  GRAPH <{G}2> {{ <urn:x:c> <urn:p> 3 . }}
  GRAPH <{G}3> {{ <urn:x:d> <urn:p> 4 . <urn:x:e> <urn:p> 5 . <urn:x:f> <urn:p> 6 . }} }}"""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:p> ?o }"
COUNT_NAMED = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <urn:p> ?o } }"
JSON = "application/sparql-results+json"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def server(writable_server):
    loaded = httpx.post(f"{writable_server.url}/sparql", content=DATA, timeout=30,
                        headers={"Content-Type": "application/sparql-update", **AUTH})
    assert loaded.status_code == 204, loaded.text
    return writable_server


def count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def form(**fields) -> dict:
    return {"content": urlencode(fields, doseq=True),
            "headers": {"Content-Type": "application/x-www-form-urlencoded", "Accept": JSON}}


def test_query_get(server):
    response = httpx.get(f"{server.url}/sparql", params={"query": "ASK {}"})
    assert response.status_code == 200 and response.json()["boolean"] is True


def test_query_post_form(server):
    response = httpx.post(f"{server.url}/sparql", **form(query="ASK {}"))
    assert response.status_code == 200 and response.json()["boolean"] is True


def test_query_post_direct(server):
    response = httpx.post(f"{server.url}/sparql", content="ASK {}",
                          headers={"Content-Type": "application/sparql-query", "Accept": JSON})
    assert response.status_code == 200 and response.json()["boolean"] is True


@pytest.mark.parametrize(("graphs", "expected"), [([f"{G}1"], 2), ([f"{G}1", f"{G}2"], 3)],
                         ids=["query_dataset_default_graph", "query_dataset_default_graphs"])
def test_query_dataset_default_graphs(server, graphs, expected):
    by_get = httpx.get(f"{server.url}/sparql", headers={"Accept": JSON},
                       params={"query": COUNT, "default-graph-uri": graphs})
    by_post = httpx.post(f"{server.url}/sparql", **form(query=COUNT, **{"default-graph-uri": graphs}))
    assert count(by_get) == count(by_post) == expected


def test_query_dataset_named_graphs(server):
    params = {"query": COUNT_NAMED, "named-graph-uri": [f"{G}2", f"{G}3"]}
    by_get = httpx.get(f"{server.url}/sparql", params=params, headers={"Accept": JSON})
    by_post = httpx.post(f"{server.url}/sparql", **form(**params))
    assert count(by_get) == count(by_post) == 4


def test_query_dataset_full(server):
    query = ("SELECT ?n ?m WHERE { { SELECT (COUNT(*) AS ?n) { ?s ?p ?o } } "
             "{ SELECT (COUNT(*) AS ?m) { GRAPH ?g { ?s ?p ?o } } } }")
    response = httpx.get(f"{server.url}/sparql", headers={"Accept": JSON}, params={
        "query": query, "default-graph-uri": f"{G}1", "named-graph-uri": f"{G}3"})
    row = response.json()["results"]["bindings"][0]
    assert (row["n"]["value"], row["m"]["value"]) == ("2", "3")


def test_query_multiple_dataset(server):
    """Protocol parameters override the query's own FROM clause."""
    query = f"SELECT (COUNT(*) AS ?n) FROM <{G}3> WHERE {{ ?s <urn:p> ?o }}"
    own = httpx.get(f"{server.url}/sparql", params={"query": query}, headers={"Accept": JSON})
    overridden = httpx.get(f"{server.url}/sparql", headers={"Accept": JSON},
                           params={"query": query, "default-graph-uri": f"{G}2"})
    assert count(own) == 3 and count(overridden) == 1


@pytest.mark.parametrize(("query", "accept", "expected"), [
    ("SELECT * WHERE { ?s <urn:p> ?o }", "application/sparql-results+xml, application/sparql-results+json",
     ("application/sparql-results+xml", "application/sparql-results+json")),
    ("ASK { ?s <urn:p> ?o }", "application/sparql-results+json", ("application/sparql-results+json",)),
    ("DESCRIBE <urn:x:a>", "text/turtle, application/rdf+xml", ("text/turtle", "application/rdf+xml")),
    ("CONSTRUCT WHERE { ?s <urn:p> ?o }", "application/rdf+xml, text/turtle",
     ("text/turtle", "application/rdf+xml")),
], ids=["query_content_type_select", "query_content_type_ask", "query_content_type_describe",
        "query_content_type_construct"])
def test_query_content_type(server, query, accept, expected):
    response = httpx.get(f"{server.url}/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] in expected


def test_update_post_form_and_direct(server):
    by_form = httpx.post(f"{server.url}/sparql", content=urlencode(
        {"update": f"INSERT DATA {{ GRAPH <{G}4> {{ <urn:x:g> <urn:p> 7 }} }}"}),
        headers={"Content-Type": "application/x-www-form-urlencoded", **AUTH})
    direct = httpx.post(f"{server.url}/sparql", content=f"INSERT DATA {{ GRAPH <{G}4> "
                        "{ <urn:x:h> <urn:p> 8 } }",
                        headers={"Content-Type": "application/sparql-update", **AUTH})
    assert by_form.status_code == direct.status_code == 204
    check = httpx.get(f"{server.url}/sparql", headers={"Accept": JSON},
                      params={"query": COUNT, "default-graph-uri": f"{G}4"})
    assert count(check) == 2


BAD = [
    ("bad_query_method", "PUT", {"query": "ASK {}"}, None, None),
    ("bad_multiple_queries", "GET", {"query": ["ASK {}", "SELECT * {}"]}, None, None),
    ("bad_query_wrong_media_type", "POST", {}, "ASK {}", "text/plain"),
    ("bad_query_missing_form_type", "POST", {}, "query=ASK%20%7B%7D", ""),
    ("bad_query_missing_direct_type", "POST", {}, "ASK {}", ""),
    ("bad_query_non_utf8", "POST", {}, "ASK { <urn:a> <urn:b> \"é\" }".encode("latin-1"),
     "application/sparql-query; charset=ISO-8859-1"),
    ("bad_query_syntax", "GET", {"query": "ASK {"}, None, None),
    ("bad_update_get", "GET", {"update": "CLEAR NAMED"}, None, None),
    ("bad_multiple_updates", "POST", {"update": "CLEAR NAMED"}, "update=CLEAR+NAMED",
     "application/x-www-form-urlencoded"),
    ("bad_update_wrong_media_type", "POST", {}, "CLEAR NAMED", "text/plain"),
    ("bad_update_missing_form_type", "POST", {}, "update=CLEAR+NAMED", ""),
    ("bad_update_non_utf8", "POST", {}, "INSERT DATA { <urn:a> <urn:b> \"é\" }".encode("latin-1"),
     "application/sparql-update; charset=ISO-8859-1"),
    ("bad_update_syntax", "POST", {}, "INSERT DATA { <urn:a> }", "application/sparql-update"),
    ("bad_update_dataset_conflict", "POST", {"using-graph-uri": f"{G}1"},
     f"DELETE {{ ?s ?p ?o }} USING <{G}2> WHERE {{ ?s ?p ?o }}", "application/sparql-update"),
]


@pytest.mark.parametrize(("method", "params", "body", "content_type"),
                         [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_requests(server, method, params, body, content_type):
    headers = dict(AUTH)
    if content_type is not None:
        headers["Content-Type"] = content_type
    response = httpx.request(method, f"{server.url}/sparql", params=params, content=body,
                             headers=headers, timeout=30)
    assert 400 <= response.status_code < 500, response.text
    assert set(response.json()) == {"error", "detail"}
    untouched = httpx.get(f"{server.url}/sparql", headers={"Accept": JSON},
                          params={"query": COUNT, "default-graph-uri": f"{G}1"})
    assert count(untouched) == 2
