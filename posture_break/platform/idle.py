"""How long since the person last touched the keyboard or mouse, on each desktop.

A break counts as taken naturally when the person was away long enough on their own, so the
shell asks an :class:`IdleBackend` every few seconds. Every desktop answers differently, so each
backend hides one answer behind the same two calls, and :func:`detect_backend` picks the first
that gives a real reading here. No backend is an ordinary outcome (a bare Wayland compositor, a
headless CI box): natural breaks are then simply not detected, and the reminders keep coming.

Why readings are allowed to fail: the shell polls from the GUI thread, so a backend must never
block for long or raise for an environmental reason. Each call is bounded by a short timeout and a
failure returns ``None`` for that poll only; the next poll tries again (reconnecting once).

The D-Bus backends live here; the ones that ask the machine directly (X11 through ctypes,
Windows, macOS's ``ioreg``) are in :mod:`posture_break.platform.idle_native`, and
:func:`detect_backend` here picks among all of them. The platform boundaries (the D-Bus
connection, the ctypes libraries, the ``ioreg`` process) are all passed in, so tests drive the
real parsing and unit logic with fakes. jeepney is imported inside the D-Bus code only, so
importing this module never needs it.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal, Protocol

from posture_break.platform.command import Runner, run_command
from posture_break.platform.idle_native import (
    MacIoregBackend,
    WindowsIdleBackend,
    X11IdleBackend,
    XScreenSaverInfo,
    load_windows,
    load_x11_libraries,
    tick_idle_ms,
)

__all__ = [
    "DBusCallError",
    "DBusCaller",
    "IdleBackend",
    "MacIoregBackend",
    "MutterIdleBackend",
    "ScreenSaverIdleBackend",
    "WindowsIdleBackend",
    "X11IdleBackend",
    "XScreenSaverInfo",
    "detect_backend",
    "session_bus_address",
    "tick_idle_ms",
    "unit_from_growth",
]

DEFAULT_TIMEOUT = 0.5
"""Seconds one reading may take in total (connecting included): well under a frame budget of
patience, far above what a healthy bus or X server needs (about a millisecond)."""


class IdleBackend(Protocol):
    name: str

    def idle_seconds(self) -> float | None:
        """Seconds since the last keyboard or mouse input; ``None`` when this reading failed."""
        ...

    def close(self) -> None:
        """Release the connection; the backend is not used afterwards."""
        ...


# --------------------------------------------------------------------------------------------
# D-Bus
# --------------------------------------------------------------------------------------------

#: (bus name, object path, interface, method) -> reply body. The seam tests replace.
DBusCall = Callable[[str, str, str, str], tuple[Any, ...]]


class DBusCallError(Exception):
    """The call did not produce a reply body: an error reply, a dead bus, or a timeout."""


class _Connection(Protocol):
    def send_and_get_reply(self, message: Any, *, timeout: float | None = None) -> Any: ...

    def close(self) -> None: ...


def _open_jeepney(address: str, timeout: float) -> _Connection:
    from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

    conn: _Connection = open_dbus_connection(bus=address, auth_timeout=timeout)
    return conn


def session_bus_address(env: Mapping[str, str]) -> str | None:
    """The session bus address: ``DBUS_SESSION_BUS_ADDRESS``, else the systemd user bus socket.

    Systemd-based sessions do not always export the variable (it is optional when the bus lives
    at ``$XDG_RUNTIME_DIR/bus``); libdbus and sd-bus fall back to that path, so do the same.
    """
    address = env.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if address:
        return address
    runtime = env.get("XDG_RUNTIME_DIR", "").strip()
    if runtime and os.path.exists(os.path.join(runtime, "bus")):
        return "unix:path=" + os.path.join(runtime, "bus")
    return None


class DBusCaller:
    """Calls methods on one bus through one kept-open jeepney connection.

    A reading is bounded by ``timeout`` seconds in total. A broken connection (the bus restarted)
    is reopened once per call; a timeout is not retried, because a hung bus will not answer a
    second connection either, and waiting twice would double the GUI stall. Calls carry the
    NO_AUTO_START flag: asking for the idle time must never make the bus launch a service.

    Known limit: jeepney's blocking ``open_dbus_connection`` bounds the authentication step but
    not the ``Hello`` call right after it. A bus daemon that authenticates and then stops
    answering could stall that one connect; the daemon answers both from the same loop, so in
    practice a hung daemon fails the authentication step (covered by a test) instead.
    """

    def __init__(
        self,
        address: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        connect: Callable[[str, float], _Connection] = _open_jeepney,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.address = address
        self.timeout = timeout
        self._connect = connect
        self._monotonic = monotonic
        self._conn: _Connection | None = None

    def __call__(self, bus_name: str, path: str, interface: str, method: str) -> tuple[Any, ...]:
        from jeepney import (  # type: ignore[import-untyped]
            DBusAddress,
            MessageFlag,
            new_method_call,
        )
        from jeepney.wrappers import (  # type: ignore[import-untyped]
            DBusErrorResponse,
            unwrap_msg,
        )

        deadline = self._monotonic() + self.timeout
        message = new_method_call(DBusAddress(path, bus_name, interface), method)
        message.header.flags |= MessageFlag.no_auto_start
        for attempt in (1, 2):
            fresh = self._conn is None
            try:
                conn = self._ensure_connected(deadline)
                reply = conn.send_and_get_reply(message, timeout=self._remaining(deadline))
            except TimeoutError as e:
                self.close()
                raise DBusCallError(f"{bus_name}: no answer within {self.timeout:g} s") from e
            except (OSError, RuntimeError, ValueError, EOFError) as e:
                # jeepney raises OSError subclasses for a dead socket, RuntimeError/ValueError
                # for an address it cannot use.
                self.close()
                if attempt == 2 or fresh:
                    raise DBusCallError(f"{bus_name}: {type(e).__name__}: {e}") from e
                continue
            try:
                body: tuple[Any, ...] = unwrap_msg(reply)
            except DBusErrorResponse as e:
                raise DBusCallError(f"{bus_name}.{method}: {e}") from e
            return body
        raise AssertionError("unreachable")  # pragma: no cover

    def _remaining(self, deadline: float) -> float:
        left = deadline - self._monotonic()
        if left <= 0:
            raise TimeoutError
        return left

    def _ensure_connected(self, deadline: float) -> _Connection:
        if self._conn is None:
            self._conn = self._connect(self.address, self._remaining(deadline))
        return self._conn

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.close()


def _first_int(body: tuple[Any, ...]) -> int:
    if not body or isinstance(body[0], bool) or not isinstance(body[0], int) or body[0] < 0:
        raise DBusCallError(f"unexpected reply body {body!r}")
    return body[0]


class _DBusIdleBase:
    bus_name: str
    path: str
    interface: str
    method: str

    def __init__(self, call: DBusCall, *, closer: Callable[[], None] | None = None) -> None:
        self._call = call
        self._closer = closer

    def _raw(self) -> int | None:
        try:
            return _first_int(self._call(self.bus_name, self.path, self.interface, self.method))
        except DBusCallError:
            return None

    def close(self) -> None:
        if self._closer is not None:
            self._closer()


class MutterIdleBackend(_DBusIdleBase):
    """GNOME Shell (X11 and Wayland): ``GetIdletime`` answers in milliseconds (a uint64)."""

    name = "gnome (Mutter IdleMonitor)"
    bus_name = "org.gnome.Mutter.IdleMonitor"
    path = "/org/gnome/Mutter/IdleMonitor/Core"
    interface = "org.gnome.Mutter.IdleMonitor"
    method = "GetIdletime"

    def idle_seconds(self) -> float | None:
        raw = self._raw()
        return None if raw is None else raw / 1000.0


SECONDS_PROOF_SPAN = 30.0
"""Seconds of steady ~1/s growth before a ScreenSaver counter is believed to count seconds."""


def unit_from_growth(first: int, second: int, elapsed: float) -> Literal["ms", "s"] | None:
    """What two readings ``elapsed`` seconds apart say about the counter's unit, if anything.

    The real idle time can never grow faster than time passes: with no input between the
    readings it grows by exactly ``elapsed``, and input resets it to something smaller. So growth
    clearly beyond ``elapsed`` (and no more than 1000 x ``elapsed``: more means a suspend stopped
    the monotonic clock) can only be milliseconds: "ms" is proof. Growth of about ``elapsed`` is
    what seconds look like with no input between, but milliseconds can look the same by chance
    (two readings 5 ms apart while the person types), so "s" is only a hint; see
    :class:`ScreenSaverIdleBackend` for how hints add up. None: the pair says nothing.
    """
    if elapsed < 1.0:
        return None
    growth = second - first
    if 1.5 * elapsed + 2 < growth <= 1250.0 * elapsed + 50:
        return "ms"
    if abs(growth - elapsed) <= 0.25 * elapsed + 1.0:
        return "s"
    return None


class ScreenSaverIdleBackend(_DBusIdleBase):
    """``org.freedesktop.ScreenSaver.GetSessionIdleTime`` (KDE Plasma on X11, and others).

    The method is not in the freedesktop idle-inhibition spec, and implementations disagree on
    its unit: KDE's kscreenlocker returns milliseconds, some other screensavers return seconds.
    The unit is told from the readings themselves (:func:`unit_from_growth`), because the real
    idle time never grows faster than the clock:

    - until told, milliseconds are assumed. That is KDE, the common case, and the safe mistake:
      seconds read as milliseconds make the person look busy (the break still comes), while the
      opposite would make a typing person look idle and record breaks nobody took;
    - one pair of readings growing faster than the clock proves milliseconds (in seconds that is
      impossible); this happens within seconds of ordinary use;
    - seconds are believed only after an unbroken run of readings grew at ~1/s for
      :data:`SECONDS_PROOF_SPAN` seconds: a single ms pair can mimic that by chance while the
      person types, six in a row along one straight line cannot;
    - once told, the unit is kept for the life of the backend.
    """

    name = "freedesktop ScreenSaver (GetSessionIdleTime)"
    bus_name = "org.freedesktop.ScreenSaver"
    path = "/org/freedesktop/ScreenSaver"
    interface = "org.freedesktop.ScreenSaver"
    method = "GetSessionIdleTime"

    def __init__(
        self,
        call: DBusCall,
        *,
        closer: Callable[[], None] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(call, closer=closer)
        self._monotonic = monotonic
        self.unit: Literal["ms", "s"] | None = None
        self._last: tuple[int, float] | None = None
        self._seconds_run_start: tuple[int, float] | None = None

    def idle_seconds(self) -> float | None:
        raw = self._raw()
        if raw is None:
            return None
        now = self._monotonic()
        if self.unit is None:
            self._learn(raw, now)
        self._last = (raw, now)
        return float(raw) if self.unit == "s" else raw / 1000.0

    def _learn(self, raw: int, now: float) -> None:
        if self._last is None:
            return
        hint = unit_from_growth(self._last[0], raw, now - self._last[1])
        if hint == "ms":
            self.unit = "ms"
        elif hint == "s":
            start = self._seconds_run_start = self._seconds_run_start or self._last
            span = now - start[1]
            if span >= SECONDS_PROOF_SPAN and unit_from_growth(start[0], raw, span) == "s":
                self.unit = "s"
        else:
            self._seconds_run_start = None


# --------------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------------


def is_wayland_session(env: Mapping[str, str]) -> bool:
    """True in a Wayland session, where the X11 counter must not be trusted.

    Under Xwayland, MIT-SCREEN-SAVER only sees input sent to X clients: typing in a native
    Wayland window leaves it counting up, so the person would look idle while working.
    """
    session_type = env.get("XDG_SESSION_TYPE", "").lower()
    if session_type:
        return session_type == "wayland"
    return bool(env.get("WAYLAND_DISPLAY"))


def _linux_candidates(
    env: Mapping[str, str],
    *,
    dbus_connect: Callable[[str, float], _Connection],
    x11_loader: Callable[[], tuple[Any, Any] | None],
    timeout: float,
) -> Iterator[IdleBackend]:
    address = session_bus_address(env)
    if address is not None:
        for make in (MutterIdleBackend, ScreenSaverIdleBackend):
            caller = DBusCaller(address, timeout=timeout, connect=dbus_connect)
            yield make(caller, closer=caller.close)
    if env.get("DISPLAY") and not is_wayland_session(env):
        libs = x11_loader()
        if libs is not None:
            yield X11IdleBackend(libs[0], libs[1], env["DISPLAY"])


def detect_backend(
    env: Mapping[str, str] = os.environ,
    platform: str = sys.platform,
    *,
    dbus_connect: Callable[[str, float], _Connection] = _open_jeepney,
    x11_loader: Callable[[], tuple[Any, Any] | None] = load_x11_libraries,
    windows_loader: Callable[[], IdleBackend | None] = load_windows,
    mac_runner: Runner = run_command,
    timeout: float = DEFAULT_TIMEOUT,
) -> IdleBackend | None:
    """The first backend that gives a real reading here, or None when none does.

    Linux order: GNOME's Mutter IdleMonitor (the only one that works on GNOME Wayland), then
    ``org.freedesktop.ScreenSaver`` (KDE and others), then the X server's counter (only with
    ``DISPLAY`` set and not in a Wayland session). The keyword arguments are the platform seams.
    """
    candidates: Iterator[IdleBackend]
    if platform.startswith("linux") or platform.startswith("freebsd"):
        candidates = _linux_candidates(
            env, dbus_connect=dbus_connect, x11_loader=x11_loader, timeout=timeout
        )
    elif platform == "win32":
        windows = windows_loader()
        candidates = iter([windows] if windows is not None else [])
    elif platform == "darwin":
        candidates = iter([MacIoregBackend(mac_runner)])
    else:
        return None
    for backend in candidates:
        if backend.idle_seconds() is not None:
            return backend
        backend.close()
    return None
