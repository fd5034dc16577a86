"""Short-lived signed tokens for the panel inside a helpdesk iframe.

A panel token is ``pt.<payload>.<signature>``: the payload is base64url JSON
``{"spaces": [...], "role": "analyst", "exp": <unix seconds>}`` and the
signature its HMAC-SHA256. Nothing is stored per token, so any app worker
that shares the key verifies it; the price is that a panel token cannot be
revoked, which is why it lives minutes, not days. The key is
``COPILOT_SECRET_KEY`` or, failing that, a random key written once to
``<data_dir>/secret-key`` (mode 0600) that every worker on the machine reads.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from pathlib import Path

from copilot.errors import InvalidInput, Unauthorized
from copilot.settings import Settings
from copilot.storage.tokens import validate_scope

PREFIX = "pt."
MAX_TTL_SECONDS = 12 * 3600


def secret_key_path(settings: Settings) -> Path:
    return Path(settings.data_dir) / "secret-key"


def signing_key(settings: Settings) -> bytes:
    if settings.secret_key is not None and settings.secret_key.get_secret_value():
        return settings.secret_key.get_secret_value().encode("utf-8")
    path = secret_key_path(settings)
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".secret-key.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(48))
        try:
            os.link(tmp, path)  # atomic and first-wins: two workers starting together agree on one key
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text(encoding="utf-8").strip().encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(key: bytes, payload: str) -> str:
    return _b64(hmac.new(key, payload.encode("utf-8"), hashlib.sha256).digest())


def sign_panel_token(settings: Settings, spaces, role: str = "analyst", ttl_seconds: int = 900) -> str:
    """A token for ``spaces`` (an iterable of ids, or ``["*"]``) that expires in ``ttl_seconds``."""
    scope = validate_scope(role, list(spaces) if not isinstance(spaces, str) else [spaces])
    if not 0 < ttl_seconds <= MAX_TTL_SECONDS:
        raise InvalidInput(f"Validade do link deve ficar entre 1 segundo e {MAX_TTL_SECONDS // 3600} horas.",
                           en=f"The link lifetime must be between 1 second and {MAX_TTL_SECONDS // 3600} hours.")
    body = {"spaces": sorted(scope), "role": role, "exp": int(time.time()) + int(ttl_seconds)}
    payload = _b64(json.dumps(body, separators=(",", ":")).encode("utf-8"))
    return f"{PREFIX}{payload}.{_signature(signing_key(settings), payload)}"


def verify_panel_token(settings: Settings, token: str) -> tuple[str, frozenset[str]]:
    """``(role, spaces)`` of a valid token; ``Unauthorized`` when tampered with or expired."""
    invalid = Unauthorized("Link do painel inválido; gere um novo link.", en="Invalid panel link; create a new one.")
    try:
        payload, signature = token.removeprefix(PREFIX).split(".")
    except ValueError:
        raise invalid from None
    if not hmac.compare_digest(signature.encode("ascii", "replace"),
                               _signature(signing_key(settings), payload).encode("ascii")):
        raise invalid
    try:
        body = json.loads(_unb64(payload))
        role, spaces, expires = body["role"], validate_scope(body["role"], body["spaces"]), int(body["exp"])
    except (ValueError, KeyError, TypeError, InvalidInput):
        raise invalid from None
    if expires <= time.time():
        raise Unauthorized("O link do painel expirou; abra o painel de novo pelo helpdesk.",
                           en="The panel link has expired; open the panel again from the helpdesk.")
    return role, spaces
