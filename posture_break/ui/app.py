"""The running app: the composition root. It wires the core objects to the views ui/launch.py
built (tray.make_views, the one place views are made) and conducts the loop.

Data flows one way: the alarm fires -> the planner decides -> its events -> the app hands them on
-> the person acts -> the planner again. The app itself only runs planner methods and passes the
events to small objects with one job each:

- ``Keeper`` (ui/keeper.py) keeps the planner's state and every outcome, through the outbox;
- ``BreakPresenter`` (ui/presenter.py) shows the warning and the break window with its cards;
- ``SyncLink`` (ui/sync_link.py) writes to and merges from the sync folder;
- ``Senses`` (ui/senses.py) asks the desktop (idle, inhibitors, do-not-disturb, calls);
- ``Windows`` (ui/windows.py) makes and keeps the stats, settings and health windows;
- ``Commands`` (ui/commands.py) answers the CLI and the tray menu through ``run``.

Business rules (holds included) stay in the planner.
"""

from __future__ import annotations

import logging
import os
import random
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from posture_break.core.clock import Clock
from posture_break.core.paths import Paths
from posture_break.core.planner import (
    BreakEnded,
    BreakHeld,
    BreakReleased,
    BreakSnoozed,
    BreakStarted,
    Event,
    NaturalBreak,
    Planner,
    WarningCancelled,
    WarningDue,
)
from posture_break.core.settings import Settings
from posture_break.core.status import Phase, icon_state, progress, tooltip
from posture_break.core.store import Store
from posture_break.ui.alarm import Alarm
from posture_break.ui.keeper import Keeper
from posture_break.ui.presenter import BreakPresenter
from posture_break.ui.senses import Senses
from posture_break.ui.sync_link import SyncLink
from posture_break.ui.tray import Views
from posture_break.ui.windows import Windows

log = logging.getLogger("posture_break")

# Without a desktop theme Qt puts dated stock icons on OK/Cancel; desktops mostly show none.
# (A QProxyStyle would do the same but PySide6 mis-counts None in its virtual calls and crashes.)
APP_STYLE = "QDialogButtonBox { dialogbuttonbox-buttons-have-icons: 0; }"
IDLE_POLL_MS = 5_000  # the budget: at most one cheap wake-up every 5 s, only while it matters
HEARTBEAT_MS = 60_000  # otherwise once a minute, to notice suspend and clock changes


class BreakApp(QObject):
    def __init__(
        self,
        paths: Paths,
        settings: Settings,
        settings_raw: dict[str, Any],
        store: Store,
        clock: Clock,
        *,
        lang: str = "en",
        rng: random.Random | None = None,
        idle_backend: Any = None,
        alarm: Any = None,
        notifier: Any = None,
        review_notifier: Any = None,
        do_not_disturb: Any = None,
        calls: Any = None,
        settings_writable: bool = True,
        views: Views,
    ) -> None:
        super().__init__()
        self.env: Any = os.environ  # the session's variables (tests set another desktop's)
        self.paths = paths
        self.settings = settings
        self.settings_raw = settings_raw
        self.settings_writable = settings_writable
        self.store = store
        self.clock = clock
        self.lang = lang
        from posture_break.ui.i18n import status_messages

        self._messages = status_messages()
        self._told: set[str] = set()
        self.away_watcher: Any = None  # platform.away.AwayWatcher: locks and suspends as events
        self.sync = SyncLink(paths, store, notify=self.notify, parent=self)
        self.windows = Windows(self, store, clock, paths, self.sync, notify=self.notify)
        self.sync.merged.connect(self.windows.merged)
        self.keeper = Keeper(
            store, paths, clock, notify=self.notify, on_written=self.sync.written, parent=self
        )
        self.planner = Planner(settings, clock, state=self.keeper.planner_state())
        self.alarm = alarm or Alarm(clock.tz, self)
        self.senses = Senses(
            self.planner,
            lambda: self.settings,
            clock,
            idle_backend=idle_backend,
            do_not_disturb=do_not_disturb,
            calls=calls,
        )
        self.presenter = BreakPresenter(
            self.planner,
            lambda: self.settings,
            clock,
            paths,
            store,
            run=self.run,
            countdown_finished=self._countdown_finished,
            env=lambda: self.env,
            rng=rng or random.Random(),
            lang=lang,
            notifier=notifier,
            parent=self,
        )
        from posture_break.ui.review import WeeklyReview

        self.review = WeeklyReview(self, self.show_week, review_notifier)
        self.actions, self.tray, self.status_window = views
        from posture_break.ui.commands import Commands

        self.commands = Commands(self)  # requests from the CLI and the tray menu
        self.actions.break_now.connect(lambda: self.run(self.planner.break_now))
        self.actions.pause.connect(self.commands.pause)
        self.actions.resume.connect(lambda: self.run(self.planner.resume))
        self.actions.show_stats.connect(self.show_stats)
        self.actions.show_settings.connect(self.show_settings)
        self.actions.quit.connect(self.quit)

        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(IDLE_POLL_MS)
        self.idle_timer.timeout.connect(self._poll)
        self.heartbeat = QTimer(self)
        self.heartbeat.setInterval(HEARTBEAT_MS)
        self.heartbeat.timeout.connect(self._poll)

    # what tests and tools look at: the presenter's window and notifier
    @property
    def break_window(self) -> QWidget | None:
        return self.presenter.break_window

    @property
    def notifier(self) -> Any:
        return self.presenter.notifier

    # --- start / stop ------------------------------------------------------------------------

    def start(self) -> None:
        self._arm_calendar()
        if self.tray:
            self.tray.show()
        elif self.status_window:
            self.status_window.show()
        for problem in self.keeper.journal_problems:
            self.notify(QCoreApplication.translate("App", "posture-break"), problem)
        self.keeper.start()
        self._after(self.planner.tick())
        for notice in self.store.notices:
            self.notify(QCoreApplication.translate("App", "posture-break"), notice)
        self.sync.start(self.settings)

    def quit(self) -> None:
        self.sync.stop()
        self.idle_timer.stop()
        self.heartbeat.stop()
        self.alarm.shutdown()
        self.presenter.shutdown()
        self.review.shutdown()
        self._persist(force=True)
        self.keeper.close()
        self.presenter.close_break()
        if self.tray:
            self.tray.hide()
        self.windows.close()
        if self.status_window:
            self.status_window.hide()
        if self.away_watcher is not None:
            self.away_watcher.close()
        self.senses.close()
        self.store.close()
        QCoreApplication.quit()

    # --- the loop: planner call -> events -> views, state, alarm ------------------------------

    def run(self, method: Callable[..., list[Event]], *args: Any) -> list[Event]:
        """Call a planner method and hand its events on: the one way into the planner."""
        events = method(*args)
        self._after(events)
        return events

    def _after(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, (BreakEnded, NaturalBreak)):
                # the outcome as the planner decided it, with the state that follows from it
                self.keeper.record(event.record, self.planner.to_state())
            if isinstance(event, WarningDue):
                self.presenter.warn(event.brk)
            elif isinstance(event, BreakStarted):
                self.presenter.start(event.brk)
            elif isinstance(event, (BreakEnded, BreakSnoozed, WarningCancelled)):
                # A snoozed break comes back at its new due time; an ended one is recorded.
                self.presenter.end(ended=isinstance(event, BreakEnded))
            elif isinstance(event, NaturalBreak):
                log.info("natural %s break credited", event.record.kind)
            elif isinstance(event, BreakHeld):
                log.info("break held: %s", event.reason)
            elif isinstance(event, BreakReleased):
                log.info("break released: %s ended", event.reason)
        self._persist()
        self.alarm.at(self.planner.next_wakeup(), self._alarm_fired)
        self._refresh()
        held = self.planner.status().waiting_reason is not None  # notice DND ending promptly
        if self.senses.sampling or held:
            self.heartbeat.stop()
            if not self.idle_timer.isActive():
                self.idle_timer.start()
        else:
            self.idle_timer.stop()
            if not self.heartbeat.isActive():
                self.heartbeat.start()

    def _persist(self, force: bool = False) -> None:
        self.keeper.persist(self.planner.to_state(), self.presenter.recent_cards(), force)

    def _arm_calendar(self) -> None:
        """Calendar jobs (CronTrigger, the person's zone): the weekly review. Work-hours starts
        and ends are not among them: the planner's ``next_wakeup`` names them, as the break job."""
        self.alarm.clear_cron()
        self.review.arm(self.alarm, self.settings)

    def _alarm_fired(self) -> None:
        self._check_do_not_disturb()
        self._after(self.planner.tick())

    def _poll(self) -> None:
        self._check_do_not_disturb()
        # The reading goes in with the catch-up, not after it: after a freeze (SIGSTOP) a break
        # that ran out meanwhile is judged on what the person was doing, not on missing time.
        idle = self.senses.idle_reading()
        if idle is None:
            self._after(self.planner.tick())
        else:
            self._after(self.planner.observe_idle(idle, watching=self.senses.watched(idle)))

    def _countdown_finished(self) -> None:
        """The break window's countdown ran out: judged on a fresh idle reading (the last one
        may be long ago if the app was frozen), then on the planner's rule."""
        idle = self.senses.idle_reading()
        if idle is not None:
            self._after(self.planner.observe_idle(idle, watching=self.senses.watched(idle)))
        self.run(self.planner.countdown_finished)

    def watch_away(self, watcher: Any) -> None:
        """Locks and suspends (platform/away.py) drive the planner's away_started / away_ended."""
        self.away_watcher = watcher
        watcher.away_started.connect(lambda _reason: self.run(self.planner.away_started))
        watcher.away_ended.connect(lambda: self.run(self.planner.away_ended))

    def _check_do_not_disturb(self) -> None:
        """A break about to start waits while do-not-disturb, a fullscreen window or a call is on.

        The planner says when the desktop is worth asking (only while a break is due, at most
        every few seconds, once per break) and decides on the answer; this only asks."""
        if self.planner.wants_hold_check():
            events = self.planner.desktop_busy(self.senses.hold_reason())
            if events:
                self._after(events)

    def warm_up(self) -> None:
        """Warm the break path while nothing is due: the window's import, the cards, the calls,
        the idle inhibitors' D-Bus connections."""
        self.presenter.warm_up()
        self.senses.prepare_calls()
        self.senses.prepare_inhibitors()

    # --- views --------------------------------------------------------------------------------

    def status_text(self) -> str:
        """The planner's status in words (the tooltip, and a command's reply)."""
        return tooltip(self.planner.status(), self._messages)

    def _refresh(self) -> None:
        status = self.planner.status()
        text = self.status_text()
        paused = status.phase is Phase.PAUSED
        in_break = status.phase is Phase.BREAK
        self.actions.set_status(text, paused=paused, in_break=in_break)
        if self.tray:
            self.tray.update(icon_state(status), f"posture-break\n{text}", progress(status))
        if self.status_window:
            self.status_window.update_status(text, paused=paused)

    def notify(self, title: str, text: str) -> None:
        log.warning("%s: %s", title, text)
        if text in self._told:
            return  # the same trouble again (every save on a read-only disk): said once is enough
        self._told.add(text)
        if self.tray:
            self.tray.message(title, text)
        else:
            print(f"posture-break: {text}", file=sys.stderr)

    def handle_command(self, request: dict[str, Any]) -> dict[str, Any]:
        self.keeper.begin_command()
        return self.keeper.reply(self.commands.run(request))

    # --- other windows (ui/windows.py: loaded lazily, start-up stays light) --------------------

    def show_stats(self) -> None:
        self.windows.show_stats()

    def show_settings(self) -> None:
        self.windows.show_settings()

    def show_week(self, monday: date) -> None:
        self.windows.show_week(monday)

    def ask_health(self) -> None:
        self.windows.ask_health()

    def card_areas(self) -> dict[str, Any]:
        """Body areas of every card, for the stats and the weekly review."""
        return self.windows.card_areas()

    def save_settings(self, settings: Settings) -> None:
        from posture_break.core.settings import save_settings

        if not self.settings_writable:
            # The file on disk could not be read: writing would replace what the person wrote.
            self.notify(
                QCoreApplication.translate("App", "Settings not saved"),
                QCoreApplication.translate(
                    "App",
                    "%s has an error; the new settings apply until you quit. Fix or remove the "
                    "file to save them.",
                )
                % self.paths.settings_file,
            )
            self.apply_settings(settings)
            return
        try:
            save_settings(self.paths.settings_file, settings, self.settings_raw)
        except OSError as exc:
            self.notify(
                QCoreApplication.translate("App", "posture-break cannot save"),
                f"{self.paths.settings_file}: {exc}",
            )
        self.apply_settings(settings)

    def apply_settings(self, settings: Settings) -> None:
        folder_changed = settings.sync.folder != self.settings.sync.folder
        self.settings = settings
        if folder_changed:
            self.sync.stop()
            self.sync.start(settings)
        self.presenter.forget_cards()
        self._arm_calendar()
        self.run(self.planner.apply_settings, settings)


def setup_logging(paths: Paths) -> None:
    import os

    logfile = paths.log_dir / "posture-break.log"
    fd = os.open(logfile, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
    os.close(fd)
    handler = logging.FileHandler(logfile, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    # The scheduler's own word on a job that failed or missed its time, in the same log.
    scheduler_log = logging.getLogger("apscheduler")
    scheduler_log.addHandler(handler)
    scheduler_log.setLevel(logging.WARNING)


def after_start(controller: BreakApp) -> None:
    """Work that must not delay the tray icon: idle detection and the first-run health check."""
    from posture_break.platform.wayland_idle import detect_idle

    senses = controller.senses
    senses.idle_backend, why_not = detect_idle()
    log.info("idle backend: %s", senses.idle_backend.name if senses.idle_backend else "none")
    for line in why_not:
        log.info("idle backend not used: %s", line)
    if sys.platform.startswith("linux"):
        from posture_break.platform.away import AwayWatcher, IdleInhibitors

        watcher = AwayWatcher(controller)
        watcher.start()
        controller.watch_away(watcher)
        log.info("away: watching %s", "; ".join(watcher.watching) or "nothing")
        for problem in watcher.problems:
            log.info("away: not watched: %s", problem)
        senses.inhibitors = IdleInhibitors()
    controller.run(controller.planner.tick)
    # Warm the break path now, while nothing is due: the first break must not pay for
    # importing the window and parsing the cards (it appeared 285 ms late without this).
    QTimer.singleShot(1500, controller.warm_up)
    if not controller.settings.health.asked:
        controller.ask_health()


def install_translations(app: QApplication, language: str) -> None:
    """Load the compiled catalogue for ``language`` if one ships (German today)."""
    try:
        from posture_break.ui.i18n import install
    except ImportError:
        return
    install(app, language)
