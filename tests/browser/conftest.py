"""A real server on loopback and a real headless Chromium (Debian's), for the panel's browser tests.

Chromium comes from the system (``apt-get install chromium``), driven by
Playwright for Python; ``playwright install`` is never run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from tests.conftest import REPO, free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = REPO / "artifacts" / "screenshots"


@dataclass
class LiveServer:
    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_server(app) -> LiveServer:
    """Serve ``app`` with uvicorn in a thread on a free loopback port; returns once it accepts requests."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            pytest.fail("uvicorn did not start on loopback within 20 s")
        time.sleep(0.05)
    return LiveServer(f"http://127.0.0.1:{port}", server, thread)


@pytest.fixture(scope="session")
def chromium(tmp_path_factory) -> Iterator[Callable]:
    """A factory of fresh headless Chromium contexts (each its own user-data dir)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).is_file(), "Chromium is missing: apt-get install -y chromium"
    contexts = []
    with sync_playwright() as playwright:
        def open_context(width: int = 1280, height: int = 900, extra_args: tuple[str, ...] = ()):
            context = playwright.chromium.launch_persistent_context(
                str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
                args=[*CHROMIUM_ARGS, *extra_args], viewport={"width": width, "height": height}, locale="pt-BR",
                permissions=["clipboard-read", "clipboard-write"])
            contexts.append(context)
            return context

        yield open_context
        for context in contexts:
            context.close()
