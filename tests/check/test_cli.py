"""``copilot check``: readable findings with line:column, JSON on request, exit 2 on bad
input; run on the seeds' own model replies it reports what they break."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from copilot.check.cli import check_command, position
from copilot.kb.catalog import Catalog
from tests.check.conftest import REPO

app = typer.Typer()
app.command()(check_command)
ENV = {"COPILOT_KB_DIR": str(REPO / "kb"), "COLUMNS": "200", "NO_COLOR": "1"}


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def test_findings_are_listed_with_line_column_rule_message_suggestion_and_source(tmp_path):
    draft = tmp_path / "rascunho.txt"
    draft.write_text("Olá Maria,\nvou estar verificando o problema.\n", encoding="utf-8")
    result = run(str(draft), "--space", "info")
    assert result.exit_code == 0, result.output
    assert "2:1" in result.output and "gerund" in result.output and "erro" in result.output
    assert "«vou estar verificando»" in result.output
    assert "correção segura: vou verificar" in result.output
    assert "fonte: Atendimento padrão Info — conduta com o cliente › ATENDIMENTO PADRÃO INFO" in result.output
    assert "Olá Maria,\nvou verificar o problema." in result.output


def test_json_is_the_apis_answer(tmp_path):
    draft = tmp_path / "r.txt"
    draft.write_text("Estaremos analisando.", encoding="utf-8")
    ticket = tmp_path / "t.json"
    ticket.write_text(json.dumps({"space": "totvs", "subject": "Lentidão no MATA460"}), encoding="utf-8")
    result = run(str(draft), "--ticket", str(ticket), "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["findings"][0]["rule"] == "gerund" and answer["fixed_draft"] == "Analisaremos."
    assert set(answer) >= {"findings", "fixed_draft", "timings_ms"}


@pytest.mark.parametrize("args, message", [
    (["nao-existe.txt", "--space", "info"], "não encontrado"),
    (["{draft}"], "informe o espaço"),
    (["{draft}", "--space", "marte"], "Espaço desconhecido: 'marte'"),
    (["{draft}", "--ticket", "{bad_json}"], "não é um JSON válido"),
    (["{draft}", "--ticket", "{ticket}", "--space", "info"], "o ticket é do espaço 'totvs'"),
])
def test_bad_input_is_a_portuguese_message_and_exit_2(tmp_path, args, message):
    paths = {"draft": tmp_path / "r.txt", "bad_json": tmp_path / "bad.json", "ticket": tmp_path / "t.json"}
    paths["draft"].write_text("Olá.", encoding="utf-8")
    paths["bad_json"].write_text("{sem aspas}", encoding="utf-8")
    paths["ticket"].write_text(json.dumps({"space": "totvs", "subject": "x"}), encoding="utf-8")
    result = run(*[a.format(**{k: str(v) for k, v in paths.items()}) for a in args])
    assert result.exit_code == 2
    assert message in result.output


def test_position_is_one_based_line_and_column():
    assert position("ab\ncd", 4) == (2, 2) and position("abc", 0) == (1, 1)


def test_the_seeds_own_model_replies_are_checked(tmp_path):
    """The curated macros copy the seeds' replies; the checker reports what they break."""
    catalog = Catalog(REPO / "kb")
    report = {}
    for space in catalog.space_ids():
        for template in catalog.macros(space).templates:
            path = tmp_path / f"{template.id}.txt"
            path.write_text(template.body, encoding="utf-8")
            result = run(str(path), "--space", space, "--json")
            assert result.exit_code == 0, result.output
            report[template.id] = [(f["rule"], f["text"]) for f in json.loads(result.output)["findings"]]
    # Info's model reply breaks its own rule: "eu pessoalmente estarei acompanhando isso".
    assert ("gerund", "estarei acompanhando") in report["info-verificar-setor-responsavel"]
    # Every template still holds its [placeholders]: the checker never lets one go out unfilled.
    assert ("unfilled-placeholder", "[nome cliente]") in report["totvs-primeiro-contato"]
    # The policy examples of the seed are facts, not promises.
    assert not any(rule == "unverified-deadline" for rule, _ in report["info-sistema-nao-bloqueado"])
