"""A pytest fixture for a real, private PipeWire graph (tools/pipewire-session).

``pipewire_graph`` starts pipewire, wireplumber and pipewire-pulse headless on a throw-away
runtime directory with a virtual microphone, and yields the environment that reaches them
(``XDG_RUNTIME_DIR``, ``PULSE_SERVER``, ...). ``graph.spawn(argv)`` starts a client (a recorder,
a player) as another application inside it; everything is stopped afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests import needs

REPO = Path(__file__).resolve().parents[2]
TOOL = REPO / "tools" / "pipewire-session"
NEEDS = ("pipewire", "wireplumber", "pipewire-pulse", "pactl", "parecord", "pw-dump")


class Graph:
    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self._children: list[subprocess.Popen[bytes]] = []

    def spawn(self, argv: Sequence[str]) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            list(argv), env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self._children.append(proc)
        return proc

    def pactl(self, *args: str) -> str:
        return subprocess.run(
            ["pactl", *args], env=self.env, capture_output=True, text=True, timeout=10
        ).stdout

    def wait_for(self, predicate, limit: float = 10.0) -> bool:
        """Poll ``predicate`` (a barrier on the graph's own answer) until true or the limit."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if predicate():
                return True
            time.sleep(0.1)
        return bool(predicate())

    def stop_children(self) -> None:
        for proc in self._children:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def missing() -> str | None:
    return needs.missing_programs(*NEEDS)


@pytest.fixture
def pipewire_graph(tmp_path) -> Iterator[Graph]:
    why = missing()
    if why:
        pytest.skip(why)
    ready = tmp_path / "pipewire.env"
    env = dict(os.environ)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # a private bus of its own
    tool = subprocess.Popen(
        ["bash", str(TOOL), "--ready-file", str(ready), "--", "sleep", "3600"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        end = time.monotonic() + 120  # a busy machine starts the graph slowly (the tool waits 90 s)
        while not ready.exists() and tool.poll() is None and time.monotonic() < end:
            time.sleep(0.05)
        if not ready.exists():
            err = tool.stderr.read().decode() if tool.poll() is not None and tool.stderr else ""
            pytest.fail(f"tools/pipewire-session did not get ready: {err}")
        graph_env = dict(os.environ)
        for line in ready.read_text().splitlines():
            key, _, value = line.partition("=")
            graph_env[key] = value
        graph = Graph(graph_env)
        try:
            yield graph
        finally:
            graph.stop_children()
    finally:
        if tool.poll() is None:
            tool.send_signal(signal.SIGTERM)
            try:
                tool.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(tool.pid, signal.SIGKILL)
                tool.wait()
        if tool.stderr:
            tool.stderr.close()
