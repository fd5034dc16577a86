"""The gerund rule: gerundismo is an error in every form, with the Brazilian fix;
other gerunds are warnings; words that merely end in -ndo never are."""

from __future__ import annotations

import pytest

from tests.check.conftest import NOW


def gerunds(checker, draft: str, space: str = "info"):
    return [f for f in checker.check(draft, space, now=NOW).findings if f.rule == "gerund"]


GERUNDISMO = [
    # (draft, flagged text, fix)
    ("Olá Maria, vou estar verificando o problema hoje.", "vou estar verificando", "vou verificar"),
    ("Estaremos analisando o seu caso com o time.", "Estaremos analisando", "Analisaremos"),
    ("Estarei passando para o Fernando, do financeiro.", "Estarei passando", "Passarei"),
    ("Vamos estar enviando o arquivo XML pelo portal.", "Vamos estar enviando", "Vamos enviar"),
    ("Estarei encaminhando-o ao setor de implantação.", "Estarei encaminhando-o", "O encaminharei"),
    ("Vou estar lhe enviando os vídeos do PIX.", "Vou estar lhe enviando", "Vou lhe enviar"),
    ("Bom dia! Vamos estar te ligando no fim da tarde.", "Vamos estar te ligando", "Vamos te ligar"),
    ("O técnico vai estar indo até a loja.", "vai estar indo", "vai ir"),
    ("A equipe irá estar avaliando o certificado.", "irá estar avaliando", "irá avaliar"),
    ("Os analistas vão estar acompanhando o card.", "vão estar acompanhando", "vão acompanhar"),
    ("O senhor poderia estar enviando o print da tela?", "poderia estar enviando", "poderia enviar"),
    ("Você pode estar reiniciando o roteador?", "pode estar reiniciando", "pode reiniciar"),
    ("Deveremos estar recebendo o retorno do banco.", "Deveremos estar recebendo", "Deveremos receber"),
    ("Queremos estar ajudando no que for preciso.", "Queremos estar ajudando", "Queremos ajudar"),
    ("Se quiser estar acompanhando, acesse o portal.", "quiser estar acompanhando", "quiser acompanhar"),
    ("A correção estará sendo publicada no portal.", "estará sendo", "será"),
    ("O suporte estará fazendo o ajuste no cadastro.", "estará fazendo", "fará"),
    ("Os técnicos estarão trazendo o equipamento novo.", "estarão trazendo", "trarão"),
    ("Estaríamos refazendo a importação das vendas.", "Estaríamos refazendo", "Refaríamos"),
    ("Eu estaria dizendo isso ao gerente.", "estaria dizendo", "diria"),
    ("Estarei compondo a resposta para o senhor.", "Estarei compondo", "Comporei"),
    ("Estarei pondo o ticket em prioridade.", "Estarei pondo", "Porei"),
    ("Estaremos desfazendo a alteração do parâmetro.", "Estaremos desfazendo", "Desfaremos"),
    ("Estarei satisfazendo o pedido do cliente.", "Estarei satisfazendo", "Satisfarei"),
    ("eu pessoalmente estarei acompanhando isso para o sr(a)", "estarei acompanhando", "acompanharei"),
    ("Estarei sempre acompanhando o seu chamado.", "Estarei sempre acompanhando", "Sempre acompanharei"),
    ("Lhe estarei enviando o boleto pelo sistema.", "Lhe estarei enviando", "Lhe enviarei"),
    ("Vou estar encaminhando-o para o Time Financeiro.", "Vou estar encaminhando-o", "Vou encaminhá-lo"),
    ("Vamos estar enviando-lhe as instruções.", "Vamos estar enviando-lhe", "Vamos enviar-lhe"),
    ("Vamos estar vendendo-a no próximo mês.", "Vamos estar vendendo-a", "Vamos vendê-la"),
    ("Vou estar\nverificando o problema.", "Vou estar\nverificando", "Vou verificar"),
    ("voce vai estar recebendo uma ligação.", "vai estar recebendo", "vai receber"),
    ("Ela estara fazendo o ajuste e estarao enviando o laudo.", "estara fazendo", "fará"),
    ("VOU ESTAR VERIFICANDO O PROBLEMA.", "VOU ESTAR VERIFICANDO", "VOU VERIFICAR"),
    ("Vou está verificando o cadastro.", "Vou está verificando", "Vou verificar"),
]


@pytest.mark.parametrize("draft, text, fix", GERUNDISMO)
def test_gerundismo_is_an_error_with_a_fix_that_keeps_person_and_tense(checker, draft, text, fix):
    found = gerunds(checker, draft)
    match = next(f for f in found if f.text == text)
    assert match.severity == "error"
    assert match.suggestion == fix
    assert match.safe
    assert draft[match.start:match.end] == text


def test_the_seed_example_is_fixed_in_the_draft(checker):
    draft = "Vou estar verificando o problema… Estarei passando para o fulano de tal…"
    result = checker.check(draft, "info", now=NOW)
    assert result.fixed_draft.startswith("Vou verificar o problema… Passarei para o")


def test_a_gerundismo_is_reported_once_not_again_as_a_plain_gerund(checker):
    found = gerunds(checker, "Vamos estar analisando o cadastro.")
    assert [(f.text, f.severity) for f in found] == [("Vamos estar analisando", "error")]


@pytest.mark.parametrize("draft, text", [
    ("Estamos analisando o seu caso.", "analisando"),
    ("Seguimos aguardando o retorno do banco.", "aguardando"),
    ("Lembrando que o prazo é o do contrato.", "Lembrando"),
    ("Sendo assim, encerro o chamado.", "Sendo"),
    ("Estou vendo aqui que o certificado venceu.", "vendo"),
    ("Enviamos o arquivo, corrigindo a alíquota do ISS.", "corrigindo"),
    ("Fico no aguardo, permanecendo à disposição.", "permanecendo"),
])
def test_other_gerunds_are_warnings_without_an_automatic_fix(checker, draft, text):
    found = gerunds(checker, draft)
    assert [(f.text, f.severity, f.safe) for f in found] == [(text, "warning", False)]


@pytest.mark.parametrize("draft", [
    "Segundo o manual, a nota é emitida pelo painel.",
    "Quando o cliente ligar, registre o ticket.",
    "No mundo ideal, o sistema emitiria a nota sozinho.",
    "O fundo da tela fica azul depois da atualização.",
    "Use o comando /ticket no canal de atendimento.",
    "A demanda foi registrada no grupo do Telegram.",
    "O Fernando, do financeiro, confirmou o pagamento.",
    "Falei com o Orlando e com o Armando sobre o caso.",
    "Orlando confirmou a visita técnica.",
    "Atenciosamente,\nFernando Costa",
    "Segue o memorando com as instruções.",
    "Mando o link do vídeo por aqui.",
    "Entendo a sua preocupação com o prazo.",
    "Seja bem-vindo ao suporte da Info!",
    "O senhor tinha vindo à loja pedir ajuda.",
    "Tivemos um tremendo problema com a prefeitura.",
    "O arquivo tem um segundo anexo redondo.",
])
def test_words_that_merely_end_in_ndo_are_never_flagged(checker, draft):
    assert gerunds(checker, draft) == []


def test_a_space_can_relax_plain_gerunds(tmp_path):
    from copilot.check import DraftChecker
    from copilot.kb.catalog import Catalog
    from tests.check.conftest import REPO

    (tmp_path / "_base").mkdir()
    (tmp_path / "_base" / "rules.yaml").write_text((REPO / "kb/_base/rules.yaml").read_text(encoding="utf-8"),
                                                    encoding="utf-8")
    space = tmp_path / "acme"
    space.mkdir()
    (space / "space.yaml").write_text("id: acme\nname: Acme\n", encoding="utf-8")
    (space / "rules.yaml").write_text("rules:\n  gerund:\n    variants:\n      plain: {enabled: false}\n",
                                      encoding="utf-8")
    relaxed = DraftChecker(Catalog(tmp_path))
    result = relaxed.check("Estamos analisando e vou estar retornando.", "acme", now=NOW)
    assert [(f.text, f.severity) for f in result.findings] == [("vou estar retornando", "error")]
