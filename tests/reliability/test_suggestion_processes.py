"""Suggestions computed in child processes (``copilot serve``'s default): a child
answers exactly what the server's own process would, reports the same errors,
drops a curator's changed knowledge when told, is replaced when it dies, and
never outlives the server, not even one killed with -9."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import yaml

from copilot.errors import CopilotError, IndexUnavailable, ModelUnavailable, SuggestionsRestarting, UnknownSpace
from copilot.kb.catalog import Catalog
from copilot.runtime import build_runtime, build_served_runtime
from copilot.settings import Settings
from copilot.suggestion_processes import SuggestionProcesses, _TransportedError
from copilot.ticket import Ticket
from load.server import descendants
from tests.reliability.conftest import TOKEN, ServerProcess, auth, cli_env, copy_kb, index_small_space, run_cli

pytestmark = [pytest.mark.model, pytest.mark.slow]

TICKETS = [
    Ticket(space="enotas", id="4521", subject="Nota rejeitada pela prefeitura",
           description="Bom dia, a NFS-e de ontem voltou rejeitada pela prefeitura com erro de alíquota do ISS. "
                       "Podem corrigir e reemitir? CNPJ 12.345.678/0001-90.",
           requester={"name": "Maria Souza", "email": "maria@padaria.com.br"}),
    Ticket(space="totvs", id="88", subject="Erro ao gerar a folha de pagamento",
           description="Ao calcular a folha de novembro o sistema mostra erro de cálculo do INSS e não conclui.",
           priority="alta"),
    Ticket(space="voalle", id="901", subject="Cliente sem internet",
           description="O cliente está sem conexão desde ontem à noite, o roteador está com a luz vermelha piscando."),
]


def shown(result) -> dict:
    """What the analyst sees (timings differ from run to run)."""
    return result.model_dump(by_alias=True, exclude={"timings_ms"})


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="module")
def children(settings):
    processes = SuggestionProcesses(settings, 2, Catalog(settings.kb_dir))
    processes.wait_ready()
    yield processes
    processes.close()


@pytest.fixture
def spawn():
    """Starts suggestion processes for one test; all of them are closed at its end."""
    started: list[SuggestionProcesses] = []

    def start(settings: Settings, count: int = 1) -> SuggestionProcesses:
        started.append(SuggestionProcesses(settings, count, Catalog(settings.kb_dir)))
        return started[-1]

    yield start
    for processes in started:
        processes.close()


@pytest.fixture(scope="module")
def in_process(settings):
    return build_runtime(settings).suggester


# ── the same answers and the same errors ─────────────────────────────────────────
@pytest.mark.parametrize("ticket", TICKETS, ids=[t.space for t in TICKETS])
def test_a_child_answers_exactly_what_the_server_process_would(children, in_process, ticket):
    assert shown(children.suggest(ticket)) == shown(in_process.suggest(ticket))


def test_two_children_start_and_answer_side_by_side(children, in_process):
    pids = children.wait_ready()
    assert len(set(pids)) == 2 and os.getpid() not in pids
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(children.suggest, TICKETS * 2))
    assert [shown(a) for a in answers] == [shown(in_process.suggest(t)) for t in TICKETS * 2]


def test_one_child_computes_suggestions_side_by_side_and_each_request_gets_its_own(settings, in_process, spawn):
    """Answers finish in any order in a child with several threads; each goes back to the
    request that asked for it."""
    processes = spawn(settings.model_copy(update={"suggest_threads": 3}))
    processes.wait_ready()
    asked = TICKETS * 4
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(processes.suggest, asked))
    expected = {t.id: shown(in_process.suggest(t)) for t in TICKETS}
    assert [shown(a) for a in answers] == [expected[t.id] for t in asked]


def test_a_childs_error_arrives_as_the_same_error_with_its_fields(children, in_process):
    stray = Ticket(space="inexistente", subject="Nota rejeitada", description="A nota voltou rejeitada.")
    with pytest.raises(UnknownSpace) as here:
        in_process.suggest(stray)
    with pytest.raises(UnknownSpace) as there:
        children.suggest(stray)
    assert (there.value.code, there.value.message, there.value.message_en, there.value.fields) == \
           (here.value.code, here.value.message, here.value.message_en, here.value.fields)


@pytest.mark.parametrize("error", [UnknownSpace("acme"), IndexUnavailable("Índice ilegível.", en="Unreadable index."),
                                   CopilotError("Falha genérica.")], ids=["com-argumentos", "com-en", "base"])
def test_every_kind_of_copilot_error_survives_the_trip(error):
    import pickle

    rebuilt = pickle.loads(pickle.dumps(_TransportedError.of(error))).rebuilt()
    assert type(rebuilt) is type(error)
    assert (rebuilt.message, rebuilt.message_en, rebuilt.fields, str(rebuilt)) == \
           (error.message, error.message_en, error.fields, str(error))


def test_a_child_that_cannot_load_the_model_says_so_like_the_server_would(tmp_path, settings, spawn):
    broken = settings.model_copy(update={"model_dir": tmp_path / "sem-modelo"})
    with pytest.raises(ModelUnavailable) as here:
        build_runtime(broken).suggester.suggest(TICKETS[0])
    with pytest.raises(ModelUnavailable) as there:
        spawn(broken).wait_ready()
    assert there.value.message == here.value.message


# ── a curator's change reaches every child ───────────────────────────────────────
def test_forget_makes_every_child_read_the_changed_knowledge(tmp_path, settings, spawn):
    kb = copy_kb(tmp_path / "kb", spaces=("enotas",))
    processes = spawn(settings.model_copy(update={"kb_dir": kb}), 2)
    processes.wait_ready()
    before = processes.suggest(TICKETS[0]).checklist
    assert before is not None
    macros = kb / "enotas" / "macros.yaml"
    data = yaml.safe_load(macros.read_text(encoding="utf-8"))
    for checklist in data["checklists"]:
        if checklist["id"] == before.id:
            checklist["title"] = f"{checklist['title']} (revisado pela curadoria)"
    macros.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with ThreadPoolExecutor(4) as pool:  # both children still hold the parsed knowledge …
        assert {a.checklist.title for a in pool.map(processes.suggest, [TICKETS[0]] * 4)} == {before.title}
    processes.forget("enotas")
    with ThreadPoolExecutor(4) as pool:  # … until told to forget it
        titles = {a.checklist.title for a in pool.map(processes.suggest, [TICKETS[0]] * 4)}
    assert titles == {f"{before.title} (revisado pela curadoria)"}


# ── a child that dies ────────────────────────────────────────────────────────────
def test_a_child_killed_mid_suggestion_costs_that_request_a_503_and_is_replaced(settings, in_process, spawn):
    processes = spawn(settings)
    [pid] = processes.wait_ready()
    os.kill(pid, signal.SIGSTOP)  # holds the suggestion until the kill, so the kill lands mid-request
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(processes.suggest, TICKETS[0])
        time.sleep(0.5)
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(SuggestionsRestarting) as failed:
            pending.result(timeout=60)
    assert failed.value.http_status == 503 and "reiniciado" in failed.value.message
    assert shown(processes.suggest(TICKETS[0])) == shown(in_process.suggest(TICKETS[0]))
    [replacement] = processes.wait_ready()
    assert replacement != pid


def test_a_child_killed_while_idle_is_replaced_without_the_analyst_noticing(settings, in_process, spawn):
    processes = spawn(settings)
    [pid] = processes.wait_ready()
    os.kill(pid, signal.SIGKILL)
    assert _all_gone([pid], within=30)
    time.sleep(0.5)  # the pool notices the dead worker on its own
    assert shown(processes.suggest(TICKETS[1])) == shown(in_process.suggest(TICKETS[1]))


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_request_given_up_midway_leaves_the_child_answering_the_next(settings, in_process, spawn):
    """An analyst who closes the panel cancels the request; the answer that still arrives
    for it must not stop the child's answers from reaching everyone else."""
    processes = spawn(settings)
    [pid] = processes.wait_ready()

    async def give_up() -> None:
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(processes.suggest_json_async(TICKETS[0]), timeout=0.3)

    os.kill(pid, signal.SIGSTOP)  # the answer can only come after the request was given up
    try:
        with ThreadPoolExecutor(1) as pool:  # a loop of its own: other tests may leave one running here
            pool.submit(asyncio.run, give_up()).result(timeout=60)
    finally:
        os.kill(pid, signal.SIGCONT)
    answered: list = []
    asking = threading.Thread(target=lambda: answered.append(processes.suggest(TICKETS[1])), daemon=True)
    asking.start()
    asking.join(timeout=60)
    assert answered, "the child stopped answering after a request was given up"
    assert shown(answered[0]) == shown(in_process.suggest(TICKETS[1]))


def test_close_stops_the_children(settings, spawn):
    processes = spawn(settings, 2)
    pids = processes.wait_ready()
    processes.close()
    assert _all_gone(pids, within=30), [p for p in pids if _alive(p)]


# ── the server's own process ─────────────────────────────────────────────────────
def test_the_served_runtime_keeps_checks_here_and_never_loads_the_model_here(settings, in_process):
    runtime = build_served_runtime(settings.model_copy(update={"suggest_processes": 1}))
    try:
        assert isinstance(runtime.suggester, SuggestionProcesses)
        finding = runtime.checker.check("Olá! Vou estar verificando a nota e retorno.", "enotas")
        assert any(f.rule == "gerund" for f in finding.findings)
        assert shown(runtime.suggester.suggest(TICKETS[0])) == shown(in_process.suggest(TICKETS[0]))
        assert "_embedder" not in runtime.components.__dict__
    finally:
        runtime.close()


def test_zero_suggestion_processes_computes_suggestions_in_the_server(settings):
    runtime = build_served_runtime(settings.model_copy(update={"suggest_processes": 0}))
    assert not isinstance(runtime.suggester, SuggestionProcesses)
    assert runtime.suggester.suggest(TICKETS[2]).space == "voalle"


# ── never outliving the server ───────────────────────────────────────────────────
@pytest.fixture(scope="module")
def small_index(tmp_path_factory) -> Path:
    return index_small_space(tmp_path_factory.mktemp("processos-de-sugestao"))


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["encerrado", "morto-com-9"])
def test_no_suggestion_process_outlives_the_server(small_index, servers, stop):
    server = ServerProcess(cli_env(small_index / "kb", small_index / "data", COPILOT_TOKEN=TOKEN))
    servers.append(server.start("--suggest-processes", "2"))
    assert server.health().status_code == 200
    ticket = {"space": "acme", "subject": "Nota rejeitada", "description": "A prefeitura rejeitou a nota com erro E001."}
    answer = httpx.post(f"{server.url}/api/v1/suggest", json=ticket, headers=auth(), timeout=60)
    assert answer.status_code == 200 and answer.json()["space"] == "acme"
    below = [pid for pid in descendants(server.proc.pid) if pid != server.proc.pid]
    assert len(below) >= 2  # the two suggestion processes (and multiprocessing's helper)
    server.proc.send_signal(stop)
    server.proc.wait(timeout=30)
    try:
        assert _all_gone(below, within=15), [(p, _cmdline(p)) for p in below if _alive(p)]
    finally:  # leftovers would hold the server's stderr open and hang the teardown
        for pid in filter(_alive, below):
            os.kill(pid, signal.SIGKILL)


def test_serve_refuses_a_number_of_suggestion_processes_out_of_range(small_index):
    done = run_cli(cli_env(small_index / "kb", small_index / "data"), "serve", "--skip-index",
                   "--suggest-processes", "9", timeout=60)
    assert done.returncode == 2 and "--suggest-processes" in done.stderr and "Traceback" not in done.stderr


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""


def _alive(pid: int) -> bool:
    """Running or sleeping; a zombie (dead, waiting for a reaper) counts as gone."""
    return _state(pid) not in ("", "Z", "X")


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _all_gone(pids: list[int], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.1)
    return False
