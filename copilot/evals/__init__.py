"""Evals as code: cases (YAML a curator edits) + runners + scorers."""
