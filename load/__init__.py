"""A support floor typing at once, against the real server on loopback.

    python -m load [--users 50] [--seconds 60] [--json out.json]

Starts ``copilot serve --skip-index`` on a free 127.0.0.1 port (with a
throw-away ``COPILOT_TOKEN``), measures one analyst alone, then N analysts
together: each opens a ticket from ``evals/tickets`` (``POST /api/v1/suggest``)
and types a reply from ``evals/drafts``, checked on every pause
(``POST /api/v1/check``). Prints per-endpoint counts, errors and p50/p95/p99
alone and loaded, and the server's RSS. Exit code 1 on any error, 3 when a
target is missed (loaded p95 over 3× the single-user p95, or memory growing).
"""
