"""Ingestion: loaders → sectioned documents → chunks; the kb/ catalog."""
