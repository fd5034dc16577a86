"""One store for a whole support floor: several processes write at once and nothing is lost,
on the default SQLite file and on PostgreSQL through its URL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from copilot.settings import Settings
from copilot.storage import FeedbackStore, TokenStore, database_url, open_database

WRITER = """
import os, sys, time
from copilot.settings import Settings
from copilot.storage import FeedbackStore, TokenStore, open_database
name, go, count, data_dir, url = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
settings = Settings(data_dir=data_dir, database_url=url or None)
print("pronto", flush=True)
while not os.path.exists(go):
    time.sleep(0.001)
feedback, tokens = FeedbackStore(open_database(settings)), TokenStore(open_database(settings))
ticket = {"space": "enotas", "id": "48213", "subject": "Nota rejeitada pela prefeitura"}
for i in range(count):
    feedback.record(space="enotas", target="checklist", vote="down" if i % 3 else "up",
                    ticket=ticket, comment=f"{name} #{i}")
    if i % 10 == 0:
        tokens.verify(tokens.create(f"{name} {i}", "analyst", ["enotas"])[1])
"""
PER_PROCESS = 150


def _two_writers_at_once(settings: Settings, tmp_path: Path) -> None:
    """Both processes import, say they are ready, then start writing together on a fresh database."""
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, name, str(go), str(PER_PROCESS),
                               str(settings.data_dir), settings.database_url or ""],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in ("analista-1", "analista-2")]
    assert [proc.stdout.readline().strip() for proc in procs] == ["pronto", "pronto"]
    go.touch()
    for proc in procs:
        _, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr[-2000:]


def _nothing_lost(settings: Settings) -> None:
    records = FeedbackStore(open_database(settings)).list()
    comments = {r.comment for r in records}
    assert len(records) == 2 * PER_PROCESS
    assert comments == {f"analista-{p} #{i}" for p in (1, 2) for i in range(PER_PROCESS)}
    assert len({r.id for r in records}) == len(records)
    assert len(TokenStore(open_database(settings)).list()) == 2 * len(range(0, PER_PROCESS, 10))


def test_sqlite_is_the_default_in_the_data_dir(tmp_path):
    assert database_url(Settings(data_dir=tmp_path)) == f"sqlite:///{tmp_path.resolve()}/copilot.db"


@pytest.mark.slow
def test_two_processes_writing_sqlite_at_once_lose_nothing(tmp_path):
    settings = Settings(data_dir=tmp_path)
    _two_writers_at_once(settings, tmp_path)
    _nothing_lost(settings)
    assert (tmp_path / "copilot.db-wal").exists() or (tmp_path / "copilot.db").exists()


@pytest.mark.slow
def test_two_processes_writing_postgresql_at_once_lose_nothing(tmp_path, postgres_url):
    settings = Settings(data_dir=tmp_path, database_url=postgres_url)
    _two_writers_at_once(settings, tmp_path)
    _nothing_lost(settings)
    assert not (tmp_path / "copilot.db").exists()


def test_a_token_made_on_one_worker_is_revoked_for_all_on_postgresql(tmp_path, postgres_url):
    settings = Settings(data_dir=tmp_path, database_url=postgres_url)
    record, plaintext = TokenStore(open_database(settings)).create("n1 postgres", "analyst", ["info"])
    probe = ("import sys; from copilot.settings import Settings; from copilot.storage import TokenStore, open_database;"
             "r = TokenStore(open_database(Settings(database_url=sys.argv[1]))).verify(sys.argv[2]);"
             "print(sorted(r.spaces) if r else 'recusado')")
    ask = lambda: subprocess.run([sys.executable, "-c", probe, postgres_url, plaintext],  # noqa: E731
                                 capture_output=True, text=True, check=True).stdout.strip()
    assert ask() == "['info']"
    TokenStore(open_database(settings)).revoke(record.id)
    assert ask() == "recusado"
