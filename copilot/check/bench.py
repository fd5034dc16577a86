"""Check latency for a 1,500-character draft: ``python -m copilot.check.bench [runs]``.

The check runs on every pause in typing; the target is p95 ≤ 10 ms. The draft
below breaks most rules at once (gerundismo, deadlines, a bare transfer, a
redundant request) so every engine does its work.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from copilot.ticket import Ticket

DRAFT = """Olá Roberta, boa tarde!

Eu sou a analista Luciana Prado e sigo com o seu atendimento. Entendi que o seu incidente é a ausência do CST do \
ICMS no registro C170 do SPED Fiscal gerado para outubro, nas notas de entrada com CFOP 1.102. Está correto o meu \
entendimento?

Reproduzimos o cenário no nosso ambiente com o mesmo release e a mesma data dos fontes, e o comportamento se repete. \
Vou estar encaminhando a issue para o time de desenvolvimento, que deve liberar a correção até sexta-feira, e \
estarei acompanhando de perto a análise.

Enquanto isso, como medida paliativa, é possível informar o CST manualmente na rotina de manutenção do livro fiscal \
antes de gerar o arquivo. Lembrando que o vencimento da obrigação é dia 15 e o prazo de entrega segue o calendário \
da SEFAZ.

Para agilizar, poderia nos informar o seu e-mail e o CNPJ da empresa? Também preciso que confirme se o parâmetro \
MV_ESTADO está configurado com a UF correta. O ticket foi transferido para a equipe correta e retornaremos em até \
48 horas úteis com o posicionamento.

Fique tranquila: a correção será publicada na próxima versão do pacote acumulado e, assim que tivermos a data, eu \
aviso por aqui. Se precisar, me ligue amanhã às 10h ou responda por aqui mesmo. Caso a rejeição persista depois da \
atualização, nos envie o XML da nota e o print da mensagem da SEFAZ para analisarmos o retorno junto ao time de \
Framework e ao nosso especialista fiscal. Obrigada pela paciência!

Atenciosamente,
Luciana Prado
Suporte Backoffice | TOTVS"""

TICKET = Ticket(space="totvs", subject="SPED Fiscal: registro C170 sem CST do ICMS",
                description="O CNPJ da filial é 12.345.678/0001-90.",
                requester={"name": "Roberta Aguiar", "email": "roberta@metalurgicasul.com.br",
                           "organization": "Metalúrgica Sul"},
                fields={"data_acordo_entrega": "2026-12-04"}, created_at="2026-11-20T09:00:00-03:00")
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=ZoneInfo("America/Sao_Paulo"))


def measure(checker, runs: int = 300) -> dict[str, float]:
    """p50/p95/max in milliseconds over ``runs`` checks of :data:`DRAFT` (after one warm-up)."""
    checker.check(DRAFT, TICKET.space, TICKET, NOW)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        checker.check(DRAFT, TICKET.space, TICKET, NOW)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"chars": len(DRAFT), "runs": runs, "p50_ms": round(times[len(times) // 2], 2),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 2), "max_ms": round(times[-1], 2)}


if __name__ == "__main__":
    from copilot.check.checker import DraftChecker
    from copilot.kb.catalog import Catalog
    from copilot.settings import Settings
    from copilot.suggest.sla import SlaCalculator

    catalog = Catalog(Settings().kb_dir)
    result = measure(DraftChecker(catalog, SlaCalculator(catalog)), int(sys.argv[1]) if len(sys.argv) > 1 else 300)
    print(f"check: {result['chars']} caracteres, {result['runs']} execuções — p50 {result['p50_ms']} ms, "
          f"p95 {result['p95_ms']} ms, máx {result['max_ms']} ms")
