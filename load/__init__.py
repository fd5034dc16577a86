"""A support floor typing at once, against the real server on loopback.

    python -m load [--users 50] [--seconds 60] [--ramp-seconds 10] [--workers 1] [--json out.json]

Starts ``copilot serve --skip-index`` on a free 127.0.0.1 port with a
throw-away ``COPILOT_TOKEN`` (``--workers N`` starts N of them over the same
index and database; the analysts spread over them as a balancer would).
Measures one analyst alone, then the whole floor, who arrive one after another
over ``--ramp-seconds`` (a shift starting; 0 = all in the same instant) and are
timed only once all are working: each analyst opens a ticket
from ``evals/tickets`` (``POST /api/v1/suggest``) and types a reply from
``evals/drafts``, checked at every pause (``POST /api/v1/check``). Prints per
endpoint the requests, errors and p50/p95/p99 alone and loaded, and the
servers' RSS with their suggestion processes (start of the ramp/peak/end) and CPU. Exit code 1 on any error,
2 when the server never gets ready, 3 when a target is missed (loaded p95
over 3× the single-user p95, or memory growing).
"""
