"""The pre-break warning as a desktop notification, with an in-app toast where there is none.

Linux: ``org.freedesktop.Notifications`` over jeepney (QtDBus cannot send ``Notify``'s argument
types from PySide6); the connection itself is :mod:`posture_break.platform.notifications`.
"Start now" / "Snooze" buttons are offered when the server lists the ``actions`` capability;
its ``ActionInvoked`` signals arrive on the same connection, which a ``QSocketNotifier``
watches, so nothing polls and no thread is needed. A second warning replaces the first instead
of stacking up.

No session bus, nobody owning the name, or a failing call (and any platform without jeepney): a
small frameless ``Toast`` in the bottom-right corner of the screen under the mouse, shown without
taking focus, with the same buttons, gone after the timeout.

Both paths end in the one signal ``action_invoked(key)``, so the shell wires one handler.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSocketNotifier, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QEnterEvent, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from posture_break.core.paths import assets_dir
from posture_break.platform.notifications import (
    NOTIFY_SIGNATURE,
    Link,
    default_link,
    method,
    signal_member,
    unwrap,
)

log = logging.getLogger("posture_break")

APP_NAME = "posture-break"
DEFAULT_TIMEOUT_MS = 30_000

Actions = Sequence[tuple[str, str]]  # (key, label), e.g. ("start", "Start now")


def icon_path() -> str:
    """The bundled icon as a file path (servers accept a path or a theme icon name)."""
    try:
        path = assets_dir() / "icons" / "posture-break.svg"
        if path.is_file():
            return str(path)
    except (OSError, TypeError):
        pass
    return APP_NAME


class Toast(QWidget):
    """A small notification of our own: bottom-right, no focus taken, buttons, a timeout."""

    action_invoked = Signal(str)

    def __init__(
        self,
        title: str,
        body: str,
        actions: Actions,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus,
        )
        self.setObjectName("postureBreakToast")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(
            "#postureBreakToast { background: palette(window); border: 1px solid palette(mid);"
            " border-radius: 8px; }"
        )
        self.setAccessibleName(title)
        self.setAccessibleDescription(body)
        self.setWindowTitle(title)

        self.title_label = QLabel(title, self)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.body_label = QLabel(body, self)
        self.body_label.setWordWrap(True)
        self.body_label.setTextFormat(Qt.TextFormat.PlainText)

        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.addStretch(1)
        for key, label in actions:
            button = QPushButton(label, self)
            button.setAccessibleName(label)
            # A click must not pull focus away from what the person is typing into.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, k=key: self._invoke(k))
            self.buttons[key] = button
            row.addWidget(button)
        dismiss = QPushButton("×", self)
        dismiss.setAccessibleName(self.tr("Dismiss"))
        dismiss.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        dismiss.setFlat(True)
        dismiss.setFixedWidth(dismiss.fontMetrics().horizontalAdvance("×") + 16)
        dismiss.clicked.connect(self.close)

        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(dismiss)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.body_label)
        if actions:
            layout.addLayout(row)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 36)
        self.setMaximumWidth(self.fontMetrics().averageCharWidth() * 60)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, timeout_ms))
        self.timer.timeout.connect(self.close)

    def _invoke(self, key: str) -> None:
        self.action_invoked.emit(key)
        self.close()

    def popup(self) -> None:
        """Show in the bottom-right corner of the screen the mouse is on, and start the timer."""
        screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
        self.adjustSize()
        if screen is not None:
            area = screen.availableGeometry()
            margin = 16
            self.move(
                area.right() - self.width() - margin + 1,
                area.bottom() - self.height() - margin + 1,
            )
        # Its own size, fixed: a tiling compositor floats it instead of giving it half the screen.
        self.setFixedSize(self.size())
        if os.environ.get("SWAYSOCK"):
            from posture_break.platform.wayland_idle import sway_small_window

            sway_small_window(self.windowTitle())
        self.show()
        self.timer.start()

    # While the pointer rests on it the toast stays: the person is reading or about to click.
    def enterEvent(self, event: QEnterEvent) -> None:
        self.timer.stop()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self.isVisible():
            self.timer.start()
        super().leaveEvent(event)


class Notifier(QObject):
    """``warn(title, body, actions)``; the person's choice comes back as ``action_invoked``."""

    action_invoked = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        link_factory: Callable[[], Link] | None = default_link,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
        app_icon: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._link_factory = link_factory
        self._link: Link | None = None
        self._tried = False
        self._caps: list[str] = []
        self._watch: QSocketNotifier | None = None
        self._id = 0
        self._offered: set[str] = set()
        self.timeout_ms = timeout_ms
        self.app_icon = app_icon or icon_path()
        self.toast: Toast | None = None
        self.backend = ""  # "dbus" or "toast" once the first warning went out

    @property
    def capabilities(self) -> list[str]:
        return list(self._caps)

    # --- D-Bus --------------------------------------------------------------------------------

    def _connect(self) -> Link | None:
        if self._tried:
            return self._link
        self._tried = True
        if self._link_factory is None:
            return None
        try:
            link = self._link_factory()
        except Exception as exc:  # no bus, no server, auth failure, jeepney missing
            log.info("notifications: using the in-app toast (%s)", exc)
            return None
        try:
            self._caps = [str(c) for c in unwrap(link.call(method("GetCapabilities")))[0]]
        except Exception as exc:
            log.info("notifications: server does not answer (%s); using the toast", exc)
            link.close()
            return None
        self._link = link
        self._watch = QSocketNotifier(link.fileno(), QSocketNotifier.Type.Read, self)
        self._watch.activated.connect(self._drain)
        return link

    def _drop_link(self) -> None:
        if self._watch is not None:
            self._watch.setEnabled(False)
            self._watch.deleteLater()
            self._watch = None
        if self._link is not None:
            self._link.close()
            self._link = None
        self._id = 0

    def _drain(self, *_args: object) -> None:
        link = self._link
        if link is None:
            return
        try:
            signals = link.take_signals()
        except OSError as exc:  # the bus went away
            log.warning("notifications: session bus lost (%s)", exc)
            self._drop_link()
            return
        for msg in signals:
            self._on_signal(msg)

    def _on_signal(self, msg: Any) -> None:
        member = signal_member(msg)
        body = msg.body
        if member == "ActionInvoked" and len(body) == 2 and body[0] == self._id and self._id:
            key = str(body[1])
            if key in self._offered:
                self.action_invoked.emit(key)
        elif member == "NotificationClosed" and body and body[0] == self._id:
            self._id = 0

    def _notify(self, link: Link, title: str, body: str, actions: Actions, timeout: int) -> int:
        flat: list[str] = []
        if "actions" in self._caps:
            for key, label in actions:
                flat += [key, label]
        if "body-markup" in self._caps:
            body = html.escape(body, quote=False)
        hints = {"desktop-entry": ("s", APP_NAME), "urgency": ("y", 1)}
        msg = method(
            "Notify",
            NOTIFY_SIGNATURE,
            (APP_NAME, self._id, self.app_icon, title, body, flat, hints, timeout),
        )
        reply = link.call(msg)
        # Signals that came in while we waited for the reply are queued: look at them soon.
        QTimer.singleShot(0, self._drain)
        return int(unwrap(reply)[0])

    # --- the API ------------------------------------------------------------------------------

    def warn(
        self, title: str, body: str, actions: Actions = (), *, timeout_ms: int | None = None
    ) -> None:
        timeout = self.timeout_ms if timeout_ms is None else timeout_ms
        self._offered = {key for key, _label in actions}
        link = self._connect()
        if link is not None:
            try:
                self._id = self._notify(link, title, body, actions, timeout)
                self.backend = "dbus"
                return
            except Exception as exc:
                log.warning("notifications: Notify failed (%s); showing the toast", exc)
                if isinstance(exc, OSError):
                    self._drop_link()
        self._show_toast(title, body, actions, timeout)

    def _show_toast(self, title: str, body: str, actions: Actions, timeout: int) -> None:
        self._close_toast()
        toast = Toast(title, body, actions, timeout)
        toast.action_invoked.connect(self.action_invoked)
        self.toast = toast
        self.backend = "toast"
        toast.popup()

    def _close_toast(self) -> None:
        toast, self.toast = self.toast, None
        if toast is not None:
            toast.timer.stop()
            toast.close()
            toast.deleteLater()

    def close(self) -> None:
        """Take the current warning away (the break started, or was skipped)."""
        self._close_toast()
        if self._link is not None and self._id:
            with contextlib.suppress(Exception):
                self._link.call(method("CloseNotification", "u", (self._id,)))
        self._id = 0

    def shutdown(self) -> None:
        """Close the warning and the D-Bus connection (at quit)."""
        self.close()
        self._drop_link()
