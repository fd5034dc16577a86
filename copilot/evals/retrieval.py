"""Retrieval eval: Recall@1, Recall@5, MRR and nDCG@5 for dense, lexical, hybrid
and a naive baseline (fixed 1,000-character chunks, dense only), per space;
plus the recall@k curve for k = 1..10 and each case's rank and latency, for
the HTML report (the first five hits score exactly as before).

A retrieved passage is relevant when its text, whitespace-normalised and
case-folded, contains one of the case's verbatim gold quotes: labels survive
re-chunking because they point at words, not at chunk ids.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from copilot.evals.metrics import ndcg_at, percentile, recall_at, reciprocal_rank
from copilot.kb.catalog import Catalog
from copilot.kb.chunking import fixed_size_chunks
from copilot.kb.documents import Chunk
from copilot.retrieval.base import Embedder, Hit
from copilot.retrieval.hybrid import HybridRetriever
from copilot.retrieval.indexer import vectors_for
from copilot.retrieval.memory_store import MemoryStore
from copilot.retrieval.store import VectorStore

METHODS = ("dense", "lexical", "hybrid", "naive")
K = 5
CURVE_K = 10  # the report's recall@k curve goes up to this k

Progress = Callable[[str, int, int], None]  # (label, done, total)


@dataclass(frozen=True)
class RetrievalCase:
    id: str
    space: str
    query: str
    gold: tuple[str, ...]
    lang: str = "pt"


def normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def load_cases(cases_dir: Path) -> list[RetrievalCase]:
    cases = []
    for path in sorted(Path(cases_dir).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for raw in data.get("cases", []):
            cases.append(RetrievalCase(raw["id"], raw.get("space", data.get("space")), raw["query"],
                                       tuple(raw["gold"]), raw.get("lang", "pt")))
    return cases


def is_relevant(chunk: Chunk, gold: tuple[str, ...]) -> bool:
    text = normalise(chunk.text)
    return any(normalise(q) in text for q in gold)


class NaiveBaseline:
    """Fixed 1,000-character windows, dense only: what a quick RAG demo would do."""

    def __init__(self, catalog: Catalog, store: VectorStore, model_id: str, embedder: Callable[[], Embedder],
                 spaces: list[str]) -> None:
        self.embedder = embedder
        self.store = MemoryStore()
        self.chunks: dict[str, list[Chunk]] = {}
        for space in spaces:
            chunks = [c for doc in catalog.documents(space) for c in fixed_size_chunks(doc)]
            vectors, _ = vectors_for(chunks, store, model_id, embedder)
            self.store.write_collection(space, chunks, vectors)
            self.chunks[space] = chunks

    def search(self, query: str, space: str, k: int = K) -> list[Hit]:
        by_id = {c.id: c for c in self.chunks[space]}
        found = self.store.query(space, self.embedder().embed_query(query), k)
        return [Hit(by_id[cid], score, "naive") for cid, score in found]


def run_retrieval_eval(catalog: Catalog, retriever: HybridRetriever, naive: NaiveBaseline | None,
                       cases: list[RetrievalCase], progress: Progress | None = None) -> dict:
    rows: dict[tuple[str, str], list[dict]] = {}
    failures = []
    per_case = []
    for done, case in enumerate(cases, start=1):
        for method in METHODS:
            if method == "naive" and naive is None:
                continue
            forget = getattr(retriever.embedder, "forget_queries", None)
            if forget:  # each method pays its own query embedding, as a first query would
                forget()
            started = time.perf_counter()
            if method == "naive":
                hits = naive.search(case.query, case.space, CURVE_K)
                pool = naive.chunks[case.space]
            else:
                hits = retriever.search(case.query, case.space, k=CURVE_K, method=method)
                pool = retriever.snapshot(case.space).chunks
            ms = (time.perf_counter() - started) * 1000
            ranked = [is_relevant(h.chunk, case.gold) for h in hits]
            relevant = ranked[:K]
            hits_k = hits[:K]
            total = sum(is_relevant(c, case.gold) for c in pool)
            score = {"r1": recall_at(relevant, 1), "r5": recall_at(relevant, K), "mrr": reciprocal_rank(relevant),
                     "ndcg5": ndcg_at(relevant, K, max(total, 1)), "ms": ms, "findable": total > 0,
                     "curve": [recall_at(ranked, k) for k in range(1, CURVE_K + 1)]}
            rows.setdefault((case.space, method), []).append(score)
            rank = next((i for i, rel in enumerate(ranked, start=1) if rel), None)
            per_case.append({"id": case.id, "space": case.space, "method": method, "rank": rank,
                             "ms": round(ms, 3)})
            if method == "hybrid" and not any(relevant):
                failures.append({"id": case.id, "space": case.space, "query": case.query, "gold": list(case.gold),
                                 "findable": total > 0,
                                 "got": [{"section": f"{h.chunk.title} › {h.chunk.section}",
                                          "text": h.chunk.text[:200], "score": round(h.score, 4)} for h in hits_k]})
        if progress:
            progress("retrieval", done, len(cases))
    return {"suite": "retrieval", "k": K, "curve_k": CURVE_K, "cases": len(cases), "table": _summarise(rows),
            "failures": failures, "per_case": per_case}


def _summarise(rows: dict[tuple[str, str], list[dict]]) -> list[dict]:
    table = []
    spaces = sorted({s for s, _ in rows})
    for space in spaces + ["todos"]:
        for method in METHODS:
            scores = [r for (s, m), rs in rows.items() if m == method and (space == "todos" or s == space) for r in rs]
            if not scores:
                continue
            ms = [r["ms"] for r in scores]
            table.append({"space": space, "method": method, "n": len(scores),
                          "recall@1": statistics.fmean(r["r1"] for r in scores),
                          "recall@5": statistics.fmean(r["r5"] for r in scores),
                          "mrr": statistics.fmean(r["mrr"] for r in scores),
                          "ndcg@5": statistics.fmean(r["ndcg5"] for r in scores),
                          "p50_ms": percentile(ms, 0.5), "p95_ms": percentile(ms, 0.95),
                          "unfindable": sum(not r["findable"] for r in scores),
                          "recall_curve": [statistics.fmean(r["curve"][i] for r in scores) for i in range(CURVE_K)]})
    return table


def format_retrieval_report(result: dict) -> str:
    lines = [f"Recuperação — {result['cases']} consultas (k={result['k']})",
             f"{'espaço':<8} {'método':<8} {'n':>4} {'R@1':>6} {'R@5':>6} {'MRR':>6} {'nDCG@5':>7} {'p50ms':>7} {'p95ms':>7}"]
    for row in result["table"]:
        lines.append(f"{row['space']:<8} {row['method']:<8} {row['n']:>4} {row['recall@1']:>6.3f} {row['recall@5']:>6.3f} "
                     f"{row['mrr']:>6.3f} {row['ndcg@5']:>7.3f} {row['p50_ms']:>7.1f} {row['p95_ms']:>7.1f}")
    if result["failures"]:
        lines.append(f"\nFalhas do híbrido em R@5 ({len(result['failures'])}):")
        for f in result["failures"]:
            lines.append(f"- {f['id']} [{f['space']}] {f['query']!r} → esperado: {f['gold'][0]!r}"
                         + ("" if f["findable"] else "  (citação ausente dos trechos!)"))
    return "\n".join(lines)
