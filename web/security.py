"""HTTP hardening, installed once by ``create_app``: headers, body limits, no tokens in logs.

- Security headers on every response, errors included (the middleware wraps
  the whole stack, outside the 500 handler). A strict CSP (``default-src
  'self'``, no inline script or style); the panel routes may be framed by the
  configured helpdesk origins, everything else by nobody.
- Body limits checked before any parsing, from ``Content-Length`` or while a
  chunked body arrives, answered with the contract's 413 JSON error.
- CORS stays off: no ``Access-Control-Allow-*`` header is ever sent; the
  panel talks to its own origin and to the host page through ``postMessage``.
- Log redaction: every log record, uvicorn's access log included, has bearer
  tokens and ``token=`` values replaced before any handler formats it.
"""

from __future__ import annotations

import logging
import re

from fastapi import FastAPI
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from copilot.settings import Settings
from web.errors import error_response, request_language

log = logging.getLogger("copilot.web")

KB, MB = 1024, 1024 * 1024
UPLOAD_LIMIT = 20 * MB
DEFAULT_LIMIT = 1 * MB
ROUTE_LIMITS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"/check/?$"), 128 * KB),  # a draft of at most 20,000 characters plus its ticket
    (re.compile(r"^/api/v\d+/suggest(/|$)"), 256 * KB),  # one ticket
    (re.compile(r"^/panel(/|$)"), 256 * KB),
)

_BASE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
             "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'")
# FastAPI's /docs and /redoc pages load their assets from a CDN with an inline bootstrap script.
_DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
             "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
             "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; font-src 'self' https://fonts.gstatic.com; "
             "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
_ORIGIN = re.compile(r"^https?://(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$")
_DOCS_PATHS = ("/docs", "/docs/oauth2-redirect", "/redoc")


def body_limit(path: str, content_type: str) -> int:
    for pattern, limit in ROUTE_LIMITS:
        if pattern.search(path):
            return limit
    return UPLOAD_LIMIT if content_type.startswith("multipart/form-data") else DEFAULT_LIMIT


def is_panel_path(path: str) -> bool:
    return path.startswith("/panel") or path == "/demo" or path.startswith("/demo/")


def frame_origins(settings: Settings) -> list[str]:
    """The configured helpdesk origins that are well-formed; anything else could inject CSP."""
    good = []
    for origin in settings.allowed_frame_origins:
        if _ORIGIN.match(origin.rstrip("/")):
            good.append(origin.rstrip("/"))
        else:
            log.warning("origem de iframe ignorada (formato inválido): %r", origin)
    return good


def security_headers(path: str, origins: list[str]) -> list[tuple[bytes, bytes]]:
    common = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
              (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()")]
    if path.startswith("/api/") or path.startswith("/panel"):
        common.append((b"cache-control", b"no-store"))  # tickets and drafts are customers' data
    if path in _DOCS_PATHS:
        return common + [(b"content-security-policy", _DOCS_CSP.encode()), (b"x-frame-options", b"DENY")]
    if is_panel_path(path):
        ancestors = " ".join(["'self'", *origins])
        return common + [(b"content-security-policy", f"{_BASE_CSP}; frame-ancestors {ancestors}".encode())]
    return common + [(b"content-security-policy", f"{_BASE_CSP}; frame-ancestors 'none'".encode()),
                     (b"x-frame-options", b"DENY")]


def _size(limit: int) -> str:
    return f"{limit // MB} MB" if limit >= MB else f"{limit // KB} KB"


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.origins = frame_origins(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(scope["path"], self.origins)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *[(k, v) for k, v in extra if k not in present]]}
            await send(message)

        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        limit = body_limit(scope["path"], headers.get(b"content-type", b"").decode("latin-1").lower())
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await self._too_large(scope, send_with_headers, limit)
            return
        if length is None and b"transfer-encoding" in headers:
            receive = await self._buffer(receive, limit)
            if receive is None:
                await self._too_large(scope, send_with_headers, limit)
                return
        await self.app(scope, receive, send_with_headers)

    @staticmethod
    async def _buffer(receive: Receive, limit: int) -> Receive | None:
        """Read a chunked body up to ``limit`` bytes; None when it goes over."""
        chunks, total = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            total += len(message.get("body", b""))
            if total > limit:
                return None
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        return replay

    @staticmethod
    async def _too_large(scope: Scope, send: Send, limit: int) -> None:
        request = Request(scope)
        if request_language(request) == "en":
            message = f"The request body exceeds the {_size(limit)} limit for {scope['path']}."
        else:
            message = f"O corpo da requisição passa do limite de {_size(limit)} para {scope['path']}."
        response = error_response(413, "payload_too_large", message, limit_bytes=limit)
        await response(scope, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}


_SECRETS = (
    (re.compile(r"(?i)(bearer\s+)[^\s\"',;]+"), r"\1[redigido]"),
    (re.compile(r"(?i)((?:access_|panel_)?token=)[^&\s\"'#;]+"), r"\1[redigido]"),
    (re.compile(r"\bcpl_[A-Za-z0-9_-]{16,}"), "cpl_[redigido]"),
    (re.compile(r"\bpt\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{20,}"), "pt.[redigido]"),
)


def redact(text: str) -> str:
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


def _redact_record(record: logging.LogRecord) -> None:
    """Redact the message and each string argument, keeping ``args`` a tuple (uvicorn's access
    formatter unpacks it by position)."""
    if isinstance(record.msg, str):
        record.msg = redact(record.msg)
    if isinstance(record.args, tuple):
        record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
    elif isinstance(record.args, dict):
        record.args = {k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()}


class RedactTokens(logging.Filter):
    """A handler filter for logging configs that do not go through ``install_log_redaction``."""

    def filter(self, record: logging.LogRecord) -> bool:
        _redact_record(record)
        return True


def install_log_redaction() -> None:
    """Redact every record at creation, whichever logger or handler it goes to (idempotent).

    A record factory survives uvicorn's ``dictConfig`` (which replaces handlers and
    would drop handler filters), so the access log is covered too."""
    current = logging.getLogRecordFactory()
    if getattr(current, "redacts_tokens", False):
        return

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = current(*args, **kwargs)
        _redact_record(record)
        return record

    factory.redacts_tokens = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def install_security(app: FastAPI, settings: Settings) -> None:
    """Wrap the whole middleware stack (so even a 500 carries the headers) and redact logs."""
    install_log_redaction()
    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: SecurityMiddleware(build(), settings)  # type: ignore[method-assign]
