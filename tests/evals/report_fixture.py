"""A tiny, fixed eval result (two spaces, every suite) whose numbers are easy to check by hand."""

from __future__ import annotations

import copy

RESULT = {
    "meta": {"created_at": "2026-11-24T12:00:00+00:00", "suites": ["retrieval", "tickets", "drafts"],
             "seconds": {"retrieval": 1.5, "tickets": 2.0, "drafts": 0.5}},
    "retrieval": {
        "suite": "retrieval", "k": 5, "curve_k": 3, "cases": 2,
        "table": [
            {"space": "acme", "method": "hybrid", "n": 2, "recall@1": 0.5, "recall@5": 1.0, "mrr": 0.75,
             "ndcg@5": 0.815, "p50_ms": 2.0, "p95_ms": 3.8, "unfindable": 0, "recall_curve": [0.5, 1.0, 1.0]},
            {"space": "acme", "method": "lexical", "n": 2, "recall@1": 0.0, "recall@5": 0.5, "mrr": 0.25,
             "ndcg@5": 0.315, "p50_ms": 0.3, "p95_ms": 0.4, "unfindable": 0, "recall_curve": [0.0, 0.0, 0.5]},
            {"space": "todos", "method": "hybrid", "n": 2, "recall@1": 0.5, "recall@5": 1.0, "mrr": 0.75,
             "ndcg@5": 0.815, "p50_ms": 2.0, "p95_ms": 3.8, "unfindable": 0, "recall_curve": [0.5, 1.0, 1.0]},
        ],
        "failures": [{"id": "acme-r002", "space": "acme", "query": "nota <b>rejeitada</b>?", "findable": True,
                      "gold": ["conferir o código de serviço"],
                      "got": [{"section": "POP › Bloco 1", "text": "Verificar se o cliente está ativo.", "score": 0.42}]}],
        "per_case": [{"id": "acme-r001", "space": "acme", "method": "hybrid", "rank": 1, "ms": 2.0},
                     {"id": "acme-r002", "space": "acme", "method": "hybrid", "rank": 2, "ms": 4.0},
                     {"id": "acme-r001", "space": "acme", "method": "lexical", "rank": 3, "ms": 0.3},
                     {"id": "acme-r002", "space": "acme", "method": "lexical", "rank": None, "ms": 0.4}],
    },
    "tickets": {
        "spaces": {
            "acme": {"cases": 4, "checklist_accuracy": 0.75, "template_accuracy": 1.0, "next_step_accuracy": 0.5,
                     "article_hit_at_5": None, "nothing_fits_precision": 1.0, "nothing_fits_recall": 1.0,
                     "failures": [{"id": "acme-t003", "wrong": ["checklist", "next_step"],
                                   "expected": {"checklist": "Falha no sistema", "template": None, "next_step": ["mesclar"]},
                                   "got": {"checklist": "Solicitação de serviço", "template": None, "next_step": "Verificar."},
                                   "articles": [{"title": "POP", "section": "Bloco 1", "excerpt": "Verificar.", "score": 0.5}]}]},
        },
        "overall": {"cases": 4, "checklist_accuracy": 0.75, "template_accuracy": 1.0, "next_step_accuracy": 0.5,
                    "article_hit_at_5": None, "nothing_fits_precision": 1.0, "nothing_fits_recall": 1.0, "failures": []},
        "latency_ms": {"p50": 80.0, "p95": 120.0}, "threshold": 0.85,
        "case_status": {"acme-t001": True, "acme-t002": True, "acme-t003": False, "acme-t004": True},
        "case_spaces": {"acme-t001": "acme", "acme-t002": "acme", "acme-t003": "acme", "acme-t004": "acme"},
        "checklist_confusion": {"acme": {"labels": ["Falha no sistema", "Solicitação de serviço", "(nenhum)"],
                                         "matrix": [[1, 1, 0], [0, 1, 0], [0, 0, 1]]}},
        "latencies_ms": [70.0, 80.0, 90.0, 120.0],
    },
    "drafts": {
        "cases": 3, "clean_cases": 1, "clean_false_positive_rate": 0.0, "severity_mismatches": 0,
        "rules": {"gerund": {"tp": 2, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.6667, "f1": 0.8},
                  "unverified-deadline": {"tp": 1, "fp": 1, "fn": 0, "precision": 0.5, "recall": 1.0, "f1": 0.6667}},
        "failures": [{"id": "ger-002", "file": "gerund.yaml", "space": "acme", "draft": "Vou estar enviando hoje.",
                      "missing": [{"rule": "gerund", "text": "Vou estar enviando"}],
                      "unexpected": [{"rule": "unverified-deadline", "text": "hoje"}]}],
        "case_status": {"ger-001": True, "ger-002": False, "cln-001": True},
        "case_spaces": {"ger-001": "acme", "ger-002": "acme", "cln-001": "acme"},
        "latencies_ms": [1.0, 2.0, 1.5],
        "spaces": {"acme": {"cases": 3, "clean_cases": 1, "clean_false_positive_rate": 0.0,
                            "rules": {"gerund": {"tp": 2, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.6667, "f1": 0.8},
                                      "unverified-deadline": {"tp": 1, "fp": 1, "fn": 0, "precision": 0.5,
                                                              "recall": 1.0, "f1": 0.6667}}}},
    },
}

THRESHOLDS = {"retrieval": {"hybrid_recall_at_5": 0.9}, "tickets": {"checklist_accuracy": 0.85,
                                                                    "article_hit_at_5": 0.85},
              "drafts": {"gerund_f1": 0.95, "unverified_deadline_f1": 0.5, "clean_false_positive_rate_max": 0.02}}


def result() -> dict:
    return copy.deepcopy(RESULT)
