"""Where chunks and their vectors live: the ``VectorStore`` protocol and Chroma.

Layout, the same on an embedded ``PersistentClient`` and on a Chroma server:

* one collection per (space, index version): ``copilot_<space>_<fingerprint>``
  — a space never shares a collection with another, so nothing can leak
  across spaces and a query needs no ``where`` filter on space;
* ``copilot_pointers``: one record per space naming its live collection. A
  new version is written completely, then its pointer record is upserted in
  one call: readers see the old version or the new one, never a partial one;
* ``copilot_cache_<model>``: vectors keyed by content hash, so unchanged text
  is never embedded twice, even across crashes and versions.

A store that cannot be read (a garbled sqlite file, a server that went away)
raises ``IndexUnavailable`` naming the command that rebuilds it, never
chromadb's own exception: callers show it as a message or a 503.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlparse

import numpy as np

from copilot.errors import IndexUnavailable
from copilot.kb.documents import Chunk

POINTERS = "copilot_pointers"
_BATCH = 1000


@dataclass(frozen=True)
class Pointer:
    space: str
    collection: str
    fingerprint: str


class VectorStore(Protocol):
    def pointers(self) -> dict[str, Pointer]: ...
    def set_pointer(self, pointer: Pointer) -> None: ...
    def drop_pointer(self, space: str) -> None: ...
    def cached_vectors(self, model_id: str, hashes: Sequence[str]) -> dict[str, np.ndarray]: ...
    def cache_vectors(self, model_id: str, hashes: Sequence[str], vectors: np.ndarray) -> None: ...
    def write_collection(self, name: str, chunks: Sequence[Chunk], vectors: np.ndarray) -> None: ...
    def read_collection(self, name: str) -> list[Chunk]: ...
    def query(self, name: str, vector: np.ndarray, k: int, kinds: Sequence[str] | None = None) -> list[tuple[str, float]]: ...
    def collections(self) -> list[str]: ...
    def drop_collection(self, name: str) -> None: ...


def collection_name(space: str, fingerprint: str) -> str:
    return f"copilot_{space}_{fingerprint[:16]}"


def cache_name(model_id: str) -> str:
    return "copilot_cache_" + hashlib.sha256(model_id.encode()).hexdigest()[:16]


def chunk_metadata(chunk: Chunk) -> dict[str, str | int]:
    return {"space": chunk.space, "doc_id": chunk.doc_id, "title": chunk.title, "kind": chunk.kind,
            "section": chunk.section, "ordinal": chunk.ordinal}


def chunk_from_record(text: str, meta: dict) -> Chunk:
    return Chunk(space=str(meta["space"]), doc_id=str(meta["doc_id"]), title=str(meta["title"]),
                 kind=str(meta["kind"]), section=str(meta.get("section", "")), text=text,
                 ordinal=int(meta["ordinal"]))


def _batches(n: int) -> Iterable[slice]:
    for start in range(0, n, _BATCH):
        yield slice(start, min(n, start + _BATCH))


def unreadable_index(where: str, exc: BaseException) -> IndexUnavailable:
    return IndexUnavailable(
        f"Não foi possível acessar o índice em {where} ({exc.__class__.__name__}: {exc}). "
        "Para reconstruí-lo: `copilot index --rebuild`.",
        en=f"Could not access the index at {where}. Rebuild it with `copilot index --rebuild`.")


def _store_errors() -> tuple[type[BaseException], ...]:
    import httpx
    from chromadb.errors import ChromaError

    return (ChromaError, sqlite3.Error, OSError, httpx.HTTPError)


def _guarded(method):
    """Chroma's, SQLite's and the network's errors become ``IndexUnavailable``."""

    @functools.wraps(method)
    def wrapper(self: "ChromaStore", *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except _store_errors() as exc:
            raise unreadable_index(self.where, exc) from exc

    return wrapper


def set_aside(path: Path) -> Path:
    """Move an embedded index that cannot be opened out of the way, so a rebuild starts clean."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()  # this process must not reuse the broken one
    target = Path(path).with_name(f"{Path(path).name}.corrompido-{time.strftime('%Y%m%d-%H%M%S')}")
    Path(path).rename(target)
    return target


class ChromaStore:
    """The one Chroma code path, embedded or client/server (``COPILOT_CHROMA_URL``)."""

    def __init__(self, client, where: str = "Chroma") -> None:  # chromadb.api.ClientAPI
        self.client = client
        self.where = where

    @classmethod
    def connect(cls, path, url: str | None = None) -> "ChromaStore":
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if url:
            parsed = urlparse(url)
            return cls(chromadb.HttpClient(host=parsed.hostname or "127.0.0.1", port=parsed.port or 8000,
                                           ssl=parsed.scheme == "https", settings=chroma_settings), url)
        return cls(chromadb.PersistentClient(path=str(path), settings=chroma_settings), str(path))

    def _collection(self, name: str, create: bool = False):
        if create:
            return self.client.get_or_create_collection(name, metadata={"hnsw:space": "cosine"},
                                                        embedding_function=None)
        return self.client.get_collection(name, embedding_function=None)

    @_guarded
    def pointers(self) -> dict[str, Pointer]:
        got = self._collection(POINTERS, create=True).get(include=["metadatas"])
        return {sid: Pointer(sid, str(m["collection"]), str(m["fingerprint"]))
                for sid, m in zip(got["ids"], got["metadatas"])}

    @_guarded
    def set_pointer(self, pointer: Pointer) -> None:
        self._collection(POINTERS, create=True).upsert(
            ids=[pointer.space], embeddings=[[1.0]],
            metadatas=[{"collection": pointer.collection, "fingerprint": pointer.fingerprint}])

    @_guarded
    def drop_pointer(self, space: str) -> None:
        self._collection(POINTERS, create=True).delete(ids=[space])

    @_guarded
    def cached_vectors(self, model_id: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        cache = self._collection(cache_name(model_id), create=True)
        unique = list(dict.fromkeys(hashes))
        for part in _batches(len(unique)):
            got = cache.get(ids=unique[part], include=["embeddings"])
            for cid, vec in zip(got["ids"], got["embeddings"]):
                found[cid] = np.asarray(vec, dtype=np.float32)
        return found

    @_guarded
    def cache_vectors(self, model_id: str, hashes: Sequence[str], vectors: np.ndarray) -> None:
        cache = self._collection(cache_name(model_id), create=True)
        for part in _batches(len(hashes)):
            cache.upsert(ids=list(hashes[part]), embeddings=vectors[part])

    @_guarded
    def write_collection(self, name: str, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        if name in self.collections():  # left over by an interrupted run: rebuild it whole
            self.client.delete_collection(name)
        target = self._collection(name, create=True)
        for part in _batches(len(chunks)):
            rows = chunks[part]
            target.add(ids=[c.id for c in rows], embeddings=vectors[part], documents=[c.text for c in rows],
                       metadatas=[chunk_metadata(c) for c in rows])

    @_guarded
    def read_collection(self, name: str) -> list[Chunk]:
        got = self._collection(name).get(include=["documents", "metadatas"])
        chunks = [chunk_from_record(t, m) for t, m in zip(got["documents"], got["metadatas"])]
        return sorted(chunks, key=lambda c: (c.doc_id, c.ordinal))

    @_guarded
    def query(self, name: str, vector: np.ndarray, k: int, kinds: Sequence[str] | None = None) -> list[tuple[str, float]]:
        where = {"kind": {"$in": list(kinds)}} if kinds else None
        got = self._collection(name).query(query_embeddings=[np.asarray(vector, dtype=np.float32)],
                                           n_results=k, where=where, include=["distances"])
        return [(cid, 1.0 - float(d)) for cid, d in zip(got["ids"][0], got["distances"][0])]

    @_guarded
    def collections(self) -> list[str]:
        return [c.name if hasattr(c, "name") else str(c) for c in self.client.list_collections()]

    @_guarded
    def drop_collection(self, name: str) -> None:
        self.client.delete_collection(name)
