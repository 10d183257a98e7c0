"""Presents a break: the warning notification, then the break window with the cards the picker
chose, and closes both when the planner says the break is over.

One job: turn the planner's break events into what the person sees and hears. It decides
nothing: a button or a notification action goes back to the planner through ``run`` (the app's
loop), and the cards it showed are told to the planner (``set_cards``) for the break's record.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import timezone
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from posture_break.core.clock import Clock
from posture_break.core.paths import Paths
from posture_break.core.planner import Event, PendingBreak, Planner
from posture_break.core.settings import Settings
from posture_break.core.store import Store
from posture_break.ui.memory import AFTER_BREAK_MS, after_break

log = logging.getLogger("posture_break")

RECENT_CARDS = 16  # cards remembered across restarts, so a restart does not repeat them


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


class BreakPresenter(QObject):
    def __init__(
        self,
        planner: Planner,
        settings: Callable[[], Settings],
        clock: Clock,
        paths: Paths,
        store: Store,
        *,
        run: Callable[..., list[Event]],
        countdown_finished: Callable[[], None],
        env: Callable[[], Any],
        rng: random.Random,
        lang: str,
        notifier: Any,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._planner = planner
        self._settings = settings
        self._clock = clock
        self._paths = paths
        self._store = store
        self._run = run
        self._countdown_finished = countdown_finished
        self._env = env
        self._rng = rng
        self._lang = lang
        self._picker: Any = None
        self._cards_job: Any = None  # a Future of load_cards(), started by warm_up off this thread
        self.break_window: QWidget | None = None
        self.last_latency_ms: float | None = None
        self._notifier = notifier  # made at the first warning: D-Bus is not needed before
        if notifier is not None:
            notifier.action_invoked.connect(self._warning_action)

    @property
    def notifier(self) -> Any:
        if self._notifier is None:
            from posture_break.ui.notify import Notifier

            self._notifier = Notifier(self)
            self._notifier.action_invoked.connect(self._warning_action)
        return self._notifier

    # --- what the planner's events ask for ----------------------------------------------------

    def warn(self, brk: PendingBreak) -> None:
        now = self._clock.now().astimezone(timezone.utc)
        seconds = max(0, round((brk.due_at.astimezone(timezone.utc) - now).total_seconds()))
        if brk.kind == "long":
            title = self.tr("Long break in %n seconds", "", seconds)
        else:
            title = self.tr("Micro-break in %n seconds", "", seconds)
        actions = [("start", QCoreApplication.translate("App", "Start now"))]
        if self._planner.can_snooze():
            snooze = self._settings().snooze.minutes
            actions.append(("snooze", self.tr("Snooze %n min", "", snooze)))
        self.notifier.warn(
            title,
            QCoreApplication.translate("App", "Finish your sentence; your break card will appear."),
            actions,
            timeout_ms=max(5, seconds) * 1000,
        )
        log.info("warning shown for %s break due %s", brk.kind, brk.due_at.isoformat())

    def start(self, brk: PendingBreak) -> None:
        """The break begins: the warning goes, the window with its cards comes."""
        self._close_warning()
        self._show_break(brk)
        self._sound("start")

    def end(self, *, ended: bool) -> None:
        """The break is over (``ended``), snoozed or its warning cancelled: nothing stays up."""
        if ended and self.break_window is not None:
            self._sound("end")
        self.close_break()
        self._close_warning()

    def close_break(self) -> None:
        window, self.break_window = self.break_window, None
        if window is not None:
            window.blockSignals(True)
            window.close()
            window.deleteLater()
            QTimer.singleShot(AFTER_BREAK_MS, after_break)

    def shutdown(self) -> None:
        if self._notifier is not None:
            self._notifier.shutdown()

    # --- cards ---------------------------------------------------------------------------------

    def warm_up(self) -> None:
        """Import the window and read the cards now, off the thread that answers commands."""
        import posture_break.ui.break_window  # noqa: F401

        if self._picker is None and self._cards_job is None:
            # A big card folder takes seconds to read and check: never on the thread that
            # answers commands. The picker is built from the result when a break needs it.
            import threading
            from concurrent.futures import Future

            from posture_break.core.cards import load_cards

            job: Future[Any] = Future()
            folders = self._card_folders()

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

    def forget_cards(self) -> None:
        """New settings (focus areas, equipment, health): the next break picks afresh."""
        self._picker = None

    def recent_cards(self) -> list[str] | None:
        """The cards shown lately, kept with the planner's state (None before the first pick)."""
        return None if self._picker is None else list(self._picker.history[-RECENT_CARDS:])

    def _load_picker(self) -> Any:
        if self._picker is None:
            from posture_break.core.cards import load_cards
            from posture_break.core.picker import Picker

            job, self._cards_job = self._cards_job, None
            if job is not None:  # loaded (or loading) in the background since warm_up
                cards, problems = job.result()
            else:
                cards, problems = load_cards(self._card_folders())
            for problem in problems:
                log.warning("card skipped: %s", problem)
            store = self._store
            history = store.get_state("recent_cards") or store.recent_card_ids(RECENT_CARDS)
            settings = self._settings()
            self._picker = Picker(
                cards,
                self._rng,
                focus_areas=settings.cards.focus_areas,
                equipment=settings.cards.equipment,
                health_tags=settings.health.tags,
                history=[h for h in history if isinstance(h, str)],
            )
        return self._picker

    # --- internals ----------------------------------------------------------------------------

    def _card_folders(self) -> list[Path]:
        """The bundled cards, then the person's own."""
        from posture_break.core.cards import bundled_cards_dir

        return [bundled_cards_dir(), self._paths.cards_dir]

    def _warning_action(self, key: str) -> None:
        planner = self._planner
        if key == "start":
            self._run(planner.start_now)
        elif key == "snooze":
            self._run(planner.snooze)
        elif key == "done":  # the break's own notification (see _notify_if_covered)
            self._run(planner.done)
        elif key == "skip":
            self._run(planner.skip)

    def _close_warning(self) -> None:
        if self._notifier is not None:
            self._notifier.close()

    def _show_break(self, brk: PendingBreak) -> None:
        from posture_break.ui.break_window import BreakWindow

        self.close_break()
        picker = self._load_picker()
        cards = picker.pick_long(brk.length_s) if brk.kind == "long" else picker.pick_micro()
        planner, settings = self._planner, self._settings()
        planner.set_cards([c.id for c in cards])
        window = BreakWindow(
            cards,
            total_seconds=brk.length_s,
            snooze_minutes=settings.snooze.minutes,
            can_snooze=planner.can_snooze(),
            can_skip=not settings.breaks.strict,
            animations=settings.cards.animations,
            lang=self._lang,
        )
        window.done.connect(lambda: self._run(planner.done))
        window.snoozed.connect(lambda: self._run(planner.snooze))
        window.skipped.connect(lambda: self._run(planner.skip))
        window.countdown_finished.connect(self._countdown_finished)
        self.break_window = window
        self._exposed = _FirstPaint(window, lambda: self._log_exposed(brk))
        window.show_without_focus()
        self._notify_if_covered()

    def _notify_if_covered(self) -> None:
        """Where the compositor keeps no window on top (GNOME on Wayland), a window opened during
        the break can hide it: say it in a notification too, with Done and Skip."""
        from posture_break.platform import session

        if not session.break_may_be_covered(self._env()):
            return
        actions = [("done", QCoreApplication.translate("App", "Done"))]
        if not self._settings().breaks.strict:
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
        now = self._clock.now().astimezone(timezone.utc)
        lateness = (now - brk.due_at.astimezone(timezone.utc)).total_seconds() * 1000
        self.last_latency_ms = lateness
        log.info("break window exposed: kind=%s latency_ms=%.0f", brk.kind, lateness)

    def _sound(self, event: str) -> None:
        if self._settings().app.sounds:
            from posture_break.platform.sound import play

            play(event)
