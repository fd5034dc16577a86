"""`copilot eval` as a curator's CI uses it: files written, --compare, --gate and its exit codes.

The suites themselves are replaced by a fixed result: these tests are about
the command, not the model (the real runs are in test_*_quality.py)."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from copilot.cli import app
from tests.evals.report_fixture import THRESHOLDS, result


@pytest.fixture
def env(tmp_path, monkeypatch):
    evals = tmp_path / "evals"
    evals.mkdir()
    (evals / "thresholds.yaml").write_text(yaml.safe_dump(THRESHOLDS), encoding="utf-8")
    calls = []

    def fake_run(settings, suites, components=None, progress=None):
        calls.append(list(suites))
        for done in (1, 2):
            progress("tickets", done, 2)
        full = result()
        return {"meta": full["meta"], **{s: full[s] for s in suites}}

    monkeypatch.setattr("copilot.evals._run.run_suites", fake_run)
    return {"env": {"COPILOT_EVALS_DIR": str(evals), "COPILOT_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"},
            "tmp": tmp_path, "calls": calls}


def run(env, *args):
    return CliRunner().invoke(app, ["eval", *args], env=env["env"])


def test_eval_writes_the_json_and_the_html_report_and_prints_plain_progress(env):
    out, html = env["tmp"] / "r.json", env["tmp"] / "relatorio" / "r.html"
    got = run(env, "-o", str(out), "--html", str(html))
    assert got.exit_code == 0, got.output
    assert env["calls"] == [["retrieval", "tickets", "drafts"]]
    assert "Avaliando tickets: 2/2" in got.output  # not a terminal: plain lines for CI logs
    assert json.loads(out.read_text(encoding="utf-8"))["tickets"]["spaces"]["acme"]["checklist_accuracy"] == 0.75
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "Relatório de avaliação do copiloto" in page


def test_one_suite_runs_alone(env):
    got = run(env, "drafts", "--html", str(env["tmp"] / "r.html"))
    assert got.exit_code == 0, got.output
    assert env["calls"] == [["drafts"]]
    assert "gerund" in got.output and "Sugestões" not in got.output


def test_the_gate_names_each_bar_not_met_and_exits_1(env):
    got = run(env, "--gate", "--html", str(env["tmp"] / "r.html"))
    assert got.exit_code == 1
    assert "barra não atingida: tickets · acme · checklist_accuracy = 0.750 (barra ≥ 0.85)" in got.output
    assert "barra não atingida: drafts · gerund · f1 = 0.800 (barra ≥ 0.95)" in got.output
    assert got.output.count("barra não atingida") == 2


def test_the_gate_passes_when_every_bar_is_met(env):
    (env["tmp"] / "evals" / "thresholds.yaml").write_text("drafts:\n  gerund_f1: 0.8\n", encoding="utf-8")
    got = run(env, "drafts", "--gate", "--html", str(env["tmp"] / "r.html"))
    assert got.exit_code == 0, got.output
    assert "Todas as 1 barras atingidas." in got.output


def test_compare_prints_what_got_worse_and_the_report_shows_it(env):
    base = result()
    base["tickets"]["spaces"]["acme"]["checklist_accuracy"] = 1.0
    base["tickets"]["case_status"]["acme-t003"] = True
    (env["tmp"] / "base.json").write_text(json.dumps(base), encoding="utf-8")
    html = env["tmp"] / "r.html"
    got = run(env, "--compare", str(env["tmp"] / "base.json"), "--html", str(html))
    assert got.exit_code == 0, got.output
    assert "piorou: tickets · acme · checklist_accuracy: 1.000 → 0.750 (-0.250)" in got.output
    assert "quebrou: tickets · acme-t003" in got.output
    assert "O que mudou desde" in html.read_text(encoding="utf-8")


@pytest.mark.parametrize("content, message", [(None, "não encontrado"), ("{não é json", "não é um resultado JSON")])
def test_a_bad_base_file_is_a_message_and_exit_2(env, content, message):
    base = env["tmp"] / "base.json"
    if content is not None:
        base.write_text(content, encoding="utf-8")
    got = run(env, "--compare", str(base))
    assert got.exit_code == 2 and message in got.output and "Traceback" not in got.output
    assert env["calls"] == []  # refused before running anything
