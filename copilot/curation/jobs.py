"""Long curator actions (re-indexing after an upload, an eval run) as background jobs
whose progress a page polls.

A job runs in a daemon thread and reports ``(stage, done, total)``; its
state is read by id. ``exclusive`` jobs of one kind run one at a time (a
second request gets the running one back). Jobs live in this process only:
behind several workers, send a curator's requests to one of them.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from copilot.errors import CopilotError

log = logging.getLogger("copilot.curation")

RUNNING, DONE, FAILED = "rodando", "concluído", "falhou"
INTERNAL = "Erro interno; o detalhe está no log do servidor."


class JobNotFound(CopilotError):
    code = "job_not_found"
    http_status = 404

    def __init__(self, job_id: str) -> None:
        super().__init__("Esta tarefa não existe mais (o servidor pode ter reiniciado).",
                         en="This job no longer exists (the server may have restarted).", job_id=job_id)


@dataclass
class Job:
    id: str
    kind: str
    label: str
    space: str | None
    state: str = RUNNING
    stage: str = "na fila"
    done: int = 0
    total: int = 0
    error: str | None = None
    result: Any = None
    started: float = field(default_factory=time.time)
    finished: float | None = None

    @property
    def running(self) -> bool:
        return self.state == RUNNING

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def seconds(self) -> float:
        return round((self.finished or time.time()) - self.started, 1)


class JobBoard:
    def __init__(self, keep: int = 100) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._keep = keep
        self._lock = threading.Lock()

    def start(self, kind: str, label: str, work: Callable[[Callable[[str, int, int], None]], Any],
              space: str | None = None, exclusive: bool = False) -> Job:
        with self._lock:
            if exclusive:
                current = self.running(kind)
                if current is not None:
                    return current
            job = Job(secrets.token_urlsafe(12), kind, label, space)
            self._jobs[job.id] = job
            while len(self._jobs) > self._keep:
                self._jobs.popitem(last=False)
        threading.Thread(target=self._run, args=(job, work), name=f"job-{kind}", daemon=True).start()
        return job

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise JobNotFound(job_id)
        return job

    def running(self, kind: str) -> Job | None:
        return next((j for j in reversed(self._jobs.values()) if j.kind == kind and j.running), None)

    def latest(self, kind: str) -> Job | None:
        with self._lock:
            return next((j for j in reversed(self._jobs.values()) if j.kind == kind), None)

    @staticmethod
    def _run(job: Job, work: Callable) -> None:
        def report(stage: str, done: int, total: int) -> None:
            job.stage, job.done, job.total = stage, done, total

        try:
            job.result = work(report)
            job.state = DONE
        except CopilotError as exc:
            job.error, job.state = exc.message, FAILED
        except Exception:  # a background thread has no caller to raise to: log it, show a sentence
            log.exception("tarefa %s (%s) falhou", job.kind, job.label)
            job.error, job.state = INTERNAL, FAILED
        finally:
            job.finished = time.time()

    def wait(self, job_id: str, timeout: float = 60.0) -> Job:
        """For tests and the CLI: block until the job ends."""
        deadline = time.monotonic() + timeout
        job = self.get(job_id)
        while job.running and time.monotonic() < deadline:
            time.sleep(0.02)
        return job
