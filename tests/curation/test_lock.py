"""The per-space lock holds across processes, not only threads (two app workers, two curators)."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from copilot.curation import atomic_write_text, space_lock


def _write_under_lock(lock_dir: str, log: str, name: str) -> None:
    for _ in range(3):
        with space_lock(Path(lock_dir), "acme"):
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"entra {name}\n")
                handle.flush()
                time.sleep(0.03)
                handle.write(f"sai {name}\n")


def test_two_processes_never_hold_the_lock_of_a_space_at_once(tmp_path):
    log = tmp_path / "log.txt"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_write_under_lock, args=(str(tmp_path / "locks"), str(log), name))
               for name in ("ana", "bruno")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 12
    for enter, leave in zip(lines[::2], lines[1::2]):
        assert enter.startswith("entra ") and leave == "sai " + enter.split(" ", 1)[1]


def test_an_atomic_write_replaces_the_whole_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "kb" / "acme" / "macros.yaml"
    atomic_write_text(target, "checklists: []\n")
    atomic_write_text(target, "templates: []\n")
    assert target.read_text(encoding="utf-8") == "templates: []\n"
    assert [p.name for p in target.parent.iterdir()] == ["macros.yaml"]
