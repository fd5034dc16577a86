"""Suggestions computed in processes of their own, beside the web server.

Why: a suggestion is ~30 ms of CPU, a third of it Python holding the GIL.
Inside the server's process every draft check typed meanwhile (about 1 ms of
work, answered as the analyst types) waits for that GIL, and so does the
event loop that reads and writes every request: under a full floor
(``make load``) checks took five times longer than alone. In a child process a
suggestion has its own interpreter; the server keeps HTTP and the checks.

Each child builds the same runtime the CLI builds (``build_runtime``): its own
model, index connection and parsed knowledge, so it answers exactly what an
in-process suggester answers. A child that dies (killed, out of memory) is
replaced at once; the request it was serving gets a clear 503.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing import get_context

from copilot.errors import CopilotError
from copilot.kb.catalog import Catalog
from copilot.settings import Settings
from copilot.suggest.results import SuggestResult
from copilot.ticket import Ticket

PARENT_CHECK_SECONDS = 1.0
# Children yield the CPU to the server when both want it: the server answers the checks
# typed meanwhile (a few ms each, the analyst is waiting on every pause) and moves every
# request's bytes; an idle machine still gives a suggestion all its cores.
CHILD_NICENESS = 5

_child: dict = {}  # in a child process: "runtime", or "error" when it could not be built


class SuggestionsRestarting(CopilotError):
    code = "suggestions_restarting"
    http_status = 503


class SuggestionsUnavailable(CopilotError):
    """A child could not build its runtime for a reason that is not already a ``CopilotError``."""

    code = "suggestions_unavailable"
    http_status = 503


class _TransportedError(Exception):
    """A ``CopilotError`` raised in a child, as plain picklable fields (some subclasses
    take constructor arguments that ordinary exception pickling would not replay)."""

    def __init__(self, module: str, name: str, message: str, message_en: str, fields: dict) -> None:
        super().__init__(module, name, message, message_en, fields)

    @classmethod
    def of(cls, exc: CopilotError) -> "_TransportedError":
        kind = type(exc)
        return cls(kind.__module__, kind.__qualname__, exc.message, exc.message_en, dict(exc.fields))

    def rebuilt(self) -> CopilotError:
        module, name, message, message_en, fields = self.args
        kind = getattr(importlib.import_module(module), name, None)
        if not (isinstance(kind, type) and issubclass(kind, CopilotError)):
            kind = CopilotError
        error = kind.__new__(kind)
        Exception.__init__(error, message)
        error.message, error.message_en, error.fields = message, message_en, fields
        return error


# -- in the child ---------------------------------------------------------------
def _start_child(settings: Settings, parent_pid: int) -> None:
    """Initializer: never raises (a raising initializer leaves only a broken pool
    without the reason); the reason is kept and reported by every call."""
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), name="parent-watch", daemon=True).start()
    os.nice(CHILD_NICENESS)
    from copilot.runtime import build_runtime

    try:
        _child["runtime"] = build_runtime(settings)
    except CopilotError as exc:
        _child["error"] = _TransportedError.of(exc)
    except Exception as exc:  # noqa: BLE001 — reported to the server as a clear 503
        _child["error"] = _TransportedError.of(SuggestionsUnavailable(
            f"O processo de sugestões não conseguiu carregar o copiloto ({type(exc).__name__}: {exc}).",
            en=f"The suggestion process could not load the copilot ({type(exc).__name__}: {exc})."))


def _exit_with_parent(parent_pid: int) -> None:
    """A server killed with -9 cannot stop its children: they notice and leave."""
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _runtime():
    if "error" in _child:
        raise _child["error"]
    return _child["runtime"]


def _ready() -> int:
    _runtime()
    return os.getpid()


def _suggest(ticket: Ticket) -> bytes:
    try:
        return _runtime().suggester.suggest(ticket).model_dump_json(by_alias=True).encode("utf-8")
    except CopilotError as exc:
        raise _TransportedError.of(exc) from None


def _forget(space: str) -> None:
    from copilot.curation.refresh import after_change

    after_change(_runtime(), space)


# -- in the server ----------------------------------------------------------------
class SuggestionProcesses:
    """The server-side handle: ``suggest`` like a ``Suggester``, served by ``count`` children.

    Each child is a one-process executor, so calls to one child run in the order
    sent (a ``forget`` reaches it before any later suggestion). A request goes to
    the child with the fewest requests in flight."""

    def __init__(self, settings: Settings, count: int, catalog: Catalog) -> None:
        if count < 1:
            raise ValueError("count must be at least 1")
        self.settings, self.catalog = settings, catalog
        self._lock = threading.Lock()
        self._executors = [self._spawn() for _ in range(count)]
        self._in_flight = [0] * count

    def _spawn(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=_start_child,
                                   initargs=(self.settings, os.getpid()))

    @property
    def count(self) -> int:
        return len(self._executors)

    def wait_ready(self) -> list[int]:
        """Block until every child has built its runtime; the children's pids. Raises the
        child's own error (e.g. an unreadable index) when one could not start."""
        return [self._result(self._submit_to(n, _ready)) for n in range(self.count)]

    # -- calls ----------------------------------------------------------------------
    def suggest(self, ticket: Ticket) -> SuggestResult:
        return SuggestResult.model_validate_json(self.suggest_json(ticket))

    def suggest_json(self, ticket: Ticket) -> bytes:
        """The result serialised as the API sends it (no second validation in the server)."""
        return self._result(self._submit(_suggest, ticket))

    async def suggest_json_async(self, ticket: Ticket) -> bytes:
        future = self._submit(_suggest, ticket)
        with self._translated():
            return await asyncio.wrap_future(future)

    def forget(self, space: str) -> None:
        """Every child drops the space's knowledge and re-reads the index pointers."""
        for future in [self._submit_to(n, _forget, space) for n in range(self.count)]:
            self._result(future)

    def warm(self, spaces: list[str] | None = None) -> None:
        """Children warm themselves as they start; waiting for them is warming."""
        self.wait_ready()

    def close(self) -> None:
        for executor in self._executors:
            executor.shutdown(wait=False, cancel_futures=True)

    # -- plumbing -------------------------------------------------------------------
    def _submit(self, fn, *args) -> Future:
        with self._lock:
            index = min(range(self.count), key=self._in_flight.__getitem__)
        return self._submit_to(index, fn, *args)

    def _submit_to(self, index: int, fn, *args) -> Future:
        with self._lock:
            executor = self._executors[index]
            try:
                future = executor.submit(fn, *args)
            except BrokenProcessPool:
                executor = self._executors[index] = self._spawn()
                future = executor.submit(fn, *args)
            self._in_flight[index] += 1
        future.add_done_callback(lambda done: self._finished(index, executor, done))
        return future

    def _finished(self, index: int, executor: ProcessPoolExecutor, future: Future) -> None:
        broken = not future.cancelled() and isinstance(future.exception(), BrokenProcessPool)
        replacement = None
        with self._lock:
            self._in_flight[index] = max(0, self._in_flight[index] - 1)
            if broken and self._executors[index] is executor:  # replace once, whoever noticed first
                replacement = self._executors[index] = self._spawn()
                self._in_flight[index] = 0
        if replacement is not None:
            replacement.submit(_ready)  # starts warming now, not on the next analyst's request

    def _result(self, future: Future):
        with self._translated():
            return future.result()

    @staticmethod
    @contextmanager
    def _translated() -> Iterator[None]:
        """A child's error as the error it raised; a dead child as a clear 503."""
        try:
            yield
        except _TransportedError as exc:
            raise exc.rebuilt() from None
        except BrokenProcessPool:
            raise SuggestionsRestarting(
                "O processo de sugestões parou e está sendo reiniciado; tente de novo em instantes.",
                en="The suggestion process stopped and is restarting; retry shortly.") from None
