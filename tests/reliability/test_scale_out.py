"""Scale-out: two app workers, one `chroma run` and one database.

The index is built once into a real Chroma server on loopback; two
`copilot serve` processes (each with its own data dir, as on two machines)
answer searches and suggestions from that same index, accept a token created
once in the shared database, and each sees the feedback the other recorded."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from copilot.settings import Settings
from copilot.storage import FeedbackStore, dispose_engines, open_database
from tests.reliability.conftest import TOKEN, ServerProcess, auth, cli_env, copy_kb, run_cli

pytestmark = [pytest.mark.model, pytest.mark.slow]

TICKET = {"space": "enotas", "id": "90210", "subject": "Nota rejeitada pela prefeitura",
          "description": "Boa tarde, a nota de serviço foi rejeitada pela prefeitura com erro de alíquota do ISS. "
                         "O que preciso corrigir no cadastro?",
          "requester": {"name": "Maria Souza", "email": "maria@padaria.com.br", "organization": "Padaria Pão Quente"}}


def passages(answer: dict) -> list[tuple]:
    return [(p["doc_id"], p["section"], p["excerpt"]) for p in answer["passages"]]


def suggestion(answer: dict) -> dict:
    """What the analyst sees, without the timings (which differ by worker)."""
    return {key: value for key, value in answer.items() if key != "timings_ms"}


def vote(server: ServerProcess, ticket: dict, article: dict, value: str) -> httpx.Response:
    form = {"space": ticket["space"], "target": "article", "vote": value, "item_id": article["doc_id"],
            "ticket": json.dumps(ticket, ensure_ascii=False)}
    return httpx.post(f"{server.url}/panel/feedback", data=form, headers=auth(), timeout=60)


def test_two_workers_share_one_chroma_server_and_one_database(chroma_server, tmp_path, servers):
    kb = copy_kb(tmp_path / "kb", spaces=("enotas",))
    shared = {"COPILOT_CHROMA_URL": chroma_server, "COPILOT_DATABASE_URL": f"sqlite:///{tmp_path / 'time.db'}",
              "COPILOT_TOKEN": TOKEN, "COPILOT_SECRET_KEY": "chave-compartilhada-do-time"}
    indexed = run_cli(cli_env(kb, tmp_path / "indexador", **shared), "index")
    assert indexed.returncode == 0, indexed.stderr

    workers = [ServerProcess(cli_env(kb, tmp_path / f"worker-{n}", **shared)) for n in (1, 2)]
    for worker in workers:
        servers.append(worker.start())
    for worker in workers:
        assert worker.health().status_code == 200
    assert not (tmp_path / "worker-1" / "chroma").exists()  # no worker has an index of its own

    query = {"q": "nota rejeitada pela prefeitura alíquota do ISS", "space": "enotas", "k": 5}
    with ThreadPoolExecutor(2) as pool:
        found = list(pool.map(lambda w: httpx.get(f"{w.url}/api/v1/search", params=query, headers=auth(), timeout=60),
                              workers))
        suggested = list(pool.map(lambda w: httpx.post(f"{w.url}/api/v1/suggest", json=TICKET, headers=auth(),
                                                       timeout=60), workers))
    assert [r.status_code for r in found + suggested] == [200] * 4
    assert passages(found[0].json()) and passages(found[0].json()) == passages(found[1].json())
    first, second = (suggestion(r.json()) for r in suggested)
    assert first["articles"] and first == second

    curator = run_cli(cli_env(kb, tmp_path / "operador", **shared), "token", "create", "--space", "enotas",
                      "--role", "curator", "--name", "curadora do time")
    assert curator.returncode == 0, curator.stderr
    made_once = {"Authorization": f"Bearer {curator.stdout.strip()}"}
    for worker in workers:  # a token created once in the shared store works on every worker
        assert httpx.get(f"{worker.url}/api/v1/search", params=query, headers=made_once, timeout=60).status_code == 200

    def queue(worker: ServerProcess) -> httpx.Response:
        return httpx.get(f"{worker.url}/kb/fragments/spaces/enotas/queue", headers=made_once, timeout=60)

    assert TICKET["subject"] not in queue(workers[1]).text
    assert vote(workers[0], TICKET, first["articles"][0], "down").status_code == 200
    assert vote(workers[1], TICKET, first["articles"][1], "up").status_code == 200
    settings = Settings(database_url=shared["COPILOT_DATABASE_URL"], data_dir=tmp_path / "leitor")
    try:
        votes = [(r.item_id, r.vote) for r in FeedbackStore(open_database(settings)).list(space="enotas")]
    finally:
        dispose_engines()
    assert votes == [(first["articles"][0]["doc_id"], "down"), (first["articles"][1]["doc_id"], "up")]
    for worker in workers:  # the curator's review queue on either worker shows the vote recorded on the first
        shown = queue(worker)
        assert shown.status_code == 200 and TICKET["subject"] in shown.text
