"""Chunking: heading-aware, step-aware, never cutting a word.

Documents are built directly (the loaders have their own tests), with the
shapes real POPs have: procedures with nested bullets, lead-in lines, lists,
tables, long prose.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copilot.kb.chunking import chunk_document, fixed_size_chunks
from copilot.kb.documents import Document, Section
from copilot.kb.loaders import load_path

SEEDS = Path(__file__).parents[2].parent / "shared" / "seeds"

BLOCO_1 = """1. Verificar se o cliente abriu o ticket com todas as informações básicas preenchidas:
  - Nome da empresa ou e-mail da conta. Se NÃO, solicitar ao cliente.
  - Verificar se o usuário e a organização do solicitante estão corretamente vinculados no Movidesk.
2. Verificar se o cliente está ativo no Embed.
  - Se ele estiver bloqueado, confirmar o motivo no canal do financeiro;
  - No ticket, informar ao cliente a respeito do bloqueio e que ele será atendido pelo time financeiro;
3. Verificar se o cliente possui outro ticket aberto para o mesmo assunto.
  - Se existir outro ticket em atendimento, confirmar se o ticket possui um card vinculado."""

BLOCO_2 = """Com a análise concluída, siga os passos abaixo:

1. Acessar o painel do cliente.
2. Solicitar o cancelamento.
3. Informar o cliente."""

SISTEMAS = """Para o atendimento são necessários os seguintes sistemas:
- Movidesk;
- App Enotas;
- Embed;
- Gateway."""


def doc(*sections: Section, title: str = "POP — Atendimento Suporte Emissor") -> Document:
    return Document(id="enotas-pop", space="enotas", title=title, kind="pop", sections=sections)


def words(text: str) -> list[str]:
    return text.split()


def test_a_procedure_is_cut_per_step_with_the_step_number_in_the_path():
    chunks = chunk_document(doc(Section(("Passo a Passo", "Bloco 1 - Análise inicial"), BLOCO_1)))
    assert [c.section for c in chunks] == [
        "Passo a Passo › Bloco 1 - Análise inicial › 1",
        "Passo a Passo › Bloco 1 - Análise inicial › 2",
        "Passo a Passo › Bloco 1 - Análise inicial › 3",
    ]
    assert chunks[1].text.startswith("2. Verificar se o cliente está ativo no Embed.")
    assert "  - No ticket, informar ao cliente a respeito do bloqueio" in chunks[1].text
    assert "3. Verificar" not in chunks[1].text
    assert chunks[1].id == "enotas:enotas-pop:1"


def test_tiny_steps_share_a_chunk_and_the_lead_in_stays_with_them():
    (chunk,) = chunk_document(doc(Section(("Passo a Passo", "Bloco 2 - Cancelamento"), BLOCO_2)))
    assert chunk.section == "Passo a Passo › Bloco 2 - Cancelamento › 1–3"
    assert chunk.text.startswith("Com a análise concluída, siga os passos abaixo:\n\n1. Acessar")
    assert chunk.text.endswith("3. Informar o cliente.")


def test_a_lead_in_goes_with_the_first_step_when_steps_are_not_tiny():
    chunks = chunk_document(doc(Section(("Bloco 1",), "Siga os passos abaixo:\n" + BLOCO_1)))
    assert chunks[0].section == "Bloco 1 › 1"
    assert chunks[0].text.startswith("Siga os passos abaixo:\n1. Verificar")


def test_prose_after_the_last_step_belongs_to_the_section_not_the_step():
    text = BLOCO_1 + "\nSe NÃO houver um card vinculado, mesclar os tickets e alterar o status para \"Pendente Suporte\"."
    chunks = chunk_document(doc(Section(("Bloco 1",), text)))
    assert [c.section for c in chunks] == ["Bloco 1 › 1", "Bloco 1 › 2", "Bloco 1 › 3", "Bloco 1"]
    assert chunks[-1].text.startswith("Se NÃO houver um card vinculado")


def test_a_list_stays_whole_with_its_lead_in():
    prose = "O analista deve conferir o ambiente do cliente antes de qualquer orientação. " * 9
    chunks = chunk_document(doc(Section(("Sistemas e equipamentos necessários",), prose.strip() + "\n\n" + SISTEMAS)))
    holding = [c for c in chunks if "- Movidesk;" in c.text]
    assert len(holding) == 1
    assert holding[0].text.endswith(SISTEMAS)
    assert all(c.section == "Sistemas e equipamentos necessários" for c in chunks)


def test_a_chunk_never_spans_two_sections_and_empty_sections_give_nothing():
    chunks = chunk_document(doc(
        Section(("Objetivo",), ""),
        Section(("Campo de Aplicação",), "Ticket recebido pelo suporte Emissor."),
        Section(("Frequência de atualização",), "Revisado a cada 6 meses."),
    ))
    assert [(c.section, c.text) for c in chunks] == [
        ("Campo de Aplicação", "Ticket recebido pelo suporte Emissor."),
        ("Frequência de atualização", "Revisado a cada 6 meses."),
    ]
    assert [c.ordinal for c in chunks] == [0, 1]


def test_long_prose_is_cut_between_sentences_below_max_chars():
    sentence = "Sempre registre no ticket o que foi combinado com o cliente por telefone, com data e hora. "
    chunks = chunk_document(doc(Section(("Documentar é preciso",), sentence * 40)), target_chars=600, max_chars=900)
    assert len(chunks) >= 4
    for chunk in chunks:
        assert len(chunk.text) <= 900
        assert chunk.text.startswith("Sempre registre") and chunk.text.endswith("hora.")


def test_a_long_table_repeats_its_header_in_every_piece():
    header = "| Tipo de Solicitação | Prazo de Resposta Inicial |\n|---|---|"
    rows = "\n".join(f"| Solicitação contábil número {n} com descrição longa | {n}h úteis |" for n in range(60))
    chunks = chunk_document(doc(Section(("Tabela de SLA",), f"{header}\n{rows}")), target_chars=500, max_chars=800)
    assert len(chunks) > 1
    assert all(c.text.startswith(header + "\n| Solicitação") and len(c.text) <= 800 for c in chunks)
    body_rows = [line for c in chunks for line in c.text.split("\n")[2:]]
    assert body_rows == rows.split("\n")


def test_a_lead_in_rides_with_the_first_piece_of_its_table():
    header = "| Canal | Observação |\n|---|---|"
    rows = "\n".join(f"| Canal {n} | Sempre levar o contato para a Central de Ajuda, com registro. |" for n in range(40))
    text = f"Você pode usar as estrelas no Odoo para organizar e priorizar:\n{header}\n{rows}"
    chunks = chunk_document(doc(Section(("Canais",), text)), target_chars=500, max_chars=800)
    assert chunks[0].text.startswith("Você pode usar as estrelas no Odoo para organizar e priorizar:\n" + header)
    assert all(header in c.text and len(c.text) <= 800 for c in chunks)


def test_a_single_word_longer_than_max_chars_is_the_only_thing_cut():
    link = "https://tdn.totvs.com/" + "x" * 2500
    chunks = chunk_document(doc(Section(("Links",), f"Consulte o manual em {link} antes de abrir o ticket.")), max_chars=1000)
    assert all(len(c.text) <= 1000 for c in chunks)
    assert "".join(c.text.replace(" ", "").replace("\n", "") for c in chunks) == f"Consulteomanualem{link}antesdeabriroticket."


def test_the_real_plain_text_seed_gives_step_chunks():
    chunks = chunk_document(load_path(SEEDS / "000_a586f9e4fbc5c752.txt", space="enotas"))
    labels = [c.section for c in chunks]
    assert "Passo a Passo › Bloco 1 - Análise inicial › 2" in labels
    step_2 = chunks[labels.index("Passo a Passo › Bloco 1 - Análise inicial › 2")]
    assert "Pendente Financeiro" in step_2.text and "3. Verificar" not in step_2.text
    assert all(len(c.text) <= 1500 for c in chunks)


def test_target_must_not_exceed_max():
    with pytest.raises(ValueError):
        chunk_document(doc(Section(("A",), "texto")), target_chars=900, max_chars=500)


def test_the_naive_baseline_cuts_fixed_windows_blind_to_words_and_headings():
    document = doc(Section(("Sistemas",), "Movidesk " * 150), Section(("Passo a Passo",), BLOCO_1))
    chunks = fixed_size_chunks(document)
    assert [len(c.text) for c in chunks[:-1]] == [1000] * (len(chunks) - 1)
    assert "".join(c.text for c in chunks) == document.text
    assert {c.section for c in chunks} == {""}
    assert chunks[0].text.endswith(" M") and chunks[1].text.startswith("ovidesk")  # mid-word, on purpose


# --- the property: no word lost, none cut, nothing over max_chars ------------------------

WORD = st.text(alphabet="abcdeéfghiíjlmnoópqrstuúvxzçãõâêABCDEFGHIJLMNOPRSTUVZ0123456789-/()“”,", min_size=1, max_size=14)
SENTENCE = st.lists(WORD, min_size=1, max_size=25).map(" ".join).flatmap(
    lambda s: st.sampled_from([".", ":", "?", ";", ""]).map(lambda end: s + end)
)
LINE = st.one_of(
    st.lists(SENTENCE, min_size=1, max_size=8).map(" ".join),
    SENTENCE.map(lambda s: "- " + s),
    st.tuples(st.integers(1, 12), SENTENCE).map(lambda t: f"{t[0]}. {t[1]}"),
    SENTENCE.map(lambda s: "  - " + s),
    SENTENCE.map(lambda s: "    " + s),
    st.just(""),
)
SECTION_TEXT = st.lists(LINE, min_size=0, max_size=30).map("\n".join)


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(SECTION_TEXT, min_size=1, max_size=4),
    target=st.integers(120, 900),
    extra=st.integers(0, 600),
)
def test_chunks_keep_every_word_whole_and_in_order(texts, target, extra):
    document = doc(*(Section((f"Seção {i}",), text) for i, text in enumerate(texts)))
    chunks = chunk_document(document, target_chars=target, max_chars=target + extra)
    assert all(len(c.text) <= target + extra for c in chunks)
    assert all(c.text.strip() for c in chunks)
    assert [w for c in chunks for w in words(c.text)] == [w for t in texts for w in words(t)]
    for chunk in chunks:  # each chunk is a run of its own section's words
        own = words(texts[int(chunk.section.split(" › ")[0].split()[-1])])
        piece = words(chunk.text)
        assert any(own[i : i + len(piece)] == piece for i in range(len(own) - len(piece) + 1))
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
