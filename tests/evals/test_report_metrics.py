"""Every number the eval report adds, against values worked out by hand."""

from __future__ import annotations

import pytest

from copilot.evals._compare import compare, flatten_metrics
from copilot.evals._gate import check_gate
from copilot.evals._run import confusion
from copilot.evals._svg import histogram_bins
from copilot.evals.drafts import run_drafts_eval
from tests.evals.report_fixture import THRESHOLDS, result


def test_the_confusion_matrix_counts_each_expected_and_suggested_checklist():
    pairs = [("Falha no sistema", "Falha no sistema"), ("Falha no sistema", "Solicitação de serviço"),
             ("Solicitação de serviço", "Solicitação de serviço"), ("(nenhum)", "Falha no sistema"),
             ("Falha no sistema", "(erro)")]
    got = confusion(pairs)
    assert got["labels"] == ["Falha no sistema", "Solicitação de serviço", "(nenhum)", "(erro)"]
    assert got["matrix"] == [[1, 1, 0, 1],
                             [0, 1, 0, 0],
                             [1, 0, 0, 0],
                             [0, 0, 0, 0]]
    assert sum(map(sum, got["matrix"])) == len(pairs)


class _Finding:
    def __init__(self, rule, start, end, text, severity="error"):
        self.values = {"rule": rule, "start": start, "end": end, "text": text, "severity": severity}

    def model_dump(self):
        return dict(self.values)


class ScriptedChecker:
    """Answers each draft with the findings written for it."""

    def __init__(self, answers):
        self.answers = answers

    def check(self, draft, space, ticket=None, now=None):
        class Result:
            findings = [_Finding(*f) for f in self.answers.get(draft, [])]
        return Result()


def test_precision_recall_and_f1_per_rule_match_the_hand_count(tmp_path):
    (tmp_path / "casos.yaml").write_text("""cases:
  - id: a
    space: acme
    draft: "Vou estar verificando e retorno amanhã."
    expected:
      - {rule: gerund, text: "Vou estar verificando", severity: error}
      - {rule: unverified-deadline, text: "amanhã"}
  - id: b
    space: acme
    draft: "Estarei passando o caso."
    expected:
      - {rule: gerund, text: "Estarei passando", severity: error}
  - id: c
    space: acme
    draft: "Obrigado pelo contato, segundo o sistema está tudo certo."
    expected: []
""", encoding="utf-8")
    checker = ScriptedChecker({
        "Vou estar verificando e retorno amanhã.": [("gerund", 0, 21, "Vou estar verificando")],
        "Estarei passando o caso.": [("gerund", 0, 16, "Estarei passando"), ("unverified-deadline", 17, 24, "o caso.")],
        "Obrigado pelo contato, segundo o sistema está tudo certo.": [("gerund", 23, 30, "segundo")],
    })
    got = run_drafts_eval(checker, tmp_path)
    # gerund: 2 right, 1 false ("segundo"), 0 missed → P = 2/3, R = 1, F1 = 0.8
    assert got["rules"]["gerund"] == {"tp": 2, "fp": 1, "fn": 0, "precision": 0.6667, "recall": 1.0, "f1": 0.8}
    # deadline: 0 right, 1 false, 1 missed → P = R = F1 = 0
    assert got["rules"]["unverified-deadline"] == {"tp": 0, "fp": 1, "fn": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert got["clean_false_positive_rate"] == 1.0


def test_compare_reports_each_metric_delta_with_its_direction_and_each_flipped_case():
    base, now = result(), result()
    now["retrieval"]["table"][0]["recall@1"] = 1.0   # 0.5 → 1.0: better
    now["tickets"]["spaces"]["acme"]["next_step_accuracy"] = 0.25  # 0.5 → 0.25: worse
    now["drafts"]["clean_false_positive_rate"] = 0.5  # 0 → 0.5: worse (lower is better)
    now["retrieval"]["table"][0]["p95_ms"] = 20.0  # 3.8 → 20 ms: worse (lower is better)
    now["retrieval"]["table"][0]["p50_ms"] = 2.5  # 2 → 2.5 ms: timing noise, not a change
    now["retrieval"]["table"][1]["p95_ms"] = 0.1  # 0.4 → 0.1 ms: under 5 ms, noise too
    now["tickets"]["case_status"].update({"acme-t003": True, "acme-t001": False})
    now["drafts"]["case_status"]["ger-003"] = True
    del now["drafts"]["case_status"]["cln-001"]
    diff = compare(base, now)
    better = {(d["scope"], d["metric"]): round(d["change"], 4) for d in diff["better"]}
    worse = {(d["scope"], d["metric"]): round(d["change"], 4) for d in diff["worse"]}
    assert better == {("acme · hybrid", "recall@1"): 0.5}
    assert worse == {("acme", "next_step_accuracy"): -0.25, ("rascunhos limpos", "clean_false_positive_rate"): 0.5,
                     ("acme · hybrid", "p95_ms"): 16.2}
    assert diff["fixed"] == [{"suite": "tickets", "id": "acme-t003"}]
    assert diff["broken"] == [{"suite": "tickets", "id": "acme-t001"}]
    assert diff["added"] == [{"suite": "drafts", "id": "ger-003"}]
    assert diff["removed"] == [{"suite": "drafts", "id": "cln-001"}]
    assert diff["unchanged"] == len(flatten_metrics(now)) - 4


def test_a_retrieval_case_flips_when_its_gold_passage_leaves_the_top_five():
    base, now = result(), result()
    now["retrieval"]["per_case"][1]["rank"] = 6
    assert compare(base, now)["broken"] == [{"suite": "retrieval", "id": "acme-r002"}]


def test_the_gate_checks_every_bar_and_names_the_ones_not_met():
    bars = {(b.suite, b.scope, b.metric): b for b in check_gate(result(), THRESHOLDS)}
    assert set(bars) == {("retrieval", "acme", "hybrid recall@5"), ("retrieval", "todos", "hybrid recall@5"),
                         ("tickets", "acme", "checklist_accuracy"), ("drafts", "gerund", "f1"),
                         ("drafts", "unverified-deadline", "f1"), ("drafts", "todos", "clean_false_positive_rate")}
    failed = {key for key, bar in bars.items() if not bar.passed}
    assert failed == {("tickets", "acme", "checklist_accuracy"), ("drafts", "gerund", "f1")}
    assert bars[("tickets", "acme", "checklist_accuracy")].describe() == \
        "tickets · acme · checklist_accuracy = 0.750 (barra ≥ 0.85)"
    assert bars[("drafts", "todos", "clean_false_positive_rate")].describe().endswith("(barra ≤ 0.02)")


def test_a_value_exactly_at_the_bar_passes_and_a_missing_one_fails():
    exact = result()
    exact["drafts"]["rules"]["gerund"]["f1"] = 0.95
    assert all(b.passed for b in check_gate(exact, {"drafts": {"gerund_f1": 0.95}}))
    missing = check_gate(result(), {"drafts": {"personal_data_f1": 0.9}})
    assert [(b.scope, b.value, b.passed) for b in missing] == [("personal-data", None, False)]
    over = result()
    over["drafts"]["clean_false_positive_rate"] = 0.03
    assert not check_gate(over, {"drafts": {"clean_false_positive_rate_max": 0.02}})[0].passed


def test_suites_that_did_not_run_are_not_gated():
    only_drafts = {"drafts": result()["drafts"]}
    assert {b.suite for b in check_gate(only_drafts, THRESHOLDS)} == {"drafts"}


@pytest.mark.parametrize("values, counts, overflow", [
    ([1, 2, 3, 4], [0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1], 1),  # top = p95 = 3: bins of 0.25, 4 overflows
    ([10] * 19 + [1000], [0] * 11 + [19], 1),
])
def test_latency_histogram_bins(values, counts, overflow):
    edges, got, extra = histogram_bins(values)
    assert got == counts and extra == overflow
    assert len(edges) == len(counts) + 1


def test_a_ticket_bar_is_skipped_where_no_case_has_the_label_but_a_misspelt_bar_fails():
    bars = check_gate(result(), {"tickets": {"article_hit_at_5": 0.85, "checklist_acuracy": 0.85}})
    assert [(b.scope, b.metric, b.passed) for b in bars] == [("todos", "checklist_acuracy", False)]


def test_a_curator_of_some_spaces_gets_the_drafts_totals_of_those_spaces_only():
    from copilot.evals.report import visible_results

    full = result()
    full["drafts"]["spaces"]["beta"] = {"cases": 4, "clean_cases": 2, "clean_false_positive_rate": 0.5,
                                        "rules": {"gerund": {"tp": 1, "fp": 1, "fn": 0, "precision": 0.5,
                                                             "recall": 1.0, "f1": 0.6667}}}
    both = visible_results(full, {"acme", "beta"})["drafts"]
    # gerund: tp 2+1, fp 0+1, fn 1+0 → P = 3/4, R = 3/4, F1 = 0.75
    assert both["rules"]["gerund"] == {"tp": 3, "fp": 1, "fn": 1, "precision": 0.75, "recall": 0.75, "f1": 0.75}
    assert both["cases"] == 7 and both["clean_cases"] == 3
    assert both["clean_false_positive_rate"] == round(1 / 3, 4)  # one of beta's two clean drafts was flagged
    only_beta = visible_results(full, {"beta"})["drafts"]
    assert set(only_beta["rules"]) == {"gerund"} and only_beta["failures"] == []
