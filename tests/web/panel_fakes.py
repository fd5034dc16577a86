"""Deterministic stand-ins for the panel's tests: a small space "acme", a suggester
that answers from the catalog, and a fixed checker answer.

The fake suggester reads the space's own macros and first POP section, so it
answers for any kb (the fixture's or the real one) without a model.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from copilot.check.models import CheckResult, Finding, SourceOut, Timings
from copilot.kb.catalog import Catalog
from copilot.kb.documents import SECTION_SEPARATOR
from copilot.kb.macros import SourceRef
from copilot.suggest.checklists import render
from copilot.suggest.results import (Article, ChecklistAnswer, ChecklistSuggestion, NextStep, SlaInfo,
                                     SuggestResult, TemplateSuggestion)

ACME_SPACE = "id: acme\nname: \"Acme — Suporte Emissor\"\n"
ACME_POP = """---
id: acme-pop-atendimento
title: POP — Atendimento Acme
kind: pop
source: tests
updated: 2026-11-24
---

# Passo a Passo

## Bloco 1 - Análise inicial

1. Verificar se o cliente está ativo no painel.
  - Nos casos de bloqueio por inadimplência, inserir uma nota interna com os prints do bloqueio e alterar o status para “Pendente Financeiro”.
"""
ACME_MACROS = """checklists:
  - id: acme-checklist-falha
    title: "Falha no sistema"
    when_to_use: "Quando houver falha no funcionamento do sistema."
    questions:
      - id: falha-refere-se
        text: "A falha refere-se a:"
        options: ["Apps", "Painel Emissor", "Integração API"]
      - id: dados-acesso
        text: "Cliente passou dados de acesso?"
        options: ["Sim", "Não", "Não se aplica"]
    closing: "Descrição da análise realizada:"
    source: {doc_id: acme-pop-atendimento, section: "Passo a Passo › Bloco 1 - Análise inicial", title: "POP — Atendimento Acme"}
templates:
  - id: acme-primeiro-contato
    title: "Primeiro contato"
    when_to_use: "Primeira resposta ao cliente."
    body: "Olá [nome cliente], eu sou o analista [seu nome] e vou cuidar do seu chamado."
    source: {doc_id: acme-pop-atendimento, section: "Passo a Passo › Bloco 1 - Análise inicial", title: "POP — Atendimento Acme"}
"""

TICKET = {
    "space": "acme", "id": "48213", "subject": "App fecha ao emitir nota",
    "description": "Olá, o app fecha sozinho quando tento emitir a nota. <script>alert('x')</script>",
    "status": "novo", "priority": "alta", "channel": "email",
    "requester": {"name": "Maria Souza", "email": "maria@padaria.com.br", "organization": "Padaria Pão Quente"},
}


def make_kb(root: Path) -> Path:
    space = root / "kb" / "acme"
    (space / "docs").mkdir(parents=True)
    (space / "space.yaml").write_text(ACME_SPACE, encoding="utf-8")
    (space / "docs" / "acme-pop-atendimento.md").write_text(ACME_POP, encoding="utf-8")
    (space / "macros.yaml").write_text(ACME_MACROS, encoding="utf-8")
    return root / "kb"


class CatalogSuggester:
    """Answers from the space's first checklist, first template and first POP section."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.calls: list = []

    def suggest(self, ticket, now=None) -> SuggestResult:
        self.calls.append(ticket)
        macros = self.catalog.macros(ticket.space)
        checklist = reply = None
        if macros.checklists:
            c = macros.checklists[0]
            answers = [ChecklistAnswer(id=q.id, text=q.text, options=q.options, multiple=q.multiple,
                                       selected=[q.options[0]] if i == 0 else [], prefilled=i == 0,
                                       evidence="“o app fecha sozinho”" if i == 0 else "")
                       for i, q in enumerate(c.questions)]
            checklist = ChecklistSuggestion(id=c.id, title=c.title, body=render(c, answers), score=0.91,
                                            source=c.source, questions=answers)
        if macros.templates:
            t = macros.templates[0]
            name = ticket.requester.name if ticket.requester and ticket.requester.name else None
            filled = t.body.replace("[nome cliente]", name.split()[0]) if name else t.body
            reply = TemplateSuggestion(id=t.id, title=t.title, body=t.body, filled_body=filled, score=0.8,
                                       source=t.source, placeholders_left=["seu nome"] if "[seu nome]" in filled else [])
        document = self.catalog.documents(ticket.space)[0]
        section = next(s for s in document.sections if s.text.strip())
        where = SECTION_SEPARATOR.join(section.path)
        ref = SourceRef(doc_id=document.id, section=where, title=document.title)
        step = NextStep(text=section.text.strip().splitlines()[-1].strip(" -"), procedure=document.title,
                        step=where, score=0.9, source=ref, reason="Condições atendidas: bloqueado = sim (campo embed_status)")
        articles = [Article(doc_id=document.id, title=document.title, section=where,
                            excerpt=section.text.strip()[:300], score=0.7, chunk_id=f"{document.id}:0")]
        sla = SlaInfo(policy_id="padrao", request_type="Erro / Bug crítico",
                      first_response_due="2026-11-24T10:00:00-03:00", resolution_due="2026-11-24T15:30:00-03:00",
                      first_response_hours_left=-1.25, resolution_hours_left=2.5,
                      business_hours="seg–sex 08:00–18:00", source=ref)
        return SuggestResult(space=ticket.space, checklist=checklist, reply_template=reply, next_step=step,
                             articles=articles, sla=sla, timings_ms={"total": 1.0})


class FixedChecker:
    """The checker's answer for "Vou estar verificando e retorno até amanhã." in any space."""

    def check(self, draft, space, ticket=None, now=None):
        findings = []
        source = SourceOut(doc_id="acme-pop-atendimento", title="Regras de conduta", section="Gerúndio")
        for phrase, suggestion, rule, severity, safe in (
                ("Vou estar verificando", "Vou verificar", "gerund", "error", True),
                ("até amanhã", None, "unverified-deadline", "warning", False)):
            at = draft.find(phrase)
            if at >= 0:
                findings.append(Finding(rule=rule, severity=severity, start=at, end=at + len(phrase), text=phrase,
                                        message=f"Mensagem da regra {rule}.", suggestion=suggestion, source=source,
                                        safe=safe, rule_title=rule.capitalize(), passage="Nunca use frases no gerúndio."))
        fixed = draft.replace("Vou estar verificando", "Vou verificar")
        return CheckResult(findings=findings, fixed_draft=fixed, timings_ms=Timings(total=0.5))


def fake_runtime_factory(checker=None):
    def build(settings):
        catalog = Catalog(settings.kb_dir)
        return SimpleNamespace(settings=settings, catalog=catalog, suggester=CatalogSuggester(catalog),
                               checker=checker or FixedChecker(), retriever=None)
    return build


def panel_app(settings, runtime_factory):
    """The project's app (``create_app``, which serves the panel), its runtime built before returning."""
    from web.app import create_app

    return create_app(settings, runtime_factory=runtime_factory, background=False)
