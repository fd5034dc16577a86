"""A tiny space written for the specs: one POP, two checklists, one model reply, one procedure."""

from __future__ import annotations

from pathlib import Path

from copilot.kb.documents import Chunk

POP = """---
id: acme-pop
title: POP Acme
kind: pop
source: testes
---

# Atendimento

## Bloco 1 - Triagem

1. Verificar se o cliente informou o número do pedido. Se NÃO, solicitar ao cliente.
2. Se a entrega atrasou, abrir chamado com a transportadora e avisar o cliente.

## Bloco 2 - Respostas

Modelo de resposta: "Olá [nome cliente], recebemos o seu pedido sobre [detalhar o que entendeu] e vamos verificar."
"""

MACROS = """checklists:
  - id: acme-entrega
    title: "Entrega atrasada"
    when_to_use: "Quando o pedido não chegou no prazo de entrega combinado."
    examples: ["meu pedido não chegou ainda", "a entrega está atrasada faz uma semana", "cadê minha encomenda atrasada"]
    questions:
      - {id: rastreio, text: "Código de rastreio informado?", options: ["Sim", "Não"]}
      - {id: canal, text: "Canal da compra:", options: ["Loja física", "Site", "Aplicativo"]}
    source: {doc_id: acme-pop, section: "Atendimento › Bloco 1 - Triagem", title: "POP Acme"}
  - id: acme-defeito
    title: "Produto com defeito"
    when_to_use: "Quando o produto chegou quebrado ou com defeito de fabricação."
    examples: ["o liquidificador chegou quebrado", "a tela do celular veio riscada", "produto com defeito de fábrica"]
    questions:
      - {id: fotos, text: "Fotos do defeito enviadas?", options: ["Sim", "Não"]}
    source: {doc_id: acme-pop, section: "Atendimento › Bloco 1 - Triagem", title: "POP Acme"}
templates:
  - id: acme-recebemos
    title: "Recebemos o pedido"
    when_to_use: "Confirmar ao cliente que o pedido foi recebido."
    examples: ["quero saber se receberam meu pedido"]
    body: "Olá [nome cliente], recebemos o seu pedido sobre [detalhar o que entendeu] e vamos verificar."
    source: {doc_id: acme-pop, section: "Atendimento › Bloco 2 - Respostas", title: "POP Acme"}
"""

PROCEDURES = """checklist_policy: every_ticket
facts:
  order_number_given:
    description: "O cliente informou o número do pedido."
    fields: ["número do pedido", "pedido"]
    present_means: "true"
    patterns: ['#\\d{4,}']
    look_in: [customer_text]
    default: false
  delivery_late:
    description: "A entrega atrasou."
    true_phrases: ["entrega atrasada", "não chegou", "atrasou"]
    look_in: [customer_text, internal_notes]
    default: false
procedures:
  - id: acme-triagem
    title: "Bloco 1 - Triagem"
    doc_id: acme-pop
    doc_title: "POP Acme"
    applies: always
    steps:
      - id: pedir-pedido
        label: "Bloco 1, passo 1"
        text: "Verificar se o cliente informou o número do pedido. Se NÃO, solicitar ao cliente."
        section: "Atendimento › Bloco 1 - Triagem"
        do_when: {fact: order_number_given, is: false}
        template: acme-recebemos
      - id: transportadora
        label: "Bloco 1, passo 2"
        text: "Se a entrega atrasou, abrir chamado com a transportadora e avisar o cliente."
        section: "Atendimento › Bloco 1 - Triagem"
        do_when: {fact: delivery_late, is: true}
"""


def write_tiny_kb(root: Path) -> Path:
    space = root / "kb" / "acme"
    (space / "docs").mkdir(parents=True)
    (space / "space.yaml").write_text("id: acme\nname: Acme\n", encoding="utf-8")
    (space / "docs" / "acme-pop.md").write_text(POP, encoding="utf-8")
    (space / "macros.yaml").write_text(MACROS, encoding="utf-8")
    (space / "procedures.yaml").write_text(PROCEDURES, encoding="utf-8")
    other = root / "kb" / "outro"
    other.mkdir()
    (other / "space.yaml").write_text("id: outro\n", encoding="utf-8")
    return root / "kb"


CHUNKS = [
    Chunk("acme", "acme-pop", "POP Acme", "pop", "Atendimento › Bloco 1 - Triagem",
          "1. Verificar se o cliente informou o número do pedido. Se NÃO, solicitar ao cliente.\n"
          "2. Se a entrega atrasou, abrir chamado com a transportadora e avisar o cliente.", 0),
    Chunk("acme", "acme-pop", "POP Acme", "pop", "Atendimento › Bloco 2 - Respostas",
          "Modelo de resposta: Olá [nome cliente], recebemos o seu pedido.", 1),
    Chunk("outro", "outro-doc", "Outro", "pop", "Segredo", "texto de outro espaço sobre pedido atrasado", 0),
]
