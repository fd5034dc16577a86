"""Signed panel tokens: short-lived, scoped, refused when expired or tampered with."""

from __future__ import annotations

import base64
import json
import stat
import time

import pytest

from copilot.errors import InvalidInput, Unauthorized
from copilot.settings import Settings
from copilot.storage import sign_panel_token, verify_panel_token
from copilot.storage.panel_tokens import secret_key_path


def test_a_signed_token_carries_its_spaces_and_role(settings):
    token = sign_panel_token(settings, ["enotas"], ttl_seconds=60)
    assert token.startswith("pt.")
    assert verify_panel_token(settings, token) == ("analyst", frozenset({"enotas"}))


def test_the_random_key_is_written_once_readable_by_its_owner_only(settings):
    first = sign_panel_token(settings, ["info"])
    path = secret_key_path(settings)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = path.read_text()
    sign_panel_token(settings, ["info"])
    assert path.read_text() == key
    assert verify_panel_token(Settings(data_dir=settings.data_dir), first)[1] == frozenset({"info"})


def test_a_configured_secret_key_is_used_instead_of_the_file(tmp_path):
    with_key = Settings(data_dir=tmp_path, secret_key="chave-compartilhada-entre-os-servidores-0123456789")
    token = sign_panel_token(with_key, ["totvs"])
    assert not secret_key_path(with_key).exists()
    other_machine = Settings(data_dir=tmp_path / "outra", secret_key="chave-compartilhada-entre-os-servidores-0123456789")
    assert verify_panel_token(other_machine, token)[1] == frozenset({"totvs"})
    with pytest.raises(Unauthorized):
        verify_panel_token(Settings(data_dir=tmp_path / "sem-chave"), token)


def test_an_expired_token_is_refused_with_a_portuguese_message(settings, monkeypatch):
    token = sign_panel_token(settings, ["enotas"], ttl_seconds=5)
    later = time.time() + 6
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(Unauthorized) as caught:
        verify_panel_token(settings, token)
    assert caught.value.message == "O link do painel expirou; abra o painel de novo pelo helpdesk."
    assert caught.value.localized("en").startswith("The panel link has expired")


def _tamper_payload(token: str, **changes) -> str:
    payload, signature = token[3:].split(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    body.update(changes)
    forged = base64.urlsafe_b64encode(json.dumps(body).encode()).rstrip(b"=").decode()
    return f"pt.{forged}.{signature}"


@pytest.mark.parametrize("changes", [{"spaces": ["*"]}, {"spaces": ["voalle"]}, {"role": "admin"},
                                     {"exp": 4102444800}])
def test_a_tampered_payload_is_refused(settings, changes):
    token = _tamper_payload(sign_panel_token(settings, ["enotas"]), **changes)
    with pytest.raises(Unauthorized, match="Link do painel inválido"):
        verify_panel_token(settings, token)


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
    lambda t: t.rsplit(".", 1)[0],
    lambda t: t + ".extra",
    lambda t: "pt." + "não-é-base64.ç",
    lambda t: "pt..",
])
def test_a_mangled_token_is_refused_without_crashing(settings, mangle):
    with pytest.raises(Unauthorized):
        verify_panel_token(settings, mangle(sign_panel_token(settings, ["enotas"])))


@pytest.mark.parametrize("ttl", [0, -5, 13 * 3600])
def test_lifetimes_outside_one_second_to_twelve_hours_are_refused(settings, ttl):
    with pytest.raises(InvalidInput, match="Validade do link"):
        sign_panel_token(settings, ["enotas"], ttl_seconds=ttl)
