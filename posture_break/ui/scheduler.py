"""apscheduler's ``QtScheduler`` driven by ONE persistent precise QTimer.

Imported by :class:`posture_break.ui.alarm.Alarm` when it is made, which is after the tray icon
is on screen (ui/launch.py), so start-to-tray does not pay for importing apscheduler.

What differs from the stock ``QtScheduler`` and why:

- Upstream arms ``QTimer.singleShot(ms, ...)``, which returns None under PySide6: a pending
  wake-up can be neither stopped nor replaced, so every reschedule leaves a stale wake-up behind
  (a stray round, and after shutdown a call into a dead scheduler). Here one QTimer, single-shot
  and ``PreciseTimer`` (a coarse timer may be 5 % late: 90 s on a 30-minute wait), is re-armed by
  ``_start_timer`` and stopped by ``_stop_timer``.
- Upstream ``wakeup()`` (called for every added or changed job) arms a 0 ms timer to look at the
  jobs at once: one needless round per change. Here ``wakeup()`` re-arms the timer for the
  soonest job straight from the job store, so only a due job wakes the scheduler.
- A job's callback may add or remove jobs (the break callback replaces the break job with the
  next one). apscheduler's round then removes the job it just ran *by id*, which would delete
  the replacement; so changes made during a round are queued and applied after it.

The wait is always computed from the wall clock when armed; a wake-up that comes early (the clock
was set back) finds nothing due and re-arms, so nothing runs before its time. apscheduler 3.x
itself caps a wait only at ``threading.TIMEOUT_MAX`` (no polling); QTimer's own limit is ~24.8
days, the only extra wake-up there is.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.base import STATE_RUNNING, BaseScheduler
from apscheduler.schedulers.qt import QtScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from PySide6.QtCore import Qt, QTimer

__all__ = ["CronTrigger", "DateTrigger", "OneTimerQtScheduler"]

MAX_WAIT_MS = 2_147_483_647  # QTimer's limit (~24.8 days)


class OneTimerQtScheduler(QtScheduler):  # type: ignore[misc]
    """Jobs run on the GUI thread (DebugExecutor: in the thread that runs the round)."""

    def __init__(self, timer: QTimer, **options: Any) -> None:
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(self._process_jobs)
        self._qtimer = timer
        self._in_round = False
        self._after_round: list[Callable[[], None]] = []
        self.wakeups = 0  # rounds the timer really started (the bench and tests read it)
        options.setdefault("executors", {"default": DebugExecutor()})
        super().__init__(**options)

    def seconds_to_next(self) -> float | None:
        """Seconds from now (wall clock) to the soonest job; None with no job."""
        if self.state != STATE_RUNNING:
            return None
        with self._jobstores_lock:
            times = [t for s in self._jobstores.values() if (t := s.get_next_run_time())]
        if not times:
            return None
        now = datetime.now(self.timezone)
        soonest: datetime = min(times)
        return max(0.0, soonest.timestamp() - now.timestamp())

    def change(self, action: Callable[[], None]) -> None:
        """Run ``action`` (adding/removing jobs) now, or right after the round in progress."""
        if self._in_round:
            self._after_round.append(action)
        else:
            action()

    # --- the one timer ------------------------------------------------------------------------

    def _start_timer(self, wait_seconds: float | None) -> None:
        self._qtimer.stop()
        if wait_seconds is not None and self.state == STATE_RUNNING:
            self._qtimer.start(max(0, min(math.ceil(wait_seconds * 1000), MAX_WAIT_MS)))

    def _stop_timer(self) -> None:
        self._qtimer.stop()

    def wakeup(self) -> None:
        if not self._in_round:  # a round re-arms when it ends
            self._start_timer(self.seconds_to_next())

    def _process_jobs(self) -> None:
        if self.state != STATE_RUNNING:
            return
        self.wakeups += 1
        self._in_round = True
        try:
            BaseScheduler._process_jobs(self)
        finally:
            self._in_round = False
        queued, self._after_round = self._after_round, []
        for action in queued:
            action()
        self._start_timer(self.seconds_to_next())
