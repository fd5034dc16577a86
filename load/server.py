"""The server under test: ``copilot serve`` in a subprocess on loopback, and its memory."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

HOST = "127.0.0.1"  # the load never leaves this machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it, from /proc (Linux); gone processes are skipped."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                queue += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


class ServerFailed(RuntimeError):
    """The server did not become healthy; the message says why (its /healthz error or its log)."""


@dataclass
class Server:
    token: str = field(default_factory=lambda: "load-" + secrets.token_urlsafe(18))
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def launch(self) -> "Server":
        """Start ``copilot serve --skip-index`` (returns at once; see ``wait_ready``)."""
        env = {**os.environ, "COPILOT_TOKEN": self.token, "ANONYMIZED_TELEMETRY": "False"}
        handle, name = tempfile.mkstemp(prefix="copilot-load-", suffix=".log")
        self.log_path = Path(name)
        with os.fdopen(handle, "wb") as log:  # a file, not a pipe: access logs must never block the server
            self.proc = subprocess.Popen([sys.executable, "-m", "copilot", "serve", "--skip-index",
                                          "--host", HOST, "--port", str(self.port)],
                                         env=env, stdout=log, stderr=subprocess.STDOUT)
        return self

    def wait_ready(self, timeout: float = 240) -> "Server":
        """Wait for /healthz 200; ``ServerFailed`` with the reason otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerFailed(f"o servidor saiu com código {self.proc.returncode}:\n{self.log_tail()}")
            try:
                answer = httpx.get(f"{self.url}/healthz", timeout=5)
                if answer.status_code == 200:
                    return self
                body = answer.json()
                if body.get("error"):
                    raise ServerFailed(body["error"].get("message", str(body)))
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.25)
        raise ServerFailed(f"/healthz não respondeu 200 em {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        if not self.log_path or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log_path is not None:
            self.log_path.unlink(missing_ok=True)

    def processes(self) -> list[int]:
        """The server's pid and its descendants' (suggestion processes count as the server)."""
        return [] if self.proc is None else descendants(self.proc.pid)

    def cpu_seconds(self) -> float | None:
        """User + system CPU time the server's processes have used, from /proc (Linux)."""
        if self.proc is None:
            return None
        total = 0.0
        for pid in self.processes():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                if pid == self.proc.pid:
                    return None
                continue  # a child that just ended
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def rss_mb(self) -> float | None:
        """Resident memory of the server's processes, from /proc (Linux)."""
        total, seen = 0.0, False
        for pid in self.processes():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    total, seen = total + int(line.split()[1]) / 1024, True
        return total if seen else None


class MemorySampler:
    """Samples the servers' total RSS every ``interval`` seconds in a thread; ``mark`` names a
    moment (and notes the servers' CPU time and this process's then, for ``cpu_share`` and
    ``generator_share``: the analysts are simulated on the same cores, so their cost shows)."""

    def __init__(self, servers: list[Server], interval: float = 1.0) -> None:
        self.servers, self.interval = servers, interval
        self.samples: list[tuple[float, float]] = []
        self.marks: dict[str, int] = {}
        self.cpu: dict[str, tuple[float, float | None]] = {}  # mark → (monotonic time, CPU seconds)
        self.own_cpu: dict[str, float] = {}  # mark → this process's CPU seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss", daemon=True)

    def __enter__(self) -> "MemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> float | None:
        values = [server.rss_mb() for server in self.servers]
        if None in values:
            return None
        self.samples.append((time.monotonic(), sum(values)))
        return sum(values)

    def mark(self, name: str) -> None:
        self.sample()
        self.marks[name] = len(self.samples) - 1
        used = [server.cpu_seconds() for server in self.servers]
        self.cpu[name] = (time.monotonic(), None if None in used else sum(used))
        self.own_cpu[name] = time.process_time()

    def cpu_share(self, start: str, end: str) -> float | None:
        """Cores the servers kept busy between two marks (1.0 = one core all the time)."""
        (t0, c0), (t1, c1) = self.cpu[start], self.cpu[end]
        return None if c0 is None or c1 is None or t1 <= t0 else (c1 - c0) / (t1 - t0)

    def generator_share(self, start: str, end: str) -> float | None:
        """Cores the load generator itself (this process) kept busy between two marks."""
        (t0, _), (t1, _) = self.cpu[start], self.cpu[end]
        return None if t1 <= t0 else (self.own_cpu[end] - self.own_cpu[start]) / (t1 - t0)

    def between(self, start: str, end: str) -> list[float]:
        return [mb for _, mb in self.samples[self.marks[start]:self.marks[end] + 1]]
