"""The Wayland idle watcher on the Qt event loop: read the moment the compositor says something.

:class:`WaylandIdleBackend` is an ``IdleBackend`` (``name``, ``idle_seconds``, ``close``) like
the D-Bus and X11 ones, so the shell samples it the same way; but a reading costs no request to
the compositor, because a ``QSocketNotifier`` hands each "idled"/"resumed" event to the watcher
as it arrives (its time of arrival is what the idle time is computed from).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier

from posture_break.platform.idle import IdleBackend, is_wayland_session
from posture_break.platform.wayland import IdleWatcher, WaylandUnavailable, socket_path

log = logging.getLogger("posture_break")


class WaylandIdleBackend(QObject):
    def __init__(self, watcher: IdleWatcher, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watcher = watcher
        self.name = watcher.name
        # Without an event loop (doctor when Qt cannot start) readings still work: each one
        # reads what arrived, timed from that moment.
        self._notifier: QSocketNotifier | None = None
        if QCoreApplication.instance() is not None:
            self._notifier = QSocketNotifier(watcher.fileno(), QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._readable)

    def _readable(self) -> None:
        if not self.watcher.dispatch():
            log.warning("wayland idle: %s; idle time is no longer known", self.watcher.broken)
            if self._notifier is not None:
                self._notifier.setEnabled(False)

    def idle_seconds(self) -> float | None:
        return self.watcher.idle_seconds()

    def close(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        self.watcher.close()


def detect_wayland(env: Mapping[str, str] = os.environ) -> tuple[WaylandIdleBackend | None, str]:
    """The Wayland backend here, or None and why not (one line, for the log and doctor)."""
    if not is_wayland_session(env):
        return None, "not a Wayland session"
    path = socket_path(env)
    if path is None:
        return None, "WAYLAND_DISPLAY is not set"
    try:
        watcher = IdleWatcher(path)
    except WaylandUnavailable as exc:
        return None, str(exc)
    return WaylandIdleBackend(watcher), f"the compositor offers {watcher.protocol}"


def detect_idle(env: Mapping[str, str] = os.environ) -> tuple[IdleBackend | None, list[str]]:
    """The idle backend for this session, and a line for each one not used and why.

    In a Wayland session the compositor's idle protocol comes first (event-driven, and the only
    one on sway and other wlroots compositors); the D-Bus and X11 backends follow as before.
    """
    from posture_break.platform.idle import detect_backend

    notes: list[str] = []
    if is_wayland_session(env):
        backend, why = detect_wayland(env)
        if backend is not None:
            return backend, notes
        notes.append(f"Wayland idle protocols: {why}")
    found = detect_backend(env)
    if found is None:
        notes.append(
            "D-Bus (Mutter IdleMonitor, org.freedesktop.ScreenSaver): no answer"
            + ("" if is_wayland_session(env) else "; X11 (MIT-SCREEN-SAVER): no answer")
        )
    return found, notes


def sway_setup(env: Mapping[str, str] = os.environ) -> str:
    """On sway: float, pin and leave unfocused our break and small windows. One line for the log."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    from posture_break.platform import sway

    path = sway.socket_path(env)
    if path is None:
        return "not sway"
    app_id = QGuiApplication.desktopFileName() or "posture-break"
    titles = {"Time for a break", QCoreApplication.translate("BreakWindow", "Time for a break")}
    rules = sway.window_rules(app_id, sorted(titles), ["posture-break"])
    try:
        refused = sway.apply_rules(path, rules)
    except sway.SwayError as exc:
        return f"sway IPC failed: {exc}"
    if refused:
        return "sway refused: " + "; ".join(refused)
    return f"sway: {len(rules)} window rules set (break window floating, sticky, not focused)"


def sway_fullscreen(env: Mapping[str, str] = os.environ) -> bool:
    """On sway: is the focused window fullscreen? False elsewhere or when sway does not answer."""
    from posture_break.platform import sway

    path = sway.socket_path(env)
    if path is None:
        return False
    try:
        return sway.focused_fullscreen(sway.get_tree(path))
    except sway.SwayError:
        return False


_small_titles: set[str] = set()


def sway_small_window(title: str, env: Mapping[str, str] = os.environ) -> None:
    """On sway: the window about to show with ``title`` floats and is not focused (a pop-up).

    Its title is only known now (the warning names the break), so the rule is sent now, once per
    title; a rule sway refuses or a sway that does not answer leaves the window as sway puts it.
    """
    from PySide6.QtGui import QGuiApplication

    from posture_break.platform import sway

    path = sway.socket_path(env)
    if path is None or title in _small_titles:
        return
    app_id = QGuiApplication.desktopFileName() or "posture-break"
    try:
        refused = sway.apply_rules(path, sway.window_rules(app_id, [], [title]))
    except sway.SwayError as exc:
        log.warning("sway: no rule for %r: %s", title, exc)
        return
    if refused:
        log.warning("sway refused: %s", "; ".join(refused))
    _small_titles.add(title)
