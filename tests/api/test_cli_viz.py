"""`vanban viz`: every view of the bundled sample as a standalone page, bad nodes refused."""
from __future__ import annotations

import re

import pytest

from vanban.ontology.iris import Minter

from tests.api.conftest import sample_store
from tests.conftest import run_cli

SOURCE = str(Minter().source("chi-thi-mau-2024"))


@pytest.fixture(scope="module")
def store_dir(sample_files, tmp_path_factory):
    return sample_store(sample_files, tmp_path_factory.mktemp("viz") / "store")


@pytest.mark.parametrize("options, at_least", [
    ([], 10),
    (["--view", "directive", "--node", SOURCE], 10),  # the source, its tasks and their agencies
    (["--view", "neighbourhood", "--node", SOURCE, "--depth", "2"], 10),
    (["--view", "neighbourhood", "--node", SOURCE, "--direction", "in"], 1),
    (["--view", "most-cited", "--top", "3"], 4),
])
def test_each_view_writes_a_page_with_its_nodes(store_dir, tmp_path, options, at_least):
    out = tmp_path / "page.html"
    result = run_cli("viz", "--store", str(store_dir), *options, "--out", str(out))
    assert result.returncode == 0, result.stderr
    nodes = int(re.match(r"(\d+) nodes", result.stderr).group(1))
    assert nodes >= at_least
    page = out.read_text("utf-8")
    assert "vis-network" in page and "https://cdn" not in page  # assets inlined: works offline


@pytest.mark.parametrize("node", [None, "https://w3id.org/vanban/eli/vn/none/x/1999/1", "x> }"])
def test_a_node_that_is_not_in_the_graph_is_a_usage_error(store_dir, tmp_path, node):
    options = ["--node", node] if node else []
    result = run_cli("viz", "--store", str(store_dir), "--view", "neighbourhood", *options,
                     "--out", str(tmp_path / "page.html"))
    assert result.returncode == 2 and "needs --node" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "page.html").exists()
