"""Crash-safe writes and a per-space lock shared by every worker process.

A curator's upload or edit must never leave a half-written file in kb/ (a
reader would index or serve it), and two curators saving at once must not
lose each other's work. Writes go to a temporary file in the same folder,
are flushed to disk, then renamed over the target (``os.replace`` is atomic
on POSIX). The lock is an ``flock`` on a file under the data dir: it holds
across threads (each ``open`` is its own lock holder) and across processes.
"""

from __future__ import annotations

import fcntl
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_LOCK_NAME = re.compile(r"[^a-z0-9_-]")


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step: readers see the old file or the new one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write(path, text.encode("utf-8"))


def remove_file(path: Path) -> None:
    Path(path).unlink(missing_ok=True)
    _fsync_dir(Path(path).parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def space_lock(lock_dir: Path, space: str) -> Iterator[None]:
    """Exclusive access to one space's kb/ folder and index, for threads and processes alike."""
    lock_dir = Path(lock_dir)
    lock_dir.mkdir(parents=True, exist_ok=True)
    path = lock_dir / f"kb-{_LOCK_NAME.sub('_', space.lower())}.lock"
    with open(path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
