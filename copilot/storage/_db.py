"""One SQLAlchemy engine per database URL per process, and the schema made on first use.

SQLite (the default, ``<data_dir>/copilot.db``) runs in WAL mode with a busy
timeout, so several app workers and CLI commands can write at once: readers
never block writers, and a writer waits for the lock instead of failing.
Every write is one short transaction whose first statement is the write, so
no transaction ever has to upgrade a read lock (the case SQLite cannot wait
out). Any other SQLAlchemy URL (PostgreSQL for a whole support floor) comes
from ``COPILOT_DATABASE_URL``.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, OperationalError, ProgrammingError

from copilot.settings import Settings
from copilot.storage._schema import metadata

SQLITE_BUSY_TIMEOUT_S = 30

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def database_url(settings: Settings) -> str:
    if settings.database_url:
        return settings.database_url
    return f"sqlite:///{Path(settings.data_dir).resolve() / 'copilot.db'}"


def _sqlite_engine(url: str) -> Engine:
    path = url.removeprefix("sqlite:///")
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def _create_schema(engine: Engine) -> None:
    """``create_all`` tolerates a concurrent process creating the same tables."""
    for attempt in range(5):
        try:
            metadata.create_all(engine)
            return
        except (OperationalError, ProgrammingError, DatabaseError):
            if attempt == 4:
                raise
            time.sleep(0.1 * (attempt + 1))


class Database:
    """A lazily opened database: nothing touches the disk or the network until first use."""

    def __init__(self, url: str) -> None:
        self.url = url

    @property
    def engine(self) -> Engine:
        with _engines_lock:
            engine = _engines.get(self.url)
            if engine is None:
                if self.url.startswith("sqlite"):
                    engine = _sqlite_engine(self.url)
                else:
                    engine = create_engine(self.url, pool_pre_ping=True)
                _create_schema(engine)
                _engines[self.url] = engine
            return engine

    @property
    def dialect(self) -> str:
        return self.url.split(":", 1)[0].split("+", 1)[0]


def open_database(settings: Settings) -> Database:
    return Database(database_url(settings))


def dispose_engines() -> None:
    """Close every pooled connection (tests, and after ``fork``)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
