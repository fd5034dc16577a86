"""FastAPI dependency aliases: settings, the loaded runtime, the caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from copilot.errors import IndexUnavailable
from copilot.runtime import Runtime
from copilot.settings import Settings
from web.auth import Principal, authenticate


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_runtime(request: Request) -> Runtime:
    runtime = request.app.state.runtime
    if runtime is None:
        failure = request.app.state.startup_error
        if failure is not None:
            raise failure
        raise IndexUnavailable(
            "O copiloto ainda está carregando o modelo e o índice; tente de novo em instantes.",
            en="The copilot is still loading the model and the index; retry shortly.",
        )
    return runtime


def get_principal(request: Request, settings: Annotated[Settings, Depends(get_settings)]) -> Principal:
    """The caller; API tokens are checked against ``app.state.tokens`` (the shared store) when set."""
    tokens = getattr(request.app.state, "tokens", None)
    return authenticate(request.headers.get("authorization"), settings, tokens)


SettingsDep = Annotated[Settings, Depends(get_settings)]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]
