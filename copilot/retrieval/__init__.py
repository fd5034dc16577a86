"""Retrieval: embeddings, the index, lexical/dense/hybrid search."""
