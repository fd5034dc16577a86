"""Progress for long CLI commands: a rich bar in a terminal, plain lines in CI logs."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from collections.abc import Iterator
from typing import Callable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


@contextmanager
def progress_reporter(description: str, console: Console | None = None) -> Iterator[Callable[[str, int, int], None]]:
    """Yields ``report(label, done, total)``."""
    console = console or Console(stderr=True)
    if console.is_terminal:
        with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeRemainingColumn(), console=console, transient=False) as bar:
            tasks: dict[str, int] = {}

            def report(label: str, done: int, total: int) -> None:
                if label not in tasks:
                    tasks[label] = bar.add_task(f"{description} {label}", total=total)
                bar.update(tasks[label], completed=done, total=total)

            yield report
    else:
        last: dict[str, int] = {}

        def report(label: str, done: int, total: int) -> None:
            step = max(1, total // 10)
            if done == total or done - last.get(label, -step) >= step:
                last[label] = done
                print(f"{description} {label}: {done}/{total}", file=sys.stderr, flush=True)

        yield report
