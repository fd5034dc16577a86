"""Every error leaves as the contract's JSON: ``{"error": {"code", "message"}}``,
in the request's language (``Accept-Language``; pt-BR by default)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from copilot.errors import CopilotError

log = logging.getLogger("copilot.web")

_STATUS_TEXT = {
    404: ("not_found", "Recurso não encontrado.", "Not found."),
    405: ("method_not_allowed", "Método não permitido.", "Method not allowed."),
    413: ("payload_too_large", "Requisição grande demais.", "Request too large."),
}


def request_language(request: Request) -> str:
    header = request.headers.get("accept-language", "")
    first = header.split(",")[0].strip().lower()
    return "en" if first.startswith("en") else "pt-BR"


def error_response(status: int, code: str, message: str, **extra: object) -> JSONResponse:
    body: dict[str, object] = {"code": code, "message": message}
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse({"error": body}, status_code=status)


def _describe_validation(exc: RequestValidationError, language: str) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "corpo"
        msg = err.get("msg", "")
        if err.get("type") == "missing":
            msg = "field required" if language == "en" else "campo obrigatório"
        elif err.get("type") == "json_invalid":
            msg = "invalid JSON" if language == "en" else "JSON inválido"
        parts.append(f"{loc}: {msg}")
    head = "Invalid request" if language == "en" else "Requisição inválida"
    return f"{head} — " + "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(CopilotError)
    async def _copilot_error(request: Request, exc: CopilotError) -> JSONResponse:
        return error_response(exc.http_status, exc.code, exc.localized(request_language(request)))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_input", _describe_validation(exc, request_language(request)))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, pt, en = _STATUS_TEXT.get(exc.status_code, ("http_error", str(exc.detail), str(exc.detail)))
        return error_response(exc.status_code, code, en if request_language(request) == "en" else pt)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("erro inesperado em %s", request.url.path)
        pt, en = "Erro interno; a equipe foi avisada pelo log do servidor.", "Internal error; see the server log."
        return error_response(500, "internal_error", en if request_language(request) == "en" else pt)
