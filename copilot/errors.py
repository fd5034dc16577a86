"""Domain errors with fields.

They are raised anywhere below the edges and turned into HTTP errors (per the
contract: ``{"error": {"code", "message"}}``) or CLI messages only at the edge.
Messages are pt-BR, written for the person who must fix the input.
"""

from __future__ import annotations


class CopilotError(Exception):
    """Base of every error the copilot reports to a person."""

    code = "erro"
    http_status = 400

    def __init__(self, message: str, *, en: str | None = None, **fields: object) -> None:
        super().__init__(message)
        self.message = message  # pt-BR, the default language of every answer
        self.message_en = en or message  # for requests that ask for English
        self.fields = fields

    def localized(self, language: str) -> str:
        return self.message_en if language.startswith("en") else self.message


class UnknownSpace(CopilotError):
    code = "unknown_space"
    http_status = 404

    def __init__(self, space: str) -> None:
        super().__init__(f"Espaço desconhecido: '{space}'.", en=f"Unknown space: '{space}'.", space=space)


class InvalidInput(CopilotError):
    code = "invalid_input"
    http_status = 422


class InvalidKnowledge(CopilotError):
    """A kb/ file that does not validate: names the file, line and field."""

    code = "invalid_knowledge"
    http_status = 422

    def __init__(self, path: str, problem: str, line: int | None = None, field: str | None = None) -> None:
        where = path + (f", linha {line}" if line else "") + (f", campo '{field}'" if field else "")
        super().__init__(f"{where}: {problem}", path=path, line=line, field=field)


class UnsupportedFormat(CopilotError):
    code = "unsupported_format"
    http_status = 415


class IndexUnavailable(CopilotError):
    """The index is missing or unreadable; says which command rebuilds it."""

    code = "index_unavailable"
    http_status = 503


class ModelUnavailable(CopilotError):
    code = "model_unavailable"
    http_status = 503


class SuggestionsRestarting(CopilotError):
    """The suggestion process serving a request died; a new one is starting."""

    code = "suggestions_restarting"
    http_status = 503


class SuggestionsUnavailable(CopilotError):
    """A suggestion process could not start for a reason that is not already a ``CopilotError``."""

    code = "suggestions_unavailable"
    http_status = 503


class Unauthorized(CopilotError):
    code = "unauthorized"
    http_status = 401


class Forbidden(CopilotError):
    code = "forbidden"
    http_status = 403


class PayloadTooLarge(CopilotError):
    code = "payload_too_large"
    http_status = 413
