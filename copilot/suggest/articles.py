"""Articles: the retrieved passages, each quoted by the lines that answer the ticket.

The seeds ask analysts to point to the passage, not the whole article: the
excerpt is the run of at most ``MAX_LINES`` consecutive lines of the chunk
that shares most (stemmed, content) words with the ticket.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from copilot.retrieval.base import Hit
from copilot.suggest.fieldnames import FUNCTION_WORDS
from copilot.suggest.results import Article
from copilot.suggest.text import compact, sentences, stem, words

MAX_ARTICLES = 5
MAX_LINES = 2
MAX_EXCERPT_CHARS = 320
RRF_K = 60  # reciprocal-rank constant: a passage ranked well by either query comes up


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in words(text) if len(w) > 2 and w not in FUNCTION_WORDS}


@lru_cache(maxsize=16384)  # windows of the knowledge's own passages: the same few thousand for every ticket
def _window_stems(window: str) -> frozenset[str]:
    return frozenset(content_stems(window))


def excerpt(passage: str, ticket_stems: set[str]) -> str:
    lines = [compact(s) for s in sentences(passage)]
    lines = [line for line in lines if line]
    if not lines:
        return compact(passage)[:MAX_EXCERPT_CHARS]
    best, best_score = (0, 1), -1.0
    for start in range(len(lines)):
        for length in range(1, MAX_LINES + 1):
            window = lines[start : start + length]
            if len(window) < length:
                break
            overlap = len(_window_stems(" ".join(window)) & ticket_stems)
            score = overlap - 0.01 * length  # prefer the shorter window on ties
            if score > best_score:
                best, best_score = (start, length), score
    text = " ".join(lines[best[0] : best[0] + best[1]])
    if len(text) > MAX_EXCERPT_CHARS:
        text = text[:MAX_EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
    return text


def fuse_hits(rankings: Sequence[Sequence[Hit]], limit: int) -> list[Hit]:
    """Several queries' hits as one list by reciprocal rank: the customer's latest
    question and the ticket's opening may each be answered by a different passage."""
    scores: dict[str, float] = {}
    first: dict[str, Hit] = {}
    for hits in rankings:
        for rank, hit in enumerate(hits):
            scores[hit.chunk.id] = scores.get(hit.chunk.id, 0.0) + 1.0 / (RRF_K + rank)
            first.setdefault(hit.chunk.id, hit)
    order = sorted(scores, key=lambda cid: -scores[cid])
    return [first[cid] for cid in order[:limit]]


@dataclass(frozen=True)
class Passage:
    """A quoted passage the suggestion itself rests on (the decided step's, the checklist's)."""

    doc_id: str
    title: str
    section: str
    quote: str  # the words the suggestion quotes
    text: str  # the whole section they come from


def _first_line(text: str) -> str:
    return compact(text.splitlines()[0]) if text.strip() else ""


def articles_from(hits: Sequence[Hit], ticket_text: str, leading: Sequence[Passage] = (),
                  limit: int = MAX_ARTICLES) -> list[Article]:
    """The suggestion's own passages first (as the retrieved chunk that holds them,
    when retrieval found it), then the other retrieved passages, at most ``limit``."""
    ticket_stems = content_stems(ticket_text)
    out: list[Article] = []
    seen: set[str] = set()
    for passage in leading:
        line = _first_line(passage.quote)
        holder = next((h for h in hits if line and line in compact(h.chunk.text)), None)
        if holder is not None:
            seen.add(holder.chunk.id)
            article = Article(doc_id=holder.chunk.doc_id, title=holder.chunk.title, section=holder.chunk.section,
                              excerpt=compact(passage.quote)[:MAX_EXCERPT_CHARS], score=round(float(holder.score), 4),
                              chunk_id=holder.chunk.id)
            article._chunk_text = holder.chunk.text
        else:
            article = Article(doc_id=passage.doc_id, title=passage.title, section=passage.section,
                              excerpt=compact(passage.quote)[:MAX_EXCERPT_CHARS], score=1.0)
            article._chunk_text = passage.text
        if all((a.doc_id, a.section, a.excerpt) != (article.doc_id, article.section, article.excerpt) for a in out):
            out.append(article)
    for hit in hits:
        if len(out) >= limit:
            break
        chunk = hit.chunk
        if chunk.id in seen:
            continue
        seen.add(chunk.id)
        article = Article(doc_id=chunk.doc_id, title=chunk.title, section=chunk.section,
                          excerpt=excerpt(chunk.text, ticket_stems), score=round(float(hit.score), 4), chunk_id=chunk.id)
        article._chunk_text = chunk.text
        out.append(article)
    return out[:limit]
