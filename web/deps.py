"""FastAPI dependency aliases: settings, the loaded runtime, the caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from copilot.errors import IndexUnavailable
from copilot.runtime import Runtime
from copilot.settings import Settings
from web.auth import Principal, authenticate, authenticate_locally, authenticate_stored


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


# The dependencies below are ``async`` on purpose: a sync dependency is run on a worker
# thread, and under a whole floor of analysts those hand-offs cost more than the check
# itself. Only the token-store lookup (a database read) still goes to a thread.

async def _settings(request: Request) -> Settings:
    return get_settings(request)


async def _runtime(request: Request) -> Runtime:
    return get_runtime(request)


async def _principal(request: Request) -> Principal:
    header = request.headers.get("authorization")
    principal = authenticate_locally(header, get_settings(request))
    if principal is not None:
        return principal
    return await run_in_threadpool(authenticate_stored, header, getattr(request.app.state, "tokens", None))


SettingsDep = Annotated[Settings, Depends(_settings)]
RuntimeDep = Annotated[Runtime, Depends(_runtime)]
PrincipalDep = Annotated[Principal, Depends(_principal)]
