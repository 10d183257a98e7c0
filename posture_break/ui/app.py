"""The running app: wires the core objects to the views ui/launch.py built (tray.make_views,
the one place views are made) and runs the event loop.

Data flows one way: the alarm fires -> the planner decides -> its events -> this shows a card and
keeps the outcomes the events carry (through the outbox) -> the person acts -> the planner again.
Business rules (holds included) stay in the planner; this file only translates between Qt signals
and planner calls, asks the desktop when the planner wants it, and persists the planner's state.
"""

from __future__ import annotations

import logging
import os
import random
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timezone
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from posture_break.core.clock import Clock
from posture_break.core.model import BreakRecord
from posture_break.core.paths import Paths
from posture_break.core.planner import (
    BreakEnded,
    BreakHeld,
    BreakReleased,
    BreakSnoozed,
    BreakStarted,
    Event,
    NaturalBreak,
    PendingBreak,
    Planner,
    WarningCancelled,
    WarningDue,
)
from posture_break.core.settings import Settings
from posture_break.core.status import Phase, icon_state, progress, tooltip
from posture_break.core.store import Store
from posture_break.ui.alarm import Alarm
from posture_break.ui.memory import AFTER_BREAK_MS, after_break
from posture_break.ui.tray import Views

if TYPE_CHECKING:  # loaded on demand at run time
    from posture_break.platform.away import IdleInhibitors
    from posture_break.ui.charts import StatsWindow

log = logging.getLogger("posture_break")

# Without a desktop theme Qt puts dated stock icons on OK/Cancel; desktops mostly show none.
# (A QProxyStyle would do the same but PySide6 mis-counts None in its virtual calls and crashes.)
APP_STYLE = "QDialogButtonBox { dialogbuttonbox-buttons-have-icons: 0; }"
IDLE_POLL_MS = 5_000  # the budget: at most one cheap wake-up every 5 s, only while it matters
HEARTBEAT_MS = 60_000  # otherwise once a minute, to notice suspend and clock changes
# Writes to the history: a short wait for another program's lock (never the GUI's seconds), then
# the outcome waits in the outbox and is retried; at quit a last, longer wait, then the journal.
WRITE_WAIT_MS = 100
RETRY_MS = 1_000
RETRY_FAILING_MS = 30_000  # not a lock (a read-only or full disk): try now and then
QUIT_WAIT_MS = 3_000
SILENT_READINGS_S = 12.0  # idle readings come every 5 s while sampled; a longer silence is logged


class _FirstPaint(QObject):
    """Calls back once, when a window first paints (is really on screen)."""

    def __init__(self, window: QWidget, callback: Any) -> None:
        super().__init__(window)
        self._callback = callback
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            callback, self._callback = self._callback, None
            watched.removeEventFilter(self)
            callback()
        return False


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
        self.rng = rng or random.Random()
        self.idle_backend = idle_backend
        self._picker: Any = None
        self._cards_job: Any = None  # a Future of load_cards(), started by warm_up off this thread
        self.break_window: QWidget | None = None
        self._windows: dict[str, QWidget] = {}
        from posture_break.ui.i18n import status_messages

        self._messages = status_messages()
        self.last_latency_ms: float | None = None
        self._unsaved: list[str] = []  # outcomes that could not be committed, for the reply
        self._told: set[str] = set()
        self._dnd = do_not_disturb  # imported when a break first falls due
        self._calls = calls  # platform.calls.CallDetector, asked only while a break is due
        self.away_watcher: Any = None  # platform.away.AwayWatcher: locks and suspends as events
        self.inhibitors: IdleInhibitors | None = None  # asked only while the person is idle
        self._watching: str | None = None
        self._last_state: str | None = None
        self._last_state_at = 0.0
        self._last_reading_mono: float | None = None
        self._reading_phase: Phase | None = None
        self.syncer: Any = None  # core.sync.Syncer while [sync] folder is set
        self.sync_watcher: Any = None
        from posture_break.core.outbox import JOURNAL_NAME, Outbox

        # Every write goes through the outbox: a locked history never blocks, never loses.
        self.outbox = Outbox(store, paths.data_dir / JOURNAL_NAME, on_written=self._written)
        self._journal_problems = self.outbox.load_journal()
        self._queued: list[str] = []  # outcomes kept for later during a command, for the reply
        store.set_busy_timeout(WRITE_WAIT_MS)
        self.save_retry = QTimer(self)
        self.save_retry.setSingleShot(True)
        self.save_retry.timeout.connect(self._flush_outbox)

        state = self.outbox.pending_state("planner") or store.get_state("planner")
        self.planner = Planner(settings, clock, state=state)
        self.alarm = alarm or Alarm(clock.tz, self)
        from posture_break.ui.review import WeeklyReview

        self.review = WeeklyReview(self, self.show_week, review_notifier)
        self._notifier = notifier  # made at the first warning: D-Bus is not needed before
        if notifier is not None:
            notifier.action_invoked.connect(self._warning_action)
        self.actions, self.tray, self.status_window = views
        from posture_break.ui.commands import Commands

        self.commands = Commands(self)  # requests from the CLI and the tray menu
        self.actions.break_now.connect(lambda: self._run(self.planner.break_now))
        self.actions.pause.connect(self._pause)
        self.actions.resume.connect(lambda: self._run(self.planner.resume))
        self.actions.show_stats.connect(self.show_stats)
        self.actions.show_settings.connect(self.show_settings)
        self.actions.quit.connect(self.quit)

        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(IDLE_POLL_MS)
        self.idle_timer.timeout.connect(self._poll)
        self.heartbeat = QTimer(self)
        self.heartbeat.setInterval(HEARTBEAT_MS)
        self.heartbeat.timeout.connect(self._poll)

    # --- start / stop ------------------------------------------------------------------------

    def start(self) -> None:
        self._arm_calendar()
        if self.tray:
            self.tray.show()
        elif self.status_window:
            self.status_window.show()
        for problem in self._journal_problems:
            self.notify(QCoreApplication.translate("App", "posture-break"), problem)
        if not self.outbox.empty:
            log.info("%d outcome(s) kept from the last run: writing them", self.outbox.pending)
            self._flush_outbox()
        self._after(self.planner.tick())
        for notice in self.store.notices:
            self.notify(QCoreApplication.translate("App", "posture-break"), notice)
        self._start_sync()

    def quit(self) -> None:
        self._stop_sync()
        self.idle_timer.stop()
        self.heartbeat.stop()
        self.alarm.shutdown()
        if self._notifier is not None:
            self._notifier.shutdown()
        self.review.shutdown()
        self._persist(force=True)
        self.save_retry.stop()
        if not self.outbox.close(QUIT_WAIT_MS):
            log.warning(
                "quit with %d outcome(s) not yet in the history (%s); kept in %s, written at "
                "the next start",
                self.outbox.pending,
                self.outbox.last_error,
                self.outbox.journal,
            )
        if self.break_window is not None:
            self.break_window.close()
        if self.tray:
            self.tray.hide()
        for w in self._windows.values():
            w.close()
        if self.status_window:
            self.status_window.hide()
        if self.idle_backend is not None:
            self.idle_backend.close()
        if self.away_watcher is not None:
            self.away_watcher.close()
        if self.inhibitors is not None:
            self.inhibitors.close()
        self.store.close()
        QCoreApplication.quit()

    # --- the loop: planner call -> events -> views, state, alarm ------------------------------

    def _run(self, method: Callable[..., list[Event]], *args: Any) -> list[Event]:
        events = method(*args)
        self._after(events)
        return events

    def _after(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, (BreakEnded, NaturalBreak)):
                self._record(event.record)  # the outcome, as the planner decided it
            if isinstance(event, WarningDue):
                self._warn(event.brk)
            elif isinstance(event, BreakStarted):
                self._close_warning()
                self._show_break(event.brk)
                self._sound("start")
            elif isinstance(event, (BreakEnded, BreakSnoozed, WarningCancelled)):
                # A snoozed break comes back at its new due time; an ended one is recorded.
                if isinstance(event, BreakEnded) and self.break_window is not None:
                    self._sound("end")
                self._close_break()
                self._close_warning()
            elif isinstance(event, NaturalBreak):
                log.info("natural %s break credited", event.record.kind)
            elif isinstance(event, BreakHeld):
                log.info("break held: %s", event.reason)
            elif isinstance(event, BreakReleased):
                log.info("break released: %s ended", event.reason)
        self._persist()
        self.alarm.at(self.planner.next_wakeup(), self._alarm_fired)
        self._refresh()
        sampling = self.planner.wants_idle_samples() and self.idle_backend is not None
        held = self.planner.status().waiting_reason is not None  # notice DND ending promptly
        if sampling or held:
            self.heartbeat.stop()
            if not self.idle_timer.isActive():
                self.idle_timer.start()
        else:
            self.idle_timer.stop()
            if not self.heartbeat.isActive():
                self.heartbeat.start()

    def _sound(self, event: str) -> None:
        if self.settings.app.sounds:
            from posture_break.platform.sound import play

            play(event)

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
        idle = self._idle_reading()
        if idle is None:
            self._after(self.planner.tick())
        else:
            watching = self._watched(idle) is not None
            self._after(self.planner.observe_idle(idle, watching=watching))

    def _idle_reading(self) -> float | None:
        if self.idle_backend is None or not self.planner.wants_idle_samples():
            self._last_reading_mono = self._reading_phase = None
            return None
        idle = self.idle_backend.idle_seconds()
        if idle is None:
            return None
        phase = self.planner.phase
        if phase is not self._reading_phase:  # once per phase: the log shows what was observed
            self._reading_phase = phase
            log.info("idle readings while %s: idle %.1f s", phase.value, idle)
        mono = self.clock.monotonic()
        last, self._last_reading_mono = self._last_reading_mono, mono
        if last is not None and mono - last > SILENT_READINGS_S:
            # The app was frozen (SIGSTOP) or starved: this reading decides about the silence.
            log.info("idle reading after %.0f s without one: idle %.1f s", mono - last, idle)
        return float(idle)

    def _countdown_finished(self) -> None:
        """The break window's countdown ran out: judged on a fresh idle reading (the last one
        may be long ago if the app was frozen), then on the planner's rule."""
        idle = self._idle_reading()
        if idle is not None:
            self._after(self.planner.observe_idle(idle, watching=self._watched(idle) is not None))
        self._run(self.planner.countdown_finished)

    def _watched(self, idle: float) -> str | None:
        """Who keeps the screen awake (a video, a presentation) while the person looks idle.

        Asked on the existing idle poll, and only once the idle time reaches half a micro-break:
        shorter spells are active time anyway, so there is nothing to decide before.
        """
        if self.inhibitors is None or idle < max(2.0, self.settings.micro.seconds / 2):
            return None
        who = self.inhibitors.check()
        if who != self._watching:
            self._watching = who
            log.info("idle inhibitor: %s", who or "none")
        return who

    def watch_away(self, watcher: Any) -> None:
        """Locks and suspends (platform/away.py) drive the planner's away_started / away_ended."""
        self.away_watcher = watcher
        watcher.away_started.connect(lambda _reason: self._run(self.planner.away_started))
        watcher.away_ended.connect(lambda: self._run(self.planner.away_ended))

    def _check_do_not_disturb(self) -> None:
        """A break about to start waits while do-not-disturb, a fullscreen window or a call is on.

        The planner says when the desktop is worth asking (only while a break is due, at most
        every few seconds, once per break) and decides on the answer; this only asks."""
        if self.planner.wants_hold_check():
            events = self.planner.desktop_busy(self._hold_reason())
            if events:
                self._after(events)

    def _hold_reason(self) -> str | None:
        """Why the due break should wait (translated), or None."""
        if self.settings.breaks.respect_do_not_disturb:
            if self._dnd is None:
                from posture_break.platform.dnd import do_not_disturb

                self._dnd = do_not_disturb
            reason = self._dnd()
            if reason:
                return QCoreApplication.translate("App", reason)
        if self.settings.breaks.respect_calls:
            if self._calls is None:
                from posture_break.platform.calls import CallDetector

                self._calls = CallDetector()
            found = self._calls()
            if found is not None:
                from posture_break.core.calls import describe
                from posture_break.ui.i18n import call_reasons

                return describe(found, call_reasons())
        return None

    @property
    def notifier(self) -> Any:
        if self._notifier is None:
            from posture_break.ui.notify import Notifier

            self._notifier = Notifier(self)
            self._notifier.action_invoked.connect(self._warning_action)
        return self._notifier

    def _persist(self, force: bool = False) -> None:
        import json

        state = self.planner.to_state()
        # "last_wall" moves on every poll; on its own it is written once a minute (a restart
        # after a crash then misjudges the time away by at most that), anything else at once.
        rest = json.dumps({k: v for k, v in state.items() if k != "last_wall"}, sort_keys=True)
        mono = self.clock.monotonic()
        if not force and rest == self._last_state and mono - self._last_state_at < 60:
            return
        self.outbox.set_state("planner", state)
        if self._picker is not None:
            self.outbox.set_state("recent_cards", list(self._picker.history[-16:]))
        self._last_state, self._last_state_at = rest, mono
        self._outbox_trouble()

    def _record(self, record: BreakRecord) -> None:
        """Hand an outcome to the outbox: written now, or kept and retried until it is (never
        dropped). A kept one is remembered for the command's reply, with the honest reason."""
        from posture_break.core.outbox import Saved

        if self.outbox.record(record) is Saved.QUEUED:
            error = self.outbox.last_error
            log.info(
                "%s %s break due %s kept, not yet in the history (%s)",
                record.kind,
                record.outcome,
                record.due_at.isoformat(timespec="seconds"),
                error,
            )
            if error is not None and not error.busy:
                self._unsaved.append(str(error))
            else:
                self._queued.append(str(error))
        self._outbox_trouble()

    def _outbox_trouble(self) -> None:
        """Something is waiting to be written: retry soon (a lock) or now and then (a failure),
        and tell the person when it is not just another program's lock."""
        if self.outbox.empty:
            self.save_retry.stop()
            return
        error = self.outbox.last_error
        busy = error is None or error.busy
        if error is not None and not busy:
            self.notify(QCoreApplication.translate("App", "posture-break cannot save"), str(error))
        if self.outbox.journal_error:
            self.notify(
                QCoreApplication.translate("App", "posture-break cannot save"),
                self.outbox.journal_error,
            )
        if not self.save_retry.isActive():
            self.save_retry.start(RETRY_MS if busy else RETRY_FAILING_MS)

    def _flush_outbox(self) -> None:
        self.outbox.flush()
        self._outbox_trouble()

    def _written(self, record: BreakRecord, waited: bool) -> None:
        log.info(
            "recorded %s %s due %s snoozes %d cards %s" + (" (after waiting)" if waited else ""),
            record.kind,
            record.outcome,
            record.due_at.isoformat(timespec="seconds"),
            record.snoozes,
            ",".join(record.card_ids),
        )
        if self.syncer is not None:
            self._publish()

    # --- sync (core/sync.py; the watcher in ui/sync_watch.py) ---------------------------------

    def _start_sync(self) -> None:
        """Build the syncer for ``[sync] folder``, merge once, then merge on every change."""
        if not self.settings.sync.folder.strip():
            return  # off: nothing of sync is imported (hashlib alone maps OpenSSL, 3 MiB)
        from posture_break import sync_host

        try:
            self.syncer, notices = sync_host.make_syncer(self.paths, self.settings, self.store)
        except OSError as exc:
            self.notify(
                QCoreApplication.translate("App", "Sync"),
                f"{self.paths.data_dir}: {exc.strerror or exc}",
            )
            return
        for notice in notices:
            self.notify(QCoreApplication.translate("App", "Sync"), notice)
        from posture_break.ui.sync_watch import SyncWatcher

        self.sync_watcher = SyncWatcher(self.syncer, self.sync_now, self)
        self.sync_watcher.merged.connect(self._merged)
        self.sync_now()
        self.sync_watcher.rewatch()

    def _stop_sync(self) -> None:
        if self.sync_watcher is not None:
            self.sync_watcher.stop()
            self.sync_watcher.deleteLater()
        self.syncer = self.sync_watcher = None

    def sync_now(self) -> Any:
        """Write our new breaks, merge the others'. Problems are logged; folder trouble shown."""
        from posture_break import sync_host
        from posture_break.core.sync import SyncReport

        if self.syncer is None:
            return SyncReport()
        report = sync_host.run_sync(self.paths, self.syncer)
        self._tell_sync(report)
        return report

    def _publish(self) -> None:
        from posture_break import sync_host

        with sync_host.journal_lock(self.paths):
            report = self.syncer.publish()
        self._tell_sync(report)

    def _tell_sync(self, report: Any) -> None:
        for line in report.notices + [p for p in report.problems if p.startswith("sync folder")]:
            self.notify(QCoreApplication.translate("App", "Sync"), line)

    def _stats_window(self) -> StatsWindow | None:
        window = self._windows.get("stats")
        if window is None:
            return None
        from posture_break.ui.charts import StatsWindow  # loaded already: the window exists

        assert isinstance(window, StatsWindow)
        return window

    def _merged(self, report: Any) -> None:
        stats_window = self._stats_window()
        if report.added and stats_window is not None and stats_window.isVisible():
            stats_window.refresh()

    def _refresh(self) -> None:
        status = self.planner.status()
        text = tooltip(status, self._messages)
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

    # --- actions -----------------------------------------------------------------------------

    def _pause(self, value: object) -> None:
        self.commands.pause(value)

    def handle_command(self, request: dict[str, Any]) -> dict[str, Any]:
        self._unsaved.clear()
        self._queued.clear()
        reply = self.commands.run(request)
        if self._unsaved:
            return {"ok": False, "error": self._unsaved[-1]}
        if self._queued and reply.get("ok"):
            note = QCoreApplication.translate(
                "App",
                "Queued, will be saved: the history is busy (another program is writing to it); "
                "the outcome is kept and written as soon as it is free.",
            )
            reply["message"] = f"{note}\n{reply.get('message', '')}".rstrip()
        return reply

    # --- the break --------------------------------------------------------------------------

    def _load_picker(self) -> Any:
        if self._picker is None:
            from posture_break.core.cards import bundled_cards_dir, load_cards
            from posture_break.core.picker import Picker

            job, self._cards_job = self._cards_job, None
            if job is not None:  # loaded (or loading) in the background since warm_up
                cards, problems = job.result()
            else:
                cards, problems = load_cards([bundled_cards_dir(), self.paths.cards_dir])
            for problem in problems:
                log.warning("card skipped: %s", problem)
            history = self.store.get_state("recent_cards") or self.store.recent_card_ids(16)
            self._picker = Picker(
                cards,
                self.rng,
                focus_areas=self.settings.cards.focus_areas,
                equipment=self.settings.cards.equipment,
                health_tags=self.settings.health.tags,
                history=[h for h in history if isinstance(h, str)],
            )
        return self._picker

    def warm_up(self) -> None:
        import posture_break.ui.break_window  # noqa: F401

        if self.settings.breaks.respect_calls and self._calls is None:
            from posture_break.platform.calls import CallDetector

            self._calls = CallDetector()  # asked when a break falls due: not then imported
        if self._picker is None and self._cards_job is None:
            # A big card folder takes seconds to read and check: never on the thread that
            # answers commands. The picker is built from the result when a break needs it.
            import threading
            from concurrent.futures import Future

            from posture_break.core.cards import bundled_cards_dir, load_cards

            job: Future[Any] = Future()
            folders = [bundled_cards_dir(), self.paths.cards_dir]

            def load() -> None:
                log.info("loading cards")
                try:
                    cards, problems = load_cards(folders)
                except BaseException as exc:  # handed to the GUI thread by job.result()
                    job.set_exception(exc)
                    return
                log.info("cards loaded: %d (%d skipped)", len(cards), len(problems))
                job.set_result((cards, problems))

            self._cards_job = job
            threading.Thread(target=load, name="load-cards", daemon=True).start()

    def _warn(self, brk: PendingBreak) -> None:
        now = self.clock.now().astimezone(timezone.utc)
        seconds = max(0, round((brk.due_at.astimezone(timezone.utc) - now).total_seconds()))
        if brk.kind == "long":
            title = self.tr("Long break in %n seconds", "", seconds)
        else:
            title = self.tr("Micro-break in %n seconds", "", seconds)
        actions = [("start", QCoreApplication.translate("App", "Start now"))]
        if self.planner.can_snooze():
            actions.append(("snooze", self.tr("Snooze %n min", "", self.settings.snooze.minutes)))
        self.notifier.warn(
            title,
            QCoreApplication.translate("App", "Finish your sentence; your break card will appear."),
            actions,
            timeout_ms=max(5, seconds) * 1000,
        )
        log.info("warning shown for %s break due %s", brk.kind, brk.due_at.isoformat())

    def _warning_action(self, key: str) -> None:
        if key == "start":
            self._run(self.planner.start_now)
        elif key == "snooze":
            self._run(self.planner.snooze)
        elif key == "done":  # the break's own notification (see _notify_if_covered)
            self._run(self.planner.done)
        elif key == "skip":
            self._run(self.planner.skip)

    def _close_warning(self) -> None:
        if self._notifier is not None:
            self._notifier.close()

    def _show_break(self, brk: PendingBreak) -> None:
        from posture_break.ui.break_window import BreakWindow

        self._close_break()
        picker = self._load_picker()
        cards = picker.pick_long(brk.length_s) if brk.kind == "long" else picker.pick_micro()
        self.planner.set_cards([c.id for c in cards])
        window = BreakWindow(
            cards,
            total_seconds=brk.length_s,
            snooze_minutes=self.settings.snooze.minutes,
            can_snooze=self.planner.can_snooze(),
            can_skip=not self.settings.breaks.strict,
            animations=self.settings.cards.animations,
            lang=self.lang,
        )
        window.done.connect(lambda: self._run(self.planner.done))
        window.snoozed.connect(lambda: self._run(self.planner.snooze))
        window.skipped.connect(lambda: self._run(self.planner.skip))
        window.countdown_finished.connect(self._countdown_finished)
        self.break_window = window
        self._exposed = _FirstPaint(window, lambda: self._log_exposed(brk))
        window.show_without_focus()
        self._notify_if_covered()

    def _notify_if_covered(self) -> None:
        """Where the compositor keeps no window on top (GNOME on Wayland), a window opened during
        the break can hide it: say it in a notification too, with Done and Skip."""
        from posture_break.platform import session

        if not session.break_may_be_covered(self.env):
            return
        actions = [("done", QCoreApplication.translate("App", "Done"))]
        if not self.settings.breaks.strict:
            actions.append(("skip", QCoreApplication.translate("App", "Skip")))
        self.notifier.warn(
            QCoreApplication.translate("App", "Time for a break"),
            QCoreApplication.translate(
                "App", "The break window may be behind other windows. Press Done once you took it."
            ),
            actions,
            timeout_ms=0,
        )

    def _log_exposed(self, brk: PendingBreak) -> None:
        """Latency from the due time to the window's first paint: the budget is 200 ms."""
        now = self.clock.now().astimezone(timezone.utc)
        lateness = (now - brk.due_at.astimezone(timezone.utc)).total_seconds() * 1000
        self.last_latency_ms = lateness
        log.info("break window exposed: kind=%s latency_ms=%.0f", brk.kind, lateness)

    def _close_break(self) -> None:
        window, self.break_window = self.break_window, None
        if window is not None:
            window.blockSignals(True)
            window.close()
            window.deleteLater()
            QTimer.singleShot(AFTER_BREAK_MS, after_break)

    # --- other windows (loaded lazily: start-up stays light) ----------------------------------

    def card_areas(self) -> dict[str, Any]:
        """Body areas of every card (bundled and the person's own), for the stats."""
        from posture_break.core.cards import bundled_cards_dir, load_cards

        cards, _ = load_cards([bundled_cards_dir(), self.paths.cards_dir])
        return {c.id: c.areas for c in cards}

    def show_week(self, monday: date) -> None:
        """The charts window on the week of ``monday`` (the weekly review's action)."""
        self.show_stats()
        window = self._stats_window()
        assert window is not None  # show_stats() made it
        window.set_week(monday)

    def show_stats(self) -> None:
        if self.syncer is not None:  # the other machines' newest breaks first
            from posture_break import sync_host

            self._tell_sync(sync_host.run_sync(self.paths, self.syncer, publish=False))
        window = self._stats_window()
        if window is not None:
            window.refresh()
        if window is None:
            from posture_break.ui.charts import StatsWindow

            window = StatsWindow(
                self.store,
                self.settings,
                self.clock.tz,
                lambda: self.clock.now().date(),
                self.card_areas(),
                identity=self.syncer.identity if self.syncer is not None else None,
            )
            self._windows["stats"] = window
        window.show()
        window.raise_()
        window.activateWindow()
        log.info("window shown: stats")

    def show_settings(self) -> None:
        try:
            from posture_break.ui.settings_dialog import SettingsDialog
        except ImportError:
            self.notify(
                QCoreApplication.translate("App", "Settings"),
                QCoreApplication.translate("App", "The settings dialog is not available yet."),
            )
            return
        dialog = self._windows.get("settings")
        if dialog is None:
            dialog = SettingsDialog(self)
            self._windows["settings"] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        log.info("window shown: settings")

    def ask_health(self) -> None:
        """The first-run health check: answers become tags that hide unsuitable cards."""
        from posture_break.ui.health_dialog import HealthDialog

        dialog = HealthDialog(self.settings.health.tags)
        self._windows["health"] = dialog

        def answered(result: int) -> None:
            # Cancel, or quitting with the dialog open, answers nothing: it asks next time.
            if result != QDialog.DialogCode.Accepted:
                return
            health = replace(self.settings.health, asked=True, tags=tuple(dialog.tags()))
            self.save_settings(self.settings.replace(health=health))

        dialog.finished.connect(answered)
        dialog.show()

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
            self._stop_sync()
            self._start_sync()
        self._picker = None
        self._arm_calendar()
        self._run(self.planner.apply_settings, settings)


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

    controller.idle_backend, why_not = detect_idle()
    log.info(
        "idle backend: %s", controller.idle_backend.name if controller.idle_backend else "none"
    )
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
        controller.inhibitors = IdleInhibitors()
    controller._after(controller.planner.tick())
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
