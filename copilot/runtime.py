"""Composition root: builds every stage once per process from the settings.

The CLI and the web app both get their objects here, so the model is loaded
once per process (never per request) and every stage receives what it needs
explicitly.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property

from copilot.errors import IndexUnavailable, ModelUnavailable
from copilot.kb.catalog import Catalog
from copilot.retrieval.base import Embedder
from copilot.retrieval.cached_queries import StoreCachedQueries
from copilot.retrieval.hybrid import HybridRetriever
from copilot.retrieval.store import ChromaStore, VectorStore
from copilot.settings import Settings


class Components:
    """Lazily built, shared stages. Cheap to create; each part is built on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()

    @cached_property
    def catalog(self) -> Catalog:
        return Catalog(self.settings.kb_dir)

    @cached_property
    def store(self) -> VectorStore:
        try:
            return ChromaStore.connect(self.settings.chroma_path, self.settings.chroma_url)
        except Exception as exc:  # chromadb raises many types for a bad dir or an unreachable server
            where = self.settings.chroma_url or str(self.settings.chroma_path)
            raise IndexUnavailable(
                f"Não foi possível abrir o índice em {where} ({exc.__class__.__name__}: {exc}). "
                "Para reconstruí-lo: `copilot index --rebuild`.",
                en=f"Could not open the index at {where}. Rebuild it with `copilot index --rebuild`.",
            ) from exc

    @property
    def model_id(self) -> str:
        """The loaded embedder's id, or the folder's, read without loading the model."""
        if "_embedder" in self.__dict__:
            return self.__dict__["_embedder"].model_id
        from copilot.retrieval.embedders import model_id_for

        return model_id_for(self.settings.resolved_model_dir)

    def embedder(self) -> Embedder:
        """The sentence-transformers model, loaded once per process."""
        with self._lock:
            if "_embedder" not in self.__dict__:
                from copilot.retrieval.embedders import SentenceTransformerEmbedder

                self.__dict__["_embedder"] = SentenceTransformerEmbedder(
                    self.settings.resolved_model_dir, backend=self.settings.embedding_backend,
                    batch_size=self.settings.embedding_batch_size, threads=self.settings.embedding_threads)
            return self.__dict__["_embedder"]

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.store, self.embedder())

    def built_retriever(self) -> HybridRetriever | None:
        """The retriever if something already built it (refreshing must not load the model)."""
        return self.__dict__.get("retriever")


@dataclass
class Runtime:
    """Everything a request needs, built and warmed before the server says it is healthy."""

    settings: Settings
    components: Components
    checker: object
    suggester: object

    @property
    def catalog(self) -> Catalog:
        return self.components.catalog

    @property
    def retriever(self) -> HybridRetriever:
        return self.components.retriever

    def close(self) -> None:
        """Stop what runs beside the server (suggestion processes); idempotent."""
        if callable(getattr(self.suggester, "close", None)):
            self.suggester.close()


def build_runtime(settings: Settings, components: Components | None = None) -> Runtime:
    parts = components or Components(settings)
    require_every_space(parts)  # before the model loads: a broken index is reported at once
    from copilot.check import DraftChecker
    from copilot.suggest import Suggester
    from copilot.suggest.sla import SlaCalculator

    embedder = StoreCachedQueries(parts.embedder(), parts.store)  # a restart reads knowledge vectors back
    sla = SlaCalculator(parts.catalog, embedder)
    checker = DraftChecker(parts.catalog, sla=sla)
    suggester = Suggester(parts.catalog, parts.retriever, embedder, settings,
                          llm=chat_model(settings), checker=checker)
    parts.retriever.warm()
    suggester.warm()  # no request pays for reading and embedding a space's knowledge
    return Runtime(settings, parts, checker, suggester)


def build_served_runtime(settings: Settings) -> Runtime:
    """The web server's runtime: with ``suggest_processes`` ≥ 1, suggestions are computed in
    that many child processes (``copilot.suggestion_processes``) and this process keeps the
    checks, which need no model: it loads one only if a search asks for it."""
    if settings.suggest_processes < 1:
        return build_runtime(settings)
    parts = Components(settings)
    require_every_space(parts)
    from copilot.check import DraftChecker
    from copilot.suggest.sla import SlaCalculator
    from copilot.suggestion_processes import SuggestionProcesses

    checker = DraftChecker(parts.catalog, sla=SlaCalculator(parts.catalog))  # checks never ask the SLA by meaning
    children = SuggestionProcesses(settings, settings.suggest_processes, parts.catalog)
    try:
        children.wait_ready()
    except BaseException:
        children.close()
        raise
    return Runtime(settings, parts, checker, children)


def require_every_space(parts: Components) -> None:
    """A server must not say it is healthy over an index that lost spaces (a deleted or
    emptied index directory opens fine, but empty): name the command that rebuilds it."""
    missing = sorted(set(parts.catalog.space_ids()) - set(parts.store.pointers()))
    if missing:
        where = parts.settings.chroma_url or str(parts.settings.chroma_path)
        raise IndexUnavailable(
            f"O índice em {where} não tem o(s) espaço(s) {', '.join(missing)} (vazio, incompleto ou apagado). "
            "Para reconstruí-lo: `copilot index --rebuild`.",
            en=f"The index at {where} lacks the space(s) {', '.join(missing)}. "
               "Rebuild it with `copilot index --rebuild`.", spaces=missing)


def chat_model(settings: Settings):
    """The optional LangChain chat model named in settings (off by default).

    ``COPILOT_LLM_MODEL`` takes LangChain's "provider:model" form (e.g.
    "ollama:llama3.1", "openai:gpt-4o-mini" against ``COPILOT_LLM_BASE_URL``
    for any OpenAI-compatible endpoint); the provider's integration package
    must be installed."""
    if not settings.llm_model:
        return None
    from langchain.chat_models import init_chat_model

    kwargs = {"base_url": settings.llm_base_url} if settings.llm_base_url else {}
    try:
        return init_chat_model(settings.llm_model, temperature=0, **kwargs)
    except (ImportError, ValueError) as exc:
        raise ModelUnavailable(
            f"Não foi possível carregar o modelo de linguagem '{settings.llm_model}': {exc}",
            en=f"Could not load the language model '{settings.llm_model}': {exc}") from exc
