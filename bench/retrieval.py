"""Indexing throughput, re-index of an unchanged KB, hybrid query latency at the
bundled KB and at a synthetic KB of N chunks, RSS, and the naive baseline."""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path

from bench.timing import p50_p95, rss_mb, time_each
from copilot.evals.retrieval import NaiveBaseline, load_cases
from copilot.kb.catalog import Catalog
from copilot.retrieval.hybrid import HybridRetriever
from copilot.retrieval.indexer import index_kb, space_chunks
from copilot.retrieval.store import ChromaStore
from copilot.runtime import Components
from copilot.settings import Settings

SYNTHETIC_SPACE = "sintetico"


def bench_retrieval(settings: Settings, synthetic: int) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    parts = Components(settings)
    embedder = parts.embedder()
    catalog = parts.catalog
    queries = [c.query for c in load_cases(settings.evals_dir / "retrieval")]
    spaces = {c.space for c in load_cases(settings.evals_dir / "retrieval")}

    with tempfile.TemporaryDirectory() as tmp:  # a cold store: nothing cached
        cold = ChromaStore.connect(Path(tmp) / "chroma")
        total = sum(len(space_chunks(catalog, s)) for s in catalog.space_ids())
        started = time.perf_counter()
        index_kb(catalog, cold, parts.model_id, lambda: embedder)
        seconds = time.perf_counter() - started
        rows.append(("indexação KB incluída (frio)", f"{total} trechos em {seconds:.1f} s = {total / seconds:.1f} trechos/s"))
        started = time.perf_counter()
        index_kb(catalog, cold, parts.model_id, lambda: embedder)
        rows.append(("reindexação KB inalterada", f"{time.perf_counter() - started:.2f} s"))
        started = time.perf_counter()
        naive = NaiveBaseline(catalog, cold, parts.model_id, lambda: embedder, sorted(spaces))
        naive_total = sum(len(c) for c in naive.chunks.values())
        seconds = time.perf_counter() - started
        rows.append(("indexação baseline ingênuo (frio)", f"{naive_total} trechos em {seconds:.1f} s = {naive_total / seconds:.1f} trechos/s"))

    retriever = parts.retriever
    retriever.warm()
    cases = load_cases(settings.evals_dir / "retrieval")
    fresh = embedder.forget_queries  # every timed query pays its embedding
    rows.append(("consulta híbrida, KB incluída (quente)",
                 p50_p95(time_each(lambda c: retriever.search(c.query, c.space, k=5), cases, before=fresh))))
    rows.append(("consulta baseline ingênuo (quente)",
                 p50_p95(time_each(lambda c: naive.search(c.query, c.space, k=5), cases, before=fresh))))
    rows.append(("embedding de consulta (quente)", p50_p95(time_each(embedder.embed_query, queries, before=fresh))))
    if synthetic:
        rows += _synthetic(settings, parts, synthetic, queries)
    rows.append(("RSS pico do processo", f"{rss_mb():.0f} MB"))
    return rows


def _synthetic(settings: Settings, parts: Components, n: int, queries: list[str]) -> list[tuple[str, str]]:
    """A KB of ``n`` distinct passages recombined from the bundled sentences; its
    vectors stay cached under <data_dir>/bench so later runs measure the write path."""
    root = settings.data_dir / "bench"
    kb = root / "kb"
    shutil.rmtree(kb, ignore_errors=True)
    _write_synthetic_kb(parts.catalog, kb / SYNTHETIC_SPACE, n)
    store = ChromaStore.connect(root / "chroma")
    embedder = parts.embedder()
    started = time.perf_counter()
    (report,) = index_kb(Catalog(kb), store, parts.model_id, lambda: embedder, spaces=[SYNTHETIC_SPACE])
    seconds = time.perf_counter() - started
    how = f"{report.embedded} calculados, {report.reused} do cache"
    rows = [(f"indexação sintética {report.chunks} trechos", f"{seconds:.1f} s ({how}; {report.chunks / seconds:.0f} trechos/s)")]
    retriever = HybridRetriever(store, embedder)
    retriever.warm()
    rows.append((f"consulta híbrida, {report.chunks} trechos (quente)",
                 p50_p95(time_each(lambda q: retriever.search(q, SYNTHETIC_SPACE, k=5), queries,
                                   before=embedder.forget_queries))))
    rows.append((f"consulta lexical, {report.chunks} trechos",
                 p50_p95(time_each(lambda q: retriever.search(q, SYNTHETIC_SPACE, k=5, method="lexical"), queries))))
    return rows


def _write_synthetic_kb(catalog: Catalog, folder: Path, n: int) -> None:
    sentences = sorted({s.strip() for space in catalog.space_ids() for doc in catalog.documents(space)
                        for s in doc.text.replace("\n", " ").split(". ") if len(s.split()) >= 6})
    rng = random.Random(20261124)
    (folder / "docs").mkdir(parents=True)
    (folder / "space.yaml").write_text(f"id: {SYNTHETIC_SPACE}\nname: Sintético\n", encoding="utf-8")
    per_doc = 50
    for d in range(0, n, per_doc):
        body = []
        for s in range(d, min(n, d + per_doc)):
            text = ". ".join(rng.sample(sentences, 4)) + f". Referência interna {s}."
            body.append(f"## Seção {s}\n\n{text}\n")
        (folder / "docs" / f"doc-{d // per_doc:04d}.md").write_text(
            f"---\nid: {SYNTHETIC_SPACE}-doc-{d // per_doc:04d}\ntitle: Documento {d // per_doc}\nkind: kcs\n---\n"
            + "\n".join(body), encoding="utf-8")
