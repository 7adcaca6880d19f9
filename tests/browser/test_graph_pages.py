"""Graph pages in headless Chromium: offline, counted, clickable, filterable, large."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from vanban.api.ingestion import ingest_paths
from vanban.graph.store import open_store
from vanban.graph.view_graph import load_view_graph
from vanban.graph.visualize import cap, collapse_tasks, filter_view, render_view, synthetic_view
from vanban.ontology.iris import Minter

from tests.browser.conftest import screenshot
from tests.conftest import Server, run_cli

READY = "document.body.dataset.ready === '1'"
NODE_COUNT = "window.network.body.data.nodes.length"


@pytest.fixture(scope="module")
def seed_server(seed_file, tmp_path_factory):
    store = tmp_path_factory.mktemp("store")
    assert run_cli("ingest", "--store", str(store), str(seed_file)).returncode == 0
    server = Server("--store", str(store))
    yield server
    server.stop()


def expected_overview_nodes(seed_file) -> int:
    store = open_store(None)
    ingest_paths(store, [seed_file], Minter())
    graph, _ = cap(filter_view(collapse_tasks(load_view_graph(store))), 500)
    return graph.number_of_nodes()


def only_loopback(urls: list[str]) -> list[str]:
    return [u for u in urls if urlparse(u).hostname not in ("127.0.0.1", None)
            and not u.startswith(("data:", "about:"))]


def test_seed_graph_page_loads_offline_with_every_node(page, seed_server, seed_file):
    page.goto(f"{seed_server.url}/graph")
    page.wait_for_function(READY, timeout=30_000)
    assert page.console_errors == []
    assert only_loopback(page.requests) == []
    assert page.evaluate(NODE_COUNT) == expected_overview_nodes(seed_file)
    screenshot(page, "graph-seed")


def test_clicking_a_document_opens_its_page(page, seed_server):
    page.goto(f"{seed_server.url}/graph")
    page.wait_for_function(READY, timeout=30_000)
    node = page.evaluate("""() => {
        const n = window.network.body.data.nodes.get().find(n => n.kind === 'document' && n.href);
        window.network.moveTo({position: window.network.getPositions([n.id])[n.id], scale: 1.5});
        return n; }""")
    page.wait_for_timeout(300)
    pos = page.evaluate("id => window.network.canvasToDOM(window.network.getPositions([id])[id])",
                        node["id"])
    box = page.locator("#network").bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    assert urlparse(page.url).path == node["href"]
    assert node["label"] in page.inner_text("h1")  # the document's own linked-data page
    assert page.console_errors == []
    screenshot(page, "document-page")


def test_relation_filter_changes_the_node_count(page, seed_server):
    page.goto(f"{seed_server.url}/graph")
    page.wait_for_function(READY, timeout=30_000)
    everything = page.evaluate(NODE_COUNT)
    for box in page.locator("input[name=relation]").all():
        if box.get_attribute("value") != "amends":
            box.uncheck()
    with page.expect_navigation():
        page.click("#apply")
    page.wait_for_function(READY, timeout=30_000)
    assert "relation=amends" in page.url
    assert 0 < page.evaluate(NODE_COUNT) < everything


def test_a_2000_node_page_renders(page, tmp_path):
    html = tmp_path / "large.html"
    html.write_text(render_view(synthetic_view(2000), inline_assets=True), encoding="utf-8")
    page.goto(html.as_uri())
    page.wait_for_function(READY, timeout=60_000)
    assert page.evaluate(NODE_COUNT) == 2000
    assert page.console_errors == []
