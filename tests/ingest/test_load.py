"""load_source / decode_bytes: every supported format, and every bad input
reported as an IngestError with a clear message (never a traceback).

Fixtures (.docx, .pdf, .html) are generated here, not committed.
"""
from __future__ import annotations

import doctest
import hashlib
import io
import unicodedata

import pytest
from click.testing import CliRunner

from vanban.ingest import encodings, html_text, load
from vanban.ingest.clean import clean_text
from vanban.ingest.errors import IngestError, InputTooLarge
from vanban.ingest.load import DOCX, HTML, PDF, decode_bytes, load_source

SENTENCE = "Căn cứ Nghị định số 15/2020/NĐ-CP ngày 03 tháng 02 năm 2020 của Chính phủ;"  # d18


def to_cp1258(text: str) -> bytes:
    """Windows-1258 keeps base letters like ê precomposed and tone marks as combining bytes."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
            rest = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
            out += (rest + "".join(tones)).encode("cp1258")
    return bytes(out)


# TCVN3 (ABC) and VNI byte strings typed from their code tables ("Việt Nam", "đánh giá"...).
TCVN3 = b"Ngh\xde \xaei\xd6n C\xabng nghi\xd6p Vi\xd6t Nam \xae\xb8nh gi\xb8 t\xd7nh h\xd7nh"
VNI = "Nghò ñònh cuûa Chính phuû veà vieäc ñaùnh giaù tình hình Vieät Nam".encode("latin-1")


def make_docx(paragraphs: list[str], table: list[list[str]]) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(paragraphs[0])
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    for paragraph in paragraphs[1:]:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(text: str) -> bytes:
    """A one-page PDF with a text layer (ASCII, standard Helvetica)."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
               b" /Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_scanned_pdf() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("data", [
    SENTENCE.encode("utf-8"),
    SENTENCE.encode("utf-8-sig"),
    SENTENCE.encode("utf-16"),  # with BOM, little-endian here
    b"\xfe\xff" + SENTENCE.encode("utf-16-be"),
    unicodedata.normalize("NFD", SENTENCE).encode("utf-8"),
    to_cp1258(SENTENCE),
], ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "nfd", "windows-1258"])
def test_text_encodings_decode_to_nfc(data):
    source = decode_bytes(data, name="d18")
    assert source.text == SENTENCE
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert source.media_type == "text/plain"


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b" \n\t\r\n ", "empty"),
    ("\ufeff  \n".encode("utf-8"), "empty"),
    (b"%\x00\x01\x02\x03binary\x00\xff", "binary"),
    (bytes(range(1, 32)) * 50 + b"text", "binary"),
    (SENTENCE.encode("utf-16-le"), "UTF-16"),
    (TCVN3, "TCVN3"),
    (VNI, "VNI"),
    (b"\x81\x8d\x8f\x90 abc \x9d\x9e", "not UTF-8"),
    (SENTENCE.encode() * 5 + b"\xff" + SENTENCE.encode(), "UTF-8 text with 1 invalid"),
], ids=["empty", "whitespace", "bom-only", "nul-bytes", "control-bytes", "utf-16-without-bom",
        "tcvn3", "vni", "unknown-8-bit", "damaged-utf-8"])
def test_bad_text_is_refused_with_a_reason(data, message):
    with pytest.raises(IngestError, match=message):
        decode_bytes(data, name="bad")


def test_html_keeps_visible_text_and_breaks():
    page = ("<html><head><title>Trang</title><style>p{color:red}</style></head><body>"
            "<nav><a href='/'>Trang chủ</a> | <a>Văn bản</a></nav>"
            "<h1>Công điện 230/CĐ-TTg</h1><script>var x = '15/2020/NĐ-CP';</script>"
            "<p>Giao Bộ Tài chính&nbsp;chủ trì,\n   phối hợp với <b>Bộ Công an</b>.</p>"
            "<ul><li>Bộ Quốc phòng;</li><li>Bộ Ngoại giao.</li></ul>Thời hạn:<br>trước 30/11/2025"
            "</body></html>")
    source = decode_bytes(page.encode("utf-8"), name="page", media_type=HTML)
    assert source.media_type == HTML
    assert source.text == ("Công điện 230/CĐ-TTg\n\nGiao Bộ Tài chính\u00a0chủ trì, phối hợp với Bộ Công an."
                           "\n\n- Bộ Quốc phòng;\n- Bộ Ngoại giao.\n\nThời hạn:\ntrước 30/11/2025")


def test_html_without_closing_head_and_inside_a_form():
    page = "<html><head><title>x</title><body><form><p>Bộ Tài chính chủ trì.</p></form></body>"
    assert decode_bytes(page.encode(), name="page", media_type=HTML).text == "Bộ Tài chính chủ trì."


def test_html_declared_legacy_charset_is_honoured():
    page = '<meta charset="windows-1258"><p>Việt Nam</p>'
    source = decode_bytes(to_cp1258(page), name="page", media_type=HTML)
    assert source.text == "Việt Nam"


def test_docx_paragraphs_and_table_cells_in_order(tmp_path):
    path = tmp_path / "cong-van.docx"
    path.write_bytes(make_docx(["BỘ TÀI CHÍNH", "Giao Tổng cục Thuế hướng dẫn thực hiện."],
                               [["Số: 17526/BTC-TCT", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]]))
    source = load_source(path)
    assert source.media_type == DOCX
    assert source.text.split("\n") == ["BỘ TÀI CHÍNH", "Số: 17526/BTC-TCT",
                                       "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                       "Giao Tổng cục Thuế hướng dẫn thực hiện."]


def test_pdf_text_layer(tmp_path):
    path = tmp_path / "nghi-dinh.pdf"
    path.write_bytes(make_pdf("Nghi dinh so 15/2020/ND-CP"))
    source = load_source(path)
    assert source.media_type == PDF
    assert source.text.strip() == "Nghi dinh so 15/2020/ND-CP"


@pytest.mark.parametrize(("suffix", "data", "message"), [
    (".docx", lambda: make_docx(["a"], [["b"]])[:1500], "not a readable .docx"),
    (".docx", lambda: SENTENCE.encode(), "not a readable .docx"),
    (".pdf", lambda: make_pdf("Nghi dinh")[:200], "not a readable PDF"),
    (".pdf", make_scanned_pdf, "needs OCR"),
    (".docx", lambda: make_docx([""], [[""]]), "no text"),
    (".doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "save it as .docx"),
    ("", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "save it as .docx"),
], ids=["truncated-docx", "text-named-docx", "truncated-pdf", "pdf-without-text-layer",
        "empty-docx", "word-97-doc", "word-97-without-suffix"])
def test_bad_documents_are_refused_with_a_reason(tmp_path, suffix, data, message):
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(data())
    with pytest.raises(IngestError, match=message):
        load_source(path)


@pytest.mark.parametrize(("data", "media_type"), [
    (b"%PDF-1.4 ...", PDF), (b"PK\x03\x04...", DOCX), (b"<!DOCTYPE html><p>x", HTML),
    (SENTENCE.encode(), "text/plain"),
])
def test_unknown_suffix_is_sniffed(tmp_path, data, media_type):
    from vanban.ingest.load import sniff_media_type

    assert sniff_media_type(data) == media_type


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(SENTENCE.encode() * 10)
    with pytest.raises(InputTooLarge, match="over the input limit"):
        load_source(path, max_bytes=100)
    with pytest.raises(InputTooLarge):
        decode_bytes(SENTENCE.encode() * 10, name="big", max_bytes=100)
    assert load_source(path, max_bytes=10_000).text == SENTENCE * 10


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(IngestError, match="cannot read"):
        load_source(tmp_path / "absent.txt")


@pytest.mark.slow
def test_fifty_megabyte_text_loads_and_cleans(tmp_path):
    """The default limit leaves room for large gazettes; load and clean stay linear."""
    line = (SENTENCE + " Bộ\u00a0Tài chính chủ trì; https://vbpl.vn/x\n").encode()
    path = tmp_path / "big.txt"
    path.write_bytes(line * (50 * 1024 * 1024 // len(line) + 1))
    source = load_source(path)
    cleaned = clean_text(source.text)
    assert len(cleaned) == len(source.text) and "\u00a0" not in cleaned


def test_cli_reports_bad_input_without_traceback(tmp_path):
    from vanban.api.cli import main

    (tmp_path / "tcvn3.txt").write_bytes(TCVN3)
    (tmp_path / "scan.pdf").write_bytes(make_scanned_pdf())
    result = CliRunner().invoke(main, ["extract", "--out", str(tmp_path / "out"),
                                       str(tmp_path / "tcvn3.txt"), str(tmp_path / "scan.pdf")])
    assert result.exit_code == 1
    assert "TCVN3" in result.output and "needs OCR" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("module", [load, encodings, html_text], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted and not result.failed
