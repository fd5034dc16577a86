"""Incremental, atomic indexing of the kb/ into a ``VectorStore``.

Per space: load → chunk → fingerprint. An unchanged fingerprint costs nothing
(no model load, no write). Otherwise vectors come from the content-hash cache
or are embedded in batches (each batch cached at once, so a crash loses at
most one batch of work), a complete new collection is written, and only then
the space's pointer moves to it. The previous collection is kept for readers
still holding it; older ones are dropped.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

import numpy as np

from copilot.kb.catalog import Catalog
from copilot.kb.chunking import chunk_document
from copilot.kb.documents import Chunk
from copilot.retrieval.base import Embedder
from copilot.retrieval.store import Pointer, VectorStore, chunk_metadata, collection_name

CHUNKING_VERSION = "1"  # bump when chunking changes in a way the fingerprint cannot see
EMBED_BATCH = 32

Progress = Callable[[str, int, int], None]  # (space, done, total) while embedding
SpaceGuard = Callable[[str], AbstractContextManager]  # exclusive access to one space while it is indexed


@dataclass(frozen=True)
class SpaceReport:
    space: str
    chunks: int
    embedded: int  # vectors computed now
    reused: int  # vectors taken from the cache
    changed: bool
    seconds: float


def space_chunks(catalog: Catalog, space: str) -> list[Chunk]:
    return [chunk for doc in catalog.documents(space) for chunk in chunk_document(doc)]


def fingerprint(model_id: str, chunks: Sequence[Chunk]) -> str:
    digest = hashlib.sha256(f"{model_id}\n{CHUNKING_VERSION}\n".encode())
    for chunk in chunks:
        digest.update(f"{chunk.id}\t{chunk.content_hash}\t{sorted(chunk_metadata(chunk).items())}\n".encode())
    return digest.hexdigest()


def vectors_for(chunks: Sequence[Chunk], store: VectorStore, model_id: str, embedder: Callable[[], Embedder],
                progress: Progress | None = None) -> tuple[np.ndarray, int]:
    """Vectors in chunk order, embedding only hashes the cache lacks; returns (vectors, newly embedded)."""
    hashes = [c.content_hash for c in chunks]
    known = store.cached_vectors(model_id, hashes)
    missing = list(dict.fromkeys(h for h in hashes if h not in known))
    text_of = {c.content_hash: c.embedding_text for c in chunks}
    space = chunks[0].space if chunks else ""
    if missing:
        model = embedder()
        for start in range(0, len(missing), EMBED_BATCH):
            batch = missing[start:start + EMBED_BATCH]
            vecs = model.embed_passages([text_of[h] for h in batch])
            store.cache_vectors(model_id, batch, vecs)
            known.update(zip(batch, vecs))
            if progress:
                progress(space, min(start + EMBED_BATCH, len(missing)), len(missing))
    if not chunks:
        return np.zeros((0, 0), dtype=np.float32), 0
    return np.stack([known[h] for h in hashes]).astype(np.float32), len(missing)


def index_space(catalog: Catalog, store: VectorStore, space: str, model_id: str,
                embedder: Callable[[], Embedder], progress: Progress | None = None) -> SpaceReport:
    started = time.perf_counter()
    chunks = space_chunks(catalog, space)
    print_ = fingerprint(model_id, chunks)
    current = store.pointers().get(space)
    if current is not None and current.fingerprint == print_ and current.collection in store.collections():
        return SpaceReport(space, len(chunks), 0, len(chunks), False, time.perf_counter() - started)
    vectors, embedded = vectors_for(chunks, store, model_id, embedder, progress)
    name = collection_name(space, print_)
    store.write_collection(name, chunks, vectors)
    store.set_pointer(Pointer(space, name, print_))
    keep = {name} | ({current.collection} if current else set())
    _drop_stale(store, space, keep)
    return SpaceReport(space, len(chunks), embedded, len(chunks) - embedded, True, time.perf_counter() - started)


def index_kb(catalog: Catalog, store: VectorStore, model_id: str, embedder: Callable[[], Embedder],
             spaces: Sequence[str] | None = None, progress: Progress | None = None,
             guard: SpaceGuard | None = None) -> list[SpaceReport]:
    """Index the given spaces (all by default); spaces gone from kb/ leave the index.

    ``guard(space)`` is held while that space is indexed (the CLI passes the
    cross-process lock that curators' uploads take too)."""
    guard = guard or (lambda space: nullcontext())
    wanted = list(spaces) if spaces else catalog.space_ids()
    for space in wanted:
        catalog.space(space)  # unknown space → UnknownSpace before any work
    reports = []
    for space in wanted:
        with guard(space):
            reports.append(index_space(catalog, store, space, model_id, embedder, progress))
    if not spaces:
        for gone in set(store.pointers()) - set(wanted):
            with guard(gone):
                store.drop_pointer(gone)
                _drop_stale(store, gone, keep=set())
    return reports


def _drop_stale(store: VectorStore, space: str, keep: set[str]) -> None:
    prefix = f"copilot_{space}_"
    for name in store.collections():
        suffix = name[len(prefix):]
        if name.startswith(prefix) and len(suffix) == 16 and all(c in "0123456789abcdef" for c in suffix):
            if name not in keep:
                store.drop_collection(name)
