"""Who is calling: a bearer token turned into a ``Principal`` with spaces and a role.

Four kinds of token are accepted, tried in this order:

1. a signed panel token (``pt.…``, see ``copilot.storage.panel_tokens``): short-lived,
   scoped, kept in the panel's memory only;
2. ``COPILOT_TOKEN``: an analyst token for every space, per the contract;
3. the local admin token ``copilot serve`` creates under the data dir;
4. a token made by ``copilot token create`` (``cpl_…``), looked up by hash in the
   shared store; a revoked one is refused at once, on every worker.

Tokens travel only in the ``Authorization`` header (or a URL fragment the
browser never sends), are compared in constant time or by hash, and never logged.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path

from copilot.errors import Forbidden, Unauthorized
from copilot.settings import Settings
from copilot.storage.panel_tokens import PREFIX as PANEL_PREFIX
from copilot.storage.panel_tokens import sign_panel_token, verify_panel_token
from copilot.storage.tokens import ALL_SPACES, ROLES, TokenStore

__all__ = ["ALL_SPACES", "ROLES", "Principal", "authenticate", "ensure_local_token", "local_token_path",
           "sign_panel_token"]


@dataclass(frozen=True)
class Principal:
    role: str
    spaces: frozenset[str]
    kind: str = "token"  # env | local | token | panel: where the credential came from, for audit

    def allows(self, space: str, role: str = "analyst") -> bool:
        in_space = ALL_SPACES in self.spaces or space in self.spaces
        return in_space and ROLES.index(self.role) >= ROLES.index(role)

    def ensure(self, space: str, role: str = "analyst") -> None:
        if not self.allows(space, role):
            raise Forbidden(
                f"Este token não dá acesso ao espaço '{space}' com o papel '{role}'.",
                en=f"This token has no '{role}' access to space '{space}'.",
            )

    def ensure_role(self, role: str) -> None:
        """For calls that name no space (token admin, the list of spaces)."""
        if ROLES.index(self.role) < ROLES.index(role):
            raise Forbidden(f"Esta ação exige o papel '{role}'.", en=f"This action needs the '{role}' role.")

    def visible(self, spaces: list[str]) -> list[str]:
        """The subset of ``spaces`` this caller may see, for listings."""
        return [s for s in spaces if self.allows(s)]


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


def _same(presented: bytes, expected: str) -> bool:
    return bool(expected) and hmac.compare_digest(presented, expected.encode())


def authenticate_locally(header: str | None, settings: Settings) -> Principal | None:
    """The caller when the token is the panel's, ``COPILOT_TOKEN`` or the local admin's; None
    when only the token store can tell. Never touches the store, so it may run on the event loop."""
    token = _bearer(header)
    if token.startswith(PANEL_PREFIX):
        role, spaces = verify_panel_token(settings, token)
        return Principal(role, spaces, "panel")
    presented = token.encode()
    if settings.token is not None and _same(presented, settings.token.get_secret_value()):
        return Principal("analyst", frozenset({ALL_SPACES}), "env")
    path = local_token_path(settings)
    if path.is_file() and _same(presented, path.read_text(encoding="utf-8").strip()):
        return Principal("admin", frozenset({ALL_SPACES}), "local")
    return None


def authenticate_stored(header: str | None, tokens: TokenStore | None) -> Principal:
    """The caller of an API token from the store (a database read), or 401."""
    if tokens is not None:
        record = tokens.verify(_bearer(header))
        if record is not None:
            return Principal(record.role, record.spaces, "token")
    raise Unauthorized("Token inválido ou revogado.", en="Invalid or revoked token.")


def authenticate(header: str | None, settings: Settings, tokens: TokenStore | None = None) -> Principal:
    return authenticate_locally(header, settings) or authenticate_stored(header, tokens)


def _bearer(header: str | None) -> str:
    if not header or not header.lower().startswith("bearer ") or not header[7:].strip():
        raise Unauthorized(
            "Envie o token no cabeçalho 'Authorization: Bearer …'.",
            en="Send the token in the 'Authorization: Bearer …' header.",
        )
    return header[7:].strip()
