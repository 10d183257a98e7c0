"""The single-instance channel: a local socket only the same user can reach.

One JSON object per connection, one line, at most MAX_MESSAGE bytes; one JSON reply. The client side
here uses the plain socket module (no Qt) so `posture-break pause 30` answers quickly; the server
side lives in ui/instance.py on a QLocalServer listening at the same path.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from posture_break.core.model import PAUSE_TARGETS
from posture_break.core.paths import Paths

MAX_MESSAGE = 4096
COMMANDS = (
    "break-now",
    "done",
    "skip",
    "snooze",
    "pause",
    "resume",
    "status",
    "quit",
    "show-stats",
    "show-settings",
    "show",
    "ping",
)


class ProtocolError(ValueError):
    pass


class InstanceUnreachable(Exception):
    pass


class NotRunning(InstanceUnreachable):
    """Nobody listens on the socket (none there, or a stale one left by a crash)."""


NOT_RUNNING = "posture-break is not running (start it with `posture-break`)"
# A full listen backlog: the kernel says EAGAIN (Linux) and the app is alive, only busy.
BUSY_ERRNOS = frozenset({errno.EAGAIN, errno.EWOULDBLOCK})


# A Unix socket's path fits in sun_path: 108 bytes with the closing NUL on Linux (104 on macOS).
MAX_SOCKET_PATH = 100


def runtime_dir(room: int = 0) -> Path:
    """A folder only this user can enter: $XDG_RUNTIME_DIR, else a private folder in /tmp.

    ``room``: bytes the socket's name needs in it; a runtime folder so deep that the socket's
    path would not fit a Unix socket address is passed over for the /tmp folder."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    fits = base is not None and len(os.fsencode(base)) + 1 + room <= MAX_SOCKET_PATH
    if base and fits and Path(base).is_dir() and os.access(base, os.W_OK):
        return Path(base)
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"posture-break-{uid}"
    folder.mkdir(mode=0o700, exist_ok=True)
    st = folder.stat()
    if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o077):
        raise InstanceUnreachable(f"{folder}: not private to this user; refusing to use it")
    return folder


def server_name(paths: Paths) -> str:
    """What QLocalServer listens on: a socket path on Unix, a pipe name on Windows."""
    if sys.platform == "win32":
        return paths.instance_key
    name = f"{paths.instance_key}.sock"
    return str(runtime_dir(room=len(name)) / name)


def parse_message(data: bytes) -> dict[str, Any]:
    """Validate one request. Anything odd raises ProtocolError; nothing is acted on."""
    if len(data) > MAX_MESSAGE:
        raise ProtocolError("message too large")
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        # RecursionError: deeply nested arrays fit in MAX_MESSAGE and overflow the decoder.
        raise ProtocolError("not JSON") from None
    if not isinstance(obj, dict):
        raise ProtocolError("not an object")
    cmd = obj.get("cmd")
    if not isinstance(cmd, str) or cmd not in COMMANDS:
        raise ProtocolError("unknown command")
    # Only `pause` takes arguments; anything else is refused rather than silently ignored.
    allowed = {"cmd", "minutes", "until"} if cmd == "pause" else {"cmd"}
    if set(obj) - allowed:
        raise ProtocolError("unknown fields")
    out: dict[str, Any] = {"cmd": cmd}
    if cmd == "pause":
        if "minutes" in obj and "until" in obj:
            raise ProtocolError("give minutes or until, not both")
        minutes = obj.get("minutes")
        until = obj.get("until")
        if until is not None:
            if until not in PAUSE_TARGETS:
                raise ProtocolError("bad pause target")
            out["until"] = until
        elif isinstance(minutes, int) and not isinstance(minutes, bool) and 1 <= minutes <= 1440:
            out["minutes"] = minutes
        else:
            raise ProtocolError("bad pause length")
    return out


def encode(obj: Mapping[str, Any]) -> bytes:
    return (json.dumps(dict(obj), separators=(",", ":")) + "\n").encode("utf-8")


def connect(path: str, deadline: float) -> socket.socket:
    """A connected socket to the instance at ``path``, retrying while its backlog is full.

    ENOENT / ECONNREFUSED mean nobody listens: NotRunning at once. EAGAIN means the listen
    backlog is full, so the app is running but busy: try again until ``deadline`` (monotonic).
    """
    delay = 0.002
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(max(0.001, deadline - time.monotonic()))
        try:
            sock.connect(path)
            return sock
        except (FileNotFoundError, ConnectionRefusedError):
            sock.close()
            raise NotRunning(NOT_RUNNING) from None
        except OSError as exc:
            sock.close()
            if exc.errno not in BUSY_ERRNOS:
                raise InstanceUnreachable(f"cannot reach the running app ({exc})") from None
            left = deadline - time.monotonic()
            if left <= 0:
                raise InstanceUnreachable(
                    "the running app is busy and did not answer in time; try again"
                ) from None
            time.sleep(min(delay, left))  # backoff while the app drains its backlog
            delay = min(delay * 2, 0.05)


def send_command(paths: Paths, payload: Mapping[str, Any], timeout: float = 5.0) -> dict[str, Any]:
    """Send one command to the running instance and return its reply (within ``timeout`` s)."""
    if sys.platform == "win32":  # pragma: no cover - named pipes need Qt's QLocalSocket
        return _send_qt(paths, payload, timeout)
    deadline = time.monotonic() + timeout
    path = server_name(paths)
    if not Path(path).exists():
        raise NotRunning(NOT_RUNNING)
    chunks: list[bytes] = []
    with connect(path, deadline) as sock:
        try:
            sock.settimeout(max(0.001, deadline - time.monotonic()))
            sock.sendall(encode(payload))
            while True:
                sock.settimeout(max(0.001, deadline - time.monotonic()))
                chunk = sock.recv(MAX_MESSAGE)
                if not chunk:
                    break
                chunks.append(chunk)
                if chunk.endswith(b"\n"):
                    break
        except OSError as exc:
            raise InstanceUnreachable(f"cannot reach the running app ({exc})") from None
    try:
        reply = json.loads(b"".join(chunks).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InstanceUnreachable("the running app gave no answer") from None
    if not isinstance(reply, dict):
        raise InstanceUnreachable("the running app gave a malformed answer")
    return reply


def _send_qt(
    paths: Paths, payload: Mapping[str, Any], timeout: float
) -> dict[str, Any]:  # pragma: no cover
    from PySide6.QtNetwork import QLocalSocket

    sock = QLocalSocket()
    sock.connectToServer(server_name(paths))
    if not sock.waitForConnected(int(timeout * 1000)):
        raise NotRunning(NOT_RUNNING)
    sock.write(encode(payload))
    sock.waitForBytesWritten(int(timeout * 1000))
    data = b""
    while sock.waitForReadyRead(int(timeout * 1000)):
        data += bytes(sock.readAll().data())
        if data.endswith(b"\n"):
            break
    sock.disconnectFromServer()
    try:
        reply = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InstanceUnreachable("the running app gave no answer") from None
    return reply if isinstance(reply, dict) else {}
