"""Server side of the single-instance channel (see posture_break/ipc.py for the protocol).

The socket file sits in a folder only this user can enter, is created user-only, and every peer's
uid is checked again (SO_PEERCRED) before a byte is read. Malformed, oversized or slow messages are
answered with an error (or dropped) and never acted on.

On Linux and macOS this is a plain AF_UNIX socket watched by QSocketNotifier: QtNetwork's
QLocalServer would do the same job for 2.6 MiB more resident memory (measured). Windows has named
pipes instead, so there QLocalServer is used.
"""

from __future__ import annotations

import contextlib
import os
import socket
import struct
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

from posture_break.ipc import BUSY_ERRNOS, MAX_MESSAGE, ProtocolError, encode, parse_message

Handler = Callable[[dict[str, Any]], dict[str, Any]]


def peer_uid(sock: socket.socket) -> int | None:
    """The uid of the process on the other end of a Unix socket, or None where unknown."""
    if sys.platform != "linux":
        getpeereid = getattr(sock, "getpeereid", None)  # not in the stdlib today; be ready
        return None if getpeereid is None else int(getpeereid()[0])
    try:
        creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except OSError:
        return None
    _pid, uid, _gid = struct.unpack("3i", creds)
    return int(uid)


def _someone_listening(name: str) -> bool:
    """True if a live server owns the socket path ``name``, even one too busy to accept now.

    Only "no such file" and "connection refused" mean nobody is there. A full listen backlog
    (EAGAIN) is a running instance under load: its socket must never be taken over.
    """
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.setblocking(False)
        try:
            probe.connect(name)
        except (FileNotFoundError, ConnectionRefusedError):
            return False
        except OSError as exc:
            return exc.errno in BUSY_ERRNOS
    return True


# Connections held open at once. A flood of silent clients evicts its own oldest members, so a
# real client (which writes its command right after connecting) is always served.
MAX_CONNECTIONS = 32


class _Conn:
    __slots__ = ("buffer", "notifier", "sock")

    def __init__(self, sock: socket.socket, notifier: QSocketNotifier) -> None:
        self.sock = sock
        self.notifier = notifier
        self.buffer = b""


class InstanceServer(QObject):
    def __init__(
        self,
        name: str,
        handler: Handler,
        parent: QObject | None = None,
        *,
        idle_timeout_ms: int = 3000,
    ) -> None:
        super().__init__(parent)
        self._name = name
        self._handler = handler
        self._idle_timeout_ms = idle_timeout_ms
        self._sock: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._inode: int | None = None
        self._conns: dict[int, _Conn] = {}
        self._qt: Any = None  # the QLocalServer fallback (Windows)

    @property
    def _buffers(self) -> dict[int, bytes]:
        """Open connections and what they sent so far (tests check that none leak)."""
        return {fd: conn.buffer for fd, conn in self._conns.items()}

    def listen(self) -> bool:
        if sys.platform == "win32":  # pragma: no cover - named pipes
            return self._listen_qt()
        # An instance started at the same moment as this one, after our ping found nobody.
        if _someone_listening(self._name):
            return False
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._name)  # a stale socket left by a crash: nobody accepts on it
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)  # born user-only: no window where others could connect
        try:
            sock.bind(self._name)
        except OSError:
            sock.close()
            return False
        finally:
            os.umask(old)
        os.chmod(self._name, 0o600)
        sock.listen(socket.SOMAXCONN)  # a burst of clients waits in the kernel, not refused
        sock.setblocking(False)
        self._sock = sock
        self._inode = os.stat(self._name).st_ino
        self._notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._accept)
        return True

    def close(self) -> None:
        if self._qt is not None:  # pragma: no cover - Windows
            self._qt.close()
            return
        for fd in list(self._conns):
            self._drop(fd)
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._sock is not None:
            self._sock.close()
            self._sock = None
            with contextlib.suppress(OSError):
                if os.stat(self._name).st_ino == self._inode:  # ours, not a newer instance's
                    os.unlink(self._name)

    def _accept(self) -> None:
        while self._sock is not None:
            try:
                conn, _ = self._sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return
            uid = peer_uid(conn)
            if hasattr(os, "getuid") and uid is not None and uid != os.getuid():
                conn.close()
                continue
            while len(self._conns) >= MAX_CONNECTIONS:  # drop the longest-waiting silent one
                self._drop(next(iter(self._conns)))
            conn.setblocking(False)
            fd = conn.fileno()
            notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._conns[fd] = _Conn(conn, notifier)
            notifier.activated.connect(lambda *_, fd=fd: self._read(fd))
            # A client that connects and says nothing is dropped, not waited for forever.
            QTimer.singleShot(
                self._idle_timeout_ms, self, lambda fd=fd, c=conn: self._expire(fd, c)
            )

    def _expire(self, fd: int, sock: socket.socket) -> None:
        conn = self._conns.get(fd)
        if conn is not None and conn.sock is sock:
            self._drop(fd)

    def _drop(self, fd: int) -> None:
        conn = self._conns.pop(fd, None)
        if conn is None:
            return
        conn.notifier.setEnabled(False)
        conn.notifier.deleteLater()
        conn.sock.close()

    def _read(self, fd: int) -> None:
        conn = self._conns.get(fd)
        if conn is None:
            return
        try:
            chunk = conn.sock.recv(MAX_MESSAGE + 1)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._drop(fd)
            return
        if not chunk:  # the client hung up before a whole line
            self._drop(fd)
            return
        data = conn.buffer + chunk
        if len(data) > MAX_MESSAGE:
            self._reply(fd, {"ok": False, "error": "message too large"})
            return
        conn.buffer = data
        if b"\n" not in data:
            return
        line = data.split(b"\n", 1)[0]
        try:
            request = parse_message(line)
        except ProtocolError as exc:
            self._reply(fd, {"ok": False, "error": str(exc)})
            return
        try:
            reply = self._handler(request)
        except Exception:  # answer the client, then let the bug be loud
            self._reply(fd, {"ok": False, "error": "internal error"})
            raise
        self._reply(fd, reply)

    def _reply(self, fd: int, reply: dict[str, Any]) -> None:
        conn = self._conns.get(fd)
        if conn is None:
            return
        try:
            conn.sock.setblocking(True)
            conn.sock.settimeout(1.0)  # a reply is a few bytes; a client that never reads loses it
            conn.sock.sendall(encode(reply))
        except OSError:
            pass
        finally:
            self._drop(fd)

    # --- Windows: named pipes through QtNetwork ----------------------------------------------

    def _listen_qt(self) -> bool:  # pragma: no cover - Windows
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(lambda: self._accept_qt(server))
        self._qt = server
        return bool(server.listen(self._name))

    def _accept_qt(self, server: Any) -> None:  # pragma: no cover - Windows
        while server.hasPendingConnections():
            conn = server.nextPendingConnection()
            holder = {"data": b""}

            def read(conn: Any = conn, holder: dict[str, bytes] = holder) -> None:
                holder["data"] += bytes(conn.readAll().data())
                data = holder["data"]
                if len(data) > MAX_MESSAGE or b"\n" in data:
                    try:
                        reply = self._handler(parse_message(data.split(b"\n", 1)[0]))
                    except ProtocolError as exc:
                        reply = {"ok": False, "error": str(exc)}
                    conn.write(encode(reply))
                    conn.flush()
                    conn.disconnectFromServer()

            conn.readyRead.connect(read)
            QTimer.singleShot(self._idle_timeout_ms, conn, conn.abort)
