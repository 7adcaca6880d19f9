"""Cross-cutting HTTP behaviour: CORS allow-list, security headers and a one-line access log."""
from __future__ import annotations

import logging
import sys
import time

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from .settings import Settings

access_log = logging.getLogger("vanban.access")


class HttpMiddleware:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware) that acts on HTTP requests only."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    async def handle(self, scope, receive, send) -> None:
        raise NotImplementedError


class AccessLog(HttpMiddleware):
    """One line per request: method, path, status, ms."""

    async def handle(self, scope, receive, send) -> None:
        started, status = time.perf_counter(), 500

        async def record(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            access_log.info("%s %s %d %.1fms", scope["method"], scope["path"], status,
                            (time.perf_counter() - started) * 1000)


# Pages load only what vanban serves itself; vis-network and YASGUI set inline styles.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
HTML_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders(HttpMiddleware):
    """Adds the CSP and related headers to every HTML response."""

    async def handle(self, scope, receive, send) -> None:
        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if content_type.startswith(b"text/html"):
                    message = {**message, "headers": headers + HTML_HEADERS}
            await send(message)

        await self.app(scope, receive, with_headers)


def install_middleware(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(SecurityHeaders)
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                           allow_headers=["Accept", "Content-Type", "Authorization"],
                           expose_headers=["Content-Type", "Link", "Vary"])
    if settings.access_log:
        if not access_log.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
            access_log.addHandler(handler)
            access_log.setLevel(logging.INFO)
            access_log.propagate = False
        app.add_middleware(AccessLog)
