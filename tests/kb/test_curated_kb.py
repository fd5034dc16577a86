"""The curated knowledge base in kb/<space>/ is well formed and faithful to the seeds.

These tests read the files directly (YAML front matter, Markdown headings) with
tiny local helpers on purpose: they specify the *files* curators edit, not the
loader code that turns them into documents.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from copilot.kb.macros import Macros

KB = Path(__file__).resolve().parents[2] / "kb"
SEPARATOR = " › "
ALLOWED_KINDS = {"pop", "kcs", "tdn", "faq", "policy"}
SPACES = ("enotas", "r3izzy", "totvs", "info", "voalle")

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^>]*)?/?>")
CSS_RULE = re.compile(r"[{};]\s*[a-z-]+\s*:\s*[^;{}]+;|!important|deck\.tab|#[0-9A-Fa-f]{6}\b")


def space_dirs() -> list[Path]:
    return sorted(p for p in KB.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def doc_files(space: Path) -> list[Path]:
    return sorted((space / "docs").glob("*.md"))


def split_front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, flags=re.S)
    assert match, f"{path}: o documento não começa com front matter YAML entre '---'"
    return yaml.safe_load(match.group(1)), match.group(2)


def heading_paths(body: str) -> list[str]:
    """Every heading's path (ancestors included), joined like the retrieval citations."""
    stack: list[tuple[int, str]] = []
    paths: list[str] = []
    in_fence = False
    for line in body.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        match = None if in_fence else HEADING.match(line)
        if not match:
            continue
        level, text = len(match.group(1)), match.group(2)
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, text))
        paths.append(SEPARATOR.join(t for _, t in stack))
    return paths


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def all_docs() -> list[tuple[str, Path, dict, str]]:
    return [(s.name, p, *split_front_matter(p)) for s in space_dirs() for p in doc_files(s)]


def load_macros(space: str) -> Macros:
    return Macros.model_validate(yaml.safe_load((KB / space / "macros.yaml").read_text(encoding="utf-8")))


def test_the_five_seed_spaces_are_curated():
    assert {p.name for p in space_dirs()} >= set(SPACES)


@pytest.mark.parametrize("space", SPACES)
def test_space_yaml_names_the_space_and_its_helpdesk(space):
    meta = yaml.safe_load((KB / space / "space.yaml").read_text(encoding="utf-8"))
    assert meta["id"] == space
    assert meta["language"] == "pt-BR"
    for field in ("name", "organization", "helpdesk", "description"):
        assert isinstance(meta.get(field), str) and meta[field].strip(), f"{space}: falta {field}"


@pytest.mark.parametrize("space", SPACES)
def test_every_space_has_at_least_one_document(space):
    assert doc_files(KB / space)


def test_front_matter_is_complete_and_ids_are_unique_and_prefixed():
    seen: dict[str, Path] = {}
    for space, path, meta, body in all_docs():
        for field in ("id", "title", "kind", "source"):
            assert isinstance(meta.get(field), str) and meta[field].strip(), f"{path}: falta {field}"
        assert meta["kind"] in ALLOWED_KINDS, f"{path}: kind {meta['kind']!r}"
        assert meta["id"].startswith(f"{space}-"), f"{path}: id sem o prefixo do espaço"
        assert meta["id"] == path.stem, f"{path}: o nome do arquivo deve ser o id"
        assert meta["id"] not in seen, f"id repetido: {meta['id']} ({seen.get(meta['id'])})"
        seen[meta["id"]] = path
        assert meta["source"].startswith("seeds/")
        assert heading_paths(body), f"{path}: documento sem títulos de seção"


def test_the_document_title_is_not_repeated_as_a_heading():
    for _, path, meta, body in all_docs():
        top_level = [p for p in heading_paths(body) if SEPARATOR not in p]
        assert meta["title"] not in top_level, path


def test_documents_carry_no_html_or_css_debris():
    for _, path, _, body in all_docs():
        assert not HTML_TAG.search(body), f"{path}: {HTML_TAG.search(body).group(0)}"
        assert not CSS_RULE.search(body), f"{path}: {CSS_RULE.search(body).group(0)}"


@pytest.mark.parametrize("space", SPACES)
def test_macros_validate_and_cite_real_sections_of_the_same_space(space):
    macros = load_macros(space)
    sections = {
        meta["id"]: set(heading_paths(body)) for s, _, meta, body in all_docs() if s == space
    }
    ids = [m.id for m in [*macros.checklists, *macros.templates]]
    assert len(ids) == len(set(ids)), f"{space}: ids de macros repetidos"
    for macro in [*macros.checklists, *macros.templates]:
        assert macro.source.doc_id in sections, f"{macro.id}: {macro.source.doc_id} não é deste espaço"
        assert macro.source.section in sections[macro.source.doc_id], (
            f"{macro.id}: seção {macro.source.section!r} não existe em {macro.source.doc_id}"
        )
        assert macro.when_to_use.strip()


def test_enotas_has_exactly_the_four_checklists_of_the_pop():
    titles = [c.title for c in load_macros("enotas").checklists]
    assert sorted(titles) == sorted(
        [
            "Emissão de notas / Rejeição (correção)",
            "Falha no sistema",
            "Solicitação de serviço",
            "Agendamento de videoconferência/ligação",
        ]
    )


def test_enotas_system_failure_checklist_keeps_the_pop_questions():
    failure = next(c for c in load_macros("enotas").checklists if c.title == "Falha no sistema")
    assert failure.origin == "seed"
    assert [q.text for q in failure.questions][0] == "A falha refere-se a:"
    assert failure.questions[0].options == [
        "Apps", "Painel Emissor", "Integração API", "Integração SEFAZ/Prefeitura"
    ]
    assert failure.closing == "Descrição da análise realizada:"


def test_checklists_carry_enough_customer_examples_to_be_matched():
    for space in SPACES:
        for checklist in load_macros(space).checklists:
            assert 4 <= len(checklist.examples) <= 8, checklist.id
        for template in load_macros(space).templates:
            assert 3 <= len(template.examples) <= 6, template.id


def test_totvs_templates_keep_the_seed_wording_and_placeholders():
    bodies = {t.id: t.body for t in load_macros("totvs").templates}
    assert bodies["totvs-questao-compreendida"] == (
        "Apenas confirmando, sua questão é [descrever com suas próprias palavras o problema "
        "interpretado]. Está correto meu entendimento?"
    )
    taking_over = bodies["totvs-assumir-ticket-outro-analista"]
    assert taking_over.startswith("Olá [nome cliente],\nEu sou o analista [seu nome]")
    assert "xxx" not in taking_over


KEY_SENTENCES = {
    "enotas": [
        "Nos casos de bloqueio por inadimplência, inserir no ticket uma nota interna com os prints "
        "de bloqueio e justificativa.",
        "Caso haja um card vinculado, porém seja em um ticket mais novo que o seu, atribuir o chamado "
        "ao analista responsável pelo ticket que contém o card, deixando uma anotação interna no "
        'ticket, mantenho o status como "Novo".',
        "Eles estão separados em categorias que variam conforme a solciitação apresentada, podendo "
        "ser utilizado mais de um checklist no atendimento.",
    ],
    "r3izzy": [
        "Caso o chamado não tenha sido agendado em 2h, o agente N0 deve comunicar pessoalmente ao "
        "responsável de que um chamado está à espera de agendamento.",
        "| Solicitação Contábil – Nova prefeitura | “Quero emitir nota em cidade X”, credenciamento "
        "| N1 | 1h útil | 10 dias úteis |",
        "agendado só podem ser feitas pelo próprio responsável (v. abaixo);",
    ],
    "totvs": [
        "Como padrão estabelecido, em cada ticket, não deve haver mais do que 3 interações públicas, "
        "por escrito sem que haja contato telefônico com o cliente",
        "Apenas envie o ticket novamente com o status anterior (Pendente/Resolvido) e registre em "
        "comentário interno para fins de histórico “[troca de e-mails interna]”.",
        "Artigo com instruções sobre como identificar clientes com suporte bloqueado.",
    ],
    "info": [
        "Nunca use frases no gerúndio. Por exemplo:",
        "Exemplo: Se o vencimento for dia 05 de cada mês o bloqueio ocorrerá no dia 12. Dia 15 será "
        "bloqueado no dia 22.",
        "Quando cliente/parceiro solicitar prazo para atendimentos Field Desk, informe o padrão 4h a "
        "24h comerciais, informando que não damos prazos exatos porque depende muito de cada "
        "atendimento e a demanda na rua.",
    ],
    "voalle": [
        'Clique no ícone "Iniciar novo atendimento" . O ícone só estará habilitado caso o cliente '
        "possua um contrato com a sua Empresa.",
        "Por padrão, a quantidade de pings será 5, porém ela pode ser alterada.",
        "Para que o cliente possa ser atendido, ele deve ter um contrato com sua Empresa. Caso "
        "contrário, o ícone de atendimento não estará ativo.",
    ],
}


@pytest.mark.parametrize("space", SPACES)
def test_key_seed_sentences_survive_verbatim(space):
    corpus = " ".join(squash(body) for s, _, _, body in all_docs() if s == space)
    for sentence in KEY_SENTENCES[space]:
        assert squash(sentence) in corpus, sentence


def test_heading_paths_follow_nesting():
    body = "# Passo a Passo\n\n## Bloco 1 - Análise inicial\n\n1. passo\n\n## Bloco 2\n\n### 1.1 X\n# Outro\n"
    assert heading_paths(body) == [
        "Passo a Passo",
        "Passo a Passo › Bloco 1 - Análise inicial",
        "Passo a Passo › Bloco 2",
        "Passo a Passo › Bloco 2 › 1.1 X",
        "Outro",
    ]
