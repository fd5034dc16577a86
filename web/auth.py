"""Who is calling: bearer tokens turned into a ``Principal`` with spaces and a role.

Today two kinds of token are accepted: ``COPILOT_TOKEN`` (an analyst token
for every space, per the contract) and the local admin token that
``copilot serve`` creates under the data dir and prints once. Tokens are
compared in constant time and never logged.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path

from copilot.errors import Forbidden, Unauthorized
from copilot.settings import Settings

ROLES = ("analyst", "curator", "admin")  # each role includes the ones before it
ALL_SPACES = "*"


@dataclass(frozen=True)
class Principal:
    role: str
    spaces: frozenset[str]

    def allows(self, space: str, role: str = "analyst") -> bool:
        in_space = ALL_SPACES in self.spaces or space in self.spaces
        return in_space and ROLES.index(self.role) >= ROLES.index(role)

    def ensure(self, space: str, role: str = "analyst") -> None:
        if not self.allows(space, role):
            raise Forbidden(
                f"Este token não dá acesso ao espaço '{space}' com o papel '{role}'.",
                en=f"This token has no '{role}' access to space '{space}'.",
            )


def local_token_path(settings: Settings) -> Path:
    return settings.data_dir / "local-admin-token"


def ensure_local_token(settings: Settings) -> str:
    """Create (once) the local admin token file, readable by its owner only."""
    path = local_token_path(settings)
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    token = "cpl_" + secrets.token_urlsafe(24)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(token, encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)
    return token


def authenticate(header: str | None, settings: Settings) -> Principal:
    if not header or not header.lower().startswith("bearer "):
        raise Unauthorized(
            "Envie o token no cabeçalho 'Authorization: Bearer …'.",
            en="Send the token in the 'Authorization: Bearer …' header.",
        )
    presented = header[7:].strip().encode()
    if settings.token is not None and hmac.compare_digest(presented, settings.token.get_secret_value().encode()):
        return Principal("analyst", frozenset({ALL_SPACES}))
    path = local_token_path(settings)
    if path.is_file() and hmac.compare_digest(presented, path.read_text(encoding="utf-8").strip().encode()):
        return Principal("admin", frozenset({ALL_SPACES}))
    raise Unauthorized("Token inválido ou revogado.", en="Invalid or revoked token.")
