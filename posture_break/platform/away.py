"""Locks, suspends and idle inhibitors, from the desktop's own D-Bus signals (no polling).

:class:`AwayWatcher` subscribes to

- the session bus: ``org.freedesktop.ScreenSaver.ActiveChanged`` (KDE, Xfce, Cinnamon, and other
  screensavers) and ``org.gnome.ScreenSaver.ActiveChanged`` (GNOME Shell);
- the system bus (logind): ``org.freedesktop.login1.Manager.PrepareForSleep`` (suspend and
  hibernate), and on this session's object ``Lock``/``Unlock`` and ``PropertiesChanged`` of
  ``LockedHint`` (set by the screen locker).

and emits ``away_started`` when the first of them says locked/asleep and ``away_ended`` when the
last one clears. Each bus is one jeepney connection whose socket a ``QSocketNotifier`` watches:
the app wakes only when a signal arrives. Where a bus or logind is missing the rest still works,
and the planner's clock-jump check stays the fallback for suspends.

:func:`idle_inhibitor` answers "is another application keeping the screen awake?" (logind
``ListInhibitors`` with ``what`` containing ``idle``; GNOME's session manager ``IsInhibited``,
through which GNOME forwards ``org.freedesktop.ScreenSaver.Inhibit``). Other desktops' ScreenSaver
inhibitions cannot be listed by another client: there a video player that only calls
``org.freedesktop.ScreenSaver.Inhibit`` is not seen.

The system bus is ``DBUS_SYSTEM_BUS_ADDRESS`` when set (jeepney's rule, as libdbus), so tests point
it at a private bus that speaks the logind interfaces.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal

log = logging.getLogger("posture_break")

LOGIN1 = "org.freedesktop.login1"
LOGIN1_PATH = "/org/freedesktop/login1"
MANAGER = "org.freedesktop.login1.Manager"
SESSION = "org.freedesktop.login1.Session"
SCREENSAVERS = ("org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver")
CALL_TIMEOUT_S = 1.0


def _open(bus: str) -> Any:
    from jeepney.io.blocking import open_dbus_connection

    if bus == "SESSION" and not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        raise OSError("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
    try:
        return open_dbus_connection(bus=bus, auth_timeout=CALL_TIMEOUT_S)
    except (FileNotFoundError, ConnectionRefusedError) as exc:
        raise OSError(f"no {bus.lower()} bus to connect to ({exc.strerror})") from exc


def _call(
    conn: Any,
    path: str,
    bus_name: str,
    interface: str,
    method: str,
    sig: str = "",
    body: tuple[Any, ...] = (),
) -> tuple[Any, ...]:
    from jeepney import DBusAddress, MessageFlag, new_method_call
    from jeepney.wrappers import unwrap_msg

    msg = new_method_call(DBusAddress(path, bus_name, interface), method, sig, body)
    msg.header.flags |= MessageFlag.no_auto_start
    result: tuple[Any, ...] = unwrap_msg(conn.send_and_get_reply(msg, timeout=CALL_TIMEOUT_S))
    return result


def _add_match(conn: Any, **rule: str) -> None:
    from jeepney import MatchRule
    from jeepney.bus_messages import message_bus
    from jeepney.wrappers import unwrap_msg

    unwrap_msg(
        conn.send_and_get_reply(
            message_bus.AddMatch(MatchRule(type="signal", **rule)), timeout=CALL_TIMEOUT_S
        )
    )


def session_path(conn: Any, pid: int) -> str:
    """This process's logind session object (by PID, else the user's display session)."""
    from jeepney.wrappers import DBusErrorResponse

    try:
        return str(_call(conn, LOGIN1_PATH, LOGIN1, MANAGER, "GetSessionByPID", "u", (pid,))[0])
    except DBusErrorResponse:
        sid = os.environ.get("XDG_SESSION_ID") or "auto"
        return str(_call(conn, LOGIN1_PATH, LOGIN1, MANAGER, "GetSession", "s", (sid,))[0])


class _Bus:
    """One connection, its match rules, and a notifier on its socket."""

    def __init__(
        self,
        conn: Any,
        on_message: Callable[[Any], None],
        parent: QObject,
        on_lost: Callable[[], None] | None = None,
    ) -> None:
        self.conn = conn
        self._on_message = on_message
        self._on_lost = on_lost
        self.notifier = QSocketNotifier(conn.sock.fileno(), QSocketNotifier.Type.Read, parent)
        self.notifier.activated.connect(self._readable)

    def _readable(self) -> None:
        while True:
            try:
                msg = self.conn.receive(timeout=0)
            except TimeoutError:
                return
            except (OSError, ValueError, RuntimeError) as exc:  # the bus went away
                log.warning("D-Bus connection lost (%s): locks and suspends no longer seen", exc)
                self.close()
                if self._on_lost is not None:
                    self._on_lost()
                return
            self._on_message(msg)

    def close(self) -> None:
        self.notifier.setEnabled(False)
        with contextlib.suppress(OSError):
            self.conn.close()


class AwayWatcher(QObject):
    """Emits ``away_started(reason)`` and ``away_ended()``; reasons: "lock", "sleep"."""

    away_started = Signal(str)
    away_ended = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        session_bus: str = "SESSION",
        system_bus: str = "SYSTEM",
        pid: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._session_bus = session_bus
        self._system_bus = system_bus
        self._pid = os.getpid() if pid is None else pid
        self._buses: list[_Bus] = []
        self._state: dict[str, bool] = {}  # source -> says away
        self.session_object: str | None = None
        self.watching: list[str] = []
        self.problems: list[str] = []

    @property
    def away(self) -> bool:
        return any(self._state.values())

    def start(self) -> None:
        """Subscribe on both buses; what could not be watched is listed in ``problems``."""
        from jeepney.wrappers import DBusErrorResponse

        try:
            conn = _open(self._session_bus)
            for iface in SCREENSAVERS:
                _add_match(conn, interface=iface, member="ActiveChanged")
            self._buses.append(_Bus(conn, self._message, self, self._lost))
            self.watching.append("screensaver (session bus ActiveChanged)")
        except (OSError, ValueError, KeyError, RuntimeError, TimeoutError, DBusErrorResponse) as e:
            self.problems.append(f"session bus: {type(e).__name__}: {e}")
        try:
            conn = _open(self._system_bus)
        except (OSError, ValueError, KeyError, RuntimeError, TimeoutError) as e:
            self.problems.append(f"system bus: {type(e).__name__}: {e}")
            return
        try:
            _add_match(conn, sender=LOGIN1, interface=MANAGER, member="PrepareForSleep")
            self.watching.append("suspend (logind PrepareForSleep)")
            try:
                self.session_object = session_path(conn, self._pid)
            except DBusErrorResponse as e:
                self.problems.append(f"logind session: {e}")
            else:
                for member in ("Lock", "Unlock"):
                    _add_match(
                        conn,
                        sender=LOGIN1,
                        interface=SESSION,
                        member=member,
                        path=self.session_object,
                    )
                _add_match(
                    conn,
                    sender=LOGIN1,
                    interface="org.freedesktop.DBus.Properties",
                    member="PropertiesChanged",
                    path=self.session_object,
                )
                self.watching.append(f"lock (logind {self.session_object})")
            self._buses.append(_Bus(conn, self._message, self, self._lost))
        except (OSError, ValueError, RuntimeError, TimeoutError, DBusErrorResponse) as e:
            self.problems.append(f"logind: {type(e).__name__}: {e}")
            with contextlib.suppress(OSError):
                conn.close()

    def close(self) -> None:
        for bus in self._buses:
            bus.close()
        self._buses.clear()

    def _message(self, msg: Any) -> None:
        from jeepney import HeaderFields, MessageType

        hdr = msg.header
        if hdr.message_type is not MessageType.signal:
            return
        iface = hdr.fields.get(HeaderFields.interface)
        member = hdr.fields.get(HeaderFields.member)
        path = hdr.fields.get(HeaderFields.path)
        body = msg.body
        if iface in SCREENSAVERS and member == "ActiveChanged" and body:
            self._set(f"screensaver:{iface}", bool(body[0]), "lock")
        elif iface == MANAGER and member == "PrepareForSleep" and body:
            self._set("sleep", bool(body[0]), "sleep")
        elif iface == SESSION and path == self.session_object and member in ("Lock", "Unlock"):
            self._set("logind-lock", member == "Lock", "lock")
        elif (
            member == "PropertiesChanged"
            and path == self.session_object
            and len(body) >= 2
            and body[0] == SESSION
            and "LockedHint" in body[1]
        ):
            self._set("logind-lock", bool(body[1]["LockedHint"][1]), "lock")

    def _lost(self) -> None:
        """A bus went away: what it said can no longer be undone by it, so forget it all (a
        missed unlock must not hold every break back forever)."""
        was = self.away
        self._state.clear()
        if was:
            self.away_ended.emit()

    def _set(self, source: str, value: bool, reason: str) -> None:
        was = self.away
        self._state[source] = value
        if not was and self.away:
            log.info("away: %s (%s)", reason, source)
            self.away_started.emit(reason)
        elif was and not self.away:
            log.info("back: %s ended (%s)", reason, source)
            self.away_ended.emit()


# --- idle inhibitors -------------------------------------------------------------------------


class IdleInhibitors:
    """``check()`` -> who keeps the screen awake (another application), or None.

    Asked by the shell only while the person looks idle (so a natural break is in question),
    never on a timer of its own. An answer is kept for ``max_age`` seconds (inhibitors come and go
    rarely; a poll every 5 s need not cross the bus each time), and a source that is not there
    (no system bus, not GNOME) is left alone for ``retry_after`` seconds. Connections are kept
    and reopened once on failure.
    """

    def __init__(
        self,
        *,
        session_bus: str = "SESSION",
        system_bus: str = "SYSTEM",
        pid: int | None = None,
        max_age: float = 30.0,
        retry_after: float = 600.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._addresses = {"system": system_bus, "session": session_bus}
        self._conns: dict[str, Any] = {}
        self._pid = os.getpid() if pid is None else pid
        self._max_age = max_age
        self._retry_after = retry_after
        self._monotonic = monotonic
        self._answer: tuple[float, str | None] | None = None
        self._off_until: dict[str, float] = {}
        self.asked = 0  # round trips made (tests and doctor)

    def _conn(self, which: str) -> Any:
        conn = self._conns.get(which)
        if conn is None:
            conn = self._conns[which] = _open(self._addresses[which])
        return conn

    def _ask(self, which: str, ask: Callable[[Any], str | None]) -> str | None:
        from jeepney.wrappers import DBusErrorResponse

        now = self._monotonic()
        if now < self._off_until.get(which, 0.0):
            return None
        for _attempt in (1, 2):
            try:
                self.asked += 1
                return ask(self._conn(which))
            except DBusErrorResponse:
                break  # not there (no logind, not GNOME)
            except (OSError, ValueError, KeyError, RuntimeError, TimeoutError):
                self._drop(which)
        self._off_until[which] = now + self._retry_after
        return None

    def _drop(self, which: str) -> None:
        conn = self._conns.pop(which, None)
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.close()

    def _logind(self, conn: Any) -> str | None:
        (inhibitors,) = _call(conn, LOGIN1_PATH, LOGIN1, MANAGER, "ListInhibitors")
        for what, who, _why, mode, _uid, pid in inhibitors:
            if "idle" in str(what).split(":") and mode == "block" and int(pid) != self._pid:
                return str(who) or "another application"
        return None

    def _gnome(self, conn: Any) -> str | None:
        (inhibited,) = _call(
            conn,
            "/org/gnome/SessionManager",
            "org.gnome.SessionManager",
            "org.gnome.SessionManager",
            "IsInhibited",
            "u",
            (8,),  # GSM_INHIBITOR_FLAG_IDLE
        )
        return "another application" if inhibited else None

    def check(self) -> str | None:
        now = self._monotonic()
        if self._answer is not None and now - self._answer[0] < self._max_age:
            return self._answer[1]
        who = self._ask("system", self._logind) or self._ask("session", self._gnome)
        self._answer = (now, who)
        return who

    def report(self) -> str:
        """Which inhibitor lists can be read here, for ``doctor``."""
        from jeepney.wrappers import DBusErrorResponse

        found, missing = [], []
        for which, name, ask in (
            ("system", "logind ListInhibitors", self._logind),
            ("session", "GNOME IsInhibited", self._gnome),
        ):
            try:
                ask(self._conn(which))
                found.append(name)
            except DBusErrorResponse as exc:
                missing.append(f"{name}: {exc}")
            except (OSError, ValueError, KeyError, RuntimeError, TimeoutError) as exc:
                self._drop(which)
                missing.append(f"{name}: {type(exc).__name__}: {exc}")
        text = f"available ({', '.join(found)})" if found else "not available"
        if missing:
            text += f"; not readable: {'; '.join(missing)}"
        return text + "; other ScreenSaver.Inhibit callers cannot be listed"

    def close(self) -> None:
        for which in list(self._conns):
            self._drop(which)
