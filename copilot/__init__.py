"""Agent copilot for Portuguese-speaking support teams.

Data flows one way: ``copilot.kb`` (loaders → documents → chunks) →
``copilot.retrieval`` (embeddings, index, hybrid search) → ``copilot.suggest`` /
``copilot.check`` → ``web`` (HTTP and HTML) and ``copilot.cli``.
"""

__version__ = "0.1.0"
