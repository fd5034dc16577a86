"""Two `copilot index` runs at once (two operators, or `make serve` while a
cron job indexes): both finish, nothing is lost or embedded twice, and the
final pointers name complete collections. A cross-process lock under the data
dir serialises them (the same per-space lock files the curator's uploads take)."""

from __future__ import annotations

import re
import subprocess

import pytest

from copilot.kb.catalog import Catalog
from copilot.retrieval.embedders import model_id_for
from copilot.retrieval.indexer import fingerprint, space_chunks
from copilot.retrieval.store import ChromaStore
from tests.reliability.conftest import COPILOT, MODEL_DIR, cli_env, copy_kb

pytestmark = [pytest.mark.model, pytest.mark.slow]
ROW = re.compile(r"│\s*([a-z0-9_-]+)\s*│\s*(\d+)\s*│\s*(\d+)\s*│\s*(\d+)\s*│")


def reports(output: str) -> dict[str, tuple[int, int, int]]:
    """The index command's table: space → (chunks, embedded now, reused)."""
    return {m[1]: (int(m[2]), int(m[3]), int(m[4])) for m in ROW.finditer(output)}


def test_two_indexers_at_once_finish_whole_and_embed_each_passage_once(tmp_path):
    kb = copy_kb(tmp_path / "kb", spaces=("enotas", "r3izzy"))
    env = cli_env(kb, tmp_path / "data")
    both = [subprocess.Popen([COPILOT, "index"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [proc.communicate(timeout=240) for proc in both]
    for proc, (out, err) in zip(both, outputs):
        assert proc.returncode == 0, err
        assert "Traceback" not in err

    first, second = (reports(out) for out, _ in outputs)
    assert set(first) == set(second) == {"enotas", "r3izzy"}
    for space in first:
        chunks = first[space][0]
        assert first[space][1] + second[space][1] == chunks  # each passage embedded by one run only

    catalog, store = Catalog(kb), ChromaStore.connect(tmp_path / "data" / "chroma")
    pointers = store.pointers()
    for space in ("enotas", "r3izzy"):
        expected = space_chunks(catalog, space)
        assert pointers[space].fingerprint == fingerprint(model_id_for(MODEL_DIR), expected)
        assert store.read_collection(pointers[space].collection) == sorted(expected, key=lambda c: (c.doc_id, c.ordinal))

