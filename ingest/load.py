"""Read an input file into NFC text: the only file I/O in ingest/.

Plain text, HTML, .docx and .pdf (text layer) are supported. Every way an
input can be unusable (empty, binary, legacy encoding, corrupt container, no
text layer, too large) raises IngestError with a message for the user.
"""
from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from pathlib import Path

from .encodings import decode_text
from .errors import IngestError, InputTooLarge
from .html_text import html_to_text
from .models import SourceText

MAX_INPUT_BYTES = 64 * 1024 * 1024  # default; callers pass their configured limit

TEXT, HTML = "text/plain", "text/html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
LEGACY_WORD = "application/msword"  # .doc: recognised only to say how to convert it
_SUFFIXES = {".txt": TEXT, ".md": TEXT, ".text": TEXT, ".html": HTML, ".htm": HTML,
             ".xhtml": HTML, ".docx": DOCX, ".pdf": PDF, ".doc": LEGACY_WORD}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([\w-]{1,40})""", re.I)


def load_source(path: Path, *, max_bytes: int = MAX_INPUT_BYTES) -> SourceText:
    """Read ``path`` and decode it by its suffix (content sniffed when unknown)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputTooLarge(f"{path.name}: {_mb(size)} is over the input limit of "
                                f"{_mb(max_bytes)}")
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror})") from None
    media_type = _SUFFIXES.get(path.suffix.lower()) or sniff_media_type(data)
    return decode_bytes(data, name=path.stem, path=str(path), media_type=media_type,
                        max_bytes=max_bytes)


def decode_bytes(data: bytes, *, name: str, path: str | None = None,
                 media_type: str = TEXT, max_bytes: int = MAX_INPUT_BYTES) -> SourceText:
    """Turn the raw bytes of one input into a SourceText of NFC text.

    >>> decode_bytes("Căn cứ Luật Đầu tư".encode(), name="x").text
    'Căn cứ Luật Đầu tư'

    Raises:
        InputTooLarge: ``data`` is over ``max_bytes``.
        IngestError: the input holds no usable text (the message says why).
    """
    if len(data) > max_bytes:
        raise InputTooLarge(f"{name}: {_mb(len(data))} is over the input limit of {_mb(max_bytes)}")
    if not data.strip():
        raise IngestError(f"{name}: empty input")
    kind = media_type.split(";")[0].strip().lower()
    if kind == LEGACY_WORD:
        raise IngestError(f"{name}: Word 97-2003 (.doc) files are not supported; "
                          "save it as .docx or .pdf")
    if kind == DOCX:
        text = _docx_text(data, name)
    elif kind == PDF:
        text = _pdf_text(data, name)
    elif kind in (HTML, "application/xhtml+xml"):
        text = html_to_text(_decode_html(data, name))
    else:
        kind, text = TEXT, decode_text(data, name)
    text = unicodedata.normalize("NFC", text)
    if not text or text.isspace():
        raise IngestError(f"{name}: no text found in the {_label(kind)}")
    return SourceText(text=text, name=name, sha256=hashlib.sha256(data).hexdigest(),
                      media_type=kind, path=path)


def sniff_media_type(data: bytes) -> str:
    """Guess the media type of an input with an unknown suffix from its first bytes."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return DOCX
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2 compound file: Word 97-2003
        return LEGACY_WORD
    if re.match(rb"(?i)(<!doctype html|<html)", head):
        return HTML
    return TEXT


def _decode_html(data: bytes, name: str) -> str:
    """HTML declares its charset in a <meta>; a BOM or UTF-8 wins over it."""
    declared = _META_CHARSET.search(data[:4096])
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: fall back to detection
    return decode_text(data, name)


def _docx_text(data: bytes, name: str) -> str:
    """Body paragraphs and table cells in document order, one per line."""
    import docx  # imported here: only .docx inputs pay for it
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        _docx_blocks(document.element.body, document, lines, Paragraph, Table)
    except Exception as exc:  # zipfile, lxml and python-docx each raise their own types
        raise IngestError(f"{name}: not a readable .docx file (truncated or corrupt: "
                          f"{type(exc).__name__})") from None
    return "\n".join(lines)


def _docx_blocks(parent, document, lines: list[str], paragraph_type, table_type) -> None:
    for child in parent.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(paragraph_type(child, document).text)
        elif tag == "tbl":
            for row in table_type(child, document).rows:
                seen = set()  # merged cells repeat the same cell object across the row
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        _docx_blocks(cell._tc, document, lines, paragraph_type, table_type)
        elif tag == "sdt":  # content controls wrap ordinary paragraphs
            content = child.find("{*}sdtContent")
            if content is not None:
                _docx_blocks(content, document, lines, paragraph_type, table_type)


def _pdf_text(data: bytes, name: str) -> str:
    """The text layer of every page; a scanned PDF without one needs OCR first."""
    import pypdf  # imported here: only .pdf inputs pay for it

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(f"{name}: the PDF is encrypted with a password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except Exception as exc:  # pypdf raises many types on truncated or corrupt files
        raise IngestError(f"{name}: not a readable PDF (truncated or corrupt: "
                          f"{type(exc).__name__})") from None
    if not pages:
        raise IngestError(f"{name}: the PDF has no pages")
    text = "\n\n".join(pages)
    if not text.strip():
        raise IngestError(f"{name}: the PDF has no text layer ({len(pages)} page(s), none with text: a scan?); "
                          "it needs OCR before extraction")
    return text


def _label(media_type: str) -> str:
    return {DOCX: ".docx document", PDF: "PDF", HTML: "HTML page"}.get(media_type, "input")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size} bytes"
