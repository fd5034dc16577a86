"""Choosing by meaning: which checklist, template or procedure a ticket is about.

Each candidate is described by texts (its ``when_to_use`` and the customers'
own examples), embedded once per process. A ticket scores against each
candidate by its closest text. Raw cosines mean different things for
different embedders, so every index calibrates itself when built: how close
a candidate's own examples are to each other (what a fit looks like) and how
close generic off-topic requests come (what no fit looks like). A ticket's
calibrated score is its place between the two; below ``FIT_THRESHOLD`` nothing
fits and the caller answers ``null``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from copilot.retrieval.base import Embedder
from copilot.suggest.fieldnames import FUNCTION_WORDS
from copilot.suggest.text import fold, words

FIT_THRESHOLD = 0.5  # calibrated score at which a candidate is taken to fit
MARGIN_WEIGHT = 1.0  # how much a clear lead over the runner-up adds to the calibrated score
_PROBES = Path(__file__).with_name("offtopic_probes.txt")


def off_topic_probes() -> list[str]:
    """Generic requests that fit no support procedure (a generic resource, not a space's)."""
    lines = _PROBES.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


_TOPICLESS = Path(__file__).with_name("topicless_words.txt")


@lru_cache(maxsize=1)
def topicless_words() -> frozenset[str]:
    lines = _TOPICLESS.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


def is_topicless(text: str) -> bool:
    """A bare plea for help ("ajuda", "socorro!!") says nothing of its subject: the
    scope gate cannot call it foreign to the space, and the workflow's triage applies."""
    content = [w for w in words(text) if len(w) > 1 and w not in FUNCTION_WORDS]
    return bool(content) and all(w in topicless_words() for w in content)


def embed_many(embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """Symmetric (query-to-query) vectors: ticket and examples are the same kind of text."""
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    batch = getattr(embedder, "embed_queries", None)
    if callable(batch):
        return np.asarray(batch(list(texts)), dtype=np.float32)
    return np.vstack([np.asarray(embedder.embed_query(t), dtype=np.float32).reshape(1, -1) for t in texts])


_probe_cache: dict[str, np.ndarray] = {}


def probe_vectors(embedder: Embedder) -> np.ndarray:
    """The off-topic probes' vectors, once per embedder model."""
    if embedder.model_id not in _probe_cache:
        _probe_cache[embedder.model_id] = embed_many(embedder, off_topic_probes())
    return _probe_cache[embedder.model_id]


@dataclass(frozen=True)
class Fit:
    id: str
    raw: float  # best cosine to one of the candidate's texts
    score: float  # calibrated: 0 ≈ off-topic, 1 ≈ as close as the candidate's own examples


class MeaningIndex:
    """Candidates of one kind (checklists, templates, procedures) of one space."""

    def __init__(self, embedder: Embedder, candidates: Sequence[tuple[str, Sequence[str]]],
                 probes: np.ndarray | None = None) -> None:
        self.ids = [cid for cid, texts in candidates if texts]
        owners: list[int] = []
        texts: list[str] = []
        for index, (_, item_texts) in enumerate(c for c in candidates if c[1]):
            owners += [index] * len(item_texts)
            texts += list(item_texts)
        self._owners = np.asarray(owners, dtype=np.int64)
        self._vectors = embed_many(embedder, texts)
        self._floor, self._ceiling = self._calibrate(probes)

    def __len__(self) -> int:
        return len(self.ids)

    def raw_scores(self, vector: np.ndarray) -> np.ndarray:
        """Per candidate, the best cosine between the ticket and one of its texts."""
        sims = self._vectors @ np.asarray(vector, dtype=np.float32).reshape(-1)
        best = np.full(len(self.ids), -1.0, dtype=np.float32)
        np.maximum.at(best, self._owners, sims)
        return best

    def rank(self, vector: np.ndarray) -> list[Fit]:
        if not self.ids:
            return []
        raw = self.raw_scores(vector)
        order = np.argsort(-raw)
        span = max(self._ceiling - self._floor, 1e-6)
        fits = []
        for position, index in enumerate(order):
            runner_up = raw[order[1]] if position == 0 and len(order) > 1 else raw[order[0]]
            lead = float(raw[index] - runner_up) if position == 0 else float(raw[index] - raw[order[0]])
            calibrated = (float(raw[index]) - self._floor) / span + MARGIN_WEIGHT * lead / span
            fits.append(Fit(self.ids[index], float(raw[index]), round(min(max(calibrated, 0.0), 1.0), 4)))
        return fits

    def best(self, vector: np.ndarray, threshold: float = FIT_THRESHOLD) -> Fit | None:
        fits = self.rank(vector)
        return fits[0] if fits and fits[0].score >= threshold else None

    def _calibrate(self, probes: np.ndarray | None) -> tuple[float, float]:
        """Floor: how close off-topic requests come; ceiling: how close a candidate's
        own texts are to each other (leave-one-out)."""
        vectors, owners = self._vectors, self._owners
        if len(vectors) == 0:
            return 0.0, 1.0
        sims = vectors @ vectors.T
        own = []
        for i in range(len(vectors)):
            mates = (owners == owners[i]) & (np.arange(len(vectors)) != i)
            if mates.any():
                own.append(float(sims[i, mates].max()))
        ceiling = float(np.median(own)) if own else 1.0
        if probes is not None and len(probes):
            floor = float(np.median((probes @ vectors.T).max(axis=1)))
        else:
            floor = float(np.median(sims[owners[:, None] != owners[None, :]])) if len(set(owners.tolist())) > 1 else 0.0
        if ceiling <= floor:
            ceiling = floor + 1e-3
        return floor, ceiling


class ScopeGate:
    """Does a ticket concern this space at all? Its closest text among everything
    the space knows (checklists, templates, procedures) against its closest
    off-topic probe (spam, job applications, autoreplies…): a relative test, so
    it holds across languages and embedders where raw cosines drift."""

    def __init__(self, embedder: Embedder, texts: Sequence[str], probes: np.ndarray) -> None:
        self._vectors = embed_many(embedder, list(texts))
        self._probes = probes

    def margin(self, vector: np.ndarray) -> float:
        if not len(self._vectors):
            return -1.0
        v = np.asarray(vector, dtype=np.float32).reshape(-1)
        own = float((self._vectors @ v).max())
        off = float((self._probes @ v).max()) if len(self._probes) else 0.0
        return own - off
