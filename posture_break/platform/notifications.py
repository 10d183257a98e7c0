"""The freedesktop notification server (``org.freedesktop.Notifications``) over jeepney.

The connection the shell's :class:`posture_break.ui.notify.Notifier` sends through: a blocking
jeepney connection used without blocking (replies are waited for with a short timeout, the
server's signals are queued for the notifier's ``QSocketNotifier`` to drain), and the message
helpers. The toast shown where there is no server is a window, so it lives in ``ui/notify.py``.
jeepney is imported inside the functions, so importing this module never needs it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import deque
from typing import Any, Protocol

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
NOTIFY_SIGNATURE = "susssasa{sv}i"
CALL_TIMEOUT_S = 1.0


class Link(Protocol):
    """What the notifier needs from a D-Bus connection (a fake one in tests)."""

    def call(self, msg: Any) -> Any:
        """Send a method call and return the reply message (errors come back as messages)."""

    def fileno(self) -> int: ...

    def take_signals(self) -> list[Any]:
        """Read what has arrived, without blocking, and return the signals among it."""

    def close(self) -> None: ...


class JeepneyLink:
    """A blocking jeepney connection used without blocking: replies wait, signals are queued."""

    def __init__(self, timeout: float = CALL_TIMEOUT_S) -> None:
        from jeepney import MatchRule
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection
        from jeepney.wrappers import unwrap_msg

        self.timeout = timeout
        self.conn = open_dbus_connection(bus="SESSION", auth_timeout=timeout)
        try:
            owned = unwrap_msg(
                self.conn.send_and_get_reply(message_bus.NameHasOwner(BUS_NAME), timeout=timeout)
            )[0]
            if not owned:
                names = unwrap_msg(
                    self.conn.send_and_get_reply(
                        message_bus.ListActivatableNames(), timeout=timeout
                    )
                )[0]
                if BUS_NAME not in names:
                    raise ConnectionError(f"no {BUS_NAME} service on the session bus")
            # The bus delivers only the server's signals (sender resolves to its owner), so no
            # other program on the bus can fake a "Start now"; locally, match on what arrives.
            bus_rule = MatchRule(
                type="signal", sender=BUS_NAME, interface=INTERFACE, path=OBJECT_PATH
            )
            local_rule = MatchRule(type="signal", interface=INTERFACE, path=OBJECT_PATH)
            self.signals: deque[Any] = deque()
            self._filter = self.conn.filter(local_rule, queue=self.signals)
            unwrap_msg(
                self.conn.send_and_get_reply(message_bus.AddMatch(bus_rule), timeout=timeout)
            )
        except BaseException:
            self.conn.close()
            raise

    def call(self, msg: Any) -> Any:
        return self.conn.send_and_get_reply(msg, timeout=self.timeout)

    def fileno(self) -> int:
        return int(self.conn.sock.fileno())

    def take_signals(self) -> list[Any]:
        while True:
            try:
                self.conn.recv_messages(timeout=0)
            except TimeoutError:
                break
        out = list(self.signals)
        self.signals.clear()
        return out

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()


def default_link() -> Link:
    return JeepneyLink()


def method(member: str, signature: str | None = None, body: tuple[Any, ...] = ()) -> Any:
    from jeepney import DBusAddress, new_method_call

    address = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE)
    return new_method_call(address, member, signature, body)


def unwrap(reply: Any) -> tuple[Any, ...]:
    from jeepney.wrappers import unwrap_msg

    return tuple(unwrap_msg(reply))


def signal_member(msg: Any) -> str | None:
    """The member name of a message the server sent ("ActionInvoked", "NotificationClosed")."""
    from jeepney import HeaderFields

    member = msg.header.fields.get(HeaderFields.member)
    return None if member is None else str(member)


def describe_service() -> str:
    """For ``doctor``: who shows notifications here, in one line (the call waits 1 s at most)."""
    if sys.platform != "linux":
        return "system notifications (tray messages)"
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return "none (no D-Bus session bus): the in-app toast is used"
    try:
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection

        bus = DBusAddress("/org/freedesktop/DBus", "org.freedesktop.DBus", "org.freedesktop.DBus")
        with open_dbus_connection(bus="SESSION") as conn:
            reply = conn.send_and_get_reply(
                new_method_call(bus, "NameHasOwner", "s", (BUS_NAME,)),
                timeout=1.0,
            )
        if reply.body and reply.body[0]:
            return BUS_NAME
        return "none on the session bus: the in-app toast is used"
    except Exception as exc:  # any D-Bus trouble is a finding, not a crash
        return f"unknown ({exc.__class__.__name__}: {exc})"
