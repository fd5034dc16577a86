"""``copilot token``, ``copilot panel-link`` and ``copilot feedback export``: exact output, pt-BR errors."""

from __future__ import annotations

import re

import pytest
import typer
import yaml
from typer.testing import CliRunner

from copilot.settings import Settings
from copilot.storage import FeedbackStore, TokenStore, open_database, verify_panel_token
from copilot.storage.cli import feedback_app, panel_link, parse_ttl, token_app

cli = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
cli.add_typer(token_app, name="token")
cli.add_typer(feedback_app, name="feedback")
cli.command("panel-link")(panel_link)


@pytest.fixture
def env(tmp_path):
    for space in ("enotas", "voalle"):
        (tmp_path / "kb" / space).mkdir(parents=True)
        (tmp_path / "kb" / space / "space.yaml").write_text(f"id: {space}\nname: {space.title()}\n", encoding="utf-8")
    return {"COPILOT_KB_DIR": str(tmp_path / "kb"), "COPILOT_DATA_DIR": str(tmp_path / "data"),
            "COPILOT_HOST": "127.0.0.1", "COPILOT_PORT": "8000"}


def run(env, *args):
    return CliRunner().invoke(cli, list(args), env=env)


def _settings(env) -> Settings:
    return Settings(kb_dir=env["COPILOT_KB_DIR"], data_dir=env["COPILOT_DATA_DIR"])


def test_token_create_prints_the_token_once_on_stdout(env):
    result = run(env, "token", "create", "--space", "enotas", "--space", "voalle", "--role", "analyst", "--name", "Ana")
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert re.fullmatch(r"cpl_[A-Za-z0-9_-]{43}", token)
    assert result.stderr == ("Token 1 criado (analista; espaços: enotas, voalle). "
                             "Guarde-o agora: ele não será mostrado de novo.\n")
    record = TokenStore(open_database(_settings(env))).verify(token)
    assert record.name == "Ana" and record.spaces == frozenset({"enotas", "voalle"})
    listing = run(env, "token", "list")
    assert "Ana" in listing.stdout and "analista" in listing.stdout and "ativo" in listing.stdout
    assert token not in listing.stdout and token[4:20] not in listing.stdout


def test_token_revoke_makes_it_invalid(env):
    token = run(env, "token", "create", "-s", "*", "-r", "admin").stdout.strip()
    result = run(env, "token", "revoke", "1")
    assert result.exit_code == 0 and result.stdout == "Token 1 (token-admin) revogado.\n"
    assert TokenStore(open_database(_settings(env))).verify(token) is None
    assert "revogado" in run(env, "token", "list").stdout


@pytest.mark.parametrize(("args", "message"), [
    (["token", "create", "--space", "nada", "--role", "analyst"], "erro: Espaço desconhecido: 'nada'."),
    (["token", "create", "--space", "enotas", "--role", "chefe"],
     "erro: Papel desconhecido 'chefe'; use um de: analyst, curator, admin."),
    (["token", "create", "--role", "analyst"], "erro: Informe ao menos um espaço com --space (ou --space '*' para todos)."),
    (["token", "create", "--space", "enotas"], "erro: Informe o papel com --role: analyst, curator ou admin."),
    (["token", "revoke", "7"], "erro: Nenhum token com id 7."),
    (["token", "revoke", "abc"], "erro: Id de token inválido 'abc'; use o número mostrado por 'copilot token list'."),
    (["panel-link", "--space", "enotas", "--ttl", "13h"], "erro: Validade do link deve ficar entre 1 segundo e 12 horas."),
    (["panel-link", "--space", "enotas", "--ttl", "logo"], "erro: Validade inválida 'logo'; use por exemplo 90s, 15m ou 2h."),
    (["panel-link", "--space", "enotas", "--base-url", "ftp://x"],
     "erro: Endereço inválido 'ftp://x'; use por exemplo https://copiloto.exemplo.com.br."),
    (["feedback", "export", "--space", "nada"], "erro: Espaço desconhecido: 'nada'."),
])
def test_bad_input_is_a_portuguese_message_and_exit_code_2(env, args, message):
    result = run(env, *args)
    assert result.exit_code == 2 and result.stderr.strip() == message and result.stdout == ""


def test_panel_link_puts_a_short_lived_token_in_the_fragment(env):
    result = run(env, "panel-link", "--space", "enotas", "--ttl", "10m", "--base-url", "https://copiloto.acme.com.br/")
    assert result.exit_code == 0, result.output
    url = result.stdout.strip()
    assert url.startswith("https://copiloto.acme.com.br/panel#token=pt.") and "?" not in url
    assert verify_panel_token(_settings(env), url.split("#token=")[1]) == ("analyst", frozenset({"enotas"}))
    assert result.stderr == "Link válido por 10 min 0 s para: enotas.\n"
    default = run(env, "panel-link", "-s", "voalle").stdout
    assert default.startswith("http://127.0.0.1:8000/panel#token=pt.")


@pytest.mark.parametrize(("text", "seconds"), [("900", 900), ("90s", 90), ("15m", 900), ("2h", 7200), (" 5 m ", 300)])
def test_lifetimes_read_like_people_write_them(text, seconds):
    assert parse_ttl(text) == seconds


def test_feedback_export_writes_cases_a_curator_can_edit(env, tmp_path):
    store = FeedbackStore(open_database(_settings(env)))
    ticket = {"space": "voalle", "id": "3301", "subject": "Internet caindo toda noite",
              "description": "Desde segunda a conexão cai perto das 22h."}
    store.record(space="voalle", target="next_step", vote="down", ticket=ticket,
                 suggestion={"text": "Abrir OS de visita técnica", "procedure": "Suporte", "step": "passo 3"},
                 comment="antes tem que fazer o teste de conexão")
    store.record(space="enotas", target="checklist", vote="up", ticket={"space": "enotas", "id": "1", "subject": "Nota"},
                 suggestion={"title": "Falha no sistema"})
    out = tmp_path / "casos.yaml"
    result = run(env, "feedback", "export", "--space", "voalle", "-o", str(out))
    assert result.exit_code == 0 and result.stderr == f"1 caso gravado em {out} (1 precisa de rótulo).\n"
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["space"] == "voalle" and [c["ticket"]["id"] for c in data["cases"]] == ["3301"]
    case = data["cases"][0]
    assert case["needs_label"] is True and case["expected"]["next_step"] is None
    assert case["feedback"][0]["comment"] == "antes tem que fazer o teste de conexão"
    everything = yaml.safe_load(run(env, "feedback", "export").stdout)
    assert sorted(c["ticket"]["space"] for c in everything["cases"]) == ["enotas", "voalle"]


def test_the_copilot_command_offers_them():
    from copilot.cli import app

    for command in (["token", "--help"], ["feedback", "export", "--help"], ["panel-link", "--help"]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 0, f"copilot {' '.join(command)}: {result.output}"
