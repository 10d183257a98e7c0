"""The single-instance server: real Unix-socket clients against the server in the test."""

from __future__ import annotations

import json
import os
import socket
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from posture_break import ipc
from posture_break.core.paths import resolve_paths
from posture_break.ui.instance import InstanceServer

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets")


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    # pytest's tmp_path is too long for a socket path (sun_path holds 108 bytes), so a short one.
    with tempfile.TemporaryDirectory(prefix="pb-") as folder:
        monkeypatch.setenv("XDG_RUNTIME_DIR", folder)
        yield Path(folder)


class Recorder:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        self.calls.append(request)
        return {"ok": True, "message": f"did {request['cmd']}"}


Served = tuple[Any, "Recorder", str, InstanceServer]


@pytest.fixture
def served(qtbot: Any, runtime: Path, tmp_path: Path) -> Iterator[Served]:
    paths = resolve_paths(tmp_path / "data")
    name = ipc.server_name(paths)
    assert Path(name).parent == runtime
    handler = Recorder()
    server = InstanceServer(name, handler, idle_timeout_ms=100)
    assert server.listen()
    yield paths, handler, name, server
    server.close()


def in_thread(qtbot: Any, work: Callable[[], Any]) -> Any:
    """Run a blocking client in a thread while the Qt event loop serves it; return its result."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = work()
        except BaseException as exc:  # handed to the test thread
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=10_000)
    if "error" in box:
        raise box["error"]
    return box["result"]


def raw_exchange(name: str, data: bytes, *, close_write: bool = False) -> bytes:
    """Send ``data`` and read until the reply line ends or the server closes."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(8)
        sock.connect(name)
        if data:
            sock.sendall(data)
        if close_write:
            sock.shutdown(socket.SHUT_WR)
        received = b""
        while not received.endswith(b"\n"):
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
        return received


def test_real_client_gets_the_reply_and_handler_sees_the_parsed_command(
    qtbot: Any, served: Served
) -> None:
    paths, handler, _, _ = served
    reply = in_thread(qtbot, lambda: ipc.send_command(paths, {"cmd": "pause", "minutes": 45}))
    assert reply == {"ok": True, "message": "did pause"}
    assert handler.calls == [{"cmd": "pause", "minutes": 45}]
    reply = in_thread(qtbot, lambda: ipc.send_command(paths, {"cmd": "ping"}))
    assert reply["ok"] is True
    assert handler.calls[-1] == {"cmd": "ping"}


def test_message_split_over_several_writes_is_assembled(qtbot: Any, served: Served) -> None:
    _, handler, name, _ = served

    def slow_client() -> bytes:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(8)
            sock.connect(name)
            sock.sendall(b'{"cmd": ')
            sock.sendall(b'"resume"}\n')
            return sock.recv(4096)

    assert json.loads(in_thread(qtbot, slow_client)) == {"ok": True, "message": "did resume"}
    assert handler.calls == [{"cmd": "resume"}]


@pytest.mark.parametrize(
    "data",
    [
        b"not json\n",
        b'{"cmd": "rm -rf /"}\n',
        b'{"cmd": "pause", "minutes": 0}\n',
        b'{"cmd": "quit", "extra": 1}\n',
        b"[" * 1500 + b"]" * 1500 + b"\n",
        b"\xff\xfe\xfd\n",
    ],
)
def test_malformed_message_is_refused_and_never_acted_on(
    qtbot: Any, served: Served, data: bytes
) -> None:
    _, handler, name, _ = served
    reply = json.loads(in_thread(qtbot, lambda: raw_exchange(name, data)))
    assert reply["ok"] is False and reply["error"]
    assert handler.calls == []


def test_oversized_message_is_refused_and_never_acted_on(qtbot: Any, served: Served) -> None:
    _, handler, name, _ = served
    # a valid command hidden at the end of too much padding
    data = b" " * (2 * ipc.MAX_MESSAGE) + b'{"cmd": "quit"}\n'
    reply = json.loads(in_thread(qtbot, lambda: raw_exchange(name, data)))
    assert reply == {"ok": False, "error": "message too large"}
    assert handler.calls == []


def test_silent_client_is_dropped(qtbot: Any, served: Served) -> None:
    _, handler, name, _ = served
    # connects, says nothing: the server closes it (idle_timeout_ms=100) without a reply
    assert in_thread(qtbot, lambda: raw_exchange(name, b"")) == b""
    # same for a client that never finishes its line
    assert in_thread(qtbot, lambda: raw_exchange(name, b'{"cmd": "quit"')) == b""
    assert handler.calls == []


def test_client_that_hangs_up_early_does_not_reach_the_handler(qtbot: Any, served: Served) -> None:
    _, handler, name, _ = served
    assert in_thread(qtbot, lambda: raw_exchange(name, b'{"cmd": "qu', close_write=True)) == b""
    assert handler.calls == []


def test_served_connections_are_released(qtbot: Any, served: Served) -> None:
    paths, _, name, server = served

    def live_connections() -> int:
        return len(server._conns)

    for _ in range(5):
        assert in_thread(qtbot, lambda: ipc.send_command(paths, {"cmd": "ping"}))["ok"]
    in_thread(qtbot, lambda: raw_exchange(name, b"junk\n"))
    in_thread(qtbot, lambda: raw_exchange(name, b" " * (2 * ipc.MAX_MESSAGE)))
    in_thread(qtbot, lambda: raw_exchange(name, b""))
    qtbot.waitUntil(lambda: live_connections() == 0, timeout=5000)
    assert server._buffers == {}


def test_socket_is_private_to_the_user(served: Served) -> None:
    _, _, name, _ = served
    mode = os.stat(name).st_mode
    assert stat.S_ISSOCK(mode)
    assert stat.S_IMODE(mode) & 0o077 == 0, oct(mode)


def test_a_stale_socket_from_a_crash_is_replaced(qtbot: Any, runtime: Path) -> None:
    name = str(runtime / "stale.sock")
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(name)  # bound, then the process "crashed": the file stays, nobody listens
    dead.close()
    assert Path(name).exists()
    handler = Recorder()
    server = InstanceServer(name, handler, idle_timeout_ms=100)
    try:
        assert server.listen()
        reply = json.loads(in_thread(qtbot, lambda: raw_exchange(name, b'{"cmd":"ping"}\n')))
        assert reply["ok"] is True and handler.calls == [{"cmd": "ping"}]
    finally:
        server.close()


def test_a_live_instance_is_not_taken_over(qtbot: Any, served: Served) -> None:
    paths, first_handler, name, _ = served
    second_handler = Recorder()
    second = InstanceServer(name, second_handler, idle_timeout_ms=100)
    try:
        assert second.listen() is False
        reply = in_thread(qtbot, lambda: ipc.send_command(paths, {"cmd": "break-now"}))
        assert reply["ok"] is True
        assert first_handler.calls[-1] == {"cmd": "break-now"}
        assert second_handler.calls == []
    finally:
        second.close()


def test_handler_bug_answers_the_client_then_is_loud(qtbot: Any, runtime: Path) -> None:
    name = str(runtime / "bug.sock")

    def broken(request: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("bug in the handler")

    server = InstanceServer(name, broken, idle_timeout_ms=100)
    try:
        assert server.listen()
        with qtbot.captureExceptions() as exceptions:
            raw = in_thread(qtbot, lambda: raw_exchange(name, b'{"cmd":"ping"}\n'))
        assert json.loads(raw) == {"ok": False, "error": "internal error"}
        assert [type(e[1]) for e in exceptions] == [RuntimeError]
    finally:
        server.close()


def test_no_socket_means_not_running(runtime: Path, tmp_path: Path) -> None:
    with pytest.raises(ipc.InstanceUnreachable, match="not running"):
        ipc.send_command(resolve_paths(tmp_path / "nobody"), {"cmd": "ping"}, timeout=1)


def _full_backlog(name: str) -> tuple[socket.socket, list[socket.socket]]:
    """A listening socket that never accepts, its backlog filled up: alive but busy."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(name)
    listener.listen(0)
    queued: list[socket.socket] = []
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.connect(name)
        except BlockingIOError:
            s.close()
            return listener, queued
        queued.append(s)
        assert len(queued) < 100, "the backlog never filled"


def test_a_full_backlog_means_busy_not_gone(runtime: Path, tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "data")
    name = ipc.server_name(paths)
    listener, queued = _full_backlog(name)
    try:
        with pytest.raises(ipc.InstanceUnreachable, match="busy") as caught:
            ipc.send_command(paths, {"cmd": "ping"}, timeout=0.3)
        assert not isinstance(caught.value, ipc.NotRunning)
        inode = os.stat(name).st_ino
        second = InstanceServer(name, Recorder(), idle_timeout_ms=100)
        assert second.listen() is False  # a busy instance is never taken over
        assert os.stat(name).st_ino == inode  # its socket file is left alone
        second.close()
        assert os.stat(name).st_ino == inode
    finally:
        for s in queued:
            s.close()
        listener.close()


def test_the_client_waits_out_a_full_backlog(
    runtime: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = resolve_paths(tmp_path / "data")
    name = ipc.server_name(paths)
    listener, queued = _full_backlog(name)
    box: dict[str, Any] = {}
    retrying = threading.Event()
    real_sleep = ipc.time.sleep

    def backoff(seconds: float) -> None:
        retrying.set()  # the client met the full backlog and backs off instead of giving up
        real_sleep(seconds)

    monkeypatch.setattr(ipc.time, "sleep", backoff)

    def client() -> None:
        try:
            box["reply"] = ipc.send_command(paths, {"cmd": "ping"}, timeout=10)
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=client, daemon=True)
    thread.start()
    try:
        assert retrying.wait(5), box
        assert thread.is_alive(), box
        # The "app" drains its backlog and answers: the waiting client gets through.
        listener.setblocking(True)
        for s in queued:
            conn, _ = listener.accept()
            conn.close()
            s.close()
        conn, _ = listener.accept()
        with conn:
            assert conn.recv(100) == b'{"cmd":"ping"}\n'
            conn.sendall(b'{"ok":true}\n')
        thread.join(5)
        assert box == {"reply": {"ok": True}}
    finally:
        listener.close()


def test_a_flood_of_silent_clients_cannot_lock_out_a_real_one(qtbot: Any, served: Served) -> None:
    paths, handler, name, server = served
    server._idle_timeout_ms = 60_000  # the flood stays connected for the whole test
    from posture_break.ui.instance import MAX_CONNECTIONS

    flood = []
    for _ in range(3 * MAX_CONNECTIONS):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(name)  # the backlog is SOMAXCONN: none is refused
        flood.append(s)
    try:
        reply = in_thread(qtbot, lambda: ipc.send_command(paths, {"cmd": "status"}, timeout=2))
        assert reply["ok"] is True and handler.calls == [{"cmd": "status"}]
        assert len(server._conns) <= MAX_CONNECTIONS
    finally:
        for s in flood:
            s.close()
