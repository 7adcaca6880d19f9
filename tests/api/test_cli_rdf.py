"""`vanban validate`, `export` and `import` on the bundled sample (no ../shared needed)."""
from __future__ import annotations

import pytest

from tests.api.conftest import sample_store
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def store_dir(sample_files, tmp_path_factory):
    return sample_store(sample_files, tmp_path_factory.mktemp("rdf") / "store")


def test_validate_a_store(store_dir):
    result = run_cli("validate", "--store", str(store_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms" in result.stdout and "0 with violations" in result.stderr
    assert "<urn:vanban:graph:registry>" in result.stdout  # the registry graph is checked too


def test_export_import_validate_round_trip(store_dir, tmp_path):
    dump = tmp_path / "all.nq"
    result = run_cli("export", "--store", str(store_dir), "--format", "nquads", "--out", str(dump))
    assert result.returncode == 0, result.stderr
    assert run_cli("validate", str(dump)).returncode == 0
    copy = tmp_path / "copy"
    result = run_cli("import", "--store", str(copy), str(dump))
    assert result.returncode == 0, result.stderr
    again = tmp_path / "again.nq"
    assert run_cli("export", "--store", str(copy), "--out", str(again)).returncode == 0
    assert sorted(again.read_text("utf-8").splitlines()) == sorted(dump.read_text("utf-8").splitlines())


def test_validate_a_broken_file_exits_non_zero_with_a_readable_message(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix vnl: <https://w3id.org/vanban/ontology#> .\n"
        "@prefix eli: <http://data.europa.eu/eli/ontology#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<https://w3id.org/vanban/id/unresolved/a/cp/nq/1> a eli:LegalResource, vnl:UnresolvedCitation ;\n"
        "  eli:id_local \"01/NQ-CP\" ; vnl:year \"2019\"^^xsd:gYear .\n", encoding="utf-8")
    result = run_cli("validate", str(broken))
    assert result.returncode == 1
    assert "Violation: <https://w3id.org/vanban/id/unresolved/a/cp/nq/1> vnl:year:" in result.stdout
    assert "never merged with a dated document" in result.stdout
    assert "Traceback" not in result.stderr


def test_export_formats_to_stdout(store_dir):
    for fmt, marker in (("turtle", "@prefix eli:"), ("trig", "@prefix"), ("jsonld", '"@context"'),
                        ("ntriples", "<http://data.europa.eu/eli/ontology#cites>")):
        result = run_cli("export", "--store", str(store_dir), "--format", fmt)
        assert result.returncode == 0, result.stderr
        assert marker in result.stdout


def test_import_refuses_a_format_without_graph_names(tmp_path):
    flat = tmp_path / "x.ttl"
    flat.write_text("<http://a> <http://b> <http://c> .\n", encoding="utf-8")
    result = run_cli("import", "--store", str(tmp_path / "s"), str(flat))
    assert result.returncode != 0 and "no named graphs" in result.stderr
