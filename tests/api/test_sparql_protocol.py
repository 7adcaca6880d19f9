"""SPARQL 1.1 Protocol at /sparql against a live server: operations, negotiation, errors."""
from __future__ import annotations

import io
import json
import re

import httpx
import pytest
from rdflib import Graph, URIRef

ELI = "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
SELECT = ELI + "SELECT ?id WHERE { ?s eli:cites ?d . ?d eli:id_local ?id } ORDER BY ?id"
CONSTRUCT = ELI + "CONSTRUCT { ?d eli:id_local ?id } WHERE { ?d eli:id_local ?id }"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def get(server, params=None, accept=None, **kwargs):
    headers = {"Accept": accept} if accept else {}
    return httpx.get(f"{server.url}/sparql", params=params, headers=headers, timeout=30, **kwargs)


def post(server, content, content_type, params=None, accept=None, headers=None):
    all_headers = {"Content-Type": content_type, **({"Accept": accept} if accept else {}),
                   **(headers or {})}
    return httpx.post(f"{server.url}/sparql", params=params, content=content,
                      headers=all_headers, timeout=30)


def ids(response) -> list[str]:
    return [b["id"]["value"] for b in response.json()["results"]["bindings"]]


def test_get_form_and_direct_post_give_the_same_rows(sample_server):
    by_get = get(sample_server, {"query": SELECT}, "application/sparql-results+json")
    by_form = post(sample_server, str(httpx.QueryParams({"query": SELECT})), FORM["Content-Type"],
                   accept="application/sparql-results+json")
    by_body = post(sample_server, SELECT, "application/sparql-query",
                   accept="application/sparql-results+json")
    assert by_get.status_code == by_form.status_code == by_body.status_code == 200
    assert ids(by_get) == ids(by_form) == ids(by_body)
    assert "45/2020/NĐ-CP" in ids(by_get)


@pytest.mark.parametrize(("accept", "expected"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("text/csv;q=0.4, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
    ("text/*;q=0.5, application/sparql-results+xml;q=0.1", "text/csv"),
    ("*/*", "application/sparql-results+json"),
    (None, "application/sparql-results+json"),
])
def test_select_is_negotiated_by_accept(sample_server, accept, expected):
    response = get(sample_server, {"query": SELECT}, accept)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == expected
    assert "Accept" in response.headers["vary"]


@pytest.mark.parametrize(("fmt", "expected"), [
    ("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
    ("csv", "text/csv"), ("tsv", "text/tab-separated-values")])
def test_format_parameter_overrides_accept(sample_server, fmt, expected):
    response = get(sample_server, {"query": SELECT, "format": fmt}, "text/turtle")
    assert response.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
    ("application/n-quads", "nquads")])
def test_construct_comes_in_every_rdf_syntax(sample_server, accept, rdflib_format):
    response = get(sample_server, {"query": CONSTRUCT}, accept)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    graph = Graph().parse(data=response.content, format=rdflib_format)
    doc = URIRef("https://w3id.org/vanban/eli/vn/cp/nd/2020/45")
    assert str(graph.value(doc, URIRef("http://data.europa.eu/eli/ontology#id_local"))) == "45/2020/NĐ-CP"


def test_ask_and_describe(sample_server):
    ask = get(sample_server, {"query": ELI + "ASK { ?d eli:id_local \"01/NQ-CP\" }"},
              "application/sparql-results+xml")
    assert "<boolean>true</boolean>" in ask.text
    describe = get(sample_server, {"query": "DESCRIBE <https://w3id.org/vanban/eli/vn/cp/nd/2020/45>"},
                   "text/turtle")
    assert describe.status_code == 200 and "45/2020/NĐ-CP" in describe.text


@pytest.mark.parametrize(("accept", "params"), [
    ("image/png", {}), ("text/turtle", {}), ("application/sparql-results+json;q=0", {}),
    (None, {"format": "nonsense"}), (None, {"format": "ttl"})])
def test_nothing_acceptable_is_406(sample_server, accept, params):
    response = get(sample_server, {"query": SELECT, **params}, accept)
    assert response.status_code == 406
    assert response.json()["error"] == "not_acceptable"


def test_syntax_error_is_400_with_position(sample_server):
    response = get(sample_server, {"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "query_syntax" and "1:" in body["detail"]


@pytest.mark.parametrize("request_args", [
    pytest.param(("POST", {"query": SELECT}, SELECT, "application/sparql-query"), id="url-and-body"),
    pytest.param(("POST", {}, "", "application/sparql-query"), id="empty-direct"),
    pytest.param(("POST", {}, "x=1", "application/x-www-form-urlencoded"), id="form-without-query"),
    pytest.param(("GET", {"query": [SELECT, SELECT]}, None, None), id="two-queries"),
    pytest.param(("GET", {"update": "CLEAR ALL"}, None, None), id="update-by-get"),
])
def test_bad_requests_are_400_with_a_message(sample_server, request_args):
    method, params, body, content_type = request_args
    headers = {"Content-Type": content_type} if content_type else {}
    response = httpx.request(method, f"{sample_server.url}/sparql", params=params, content=body,
                             headers=headers, timeout=30)
    assert response.status_code == 400, response.text
    assert set(response.json()) == {"error", "detail"} and response.json()["detail"]


def test_query_too_long_is_413(sample_server):
    long_query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 100_001
    response = post(sample_server, long_query, "application/sparql-query")
    assert response.status_code == 413 and response.json()["error"] == "query_too_long"


def test_wrong_content_type_and_charset_are_415(sample_server):
    assert post(sample_server, SELECT, "text/plain").status_code == 415
    latin = post(sample_server, SELECT, "application/sparql-query; charset=ISO-8859-1")
    assert latin.status_code == 415
    not_utf8 = post(sample_server, "SELECT * WHERE { ?s ?p \"é\" }".encode("latin-1"),
                    "application/sparql-query")
    assert not_utf8.status_code == 400 and not_utf8.json()["error"] == "bad_encoding"


def test_other_methods_are_refused(sample_server):
    response = httpx.put(f"{sample_server.url}/sparql", params={"query": SELECT})
    assert response.status_code == 405
    assert response.json()["error"]


def test_service_is_refused_by_default(sample_server):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = get(sample_server, {"query": query})
    assert response.status_code == 400 and response.json()["error"] == "service_disabled"
    # The keyword inside a string or an IRI is no SERVICE call.
    harmless = get(sample_server, {"query": 'SELECT ("SERVICE" AS ?x) WHERE { }'})
    assert harmless.status_code == 200


def test_update_is_refused_when_read_only(sample_server):
    response = post(sample_server, "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                    "application/sparql-update")
    assert response.status_code == 403 and response.json()["error"] == "read_only"
    form = post(sample_server, "update=CLEAR+ALL", FORM["Content-Type"])
    assert form.status_code == 403


def test_update_with_token(writable_server):
    from tests.api.conftest import TOKEN

    insert = "INSERT DATA { GRAPH <urn:test> { <urn:a> <urn:b> \"added\" } }"
    wrong = post(writable_server, insert, "application/sparql-update",
                 headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 401
    done = post(writable_server, insert, "application/sparql-update",
                headers={"Authorization": f"Bearer {TOKEN}"})
    assert done.status_code == 204, done.text
    ask = get(writable_server, {"query": 'ASK { <urn:a> <urn:b> "added" }'},
              "application/sparql-results+json")
    assert ask.json()["boolean"] is True
    bad = post(writable_server, "INSERT DATA { <urn:a> }", "application/sparql-update",
               headers={"Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 400 and bad.json()["error"] == "update_syntax"


def test_service_description_for_rdf_clients(sample_server):
    response = get(sample_server, accept="text/turtle")
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoints = set(graph.objects(None, URIRef(sd + "endpoint")))
    assert endpoints == {URIRef(f"{sample_server.url}/sparql")}
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Update")) not in graph
    as_jsonld = get(sample_server, accept="application/ld+json")
    assert len(Graph().parse(data=as_jsonld.text, format="json-ld")) == len(graph)


def test_limits_time_out_without_blocking_other_requests(limited_server):
    import concurrent.futures
    import time

    slow = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . "
            "FILTER(STR(?b) != STR(?f)) }")
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        started = time.monotonic()
        pending = pool.submit(get, limited_server, {"query": slow})
        time.sleep(0.2)
        health = httpx.get(f"{limited_server.url}/health", timeout=5)
        health_seconds = time.monotonic() - started
        response = pending.result()
    elapsed = time.monotonic() - started
    assert health.status_code == 200 and health_seconds < 1.0
    assert response.status_code == 503 and response.json()["error"] == "query_timeout"
    assert elapsed < 5


def test_limits_cap_the_result_size(limited_server):
    response = get(limited_server, {"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 413 and response.json()["error"] == "result_too_large"
    small = get(limited_server, {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2"})
    assert small.status_code == 200


def test_cors_allow_list(writable_server):
    allowed = httpx.get(f"{writable_server.url}/api/search", params={"q": "bo"},
                        headers={"Origin": "https://analyst.example"})
    assert allowed.headers.get("access-control-allow-origin") == "https://analyst.example"
    other = httpx.get(f"{writable_server.url}/api/search", params={"q": "bo"},
                      headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers


def test_csv_is_what_pandas_reads(sample_server):
    pandas = pytest.importorskip("pandas")
    response = get(sample_server, {"query": SELECT}, "text/csv")
    frame = pandas.read_csv(io.StringIO(response.text))
    assert list(frame.columns) == ["id"] and "45/2020/NĐ-CP" in set(frame["id"])


def test_browsers_get_the_bundled_editor_with_examples(sample_server):
    page = get(sample_server, accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert re.findall(r"""<(?:script|link)[^>]+(?:src|href)=["']https?://""", html) == []
    for name in ("Most-cited documents", "Tasks of an agency by deadline",
                 "Documents amending a document"):
        assert name in html
    for asset in ("/static/yasgui/yasgui.min.js", "/static/yasgui/yasgui.min.css"):
        assert f'"{asset}"' in html
        assert httpx.get(sample_server.url + asset).status_code == 200
    # The example queries run as they are.
    examples = json.loads(re.search(r'<script type="application/json" id="examples">(.*?)</script>',
                                    html, re.S).group(1))
    for example in examples:
        assert get(sample_server, {"query": example["query"]}).status_code == 200, example["name"]
