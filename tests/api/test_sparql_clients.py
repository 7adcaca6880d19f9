"""Real SPARQL clients, unchanged, against a live server: SPARQLWrapper, rdflib, pandas, curl."""
from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest
from rdflib import Graph, URIRef
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

PREFIXES = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX vnl: <https://w3id.org/vanban/ontology#>
"""
CITED = PREFIXES + """SELECT ?id ?year WHERE {
  ?src a vnl:SourceText ; eli:cites ?doc . ?doc eli:id_local ?id .
  OPTIONAL { ?doc vnl:year ?year } } ORDER BY ?id"""
EXPECTED = {"01/NQ-CP", "06/QĐ-TTg", "45/2020/NĐ-CP", "04/CT-TTg"}


def wrapper(server, fmt, query=CITED, method="GET") -> SPARQLWrapper:
    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_json(sample_server, method):
    rows = wrapper(sample_server, JSON, method=method).query().convert()["results"]["bindings"]
    assert EXPECTED <= {r["id"]["value"] for r in rows}


def test_sparqlwrapper_xml(sample_server):
    document = wrapper(sample_server, XML).query().convert()  # an xml.dom.minidom Document
    literals = {node.firstChild.data for node in document.getElementsByTagName("literal")}
    assert EXPECTED <= literals


@pytest.mark.parametrize(("fmt", "delimiter"), [(CSV, ","), (TSV, "\t")])
def test_sparqlwrapper_csv_and_tsv(sample_server, fmt, delimiter):
    text = wrapper(sample_server, fmt).query().convert().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows[0][0].lstrip("?") == "id"
    values = {r[0].strip('"') for r in rows[1:]}
    assert EXPECTED <= values


def test_sparqlwrapper_turtle_construct(sample_server):
    query = PREFIXES + "CONSTRUCT { ?doc eli:id_local ?id } WHERE { ?doc eli:id_local ?id }"
    data = wrapper(sample_server, TURTLE, query).query().convert()
    graph = Graph().parse(data=data, format="turtle")
    assert EXPECTED <= {str(o) for o in graph.objects()}


def test_rdflib_sparqlstore(sample_server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(f"{sample_server.url}/sparql", returnFormat="xml")
    graph = Graph(store=store)
    found = {str(row.id) for row in graph.query(CITED)}
    assert EXPECTED <= found
    cited = URIRef("https://w3id.org/vanban/eli/vn/cp/nd/2020/45")
    assert (None, URIRef("http://data.europa.eu/eli/ontology#cites"), cited) in graph


def test_pandas_reads_the_csv_url(sample_server):
    pandas = pytest.importorskip("pandas")
    from urllib.parse import urlencode

    url = f"{sample_server.url}/sparql?" + urlencode({"query": CITED, "format": "csv"})
    frame = pandas.read_csv(url)
    assert list(frame.columns) == ["id", "year"]
    assert EXPECTED <= set(frame["id"])
    assert frame.loc[frame["id"] == "45/2020/NĐ-CP", "year"].item() == 2020


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_form_post_with_accept(sample_server):
    result = subprocess.run(
        ["curl", "-sS", "--fail-with-body", "-H", "Accept: text/csv",
         "--data-urlencode", f"query={CITED}", f"{sample_server.url}/sparql"],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == "id,year"
    assert "45/2020/NĐ-CP,2020" in result.stdout.splitlines()
