"""Suggest and check latency, warm, without a language model."""

from __future__ import annotations

from pathlib import Path

import yaml

from bench.timing import p50_p95, time_each
from copilot.runtime import build_runtime
from copilot.settings import Settings
from copilot.ticket import Ticket


def eval_tickets(settings: Settings) -> list[Ticket]:
    tickets = []
    for path in sorted(Path(settings.evals_dir / "tickets").glob("*.yaml")):
        for case in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("cases", []):
            tickets.append(Ticket.model_validate(case["ticket"]))
    return tickets


def bench_suggest(settings: Settings) -> list[tuple[str, str]]:
    runtime = build_runtime(settings.model_copy(update={"llm_model": None}))
    tickets = eval_tickets(settings)
    return [("suggest (quente, sem LLM)", p50_p95(time_each(runtime.suggester.suggest, tickets)))]


def long_draft() -> str:
    """~1,500 characters of a realistic reply with a few things to flag."""
    text = (
        "Olá Maria, tudo bem? Eu sou o analista João e seguirei com o seu atendimento. "
        "Entendi que a nota fiscal de serviço emitida no dia 10 foi rejeitada pela prefeitura por causa do código "
        "de serviço informado no cadastro da empresa. Vou estar verificando o cadastro junto com o time fiscal "
        "e retorno até amanhã com a correção. Enquanto isso, segundo o manual da prefeitura, o código correto "
        "para a sua atividade deve ser conferido no portal do município. Caso queira, podemos agendar uma "
        "ligação para revisar juntos as configurações de emissão automática. Estarei enviando também o link "
        "da documentação sobre alíquotas de ISS e retenções. Se a rejeição voltar a acontecer, por favor "
        "nos envie o XML da nota e o print da mensagem de erro. O desenvolvimento entrega a correção da "
        "integração até sexta. Qualquer dúvida, estamos à disposição. "
    )
    return (text * 2)[:1500]


def bench_check(settings: Settings) -> list[tuple[str, str]]:
    runtime = build_runtime(settings)
    draft = long_draft()
    variants = [draft[: len(draft) - i] for i in range(0, 200, 2)]  # as the analyst types
    return [(f"check rascunho de {len(draft)} caracteres",
             p50_p95(time_each(lambda d: runtime.checker.check(d, "info"), variants)))]
