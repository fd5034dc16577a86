"""Background jobs report their progress, end with a sentence, and run one at a time when asked."""

from __future__ import annotations

import threading
import time

from copilot.curation import JobBoard
from copilot.errors import InvalidInput


def test_a_job_reports_its_stages_and_keeps_its_result():
    board = JobBoard()
    release = threading.Event()

    def work(report):
        report("indexando", 3, 10)
        release.wait(5)
        return "ok"

    job = board.start("upload", "Enviando “POP”", work, space="acme")
    deadline = time.monotonic() + 5
    while job.done != 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert (job.running, job.stage, job.percent) == (True, "indexando", 30)
    release.set()
    finished = board.wait(job.id)
    assert (finished.state, finished.result, finished.error) == ("concluído", "ok", None)


def test_a_failing_job_ends_with_the_domain_message_or_a_generic_one():
    board = JobBoard()

    def refused(report):
        raise InvalidInput("O arquivo 'x.md' está vazio.")

    def crashed(report):
        raise RuntimeError("segredo interno do servidor")

    assert board.wait(board.start("upload", "x", refused).id).error == "O arquivo 'x.md' está vazio."
    crash = board.wait(board.start("upload", "y", crashed).id)
    assert crash.state == "falhou" and "segredo" not in crash.error and "log do servidor" in crash.error


def test_an_exclusive_job_is_not_started_twice():
    board = JobBoard()
    release = threading.Event()
    first = board.start("eval", "Avaliação", lambda report: release.wait(5), exclusive=True)
    second = board.start("eval", "Avaliação", lambda report: None, exclusive=True)
    assert second is first
    release.set()
    board.wait(first.id)
    third = board.start("eval", "Avaliação", lambda report: None, exclusive=True)
    assert third.id != first.id and board.latest("eval") is third
