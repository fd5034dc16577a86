"""The command line, as a curator uses it: index with progress, search, clear errors."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from copilot.cli import app
from copilot.settings import Settings

pytestmark = pytest.mark.model

POP = """---
id: acme-pop-notas
title: POP — Emissão de notas
kind: pop
source: teste
updated: 2026-11-24
---
## Passo a Passo

### Bloco 1 - Análise inicial

1. Verificar se o cliente informou o nome da empresa ou o e-mail da conta:
  - Se NÃO, solicitar ao cliente antes de qualquer análise, usando a macro de dados básicos.
  - Se SIM, conferir se o usuário está vinculado à organização correta no helpdesk.
2. Verificar se o cliente está bloqueado no painel:
  - Nos casos de bloqueio por inadimplência, inserir nota interna com os prints do bloqueio.
  - Alterar o status do ticket para "Pendente Financeiro".

## Agendamento

Quando o cliente pedir uma videoconferência, agendar pela agenda do time.
"""


@pytest.fixture
def env(tmp_path):
    kb = tmp_path / "kb"
    (kb / "acme" / "docs").mkdir(parents=True)
    (kb / "acme" / "space.yaml").write_text("id: acme\nname: Acme\n", encoding="utf-8")
    (kb / "acme" / "docs" / "pop.md").write_text(POP, encoding="utf-8")
    return {"COPILOT_KB_DIR": str(kb), "COPILOT_DATA_DIR": str(tmp_path / "data"),
            "COPILOT_MODEL_DIR": str(Settings().resolved_model_dir), "COLUMNS": "200"}


def test_index_then_search_prints_the_passage_with_its_section(env):
    runner = CliRunner()
    first = runner.invoke(app, ["index"], env=env)
    assert first.exit_code == 0, first.output
    assert "acme" in first.output and "sim" in first.output
    again = runner.invoke(app, ["index"], env=env)
    assert again.exit_code == 0 and "não" in again.output  # unchanged: nothing recomputed
    found = runner.invoke(app, ["search", "cliente inadimplente bloqueado", "--space", "acme", "-k", "1"], env=env)
    assert found.exit_code == 0, found.output
    assert "Passo a Passo › Bloco 1 - Análise inicial › 2" in found.output
    assert "Pendente Financeiro" in found.output


def test_search_in_an_unknown_space_is_a_message_and_exit_2(env):
    result = CliRunner().invoke(app, ["search", "nota", "--space", "nada"], env=env)
    assert result.exit_code == 2
    assert "Espaço desconhecido: 'nada'" in result.output
    assert "Traceback" not in result.output


def test_search_of_a_space_never_indexed_names_the_command_that_fixes_it(env):
    result = CliRunner().invoke(app, ["search", "nota", "--space", "acme"], env=env)
    assert result.exit_code == 2 and "copilot index --space acme" in result.output


def test_unknown_eval_suite_is_refused(env):
    result = CliRunner().invoke(app, ["eval", "tudo"], env=env)
    assert result.exit_code == 2 and "suíte desconhecida" in result.output
