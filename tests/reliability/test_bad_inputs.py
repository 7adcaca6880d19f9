"""Bad documents end to end: a clear error or a correct result, never a traceback,
never a half-ingested source; a folder ingest goes on past bad files and names them.

Decoder-level cases (encodings, truncated containers, size limit) are in
tests/ingest/test_load.py; these run the whole pipeline, the CLI and the HTTP API.
"""
from __future__ import annotations

import time
import unicodedata

import httpx
import pytest

from tests.conftest import run_cli
from tests.ingest.test_load import TCVN3, VNI, make_docx, make_pdf, make_scanned_pdf, to_cp1258
from tests.reliability.conftest import TOKEN
from vanban.graph.store import open_store
from vanban.ingest.load import HTML, decode_bytes
from vanban.ingest.models import SourceText
from vanban.ingest.pipeline import run_pipeline
from vanban.ontology.iris import Minter

# Real sentences (bundled sample chi-thi-mau-2024 and the d18 seed text), re-assembled.
SENTENCE = "Căn cứ Nghị định số 15/2020/NĐ-CP ngày 03 tháng 02 năm 2020 của Chính phủ;"
TASK = ("Bộ Công an chủ trì, phối hợp với Văn phòng Chính phủ hoàn thiện việc kết nối Cơ sở "
        "dữ liệu quốc gia về dân cư, hoàn thành trước ngày 30/6/2024.")
GOOD = f"Hà Nội, ngày 02 tháng 4 năm 2024\n\n{SENTENCE}\n\n1. {TASK}\n"
SCRIPTED_HTML = (
    "<!DOCTYPE html><html><head><script>var doc = 'Nghị định số 99/2099/NĐ-CP';</script>"
    "<style>body::after{content:'Thông tư 98/2098/TT-BTC'}</style></head>"
    "<body onload=\"alert('Quyết định 97/2097/QĐ-TTg')\"><noscript>Luật 96/2096/QH14</noscript>"
    f"<p>{SENTENCE}</p><script type='module'>import x from '/x.js'; // </p> 95/2095/NĐ-CP"
    f"</script><p>1. {TASK}</p><img src=x onerror=\"alert(1)\"></body></html>")


def _ids(extraction) -> set[str]:
    return {c.id_local for c in extraction.citations}


def test_ten_thousand_citations_are_all_found_in_linear_time():
    lines = [f"{i}. Căn cứ Nghị định số {i}/2020/NĐ-CP ngày 03 tháng 02 năm 2020 của Chính phủ;"
             for i in range(1, 10_001)]
    text = "\n".join(lines)
    started = time.perf_counter()
    extraction = run_pipeline(SourceText(text=text, name="many", sha256="0" * 64))
    seconds = time.perf_counter() - started
    assert _ids(extraction) == {f"{i}/2020/NĐ-CP" for i in range(1, 10_001)}
    assert all(c.year == 2020 for c in extraction.citations)
    assert seconds < 30, f"{len(text)} chars took {seconds:.1f}s"


def test_scripts_styles_and_handlers_in_html_are_not_text():
    source = decode_bytes(SCRIPTED_HTML.encode(), name="page", media_type=HTML)
    extraction = run_pipeline(source)
    assert _ids(extraction) == {"15/2020/NĐ-CP"}
    assert "alert" not in source.text and "import" not in source.text
    assert [t.lead for t in extraction.tasks] == [("Bộ Công an",)]


def test_nfd_and_windows_1258_give_the_same_extraction_as_utf8():
    expected = run_pipeline(decode_bytes(GOOD.encode(), name="x"))
    for data in (unicodedata.normalize("NFD", GOOD).encode(), to_cp1258(GOOD)):
        got = run_pipeline(decode_bytes(data, name="x"))
        assert got.citations == expected.citations and got.tasks == expected.tasks


# (file name, bytes, what the error message must say); each must be refused, none loaded.
BAD_FILES = [
    ("empty.txt", lambda: b"", "empty"),
    ("blank.txt", lambda: b" \n\t \r\n", "empty"),
    ("binary.txt", lambda: bytes(range(256)) * 8, "binary"),
    ("tcvn3.txt", lambda: TCVN3, "TCVN3"),
    ("vni.txt", lambda: VNI, "VNI"),
    ("truncated.docx", lambda: make_docx([GOOD], [["a", "b"]])[:1500], "not a readable .docx"),
    ("truncated.pdf", lambda: make_pdf("Nghi dinh so 15/2020/ND-CP")[:300], "not a readable PDF"),
    ("scan.pdf", make_scanned_pdf, "needs OCR"),
]
GOOD_FILES = [
    ("good.txt", lambda: GOOD.encode()),
    ("nfd.txt", lambda: unicodedata.normalize("NFD", GOOD).encode()),
    ("cp1258.txt", lambda: to_cp1258(GOOD)),
    ("scripted.html", lambda: SCRIPTED_HTML.encode()),
    ("word.docx", lambda: make_docx(GOOD.split("\n\n"), [["Số: 17526/BTC-TCT", "x"]])),
    ("layer.pdf", lambda: make_pdf("Nghi dinh so 15/2020/ND-CP")),
]


@pytest.mark.slow
def test_folder_ingest_goes_on_past_bad_files_and_names_them(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data, *_ in BAD_FILES + GOOD_FILES:
        (folder / name).write_bytes(data())
    store_dir = tmp_path / "store"
    result = run_cli("ingest", "--store", str(store_dir), "--workers", "2", str(folder))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(BAD_FILES), errors
    for name, _, message in BAD_FILES:
        assert any(name in line and message in line for line in errors), (name, errors)
    assert f"{len(GOOD_FILES)} documents loaded" in result.stderr
    store = open_store(store_dir)
    graphs = set(store.graphs())
    minter = Minter()
    for name, *_ in GOOD_FILES:
        assert str(minter.source(name.rsplit(".", 1)[0])) in graphs, name
    for name, *_ in BAD_FILES:
        graph = str(minter.source(name.rsplit(".", 1)[0]))
        assert graph not in graphs and not list(store.graph_triples(graph)), name
    store.close()
    validate = run_cli("validate", "--store", str(store_dir), "--quiet")
    assert validate.returncode == 0, validate.stdout[-3000:] + validate.stderr[-3000:]


def _http_ingest(server, name: str, data: bytes, content_type: str) -> httpx.Response:
    return httpx.post(f"{server.url}/api/ingest", params={"name": name}, content=data,
                      headers={"Content-Type": content_type, "Authorization": f"Bearer {TOKEN}"},
                      timeout=60)


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_http_ingest_refuses_bad_documents_and_loads_nothing(guarded_server, name, data, message):
    before = httpx.get(f"{guarded_server.url}/health").json()
    response = _http_ingest(guarded_server, name.replace(".", "-"), data(),
                            "application/octet-stream")
    assert 400 <= response.status_code < 500, response.text
    body = response.json()
    assert set(body) == {"error", "detail"} and message in body["detail"]
    assert "Traceback" not in response.text and 'File "' not in response.text
    assert httpx.get(f"{guarded_server.url}/health").json() == before


def test_http_ingest_of_an_oversized_document_is_413_and_loads_nothing(guarded_server):
    before = httpx.get(f"{guarded_server.url}/health").json()
    response = _http_ingest(guarded_server, "huge", GOOD.encode() * 2000, "text/plain")
    assert response.status_code == 413 and response.json()["error"] == "too_large"
    assert httpx.get(f"{guarded_server.url}/health").json() == before


def test_ingested_markup_is_escaped_on_the_source_page(guarded_server):
    hostile = GOOD + '\n<script>alert("xss")</script><img src=x onerror=alert(2)>\n'
    response = _http_ingest(guarded_server, "hostile", hostile.encode(), "text/plain")
    assert response.status_code == 201, response.text
    page = httpx.get(guarded_server.url + "/id/source/hostile", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert '<script>alert("xss")' not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;" in page.text
