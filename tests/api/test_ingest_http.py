"""POST /api/ingest: token, size and type checks, then the document is in the graph."""
from __future__ import annotations

import io

import httpx
import pytest

from tests.api.conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
# Real sentences from the bundled sample, re-assembled into a short directive.
TEXT = ("Hà Nội, ngày 02 tháng 4 năm 2024\n\n"
        "Căn cứ Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020 của Chính phủ về thực hiện "
        "thủ tục hành chính trên môi trường điện tử, Thủ tướng Chính phủ yêu cầu:\n\n"
        "1. Bộ Công an chủ trì, phối hợp với Văn phòng Chính phủ hoàn thiện việc kết nối Cơ sở "
        "dữ liệu quốc gia về dân cư với Cổng Dịch vụ công quốc gia, hoàn thành trước ngày 30/6/2024.\n")


def ingest(server, body, content_type, *, headers=AUTH, name="http-upload"):
    return httpx.post(f"{server.url}/api/ingest", params={"name": name}, content=body,
                      headers={"Content-Type": content_type, **headers}, timeout=60)


def test_plain_text_is_extracted_and_loaded(writable_server):
    response = ingest(writable_server, TEXT.encode(), "text/plain; charset=utf-8")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["triples"] > 0 and response.headers["location"] == "/id/source/http-upload"
    assert "45/2020/NĐ-CP" in {c["id_local"] for c in body["extraction"]["citations"]}
    assert body["extraction"]["tasks"][0]["deadline"] == "2024-06-30"
    page = httpx.get(writable_server.url + "/id/source/http-upload", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "trước ngày 30/6/2024" in page.text
    again = ingest(writable_server, TEXT.encode(), "text/plain")
    assert again.status_code == 201 and again.json()["triples"] == body["triples"]


def test_docx_upload(writable_server):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for paragraph in TEXT.split("\n\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    response = ingest(writable_server, buffer.getvalue(),
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                      name="http-docx")
    assert response.status_code == 201, response.text
    assert "45/2020/NĐ-CP" in {c["id_local"] for c in response.json()["extraction"]["citations"]}


@pytest.mark.parametrize(("body", "content_type", "headers", "status", "code"), [
    (TEXT.encode(), "text/plain", {}, 401, "unauthorized"),
    (TEXT.encode(), "text/plain", {"Authorization": "Bearer nope"}, 401, "unauthorized"),
    (TEXT.encode(), "image/png", AUTH, 415, "unsupported_media_type"),
    (b"x" * 200_001, "text/plain", AUTH, 413, "too_large"),
    (b"   \n  ", "text/plain", AUTH, 422, "unusable_document"),
    (b"%PDF-1.4 not really a pdf", "application/pdf", AUTH, 422, "unusable_document"),
])
def test_refusals_are_json_with_the_right_status(writable_server, body, content_type, headers,
                                                 status, code):
    response = ingest(writable_server, body, content_type, headers=headers)
    assert response.status_code == status, response.text
    assert response.json()["error"] == code and response.json()["detail"]


def test_ingest_is_disabled_without_a_token(sample_server):
    response = ingest(sample_server, TEXT.encode(), "text/plain")
    assert response.status_code == 403 and response.json()["error"] == "ingest_disabled"
