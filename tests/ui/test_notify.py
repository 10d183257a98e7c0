"""Notifications: the exact D-Bus calls, the action signals back, and the toast fallback."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_return, new_signal
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from posture_break.platform import notifications
from posture_break.ui.notify import Notifier, Toast

ACTIONS = [("start", "Start now"), ("snooze", "Snooze")]
EMITTER = DBusAddress(notifications.OBJECT_PATH, interface=notifications.INTERFACE)


class FakeLink:
    """A notification server on a fake bus: records every call, answers like dunst."""

    def __init__(self, caps: tuple[str, ...] = ("actions", "body", "body-markup")) -> None:
        self.caps = list(caps)
        self.calls: list[Any] = []
        self.queued: list[Any] = []
        self.next_id = 7
        self.fail_notify: str | None = None
        self.closed = False
        self.ours, self.theirs = socket.socketpair()
        self.ours.setblocking(False)

    def call(self, msg: Any) -> Any:
        self.calls.append(msg)
        member = msg.header.fields[HeaderFields.member]
        if member == "GetCapabilities":
            return new_method_return(msg, "as", (self.caps,))
        if member == "Notify":
            if self.fail_notify:
                return new_error(msg, self.fail_notify)
            return new_method_return(msg, "u", (self.next_id,))
        return new_method_return(msg)

    def fileno(self) -> int:
        return self.ours.fileno()

    def take_signals(self) -> list[Any]:
        try:
            while self.ours.recv(64):
                pass
        except BlockingIOError:
            pass
        out, self.queued = self.queued, []
        return out

    def emit(self, member: str, signature: str, body: tuple[Any, ...]) -> None:
        """The server sends a signal: it is queued and the socket becomes readable."""
        self.queued.append(new_signal(EMITTER, member, signature, body))
        self.theirs.send(b"x")

    def close(self) -> None:
        self.closed = True
        self.ours.close()
        self.theirs.close()


def member(msg: Any) -> str:
    return msg.header.fields[HeaderFields.member]


@pytest.fixture
def link() -> FakeLink:
    return FakeLink()


@pytest.fixture
def notifier(qtbot, link: FakeLink):
    n = Notifier(link_factory=lambda: link, timeout_ms=25_000, app_icon="/x/icon.svg")
    yield n
    n.shutdown()


def test_notify_call_has_the_spec_signature_and_body(notifier: Notifier, link: FakeLink) -> None:
    notifier.warn("Micro-break", "Micro-break in 30 seconds. <Finish> & save", ACTIONS)
    assert [member(m) for m in link.calls] == ["GetCapabilities", "Notify"]
    msg = link.calls[1]
    assert msg.header.message_type is MessageType.method_call
    assert msg.header.fields[HeaderFields.destination] == "org.freedesktop.Notifications"
    assert msg.header.fields[HeaderFields.path] == "/org/freedesktop/Notifications"
    assert msg.header.fields[HeaderFields.interface] == "org.freedesktop.Notifications"
    assert msg.header.fields[HeaderFields.signature] == "susssasa{sv}i"
    app, replaces, icon, title, body, actions, hints, timeout = msg.body
    assert (app, replaces, icon, title) == ("posture-break", 0, "/x/icon.svg", "Micro-break")
    # the server renders markup, so text is escaped
    assert body == "Micro-break in 30 seconds. &lt;Finish&gt; &amp; save"
    assert actions == ["start", "Start now", "snooze", "Snooze"]
    assert hints["desktop-entry"] == ("s", "posture-break")
    assert hints["urgency"] == ("y", 1)
    assert timeout == 25_000
    assert notifier.backend == "dbus"
    assert notifier.toast is None
    assert msg.serialise(serial=1)  # jeepney accepts the values for the types


def test_second_warning_replaces_the_first(notifier: Notifier, link: FakeLink) -> None:
    notifier.warn("a", "b", ACTIONS)
    notifier.warn("a", "c", ACTIONS, timeout_ms=5000)
    second = link.calls[-1]
    assert second.body[1] == 7  # replaces_id
    assert second.body[7] == 5000
    assert [member(m) for m in link.calls].count("GetCapabilities") == 1


def test_no_actions_capability_sends_no_buttons(qtbot) -> None:
    link = FakeLink(caps=("body",))
    n = Notifier(link_factory=lambda: link)
    n.warn("Long break", "In 30 s: <b>", ACTIONS)
    assert link.calls[-1].body[5] == []
    assert link.calls[-1].body[4] == "In 30 s: <b>"  # no markup support: sent as it is
    n.shutdown()


@pytest.mark.parametrize("key", ["start", "snooze"])
def test_action_invoked_signal_comes_back(qtbot, notifier: Notifier, link: FakeLink, key) -> None:
    notifier.warn("Micro-break", "soon", ACTIONS)
    with qtbot.waitSignal(notifier.action_invoked, timeout=2000) as blocker:
        link.emit("ActionInvoked", "us", (7, key))
    assert blocker.args == [key]


def test_signals_for_other_notifications_or_keys_are_ignored(
    qtbot, notifier: Notifier, link: FakeLink
) -> None:
    notifier.warn("Micro-break", "soon", ACTIONS)
    seen: list[str] = []
    notifier.action_invoked.connect(seen.append)
    link.emit("ActionInvoked", "us", (99, "start"))  # someone else's notification
    link.emit("ActionInvoked", "us", (7, "default"))  # a click on the body: not offered
    link.emit("ActionInvoked", "us", (7, "snooze"))
    qtbot.waitUntil(lambda: seen == ["snooze"], timeout=2000)
    assert seen == ["snooze"]


def test_closed_notification_is_forgotten(qtbot, notifier: Notifier, link: FakeLink) -> None:
    notifier.warn("Micro-break", "soon", ACTIONS)
    link.emit("NotificationClosed", "uu", (7, 1))
    qtbot.waitUntil(lambda: not link.queued and notifier._id == 0, timeout=2000)
    notifier.warn("Micro-break", "again", ACTIONS)
    assert link.calls[-1].body[1] == 0  # a new notification, not a replacement


def test_close_takes_the_warning_away(notifier: Notifier, link: FakeLink) -> None:
    notifier.warn("Micro-break", "soon", ACTIONS)
    notifier.close()
    assert member(link.calls[-1]) == "CloseNotification"
    assert link.calls[-1].body == (7,)
    notifier.close()  # nothing left to close: no second call
    assert [member(m) for m in link.calls].count("CloseNotification") == 1


def test_shutdown_closes_the_connection(link: FakeLink, qtbot) -> None:
    n = Notifier(link_factory=lambda: link)
    n.warn("a", "b", ACTIONS)
    n.shutdown()
    assert link.closed


# --- no service: the toast ----------------------------------------------------------------------


def no_bus() -> notifications.Link:
    raise ConnectionError("no org.freedesktop.Notifications service on the session bus")


def test_toast_appears_when_there_is_no_service(qtbot) -> None:
    n = Notifier(link_factory=no_bus, timeout_ms=20_000)
    n.warn("Micro-break", "Micro-break in 30 seconds.", ACTIONS)
    toast = n.toast
    assert toast is not None
    qtbot.addWidget(toast)
    assert n.backend == "toast"
    assert toast.isVisible()
    assert toast.title_label.text() == "Micro-break"
    assert toast.body_label.text() == "Micro-break in 30 seconds."
    assert [b.text() for b in toast.buttons.values()] == ["Start now", "Snooze"]
    # it does not take focus from what the person is doing
    assert toast.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert toast.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert QApplication.focusWidget() is None or QApplication.focusWidget().window() is not toast
    # bottom-right corner of the screen
    area = toast.screen().availableGeometry()
    assert toast.geometry().right() <= area.right()
    assert toast.geometry().bottom() <= area.bottom()
    assert toast.geometry().right() > area.center().x()
    assert toast.geometry().bottom() > area.center().y()
    assert toast.timer.isActive()
    assert toast.timer.interval() == 20_000
    n.shutdown()


@pytest.mark.parametrize("key", ["start", "snooze"])
def test_toast_buttons_emit_action_invoked(qtbot, key: str) -> None:
    n = Notifier(link_factory=no_bus)
    n.warn("Long break", "soon", ACTIONS)
    toast = n.toast
    assert toast is not None
    qtbot.addWidget(toast)
    with qtbot.waitSignal(n.action_invoked, timeout=1000) as blocker:
        qtbot.mouseClick(toast.buttons[key], Qt.MouseButton.LeftButton)
    assert blocker.args == [key]
    assert not toast.isVisible()


def test_toast_disappears_after_its_timeout(qtbot) -> None:
    toast = Toast("t", "b", ACTIONS, timeout_ms=30_000)
    qtbot.addWidget(toast)
    toast.popup()
    assert toast.isVisible()
    toast.timer.timeout.emit()  # the timer firing, without waiting 30 s
    assert not toast.isVisible()


def test_a_new_warning_replaces_the_toast(qtbot) -> None:
    n = Notifier(link_factory=no_bus)
    n.warn("a", "first", ACTIONS)
    first = n.toast
    n.warn("a", "second", ACTIONS)
    assert n.toast is not first
    assert first is not None and not first.isVisible()
    assert n.toast is not None and n.toast.body_label.text() == "second"
    n.close()
    assert n.toast is None


def test_server_error_falls_back_to_the_toast(qtbot, link: FakeLink) -> None:
    link.fail_notify = "org.freedesktop.DBus.Error.ServiceUnknown"
    n = Notifier(link_factory=lambda: link)
    n.warn("Micro-break", "soon", ACTIONS)
    assert n.backend == "toast"
    assert n.toast is not None and n.toast.isVisible()
    qtbot.addWidget(n.toast)
    n.shutdown()


def test_real_jeepney_without_a_session_bus_uses_the_toast(qtbot, monkeypatch) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/posture-break-bus")
    n = Notifier()
    n.warn("Micro-break", "soon", ACTIONS)
    assert n.backend == "toast"
    assert n.toast is not None
    qtbot.addWidget(n.toast)
    n.shutdown()
