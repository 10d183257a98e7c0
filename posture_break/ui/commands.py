"""Commands from the command line (over the instance socket) and the tray menu.

One request -> one planner call (through the app's ``run``, so its events reach the views and the
history) -> a reply. Which command is allowed in which phase is decided here, by the planner's
``Phase``; what the command does is the planner's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QTimer

from posture_break import __version__
from posture_break.core.model import PauseTarget
from posture_break.core.status import Phase

if TYPE_CHECKING:
    from posture_break.core.clock import Clock
    from posture_break.core.planner import Event, Planner


class Shell(Protocol):
    """What the commands need from the running app (``BreakApp``): nothing more."""

    @property
    def planner(self) -> Planner: ...  # read for the phase; changed only through run()

    @property
    def clock(self) -> Clock: ...

    @property
    def status_window(self) -> Any: ...  # the stand-in for a missing tray, or None

    def run(self, method: Callable[..., list[Event]], *args: Any) -> list[Event]:
        """Call a planner method and hand its events to the views and the history."""
        ...

    def status_text(self) -> str: ...

    def quit(self) -> None: ...

    def show_stats(self) -> None: ...

    def show_settings(self) -> None: ...


class Commands:
    def __init__(self, app: Shell) -> None:
        self._app = app

    def pause(self, value: object) -> None:
        """The tray's and the CLI's pause: minutes, until tomorrow, or until resumed."""
        app = self._app
        if value == PauseTarget.TOMORROW:
            app.run(app.planner.pause_until_tomorrow)
        elif value == PauseTarget.RESUMED:
            app.run(app.planner.pause, None)
        else:
            assert isinstance(value, int)
            app.run(app.planner.pause, app.clock.now() + timedelta(minutes=value))

    def run(self, request: dict[str, Any]) -> dict[str, Any]:
        """Carry out one command; the reply before what saving the outcome adds to it."""
        app = self._app
        planner = app.planner
        cmd = request["cmd"]
        if cmd == "ping":
            return {"ok": True, "version": __version__}
        if cmd == "quit":
            QTimer.singleShot(0, app.quit)
            return {"ok": True}
        if cmd in ("done", "skip", "snooze"):
            phase = planner.phase
            if cmd == "snooze" and not planner.can_snooze():
                return {"ok": False, "error": "this break cannot be snoozed"}
            if cmd != "snooze" and phase is not Phase.BREAK:
                return {"ok": False, "error": "no break is on screen"}
            if cmd == "snooze" and phase not in (Phase.BREAK, Phase.WARNING):
                return {"ok": False, "error": "no break is due"}
            method = {"done": planner.done, "skip": planner.skip}.get(cmd, planner.snooze)
            app.run(method)
        elif cmd == "break-now":
            app.run(planner.break_now)
        elif cmd == "resume":
            app.run(planner.resume)
        elif cmd == "pause":
            self.pause(request.get("until") or request["minutes"])
        elif cmd == "show-stats":
            QTimer.singleShot(0, app.show_stats)
        elif cmd == "show-settings":
            QTimer.singleShot(0, app.show_settings)
        elif cmd == "show":
            if app.status_window is None:
                return {"ok": True, "message": "posture-break is in the system tray"}
            QTimer.singleShot(0, app.status_window.bring_back)
        elif cmd == "status":
            app.run(planner.tick)  # up to date even right after a suspend
        return {"ok": True, "message": app.status_text()}
