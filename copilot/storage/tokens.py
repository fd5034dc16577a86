"""API tokens scoped to spaces and a role, stored only as a hash.

A token is ``cpl_`` followed by 32 random bytes (base64url). Because it
carries 256 bits of entropy, a fast unsalted SHA-256 is enough: nobody can
guess a preimage, so a slow password hash (bcrypt, argon2) would only cost
time on every request. Storing the hash means a copy of the database never
reveals a usable token. Lookup is by hash, so the comparison that matters
never touches the secret itself: the time a lookup takes says nothing about
how much of a presented token was right.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update

from copilot.errors import CopilotError, InvalidInput
from copilot.storage._db import Database
from copilot.storage._schema import api_tokens
from copilot.storage._time import as_utc, utcnow

ROLES = ("analyst", "curator", "admin")  # each role includes the ones before it
ALL_SPACES = "*"
TOKEN_PREFIX = "cpl_"
SPACE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
LAST_USED_RESOLUTION = timedelta(minutes=1)  # write last_used_at at most this often per token


class TokenNotFound(CopilotError):
    code = "token_not_found"
    http_status = 404

    def __init__(self, token_id: int) -> None:
        super().__init__(f"Nenhum token com id {token_id}.", en=f"No token with id {token_id}.", token_id=token_id)


@dataclass(frozen=True)
class TokenRecord:
    id: int
    name: str
    role: str
    spaces: frozenset[str]  # {"*"} means every space
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def validate_scope(role: str, spaces: list[str] | tuple[str, ...] | frozenset[str]) -> frozenset[str]:
    """Reject an unknown role or a malformed space id with a pt-BR message."""
    if role not in ROLES:
        raise InvalidInput(f"Papel desconhecido '{role}'; use um de: {', '.join(ROLES)}.",
                           en=f"Unknown role '{role}'; use one of: {', '.join(ROLES)}.")
    scope = frozenset(s.strip() for s in spaces)
    if not scope:
        raise InvalidInput("Informe ao menos um espaço (ou '*' para todos).",
                           en="Give at least one space (or '*' for all).")
    bad = sorted(s for s in scope if s != ALL_SPACES and not SPACE_ID.match(s))
    if bad:
        raise InvalidInput(f"Espaço inválido: {', '.join(repr(s) for s in bad)}.",
                           en=f"Invalid space: {', '.join(repr(s) for s in bad)}.")
    return frozenset({ALL_SPACES}) if ALL_SPACES in scope else scope


def _record(row) -> TokenRecord:
    spaces = row.spaces
    return TokenRecord(id=row.id, name=row.name, role=row.role,
                       spaces=frozenset({ALL_SPACES}) if spaces == ALL_SPACES else frozenset(spaces),
                       created_at=as_utc(row.created_at), revoked_at=as_utc(row.revoked_at),
                       last_used_at=as_utc(row.last_used_at))


class TokenStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    def create(self, name: str, role: str, spaces: list[str] | tuple[str, ...] | frozenset[str]) -> tuple[TokenRecord, str]:
        """Make a token; the plaintext is returned once and never stored."""
        scope = validate_scope(role, spaces)
        name = (name or "").strip()[:200] or f"token-{role}"
        plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
        stored = ALL_SPACES if ALL_SPACES in scope else sorted(scope)
        now = utcnow()
        with self.database.engine.begin() as conn:
            new_id = conn.execute(insert(api_tokens).values(
                name=name, token_hash=hash_token(plaintext), role=role, spaces=stored, created_at=now,
            )).inserted_primary_key[0]
        return TokenRecord(id=new_id, name=name, role=role, spaces=scope, created_at=now), plaintext

    def verify(self, plaintext: str) -> TokenRecord | None:
        """The live record for a presented token, or None (unknown or revoked)."""
        if not plaintext.startswith(TOKEN_PREFIX) or len(plaintext) > 200:
            return None
        with self.database.engine.connect() as conn:
            row = conn.execute(select(api_tokens).where(api_tokens.c.token_hash == hash_token(plaintext))).first()
        if row is None or row.revoked_at is not None:
            return None
        record = _record(row)
        now = utcnow()
        if record.last_used_at is None or now - record.last_used_at > LAST_USED_RESOLUTION:
            with self.database.engine.begin() as conn:
                conn.execute(update(api_tokens).where(api_tokens.c.id == record.id).values(last_used_at=now))
        return record

    def revoke(self, token_id: int) -> TokenRecord:
        """Revoke at once; revoking twice keeps the first revocation time."""
        with self.database.engine.begin() as conn:
            conn.execute(update(api_tokens).where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
                         .values(revoked_at=utcnow()))
        with self.database.engine.connect() as conn:
            row = conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
        if row is None:
            raise TokenNotFound(token_id)
        return _record(row)

    def list(self) -> list[TokenRecord]:
        with self.database.engine.connect() as conn:
            rows = conn.execute(select(api_tokens).order_by(api_tokens.c.id)).all()
        return [_record(r) for r in rows]
