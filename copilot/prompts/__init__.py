"""Prompts (pt-BR) for the optional language model, one Markdown file each.

Files are templates with ``{name}`` slots; :func:`render` fills them and
refuses a missing slot, so a renamed variable fails loudly in tests rather
than sending a prompt with a hole in it.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

PROMPTS_DIR = Path(__file__).parent


@lru_cache(maxsize=None)
def load_prompt(name: str) -> str:
    """The text of ``copilot/prompts/<name>.md``."""
    path = PROMPTS_DIR / f"{name}.md"
    if not path.is_file():
        raise FileNotFoundError(f"prompt inexistente: {name}")
    return path.read_text(encoding="utf-8")


def slots(name: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(load_prompt(name)) if field}


def render(name: str, **values: str) -> str:
    missing = slots(name) - set(values)
    if missing:
        raise KeyError(f"prompt '{name}' sem valor para: {', '.join(sorted(missing))}")
    return load_prompt(name).format(**values)
