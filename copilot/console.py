"""The command line's edge: where domain errors become a pt-BR message and exit code 2."""

from __future__ import annotations

import functools

import typer
from rich.console import Console
from rich.markup import escape

from copilot.errors import CopilotError

err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> None:
    """Print the message (brackets such as "[nome cliente]" kept literally) and exit."""
    err.print(f"[bold red]erro:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code)


def guarded(func):
    """Domain errors become a pt-BR message and exit code 2, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except CopilotError as exc:
            fail(exc.message)

    return wrapper
