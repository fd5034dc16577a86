"""Simulated analysts: open a ticket, read the suggestion, type a reply checked at every pause.

The material is the project's own evaluation data: tickets from
``evals/tickets/*.yaml`` and reply drafts from ``evals/drafts/*.yaml`` of the
same space, so the server does the work a real floor would give it.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import yaml

SUGGEST, CHECK = "suggest", "check"
PATHS = {SUGGEST: "/api/v1/suggest", CHECK: "/api/v1/check"}
PAUSE_SECONDS = (0.3, 0.8)  # an analyst pauses typing this often…
TYPED_PER_PAUSE = (8, 40)  # …having typed this many characters since the last pause
RESUGGEST_CHANCE = 0.05  # at a pause, sometimes the analyst asks for the suggestion again
REQUEST_TIMEOUT = 30.0


@dataclass(frozen=True)
class Material:
    tickets: dict[str, list[dict]]  # space → tickets as the contract's JSON
    drafts: dict[str, list[str]]  # space → reply drafts

    @classmethod
    def from_evals(cls, evals_dir: Path, spaces: list[str]) -> "Material":
        tickets: dict[str, list[dict]] = defaultdict(list)
        drafts: dict[str, list[str]] = defaultdict(list)
        for path in sorted((evals_dir / "tickets").glob("*.yaml")):
            for case in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("cases", []):
                if case["ticket"]["space"] in spaces:
                    tickets[case["ticket"]["space"]].append(case["ticket"])
        for path in sorted((evals_dir / "drafts").glob("*.yaml")):
            for case in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("cases", []):
                if case.get("space") in spaces and case.get("draft"):
                    drafts[case["space"]].append(case["draft"])
        usable = sorted(s for s in tickets if drafts.get(s))
        if not usable:
            raise SystemExit(f"nenhum ticket com rascunho nas avaliações em {evals_dir} para os espaços {spaces}")
        return cls({s: tickets[s] for s in usable}, {s: drafts[s] for s in usable})

    def pick(self, rng: random.Random) -> tuple[dict, str]:
        """A ticket made unique (a floor never sees the same ticket twice, so no cache helps) and a draft."""
        space = rng.choice(sorted(self.tickets))
        ticket = dict(rng.choice(self.tickets[space]))
        number = rng.randrange(10**6, 10**7)
        ticket["id"] = str(number)
        ticket["description"] = f"{ticket.get('description') or ''}\n\nProtocolo de atendimento {number}.".strip()
        return ticket, rng.choice(self.drafts[space])


@dataclass
class Recorder:
    """Latency and outcome of every request, by endpoint. Latencies count from ``since``
    (time.monotonic; requests sent before, while the floor was still filling up, are not
    timed); errors count always."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    since: float = float("-inf")

    def count(self, endpoint: str) -> int:
        return len(self.seconds[endpoint]) + len(self.errors[endpoint])

    @property
    def total_errors(self) -> int:
        return sum(len(e) for e in self.errors.values())


async def call(client: httpx.AsyncClient, recorder: Recorder, endpoint: str, body: dict) -> None:
    timed = time.monotonic() >= recorder.since
    started = time.perf_counter()
    try:
        answer = await client.post(PATHS[endpoint], json=body)
    except httpx.HTTPError as exc:
        recorder.errors[endpoint].append(f"{type(exc).__name__}: {exc}")
        return
    if answer.status_code != 200:
        recorder.errors[endpoint].append(f"HTTP {answer.status_code}: {answer.text[:200]}")
        return
    if timed:
        recorder.seconds[endpoint].append(time.perf_counter() - started)


def typing(draft: str, rng: random.Random) -> list[str]:
    """The draft as it grows, one prefix per pause; the last one is the whole draft."""
    cuts, at = [], 0
    while at < len(draft):
        at = min(len(draft), at + rng.randint(*TYPED_PER_PAUSE))
        cuts.append(draft[:at])
    return cuts


async def analyst(client: httpx.AsyncClient, recorder: Recorder, material: Material, deadline: float,
                  rng: random.Random, think: bool = True, joins_after: float = 0.0) -> None:
    """One analyst until ``deadline`` (time.monotonic): ticket after ticket, pause after pause,
    from ``joins_after`` seconds on."""
    if think:
        await asyncio.sleep(joins_after + rng.uniform(0, PAUSE_SECONDS[1]))  # people do not start in step
    while time.monotonic() < deadline:
        ticket, draft = material.pick(rng)
        await call(client, recorder, SUGGEST, ticket)
        for text in typing(draft, rng):
            if time.monotonic() >= deadline:
                return
            if think:
                await asyncio.sleep(rng.uniform(*PAUSE_SECONDS))
            await call(client, recorder, CHECK, {"draft": text, "ticket": ticket, "space": ticket["space"]})
            if rng.random() < RESUGGEST_CHANCE:
                await call(client, recorder, SUGGEST, ticket)


async def floor(urls: list[str], token: str, material: Material, users: int, seconds: float, seed: int,
                think: bool = True, ramp: float = 0.0, on_measuring=None) -> Recorder:
    """``users`` analysts at once for ``seconds``, spread over the workers at ``urls`` as a balancer
    would; requests still in flight at the end are awaited.

    With ``ramp`` the analysts arrive one after another over that many seconds first (a shift
    starts, nobody opens their first ticket in the same instant as 49 colleagues), and only the
    ``seconds`` that follow, with all of them working, are timed (``on_measuring()`` is called
    when they begin)."""
    recorder = Recorder()
    per_worker = users // len(urls) + 5
    # Idle connections are dropped before uvicorn's 5 s keep-alive ends, as a browser does: reusing one
    # the server is closing at that instant would count the race as a server error.
    limits = httpx.Limits(max_connections=per_worker, max_keepalive_connections=per_worker, keepalive_expiry=2.0)
    clients = [httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"},
                                 timeout=REQUEST_TIMEOUT, limits=limits) for url in urls]
    try:
        recorder.since = time.monotonic() + ramp
        deadline = recorder.since + seconds
        if on_measuring is not None:
            asyncio.get_running_loop().call_later(ramp, on_measuring)
        await asyncio.gather(*(analyst(clients[n % len(clients)], recorder, material, deadline,
                                       random.Random(seed + n), think, joins_after=ramp * n / users)
                               for n in range(users)))
    finally:
        for client in clients:
            await client.aclose()
    return recorder


async def warm_up(urls: list[str], token: str, material: Material) -> Recorder:
    """One suggestion and one check per space on every worker, unmeasured: the first requests
    of a process pay for lazy work that no analyst on a warm floor would see."""
    recorder = Recorder()
    for url in urls:
        async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"},
                                     timeout=REQUEST_TIMEOUT * 4) as client:
            for space in sorted(material.tickets):
                ticket, draft = material.tickets[space][0], material.drafts[space][0]
                await call(client, recorder, SUGGEST, ticket)
                await call(client, recorder, CHECK, {"draft": draft, "ticket": ticket, "space": space})
    return recorder
