"""API tokens: shown once, stored as a hash, scoped to spaces and a role, revocable."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from copilot.errors import InvalidInput
from copilot.storage import ALL_SPACES, TokenNotFound, TokenStore, open_database


def test_a_new_token_verifies_to_its_scope(tokens):
    record, plaintext = tokens.create("Ana Ribeiro (suporte N1)", "analyst", ["enotas", "voalle"])
    assert plaintext.startswith("cpl_") and len(plaintext) >= 4 + 43  # 32 random bytes, base64url
    found = tokens.verify(plaintext)
    assert found is not None
    assert (found.id, found.name, found.role, found.spaces) == (record.id, "Ana Ribeiro (suporte N1)", "analyst",
                                                              frozenset({"enotas", "voalle"}))


def test_only_the_sha256_of_the_token_is_stored(tokens, settings):
    _, plaintext = tokens.create("curadoria", "curator", ["totvs"])
    rows = sqlite3.connect(settings.data_dir / "copilot.db").execute("select * from api_tokens").fetchall()
    dump = repr(rows)
    assert plaintext not in dump and plaintext[4:] not in dump
    assert hashlib.sha256(plaintext.encode()).hexdigest() in dump


def test_unknown_or_altered_tokens_do_not_verify(tokens):
    _, plaintext = tokens.create("n2", "analyst", ["info"])
    assert tokens.verify(plaintext[:-1] + ("A" if plaintext[-1] != "A" else "B")) is None
    assert tokens.verify("cpl_" + "x" * 43) is None
    assert tokens.verify("") is None and tokens.verify("Bearer " + plaintext) is None


def test_each_token_is_different(tokens):
    plaintexts = {tokens.create(f"analista {i}", "analyst", ["enotas"])[1] for i in range(20)}
    assert len(plaintexts) == 20


def test_revoked_tokens_stop_verifying_at_once_and_stay_listed(tokens):
    keep, keep_plain = tokens.create("fica", "analyst", ["enotas"])
    gone, gone_plain = tokens.create("sai", "admin", [ALL_SPACES])
    revoked = tokens.revoke(gone.id)
    assert revoked.revoked and tokens.verify(gone_plain) is None
    assert tokens.verify(keep_plain) is not None
    listed = {r.id: r for r in tokens.list()}
    assert listed[gone.id].revoked and not listed[keep.id].revoked
    assert tokens.revoke(gone.id).revoked_at == revoked.revoked_at  # revoking twice keeps the first time


def test_revoking_an_unknown_id_says_so_in_portuguese(tokens):
    with pytest.raises(TokenNotFound, match="Nenhum token com id 99"):
        tokens.revoke(99)


def test_revocation_is_seen_by_another_store_on_the_same_database(settings):
    first, second = TokenStore(open_database(settings)), TokenStore(open_database(settings))
    record, plaintext = first.create("outro processo", "analyst", ["r3izzy"])
    assert second.verify(plaintext) is not None
    second.revoke(record.id)
    assert first.verify(plaintext) is None


def test_all_spaces_is_a_star_and_absorbs_named_spaces(tokens):
    record, plaintext = tokens.create("gestão", "admin", ["enotas", "*"])
    assert record.spaces == frozenset({"*"}) and tokens.verify(plaintext).spaces == frozenset({"*"})


def test_last_use_is_recorded(tokens):
    record, plaintext = tokens.create("uso", "analyst", ["enotas"])
    assert record.last_used_at is None
    tokens.verify(plaintext)
    assert tokens.list()[0].last_used_at is not None


@pytest.mark.parametrize(("role", "spaces", "message"), [
    ("gerente", ["enotas"], "Papel desconhecido 'gerente'"),
    ("analyst", [], "Informe ao menos um espaço"),
    ("analyst", ["Enotas Suporte"], "Espaço inválido: 'Enotas Suporte'"),
    ("analyst", ["../etc"], "Espaço inválido"),
])
def test_bad_scopes_are_refused_in_portuguese(tokens, role, spaces, message):
    with pytest.raises(InvalidInput, match=message):
        tokens.create("x", role, spaces)
    assert tokens.list() == []
