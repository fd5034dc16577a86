"""schemathesis against the app's own /openapi.json: whatever a client sends to
any documented endpoint, with a valid analyst token, the answer is never a 5xx.

The app runs in-process (ASGI) over a copy of the real kb/, indexed with the
hashing embedder: the schema, routes, validation and stages are the real ones;
only the vectors are cheap. Each operation gets a bounded number of valid
(positive) and invalid (negative) requests, derandomised so a failure replays."""

from __future__ import annotations

import shutil

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from copilot.retrieval.embedders import HashingEmbedder
from copilot.retrieval.indexer import index_kb
from copilot.retrieval.memory_store import MemoryStore
from copilot.runtime import Components, build_runtime
from copilot.settings import PROJECT_ROOT, Settings
from tests.reliability.conftest import TOKEN, auth
from web.app import create_app

EXAMPLES = 40  # per operation and mode: bounded, so the module stays well under a minute
SPACES = ("enotas", "r3izzy", "totvs", "info", "voalle")


def fuzzed_app(root):
    shutil.copytree(PROJECT_ROOT / "kb", root / "kb")
    config = Settings(kb_dir=root / "kb", data_dir=root / "data", token=TOKEN, llm_model=None)
    parts, embedder = Components(config), HashingEmbedder()
    parts.__dict__.update(store=MemoryStore(), _embedder=embedder)
    index_kb(parts.catalog, parts.store, embedder.model_id, lambda: embedder)
    return create_app(config, runtime_factory=lambda s: build_runtime(s, parts), background=False)


def in_real_space(case, space: str | None):
    """Most random space names are simply unknown (404): send half of the cases to a real
    space instead, so the random text reaches the retriever, the suggester and the checker."""
    if space is not None:
        for part in (case.body, case.query):
            if isinstance(part, dict) and "space" in part:
                part["space"] = space
    return case


def server_errors(operation, mode: GenerationMode) -> list[str] | None:
    """Requests of ``mode`` to one operation that got a 5xx (schemathesis' report for each);
    None when the operation has no request of that mode (nothing in it can be made invalid)."""
    found: list[str] = []

    cases = st.builds(in_real_space, operation.as_strategy(generation_mode=mode), st.sampled_from((None, *SPACES)))

    @given(case=cases)
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def probe(case) -> None:
        try:
            case.call_and_validate(headers=auth(), checks=[not_a_server_error])
        except Exception as failure:  # noqa: BLE001 — collected, reported all at once below
            found.append(f"{operation.method.upper()} {operation.path} [{mode.value}]: {failure}"[:1500])

    try:
        probe()
    except Unsatisfiable:
        return None
    return found


def test_no_request_to_any_documented_endpoint_gets_a_server_error(tmp_path):
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app(tmp_path))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {"/api/v1/suggest", "/api/v1/check", "/api/v1/search"} <= {op.path for op in operations}
    results = {(op.method.upper(), op.path, mode.value): server_errors(op, mode)
               for op in operations for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)}
    assert all(results[(op.method.upper(), op.path, "positive")] is not None for op in operations)
    failures = [failure for found in results.values() for failure in found or []]
    assert not failures, "\n\n".join(failures[:5])
