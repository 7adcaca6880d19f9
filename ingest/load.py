"""Read an input file into NFC text: the only file I/O in ingest/."""
from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

from .errors import IngestError
from .models import SourceText


def load_source(path: Path) -> SourceText:
    """Decode a text file into a SourceText (NFC)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror})") from None
    return decode_bytes(data, name=path.stem, path=str(path))


def decode_bytes(data: bytes, *, name: str, path: str | None = None,
                 media_type: str = "text/plain") -> SourceText:
    if not data.strip():
        raise IngestError(f"{name}: empty input")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{name}: not UTF-8 (byte {exc.start})") from None
    return SourceText(text=unicodedata.normalize("NFC", text), name=name,
                      sha256=hashlib.sha256(data).hexdigest(), media_type=media_type,
                      path=path)
