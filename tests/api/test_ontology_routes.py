"""/ontology serves the vocabulary by content negotiation, plus its shapes and JSON-LD context."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from vanban.api.app import create_app
from vanban.api.settings import Settings
from vanban.graph.store import open_store

ONTOLOGY = URIRef("https://w3id.org/vanban/ontology")


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(Settings.from_env(store=""), store=open_store(None)))


@pytest.mark.parametrize("accept, media, parser", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("text/turtle;q=0.5, application/ld+json", "application/ld+json", "json-ld"),
])
def test_rdf_by_content_negotiation(client, accept, media, parser):
    response = client.get("/ontology", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert "Accept" in response.headers["vary"]
    graph = Graph().parse(data=response.text, format=parser)
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in graph


def test_html_for_browsers(client):
    response = client.get("/ontology", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.headers["content-type"].startswith("text/html")
    assert "vnl:leadAgency" in response.text and "cơ quan chủ trì" in response.text
    assert "lead agency" in response.text


def test_format_parameter_overrides_accept(client):
    response = client.get("/ontology?format=ttl", headers={"Accept": "text/html"})
    assert response.headers["content-type"].startswith("text/turtle")


def test_unacceptable_type_is_406(client):
    response = client.get("/ontology", headers={"Accept": "image/png"})
    assert response.status_code == 406 and response.json()["error"]


def test_shapes_and_context(client):
    shapes = client.get("/ontology/shapes")
    assert shapes.status_code == 200 and "sh:NodeShape" in shapes.text
    Graph().parse(data=shapes.text, format="turtle")
    context = client.get("/ontology/context.jsonld")
    assert json.loads(context.text)["@context"]["cites"]["@id"] == "eli:cites"
