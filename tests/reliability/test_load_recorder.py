"""The load generator's bookkeeping: a request sent while the floor is still filling up
is not timed, but its failure always counts; bad arguments are refused, not run."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from load.__main__ import arguments
from load.analysts import CHECK, SUGGEST, Recorder, call


def answering(status: int) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url="http://copiloto.test",
                             transport=httpx.MockTransport(lambda request: httpx.Response(status, json={})))


def send(status: int, recorder: Recorder, endpoint: str) -> None:
    async def one() -> None:
        async with answering(status) as client:
            await call(client, recorder, endpoint, {"space": "acme", "draft": "Olá."})

    with ThreadPoolExecutor(1) as own_loop:  # the browser tests leave a loop running on this thread
        own_loop.submit(asyncio.run, one()).result()


def test_requests_before_the_measurement_starts_are_not_timed_but_their_errors_count():
    recorder = Recorder(since=time.monotonic() + 3600)  # the ramp is still going on
    send(200, recorder, CHECK)
    send(503, recorder, SUGGEST)
    assert recorder.seconds[CHECK] == [] and len(recorder.errors[SUGGEST]) == 1
    assert recorder.errors[SUGGEST][0].startswith("HTTP 503")


def test_requests_once_measuring_are_timed():
    recorder = Recorder(since=time.monotonic())
    send(200, recorder, CHECK)
    assert len(recorder.seconds[CHECK]) == 1 and recorder.count(CHECK) == 1


def test_the_ramp_defaults_to_ten_seconds_and_zero_means_all_at_once():
    assert arguments([]).ramp_seconds == 10
    assert arguments(["--ramp-seconds", "0"]).ramp_seconds == 0


@pytest.mark.parametrize("bad", [["--ramp-seconds", "-1"], ["--users", "0"], ["--workers", "9"]])
def test_arguments_out_of_range_are_refused_with_the_ranges(bad, capsys):
    with pytest.raises(SystemExit) as refused:
        arguments(bad)
    assert refused.value.code == 2 and "--ramp-seconds de 0 a" in capsys.readouterr().err
