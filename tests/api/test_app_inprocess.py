"""In-process checks of the app: the access log, negotiation helpers, source markup."""
from __future__ import annotations

import logging

from fastapi.testclient import TestClient

from vanban.api.app import create_app
from vanban.api.negotiate import choose
from vanban.api.pages import Mark, markup_text
from vanban.api.settings import Settings
from vanban.graph.store import open_store


def test_access_log_has_one_line_per_request(caplog):
    app = create_app(Settings(store=None), store=open_store(None))
    logger = logging.getLogger("vanban.access")
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger="vanban.access"):
            TestClient(app).get("/sparql", params={"query": "ASK {}"})
    finally:
        logger.removeHandler(caplog.handler)
    lines = [r.getMessage() for r in caplog.records if r.name == "vanban.access"]
    assert len(lines) == 1 and lines[0].startswith("GET /sparql 200 ")


def test_choose_honours_q_values_and_wildcards():
    offered = ["application/sparql-results+json", "text/csv"]
    assert choose("text/csv;q=0.9, application/*;q=0.5", offered) == "text/csv"
    assert choose("application/*;q=0.5, text/csv;q=0.1", offered) == offered[0]
    assert choose("text/csv;q=0", offered) is None
    assert choose(None, offered) == offered[0]


def test_markup_nests_marks_inside_tasks_and_escapes():
    text = "A <b> Bộ Công an làm X trước ngày 1/1/2025."
    tasks = [Mark(6, len(text), "task", "/id/task/x/1")]
    inner = [Mark(6, 16, "agency", "/id/agency/bca", "Bộ Công an"),
             Mark(10, 20, "cite", "/eli/x"),  # overlaps the agency: dropped
             Mark(text.index("trước"), len(text) - 1, "deadline")]
    html = str(markup_text(text, tasks, inner))
    assert html.startswith("A &lt;b&gt; <span class=\"task\"")
    assert '<a class="agency" href="/id/agency/bca" title="Bộ Công an">Bộ Công an</a>' in html
    assert "/eli/x" not in html
    assert '<mark class="deadline" title="">trước ngày 1/1/2025</mark>.</span>' in html
