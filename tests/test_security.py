"""Security checks on the real app process (offscreen): no network sockets, private files, and a
single-instance socket that only its own user can use and that no malformed message can crash or
steer. See docs/contracts.md (the instance socket, files)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posture_break.ipc import COMMANDS, MAX_MESSAGE
from tests.faults.apphelp import AppProcess, db_rows, run_cli, write_settings

if sys.platform != "linux":  # pragma: no cover
    pytest.skip("reads /proc and uses SO_PEERCRED", allow_module_level=True)

NOBODY = 65534


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private runtime folder outside pytest's (root-only) tmp tree, so that another user's
    failure to reach the socket is down to this folder's own mode."""
    folder = Path(tempfile.mkdtemp(prefix="pb-run-"))
    folder.chmod(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def umask022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def app(tmp_path: Path, runtime: Path, umask022: None) -> Iterator[AppProcess]:
    data = tmp_path / "data"
    write_settings(data, {"idle": {"natural_breaks": False}})
    proc = AppProcess(data, runtime).start()
    yield proc
    proc.stop()


# --- (a) no network sockets --------------------------------------------------------------------


def _socket_inodes(pid: int) -> set[int]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue  # closed meanwhile
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


def _table(pid: int, name: str, inode_col: int) -> dict[int, list[str]]:
    path = Path(f"/proc/{pid}/net/{name}")
    if not path.exists():
        return {}
    rows: dict[int, list[str]] = {}
    for line in path.read_text().splitlines()[1:]:
        cols = line.split()
        if len(cols) > inode_col and cols[inode_col].isdigit():
            rows[int(cols[inode_col])] = cols
    return rows


def assert_only_local_socket(proc: AppProcess, moment: str) -> int:
    """Every socket the app holds is a Unix socket, and it listens only in its runtime folder."""
    pid = proc.pid
    mine = _socket_inodes(pid)
    for name in ("tcp", "tcp6", "udp", "udp6", "udplite", "udplite6", "raw", "raw6"):
        network = mine & set(_table(pid, name, 9))
        assert not network, f"{moment}: the app holds {name} sockets {sorted(network)}"
    unix = _table(pid, "unix", 6)
    # A connection the app was just closing (the reply to our last command) can be in the fd
    # list and gone from the table: only sockets open before and after the tables were read count.
    mine &= _socket_inodes(pid)
    other = mine - set(unix)
    kinds = {n: mine & set(_table(pid, n, 9)) for n in ("netlink", "packet")}
    assert not other, f"{moment}: non-Unix sockets {sorted(other)} ({kinds})"
    listening = 0
    for inode in mine:
        cols = unix[inode]
        flags, path = int(cols[3], 16), cols[7] if len(cols) > 7 else ""
        if flags & 0x10000:  # __SO_ACCEPTCON: a listening socket
            listening += 1
            assert path.startswith(str(proc.runtime_dir) + "/"), f"{moment}: listens at {path!r}"
    assert listening == 1, f"{moment}: {listening} listening sockets"
    return len(mine)


def test_the_app_opens_no_network_socket(app: AppProcess) -> None:
    assert_only_local_socket(app, "after start")
    assert app.send({"cmd": "break-now"})["ok"]
    app.wait_for_log("break window exposed")
    assert_only_local_socket(app, "during a break")
    assert app.send({"cmd": "done"})["ok"]
    assert app.send({"cmd": "show-stats"})["ok"]
    app.wait_for_log("window shown: stats")  # it opens on the next turn of the event loop
    assert_only_local_socket(app, "with the stats window open")
    assert app.send({"cmd": "show-settings"})["ok"]
    app.wait_for_log("window shown: settings")
    assert_only_local_socket(app, "with the settings dialog open")
    assert len(db_rows(app.paths.db_file)) == 1


# --- (b) private files and folders -------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_are_private_even_with_umask_022(
    tmp_path: Path, runtime: Path, umask022: None
) -> None:
    data = tmp_path / "fresh" / "data"  # the app creates the folders itself
    proc = AppProcess(data, runtime).start()
    try:
        assert proc.send({"cmd": "break-now"})["ok"]
        assert proc.send({"cmd": "done"})["ok"]
        db = proc.paths.db_file
        wal, shm = db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")
        assert wal.exists() and shm.exists()  # while it runs (WAL mode)
        sock = next(runtime.glob("*.sock"))
        assert stat.S_ISSOCK(sock.lstat().st_mode)
        running = {p: _mode(p) for p in (db, wal, shm, sock)}
    finally:
        # The first-run question is still open: quitting answers nothing, so nothing is saved.
        assert proc.quit() == 0
    export = tmp_path / "export.csv"
    result = run_cli(data, "export", "--out", str(export), runtime_dir=runtime)
    assert result.returncode == 0, result.stderr

    assert not sock.exists()  # removed on quit
    for path, mode in running.items():
        assert mode & 0o077 == 0, f"{path.name}: {oct(mode)}"
    from posture_break.core.settings import Settings, save_settings

    save_settings(data / "settings.toml", Settings())  # what Apply in the dialog does
    files = [
        data / "settings.toml",
        data / "history.sqlite3",
        data / "logs" / "posture-break.log",
        export,
    ]
    for path in files:
        assert _mode(path) == 0o600, f"{path}: {oct(_mode(path))}"
    for folder in (data, data / "logs"):
        assert _mode(folder) == 0o700, f"{folder}: {oct(_mode(folder))}"
    assert sorted(p.name for p in data.iterdir()) == ["history.sqlite3", "logs", "settings.toml"]


# --- (c) the single-instance socket -------------------------------------------------------------


def raw_exchange(path: str, data: bytes, timeout: float = 5.0) -> bytes:
    """Send raw bytes, half-close, and read whatever comes back until the server hangs up."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(path)
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may refuse and close before reading it all
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:
            pass
        return b"".join(chunks)


def _could_act(data: bytes) -> bool:
    """An independent, generous notion of "a valid command": such inputs are not fuzz."""
    line = data.split(b"\n", 1)[0]
    try:
        obj = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    return isinstance(obj, dict) and obj.get("cmd") in COMMANDS and len(line) <= MAX_MESSAGE


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)
bad_pause = st.one_of(
    st.sampled_from([0, -1, 1441, 10**30, 5.5, True, "5", None, [], {}]).map(
        lambda m: {"cmd": "pause", "minutes": m}
    ),
    st.text(max_size=12)
    .filter(lambda u: u not in ("tomorrow", "resumed"))
    .map(lambda u: {"cmd": "pause", "until": u}),
    st.just({"cmd": "pause", "minutes": 5, "until": "tomorrow"}),
    st.just({"cmd": "pause"}),
)
extra_fields = st.builds(
    lambda cmd, key, value: {"cmd": cmd, key: value},
    st.sampled_from([c for c in COMMANDS if c != "pause"]),
    st.text(min_size=1, max_size=8).filter(lambda k: k != "cmd"),
    json_values,
)
messages = st.one_of(
    st.binary(max_size=600),
    st.binary(min_size=MAX_MESSAGE + 1, max_size=MAX_MESSAGE + 3000),
    json_values.map(lambda v: json.dumps(v).encode() + b"\n"),
    st.one_of(bad_pause, extra_fields).map(lambda o: json.dumps(o).encode() + b"\n"),
    st.sampled_from(COMMANDS).map(lambda c: json.dumps({"cmd": c.upper()}).encode() + b"\n"),
    # Valid commands made oversized by padding: refused for their size, never acted on.
    st.sampled_from(["quit", "break-now", "pause"]).map(
        lambda c: b'{"cmd":"' + c.encode() + b'"' + b" " * MAX_MESSAGE + b"}\n"
    ),
    st.integers(1, 3000).map(lambda n: b"[" * n + b"]" * n + b"\n"),
    st.just(b'{"cmd": "quit"'),  # no newline, then the client hangs up
)


def test_fuzzed_messages_never_crash_or_act(app: AppProcess) -> None:
    path = str(app.runtime_dir / f"{app.paths.instance_key}.sock")
    status = app.status()
    records = len(db_rows(app.paths.db_file)) if app.paths.db_file.exists() else 0
    seen = {"examples": 0, "replies": 0}

    @settings(
        max_examples=400,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,
    )
    @given(data=messages)
    def check(data: bytes) -> None:
        if _could_act(data):
            return
        seen["examples"] += 1
        reply = raw_exchange(path, data)
        if reply:
            seen["replies"] += 1
            answer = json.loads(reply.decode("utf-8"))
            assert answer["ok"] is False and isinstance(answer["error"], str), answer
        assert app.alive(), app.stderr()

    check()
    assert seen["examples"] >= 100 and seen["replies"] >= 80, seen
    assert app.alive()
    assert app.status() == status
    assert app.send({"cmd": "ping"})["ok"]
    after = len(db_rows(app.paths.db_file)) if app.paths.db_file.exists() else 0
    assert after == records
    assert "Traceback" not in app.stderr()


def test_slow_and_many_clients_do_not_block_it(app: AppProcess) -> None:
    path = str(app.runtime_dir / f"{app.paths.instance_key}.sock")
    status = app.status()
    idle = []
    for _ in range(40):  # more than the server keeps open at once, all silent
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        s.connect(path)  # never refused: the listen backlog is SOMAXCONN
        idle.append(s)
    # The newest one (the server drops the longest-waiting silent ones when too many are open).
    partial = idle[-1]
    partial.sendall(b'{"cmd": "qu')  # half a command, never finished
    t0 = time.monotonic()
    assert app.send({"cmd": "ping"}, timeout=5)["ok"]  # still answering others
    assert time.monotonic() - t0 < 2
    assert partial.recv(100) == b""  # dropped after its idle timeout, unanswered
    for s in idle:
        s.close()
    assert app.alive() and app.status() == status


def test_a_full_backlog_is_a_busy_instance_not_a_missing_one(app: AppProcess) -> None:
    path = str(app.runtime_dir / f"{app.paths.instance_key}.sock")
    inode = os.stat(path).st_ino
    silent = []
    try:
        for _ in range(200):  # held open and never written to
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(10)
            s.connect(path)  # the backlog is SOMAXCONN: not one is refused
            silent.append(s)
        second = app.cli("run", timeout=60)
        assert second.returncode == 0, second.stderr
        assert "already running" in second.stderr
        assert os.stat(path).st_ino == inode  # the live instance's socket was not replaced
        t0 = time.monotonic()
        status = app.cli("status", timeout=30)
        # the CLI's own start (Python, imports) is not the app's answer: time only the exchange
        assert status.returncode == 0, status.stderr
        t1 = time.monotonic()
        assert app.send({"cmd": "status"}, timeout=2)["ok"]
        assert time.monotonic() - t1 < 2
        assert t1 - t0 < 20
    finally:
        for s in silent:
            s.close()
    assert app.alive()


def _as_nobody(path: str, payload: bytes) -> str:
    """Connect to ``path`` as uid/gid 65534 in a forked child; returns what happened."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        result = "?"
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(5)
                try:
                    sock.connect(path)
                except OSError as exc:
                    result = f"connect:{errno.errorcode.get(exc.errno or 0, exc.errno)}"
                else:
                    try:
                        sock.sendall(payload)
                        reply = sock.recv(4096)
                        result = "reply:" + reply.decode("utf-8", "replace")
                    except OSError as exc:
                        result = f"io:{errno.errorcode.get(exc.errno or 0, exc.errno)}"
        except BaseException as exc:
            result = f"error:{exc!r}"
        os.write(write_end, result.encode()[:4000])
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        out = fh.read().decode()
    os.waitpid(pid, 0)
    return out


def test_another_user_cannot_command_it(app: AppProcess) -> None:
    if os.geteuid() != 0:
        pytest.skip("acting as another user (nobody) needs root")
    path = str(app.runtime_dir / f"{app.paths.instance_key}.sock")
    status = app.status()
    quit_now = b'{"cmd":"quit"}\n'

    # The runtime folder is 0700: another user cannot even reach the socket.
    assert _mode(app.runtime_dir) == 0o700
    assert _as_nobody(path, quit_now) == "connect:EACCES"
    assert app.alive() and app.status() == status

    # Defence in depth: with the folder and socket opened up by mistake, the peer's uid
    # (SO_PEERCRED) is checked and the connection is dropped without a word.
    app.runtime_dir.chmod(0o755)
    os.chmod(path, 0o777)
    try:
        outcome = _as_nobody(path, quit_now)
        assert outcome in ("reply:", "io:ECONNRESET", "io:EPIPE"), outcome
        # The stranger was dropped at accept, before a byte was read; our own round trip after
        # it is the barrier: had the app acted on it, the status would say so.
        assert app.alive() and app.status() == status
        outcome = _as_nobody(path, b'{"cmd":"break-now"}\n')
        assert outcome in ("reply:", "io:ECONNRESET", "io:EPIPE"), outcome
        assert app.status() == status
    finally:
        app.runtime_dir.chmod(0o700)
    assert app.send({"cmd": "ping"})["ok"]
