"""Idle time on Wayland compositors, from the compositor's own idle protocol.

Wayland gives no "seconds since the last input" query. Instead a client asks the compositor to
be told when the seat has had no input for N ms ("idled") and when input comes back
("resumed"). Two protocols say this: the standard ``ext-idle-notify-v1`` (wlroots 0.17+, KWin 6,
Mutter 47+...) and KDE's older ``org_kde_kwin_idle`` (KWin 5, sway 1.7 and other wlroots 0.15/0.16
compositors). :class:`IdleWatcher` uses the first one offered.

It speaks the Wayland wire protocol itself over a second client connection to the compositor's
socket: the four requests and four events it needs are a few lines each, where a binding library
would need the protocols' XML files at run time (they ship in development packages, and KDE's is
LGPL). The connection is only ever read when the socket is readable (the shell watches
:meth:`IdleWatcher.fileno` with a ``QSocketNotifier``), so nothing polls the compositor: between
two events the idle time is computed from the last one.

An "idled" event arrives ``timeout`` after the last input, so the last input was at
``received - timeout``: idle readings are exact from ``timeout`` seconds on and 0 below it.
"""

from __future__ import annotations

import contextlib
import os
import socket
import struct
import time
from collections.abc import Callable, Mapping

__all__ = ["IDLE_TIMEOUT_MS", "IdleWatcher", "WaylandUnavailable", "socket_path"]

IDLE_TIMEOUT_MS = 5_000
"""Idle shorter than this reads as 0. Five seconds: far below the shortest break the planner
credits (20 s), and a pause in typing shorter than it costs no wake-up at all."""

EXT = "ext_idle_notifier_v1"
KDE = "org_kde_kwin_idle"
PROTOCOLS = (EXT, KDE)  # preference order

_DISPLAY = 1  # wl_display is object 1 on every connection
_HEADER = struct.Struct("=II")


class WaylandUnavailable(Exception):
    """No usable idle protocol here; the message says why, in one line."""


def socket_path(env: Mapping[str, str]) -> str | None:
    """The compositor's socket, as libwayland finds it: WAYLAND_DISPLAY (absolute, or relative to
    XDG_RUNTIME_DIR, default ``wayland-0``). None outside a Wayland session."""
    name = env.get("WAYLAND_DISPLAY", "").strip()
    if not name:
        return None
    if os.path.isabs(name):
        return name
    runtime = env.get("XDG_RUNTIME_DIR", "").strip()
    return os.path.join(runtime, name) if runtime else None


def _string(text: str) -> bytes:
    raw = text.encode() + b"\0"
    return struct.pack("=I", len(raw)) + raw + b"\0" * (-len(raw) % 4)


def _read_string(payload: bytes, offset: int) -> tuple[str, int]:
    (length,) = struct.unpack_from("=I", payload, offset)
    start = offset + 4
    text = payload[start : start + max(0, length - 1)].decode("utf-8", "replace")
    return text, start + length + (-length % 4)


class IdleWatcher:
    """One connection to the compositor, one idle notification on the first seat.

    ``connect`` returns a connected stream socket (the seam tests replace); ``monotonic`` is the
    clock. Raises :class:`WaylandUnavailable` when there is no compositor or no idle protocol.
    """

    def __init__(
        self,
        path: str,
        *,
        timeout_ms: int = IDLE_TIMEOUT_MS,
        connect: Callable[[str], socket.socket] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        setup_timeout: float = 1.0,
    ) -> None:
        self.timeout_ms = timeout_ms
        self._monotonic = monotonic
        self._next_id = 2
        self._buffer = b""
        self._idle_since: float | None = None  # monotonic time of the last input, while idle
        self.broken: str | None = None  # why the connection is no longer usable
        self.globals: dict[str, tuple[int, int]] = {}  # interface -> (name, version)
        try:
            self._sock = (connect or self._connect)(path)
        except OSError as exc:
            raise WaylandUnavailable(f"cannot connect to {path} ({exc.strerror or exc})") from None
        try:
            self._setup(setup_timeout)
        except WaylandUnavailable:
            self.close()
            raise
        except OSError as exc:
            self.close()
            raise WaylandUnavailable(f"the compositor hung up ({exc.strerror or exc})") from None

    @staticmethod
    def _connect(path: str) -> socket.socket:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)
        try:
            sock.connect(path)
        except OSError:
            sock.close()
            raise
        return sock

    # --- the wire ------------------------------------------------------------------------

    def _new_id(self) -> int:
        oid = self._next_id
        self._next_id += 1
        return oid

    def _send(self, obj: int, opcode: int, payload: bytes = b"") -> None:
        size = _HEADER.size + len(payload)
        self._sock.sendall(_HEADER.pack(obj, (size << 16) | opcode) + payload)

    def _messages(self) -> list[tuple[int, int, bytes]]:
        out = []
        while len(self._buffer) >= _HEADER.size:
            obj, word = _HEADER.unpack_from(self._buffer)
            size, opcode = word >> 16, word & 0xFFFF
            if size < _HEADER.size:
                raise WaylandUnavailable("the compositor sent a malformed message")
            if len(self._buffer) < size:
                break
            out.append((obj, opcode, self._buffer[_HEADER.size : size]))
            self._buffer = self._buffer[size:]
        return out

    def _receive(self, *, block_until: float | None) -> list[tuple[int, int, bytes]]:
        """Whatever complete messages can be read now (waiting until ``block_until`` if given)."""
        if block_until is None:
            self._sock.setblocking(False)
        else:
            self._sock.settimeout(max(0.001, block_until - self._monotonic()))
        try:
            chunk = self._sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return []
        except TimeoutError:
            raise WaylandUnavailable("the compositor did not answer") from None
        if not chunk:
            raise WaylandUnavailable("the compositor closed the connection")
        self._buffer += chunk
        return self._messages()

    def _check_error(self, obj: int, opcode: int, payload: bytes) -> None:
        if obj == _DISPLAY and opcode == 0:  # wl_display.error(object, code, message)
            _obj, code = struct.unpack_from("=II", payload)
            message, _ = _read_string(payload, 8)
            raise WaylandUnavailable(f"protocol error {code}: {message}")

    def _roundtrip(self, deadline: float) -> list[tuple[int, int, bytes]]:
        """Send wl_display.sync and return every message up to its done event."""
        callback = self._new_id()
        self._send(_DISPLAY, 0, struct.pack("=I", callback))
        seen: list[tuple[int, int, bytes]] = []
        while True:
            for obj, opcode, payload in self._receive(block_until=deadline):
                self._check_error(obj, opcode, payload)
                if obj == callback and opcode == 0:
                    return seen
                seen.append((obj, opcode, payload))

    def _bind(self, registry: int, interface: str, version: int) -> int:
        name, offered = self.globals[interface]
        oid = self._new_id()
        payload = struct.pack("=I", name) + _string(interface) + struct.pack("=II", version, oid)
        self._send(registry, 0, payload)  # wl_registry.bind
        del offered
        return oid

    def _setup(self, setup_timeout: float) -> None:
        deadline = self._monotonic() + setup_timeout
        registry = self._new_id()
        self._send(_DISPLAY, 1, struct.pack("=I", registry))  # wl_display.get_registry
        for obj, opcode, payload in self._roundtrip(deadline):
            if obj == registry and opcode == 0:  # global(name, interface, version)
                (name,) = struct.unpack_from("=I", payload)
                interface, end = _read_string(payload, 4)
                (version,) = struct.unpack_from("=I", payload, end)
                self.globals.setdefault(interface, (name, version))
        self.protocol = next((p for p in PROTOCOLS if p in self.globals), None)
        if self.protocol is None:
            raise WaylandUnavailable(
                "the compositor offers neither ext-idle-notify-v1 nor org_kde_kwin_idle"
            )
        if "wl_seat" not in self.globals:
            raise WaylandUnavailable("the compositor has no seat")
        seat = self._bind(registry, "wl_seat", 1)
        manager = self._bind(registry, self.protocol, 1)
        self._notification = self._new_id()
        if self.protocol == EXT:  # get_idle_notification(id, timeout, seat)
            args = struct.pack("=III", self._notification, self.timeout_ms, seat)
            self._send(manager, 1, args)
        else:  # get_idle_timeout(id, seat, timeout)
            args = struct.pack("=III", self._notification, seat, self.timeout_ms)
            self._send(manager, 0, args)
        for obj, opcode, payload in self._roundtrip(deadline):
            self._handle(obj, opcode, payload)

    def _handle(self, obj: int, opcode: int, payload: bytes) -> None:
        self._check_error(obj, opcode, payload)
        if obj != self._notification:
            return  # seat capabilities, delete_id...: nothing we need
        if opcode == 0:  # idled / idle
            if self._idle_since is None:
                self._idle_since = self._monotonic() - self.timeout_ms / 1000
        elif opcode == 1:  # resumed
            self._idle_since = None

    # --- public --------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return "wayland " + ("ext-idle-notify-v1" if self.protocol == EXT else "org_kde_kwin_idle")

    def fileno(self) -> int:
        return self._sock.fileno()

    def dispatch(self) -> bool:
        """Read and handle what the compositor sent. False once the connection is unusable."""
        if self.broken is not None:
            return False
        try:
            while True:
                messages = self._receive(block_until=None)
                if not messages:
                    break
                for message in messages:
                    self._handle(*message)
        except WaylandUnavailable as exc:
            self.broken = str(exc)
        except OSError as exc:
            self.broken = f"connection lost ({exc.strerror or exc})"
        return self.broken is None

    def idle_seconds(self) -> float | None:
        """Seconds since the last input on the seat (0 below the timeout); None once broken."""
        if not self.dispatch():
            return None
        if self._idle_since is None:
            return 0.0
        return max(0.0, self._monotonic() - self._idle_since)

    def close(self) -> None:
        with contextlib.suppress(OSError, AttributeError):
            self._sock.close()
