"""copilot suggest TICKET.json: readable by default, JSON with --json, pt-BR errors with exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from copilot.kb.catalog import Catalog
from copilot.settings import Settings
from copilot.suggest import Suggester
from copilot.suggest.cli import suggest_command
from tests.suggest.conftest import ListRetriever
from tests.suggest.tiny_kb import CHUNKS, write_tiny_kb

runner = CliRunner()


@pytest.fixture
def app(tmp_path, embedder):
    kb = write_tiny_kb(tmp_path)
    suggester = Suggester(Catalog(kb), ListRetriever(CHUNKS), embedder, Settings(kb_dir=kb, data_dir=tmp_path / "d"))
    cli = typer.Typer()

    @cli.command()
    def suggest(ticket: Path, as_json: Annotated[bool, typer.Option("--json")] = False,
                format: Annotated[str, typer.Option("--format")] = "contract") -> None:
        suggest_command(ticket, as_json, format, suggester=suggester)

    return cli


@pytest.fixture
def ticket_file(tmp_path) -> Path:
    path = tmp_path / "ticket.json"
    path.write_text(json.dumps({"space": "acme", "subject": "meu pedido não chegou ainda", "description": "[urgente] entrega atrasada",
                                "requester": {"name": "Joana"}}), encoding="utf-8")
    return path


def test_readable_output_shows_checklist_template_step_articles_and_sla(app, ticket_file):
    result = runner.invoke(app, [str(ticket_file)])
    assert result.exit_code == 0, result.output
    for heading in ("Checklist", "Modelo de resposta", "Próximo passo", "Artigos", "SLA"):
        assert heading in result.output
    assert "Entrega atrasada" in result.output and "solicitar ao cliente" in result.output
    assert "fonte: POP Acme › Atendimento › Bloco 1 - Triagem" in result.output


def test_json_output_is_the_api_answer(app, ticket_file):
    result = runner.invoke(app, [str(ticket_file), "--json"])
    assert json.loads(result.output)["checklist"]["title"] == "Entrega atrasada"


@pytest.mark.parametrize(("content", "message"), [(None, "arquivo não encontrado"), ("{oops", "não é um JSON válido"),
                                                  ('{"space": "acme"}', "precisa de 'subject' ou 'description'"),
                                                  ('{"space": "zzz", "subject": "x"}', "Espaço desconhecido")])
def test_bad_input_is_a_pt_br_message_and_exit_2(app, tmp_path, content, message):
    path = tmp_path / "entrada.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, [str(path)])
    assert result.exit_code == 2 and message in result.output
