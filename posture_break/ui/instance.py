"""Server side of the single-instance channel (see posture_break/ipc.py for the protocol).

The socket file sits in a folder only this user can enter, is created user-only, and every peer's
uid is checked again (SO_PEERCRED) before a byte is read. Malformed, oversized or slow messages are
answered with an error (or dropped) and never acted on.
"""

from __future__ import annotations

import os
import socket
import struct
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from posture_break.ipc import MAX_MESSAGE, ProtocolError, encode, parse_message

Handler = Callable[[dict[str, Any]], dict[str, Any]]


def peer_uid(descriptor: int) -> int | None:
    """The uid of the process on the other end of a Unix socket, or None where unknown."""
    if sys.platform != "linux" or descriptor < 0:
        return None
    try:
        sock = socket.socket(fileno=os.dup(descriptor))
    except OSError:
        return None
    try:
        creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        _pid, uid, _gid = struct.unpack("3i", creds)
        return int(uid)
    except OSError:
        return None
    finally:
        sock.close()


def _someone_listening(name: str) -> bool:
    """True if a live server accepts connections at the socket path ``name``."""
    if sys.platform == "win32":  # pragma: no cover - a named pipe in use cannot be removed anyway
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        try:
            probe.connect(name)
        except OSError:
            return False
    return True


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
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.setMaxPendingConnections(8)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        # With UserAccessOption Qt binds a temporary path and renames it over ``name``, silently
        # replacing a live instance's socket; so check first (an instance started at the same
        # moment as this one, after this one's ping found nobody).
        if _someone_listening(self._name):
            return False
        if self._server.listen(self._name):
            return True
        # A stale socket left by a crash: nobody accepts on it, so remove and retry.
        QLocalServer.removeServer(self._name)
        return self._server.listen(self._name)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            conn = self._server.nextPendingConnection()
            uid = peer_uid(int(conn.socketDescriptor()))
            if hasattr(os, "getuid") and uid is not None and uid != os.getuid():
                conn.abort()
                conn.deleteLater()
                continue
            self._buffers[conn] = b""
            conn.readyRead.connect(lambda c=conn: self._read(c))
            conn.disconnected.connect(lambda c=conn: self._drop(c))
            # A client that connects and says nothing is dropped, not waited for forever.
            QTimer.singleShot(self._idle_timeout_ms, conn, lambda c=conn: self._drop(c, abort=True))
            if conn.bytesAvailable():
                self._read(conn)

    def _drop(self, conn: QLocalSocket, abort: bool = False) -> None:
        if conn in self._buffers:
            del self._buffers[conn]
            if abort:
                conn.abort()
            conn.deleteLater()

    def _read(self, conn: QLocalSocket) -> None:
        if conn not in self._buffers:
            return
        data = self._buffers[conn] + bytes(conn.readAll().data())
        if len(data) > MAX_MESSAGE:
            self._reply(conn, {"ok": False, "error": "message too large"})
            return
        self._buffers[conn] = data
        if b"\n" not in data:
            return
        line = data.split(b"\n", 1)[0]
        try:
            request = parse_message(line)
        except ProtocolError as exc:
            self._reply(conn, {"ok": False, "error": str(exc)})
            return
        try:
            reply = self._handler(request)
        except Exception:  # answer the client, then let the bug be loud
            self._reply(conn, {"ok": False, "error": "internal error"})
            raise
        self._reply(conn, reply)

    def _reply(self, conn: QLocalSocket, reply: dict[str, Any]) -> None:
        try:
            conn.write(encode(reply))
            conn.flush()
            conn.disconnectFromServer()
        finally:
            self._buffers.pop(conn, None)
