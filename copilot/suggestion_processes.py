"""Suggestions computed in processes of their own, beside the web server.

Why: a suggestion is ~30 ms of CPU, a third of it Python holding the GIL.
Inside the server's process every draft check typed meanwhile (about 1 ms of
work, answered as the analyst types) waits for that GIL, and so does the
event loop that reads and writes every request: under a full floor
(``make load``) checks took five times longer than alone. In a child process a
suggestion has its own interpreter; the server keeps HTTP and the checks.

Each child builds the same runtime the CLI builds (``build_runtime``): its own
model, index connection and parsed knowledge, so it answers exactly what an
in-process suggester answers. A child computes several suggestions at once
(``suggest_threads``, one per core by default): most of a suggestion is the
model and numpy, which release the GIL, so a second analyst's suggestion runs
beside the first instead of queueing behind it, without a second copy of the
model in memory. A child that dies (killed, out of memory) is replaced at once;
the requests it was serving get a clear 503.

The wire is one pipe per child: the server sends ``(id, call, args)`` and a
reader thread resolves each call's future from the ``(id, ok, value)`` the
child sends back, in whatever order suggestions finish.
"""

from __future__ import annotations

import asyncio
import importlib
import itertools
import os
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context

from copilot.errors import CopilotError, SuggestionsRestarting, SuggestionsUnavailable
from copilot.kb.catalog import Catalog
from copilot.settings import Settings
from copilot.suggest.results import SuggestResult
from copilot.ticket import Ticket

# Children yield the CPU to the server when both want it: the server answers the checks
# typed meanwhile (a few ms each, the analyst is waiting on every pause) and moves every
# request's bytes; an idle machine still gives a suggestion all its cores. Measured with
# ``make load`` on 2 cores: nice 10 beat 5 on both routes (suggestion p95 62 vs 72–75 ms,
# since the server also carries every suggestion's HTTP; check 7.3 vs 8.5–9.4 ms), and 19
# gained nothing more.
CHILD_NICENESS = 10
STOP_SECONDS = 5.0
_SPAWN = get_context("spawn")  # a fork would copy the server's threads and locks mid-flight


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
class _ChildStopped(Exception):
    """The child died (or was closed) with this call unanswered."""


def _child_main(connection, settings: Settings) -> None:
    """A child's whole life. A reader thread drains the pipe from the first instant (the
    server never blocks writing to a child still loading its model) and ends the process
    when the pipe closes: a server gone, even by ``kill -9``, takes its children with it."""
    os.nice(CHILD_NICENESS)
    calls: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_read_calls, args=(connection, calls), name="calls", daemon=True).start()
    send_lock = threading.Lock()
    runtime, error = _built_runtime(settings)

    def answer(call_id: int, name: str, args: tuple) -> None:
        try:
            reply = (call_id, False, error) if error else (call_id, True, _HANDLERS[name](runtime, *args))
        except CopilotError as exc:
            reply = (call_id, False, _TransportedError.of(exc))
        except Exception as exc:  # noqa: BLE001 — a bug: the server raises it as itself (a 500)
            reply = (call_id, False, exc)
        with send_lock:
            try:
                connection.send(reply)
            except OSError:
                os._exit(0)  # the server is gone
            except Exception as exc:  # noqa: BLE001 — an unpicklable error still gets an answer
                connection.send((call_id, False, RuntimeError(f"{type(exc).__name__}: {exc}")))

    threads = settings.suggest_threads or os.cpu_count() or 1
    with ThreadPoolExecutor(threads, thread_name_prefix="suggest") as pool:
        while True:
            call_id, name, args = calls.get()
            if name == "suggest":
                pool.submit(answer, call_id, name, args)
            else:  # in the order sent: every suggestion asked after a ``forget`` sees the change
                answer(call_id, name, args)


def _read_calls(connection, calls: queue.SimpleQueue) -> None:
    while True:
        try:
            calls.put(connection.recv())
        except (EOFError, OSError):
            os._exit(0)


def _built_runtime(settings: Settings):
    """``(runtime, None)``, or ``(None, error)`` to answer every call with: a child that cannot
    start says why on each request (an unreadable index, a missing model)."""
    from copilot.runtime import build_runtime

    try:
        return build_runtime(settings), None
    except CopilotError as exc:
        return None, _TransportedError.of(exc)
    except Exception as exc:  # noqa: BLE001 — reported to the server as a clear 503
        return None, _TransportedError.of(SuggestionsUnavailable(
            f"O processo de sugestões não conseguiu carregar o copiloto ({type(exc).__name__}: {exc}).",
            en=f"The suggestion process could not load the copilot ({type(exc).__name__}: {exc})."))


def _ready(runtime) -> int:
    return os.getpid()


def _suggest(runtime, ticket: Ticket) -> bytes:
    return runtime.suggester.suggest(ticket).model_dump_json(by_alias=True).encode("utf-8")


def _forget(runtime, space: str) -> None:
    from copilot.curation.refresh import after_change

    after_change(runtime, space)


_HANDLERS: dict[str, Callable] = {"ready": _ready, "suggest": _suggest, "forget": _forget}


# -- in the server ----------------------------------------------------------------
class _Child:
    """One child process and its calls in flight. ``on_death`` is told once when the child
    dies on its own (never after ``close``)."""

    def __init__(self, settings: Settings, on_death: Callable[["_Child"], None]) -> None:
        self._connection, child_end = _SPAWN.Pipe()
        self.process = _SPAWN.Process(target=_child_main, args=(child_end, settings),
                                      name="copilot-suggestions", daemon=True)
        self.process.start()
        child_end.close()  # only the child holds its end: its death reads as EOF here
        self._on_death = on_death
        self._lock = threading.Lock()
        self._ids = itertools.count()
        self._pending: dict[int, Future] = {}
        self._open, self._closing = True, False
        threading.Thread(target=self._read_answers, name="suggestion-answers", daemon=True).start()

    @property
    def in_flight(self) -> int:
        return len(self._pending)

    def call(self, name: str, *args) -> Future:
        future: Future = Future()
        with self._lock:
            if not self._open:
                future.set_exception(_ChildStopped())
                return future
            call_id = next(self._ids)
            self._pending[call_id] = future
            try:
                self._connection.send((call_id, name, args))
            except OSError:  # the child died before the reader noticed
                del self._pending[call_id]
                future.set_exception(_ChildStopped())
        return future

    def _read_answers(self) -> None:
        while True:
            try:
                call_id, ok, value = self._connection.recv()
            except (EOFError, OSError):
                break
            with self._lock:
                future = self._pending.pop(call_id, None)
            if future is not None:
                _settle(future, ok, value)
        with self._lock:
            self._open = False
            unanswered, self._pending = list(self._pending.values()), {}
            closing = self._closing
        self._connection.close()
        if not closing:  # replaced first: an analyst who retries on the 503 reaches the new child
            self._on_death(self)
        for future in unanswered:
            _settle(future, False, _ChildStopped())
        self.process.join(STOP_SECONDS)  # reaped: no zombie left behind

    def close(self) -> None:
        """Stops the child; its calls in flight fail as stopped. Returns at once."""
        with self._lock:
            self._closing = True
        if self.process.is_alive():
            self.process.terminate()  # the reader sees EOF and cleans up


def _settle(future: Future, ok: bool, value) -> None:
    """Resolves a call's future with its result (``ok``) or error, unless its request was
    given up (a client that went away cancels it): the late answer is dropped and the reader
    goes on."""
    if future.set_running_or_notify_cancel():
        future.set_result(value) if ok else future.set_exception(value)


class SuggestionProcesses:
    """The server-side handle: ``suggest`` like a ``Suggester``, served by ``count`` children.

    A child answers its other calls (``ready``, ``forget``) in the order sent, between
    suggestions, so a ``forget`` reaches it before any later suggestion. A suggestion goes
    to the child with the fewest calls in flight."""

    def __init__(self, settings: Settings, count: int, catalog: Catalog) -> None:
        if count < 1:
            raise ValueError("count must be at least 1")
        self.settings, self.catalog = settings, catalog
        self._lock = threading.Lock()
        self._closed = False
        self._children = [self._spawn() for _ in range(count)]

    def _spawn(self) -> _Child:
        return _Child(self.settings, on_death=self._replace)

    def _replace(self, dead: _Child) -> None:
        replacement = self._spawn()  # outside the lock: requests keep going to the live children
        with self._lock:
            if self._closed or dead not in self._children:
                replacement.close()
                return
            self._children[self._children.index(dead)] = replacement
        replacement.call("ready")  # starts warming now, not on the next analyst's request

    @property
    def count(self) -> int:
        return len(self._children)

    def wait_ready(self) -> list[int]:
        """Block until every child has built its runtime; the children's pids. Raises the
        child's own error (e.g. an unreadable index) when one could not start."""
        return [self._result(future) for future in self._broadcast("ready")]

    # -- calls ----------------------------------------------------------------------
    def suggest(self, ticket: Ticket) -> SuggestResult:
        return SuggestResult.model_validate_json(self.suggest_json(ticket))

    def suggest_json(self, ticket: Ticket) -> bytes:
        """The result serialised as the API sends it (no second validation in the server)."""
        return self._result(self._least_busy().call("suggest", ticket))

    async def suggest_json_async(self, ticket: Ticket) -> bytes:
        future = self._least_busy().call("suggest", ticket)
        with self._translated():
            return await asyncio.wrap_future(future)

    def forget(self, space: str) -> None:
        """Every child drops the space's knowledge and re-reads the index pointers."""
        for future in self._broadcast("forget", space):
            self._result(future)

    def warm(self, spaces: list[str] | None = None) -> None:
        """Children warm themselves as they start; waiting for them is warming."""
        self.wait_ready()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            children = list(self._children)
        for child in children:
            child.close()

    # -- plumbing -------------------------------------------------------------------
    def _least_busy(self) -> _Child:
        with self._lock:
            return min(self._children, key=lambda child: child.in_flight)

    def _broadcast(self, name: str, *args) -> list[Future]:
        with self._lock:
            children = list(self._children)
        return [child.call(name, *args) for child in children]

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
        except _ChildStopped:
            raise SuggestionsRestarting(
                "O processo de sugestões parou e está sendo reiniciado; tente de novo em instantes.",
                en="The suggestion process stopped and is restarting; retry shortly.") from None
