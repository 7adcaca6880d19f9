"""POST /api/ingest: extract one uploaded document and load its triples (token required)."""
from __future__ import annotations

import hmac

import hashlib
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from vanban.graph.registry import ensure_registry
from vanban.ingest.contract import to_contract
from vanban.ingest.errors import IngestError, InputTooLarge
from vanban.ingest.load import DOCX, HTML, PDF, TEXT, decode_bytes, sniff_media_type
from vanban.ontology.iris import Minter

from .deps import get_settings, get_store
from .errors import ApiError
from .ingestion import ingest_source

router = APIRouter()
ACCEPTED = {TEXT, HTML, "application/xhtml+xml", DOCX, PDF, "application/octet-stream"}


async def _read_capped(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "too_large", f"document over the limit of {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "too_large", f"document over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/ingest", status_code=201, summary="Extract a document and load it into the graph",
             responses={201: {"description": "Loaded; the body is the extraction JSON"},
                        401: {"description": "Missing or wrong token"},
                        403: {"description": "Ingest over HTTP is disabled"},
                        413: {"description": "Document too large"},
                        415: {"description": "Unsupported media type"},
                        422: {"description": "No usable text in the document"}},
             openapi_extra={"requestBody": {"required": True, "content": {
                 m: {"schema": {"type": "string", "format": "binary"}}
                 for m in (TEXT, HTML, DOCX, PDF)}}})
async def ingest(request: Request,
                 name: Annotated[str | None, Query(
                     max_length=200, pattern=r"^[\w.-]+$",
                     description="Source name (default: from the content hash)")] = None
                 ) -> JSONResponse:
    """Body: the raw document with its Content-Type (text/plain, text/html, .docx, .pdf).
    Header ``Authorization: Bearer <ingest token>``. Re-posting a name replaces its graph."""
    settings = get_settings(request)
    if not settings.ingest_token:
        raise ApiError(403, "ingest_disabled", "ingest over HTTP is disabled (no ingest token set)")
    if not hmac.compare_digest(request.headers.get("authorization", "").encode(),
                               f"Bearer {settings.ingest_token}".encode()):
        raise ApiError(401, "unauthorized",
                       "POST /api/ingest needs 'Authorization: Bearer <token>'")
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in ACCEPTED:
        raise ApiError(415, "unsupported_media_type",
                       f"send text/plain, text/html, a .docx or a .pdf, not {media or 'no type'}")
    data = await _read_capped(request, settings.ingest_max_bytes)
    if media == "application/octet-stream":
        media = sniff_media_type(data)
    charset = request.headers.get("content-type", "").partition("charset=")[2].strip().lower()
    if media == TEXT and charset and charset not in ("utf-8", "utf8"):
        try:
            data = data.decode(charset).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            raise ApiError(415, "bad_charset", f"cannot decode the body as {charset}") from None
    name = name or f"upload-{hashlib.sha256(data).hexdigest()[:16]}"
    minter = Minter(settings.base)

    def work() -> dict:
        try:
            source = decode_bytes(data, name=name, media_type=media,
                                  max_bytes=settings.ingest_max_bytes)
        except InputTooLarge as exc:
            raise ApiError(413, "too_large", str(exc)) from None
        except IngestError as exc:
            raise ApiError(422, "unusable_document", str(exc)) from None
        store = get_store(request)
        ensure_registry(store, minter)  # agency names, aliases and validity, once per version
        extraction, count = ingest_source(store, source, minter)
        store.flush()
        return {"source": str(minter.source(name)), "triples": count,
                "extraction": to_contract(extraction)}

    result = await run_in_threadpool(work)
    location = minter.path_of(result["source"]) or result["source"]
    return JSONResponse(result, status_code=201, headers={"Location": location})
