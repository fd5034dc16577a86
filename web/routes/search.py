"""``GET /api/v1/search``: the passages of one space for a query (an extension of the contract)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from copilot.retrieval.hybrid import METHODS
from web.deps import PrincipalDep, RuntimeDep

router = APIRouter(tags=["busca"])


class Passage(BaseModel):
    doc_id: str
    title: str
    section: str
    kind: str
    excerpt: str
    score: float


class SearchResult(BaseModel):
    space: str
    query: str
    passages: list[Passage]


@router.get("/api/v1/search", response_model=SearchResult)
def search(principal: PrincipalDep, runtime: RuntimeDep,
           q: Annotated[str, Query(min_length=1, max_length=2000)],
           space: Annotated[str, Query(min_length=1, max_length=64)],
           k: Annotated[int, Query(ge=1, le=20)] = 5,
           kind: Annotated[list[str] | None, Query()] = None,
           method: Annotated[str, Query(pattern="^(" + "|".join(METHODS) + ")$")] = "hybrid") -> SearchResult:
    runtime.catalog.space(space)
    principal.ensure(space)
    hits = runtime.retriever.search(q, space, k=k, kinds=kind, method=method)
    return SearchResult(space=space, query=q, passages=[
        Passage(doc_id=h.chunk.doc_id, title=h.chunk.title, section=h.chunk.section, kind=h.chunk.kind,
                excerpt=h.chunk.text, score=round(h.score, 4)) for h in hits])
