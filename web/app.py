"""The FastAPI application: JSON API per the contract, health, and (later) the panel.

The runtime (model, index, checker, suggester) is built in a background
thread at start-up, so the process answers at once; ``/healthz`` says 503
until suggestions can be answered, then 200.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from copilot import __version__
from copilot.errors import CopilotError
from copilot.runtime import Runtime, build_runtime
from copilot.settings import Settings
from copilot.storage import FeedbackStore, TokenStore, open_database
from web.errors import install_error_handlers
from web.security import install_security

log = logging.getLogger("copilot.web")


def create_app(settings: Settings, runtime_factory: Callable[[Settings], Runtime] = build_runtime,
               background: bool = True) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        runtime = app.state.runtime
        if runtime is not None and callable(getattr(runtime, "close", None)):
            runtime.close()  # suggestion processes stop with the server

    app = FastAPI(title="Copiloto de atendimento", version=__version__, lifespan=lifespan,
                  description="Sugestões citadas (checklist, modelo de resposta, próximo passo do POP) "
                              "e revisão de rascunhos pelas regras de conduta de cada espaço.")
    app.state.settings = settings
    app.state.runtime = None
    app.state.startup_error = None
    install_error_handlers(app)
    database = open_database(settings)
    app.state.tokens, app.state.feedback = TokenStore(database), FeedbackStore(database)
    install_security(app, settings)

    from web.routes import check, kb, panel, search, suggest

    app.include_router(suggest.router)
    app.include_router(check.router)
    app.include_router(search.router)
    panel.install_panel(app)
    kb.install_kb(app)

    def load() -> None:
        try:
            app.state.runtime = runtime_factory(settings)
            log.info("copiloto pronto")
        except CopilotError as exc:
            app.state.startup_error = exc
            log.error("falha ao carregar: %s", exc.message)
        except Exception as exc:  # keep serving a clear 503 rather than dying in a loop
            log.exception("falha ao carregar o runtime")
            app.state.startup_error = CopilotError(f"Falha ao carregar o copiloto: {exc}")

    if background:
        threading.Thread(target=load, name="copilot-warmup", daemon=True).start()
    else:
        load()

    @app.get("/healthz", tags=["saúde"])
    def healthz() -> JSONResponse:
        if app.state.runtime is not None:
            return JSONResponse({"status": "ok", "version": __version__})
        failure = app.state.startup_error
        body = {"status": "erro" if failure else "carregando"}
        if failure is not None:
            body["error"] = {"code": failure.code, "message": failure.message}
        return JSONResponse(body, status_code=503)

    return app
