"""A fresh store per test (its own data dir, so its own SQLite file), and a real PostgreSQL."""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from copilot.settings import Settings
from copilot.storage import FeedbackStore, TokenStore, dispose_engines, open_database
from tests.conftest import free_port


@pytest.fixture
def settings(tmp_path):
    yield Settings(data_dir=tmp_path / "data", kb_dir=tmp_path / "kb")
    dispose_engines()


@pytest.fixture
def tokens(settings) -> TokenStore:
    return TokenStore(open_database(settings))


@pytest.fixture
def feedback(settings) -> FeedbackStore:
    return FeedbackStore(open_database(settings))


def _postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
    assert found, "PostgreSQL não encontrado: `apt-get install -y postgresql` (o `make test` instala)"
    return Path(found[-1]).parent


def _as_postgres_user(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; in a root container, run it as the `postgres` account
    (``setpriv`` execs in place, so signals reach the server itself)."""
    return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture(scope="session")
def postgres_url():
    """A throwaway PostgreSQL server on loopback, started and stopped by the test session."""
    bindir = _postgres_bin()
    root = Path(tempfile.mkdtemp(prefix="copilot-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    subprocess.run(_as_postgres_user([str(bindir / "initdb"), "-D", str(data), "-U", "copilot", "--auth=trust",
                                      "-E", "UTF8", "--no-sync", "--no-instructions"]),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = subprocess.Popen(_as_postgres_user([str(bindir / "postgres"), "-D", str(data), "-p", str(port),
                                                 "-k", str(root), "-c", "listen_addresses=127.0.0.1", "-F"]),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"postgresql+psycopg://copilot@127.0.0.1:{port}/postgres"
    import psycopg

    deadline = time.monotonic() + 30
    while True:
        try:
            psycopg.connect(f"postgresql://copilot@127.0.0.1:{port}/postgres", connect_timeout=1).close()
            break
        except psycopg.OperationalError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("o PostgreSQL de teste não respondeu em 30 s")
            time.sleep(0.2)
    yield url
    dispose_engines()
    server.send_signal(signal.SIGINT)  # fast shutdown
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
    shutil.rmtree(root, ignore_errors=True)
