"""The one timer seam: apscheduler's QtScheduler wrapped as ``at(when, callback)``.

Two fixes over the stock QtScheduler:
- In PySide6 ``QTimer.singleShot`` returns None, so the stock scheduler cannot cancel its wake-up
  timer: every reschedule leaves a stale single-shot behind that fires later (a stray wake-up, and
  after shutdown a call into a dead scheduler). We keep ONE real QTimer and restart it instead.
- QTimer's default coarse type may be 5 % late (90 s on a 30-minute wait); the break must appear
  within 200 ms of its due time, so the timer is precise.
Jobs run on the GUI thread: the timer fires there and the executor runs jobs in the calling thread,
so no widget is ever touched from a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any

from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.qt import QtScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from PySide6.QtCore import QObject, Qt, QTimer

BREAK_JOB = "next-break"
MAX_WAIT_MS = 2_147_483_647


class _OneTimerQtScheduler(QtScheduler):
    def __init__(self, timer: QTimer, **options: Any) -> None:
        self._qtimer = timer
        self._qtimer.timeout.connect(self._process_jobs)
        self.wakeups = 0  # how often jobs were looked at (benchmarks read it)
        super().__init__(**options)

    def _start_timer(self, wait_seconds: float | None) -> None:
        self._qtimer.stop()
        if wait_seconds is not None and self.running:
            self._qtimer.start(max(0, min(int(wait_seconds * 1000), MAX_WAIT_MS)))

    def _stop_timer(self) -> None:
        self._qtimer.stop()

    def _process_jobs(self) -> None:
        if not self.running:
            return
        self.wakeups += 1
        super()._process_jobs()


class Alarm(QObject):
    """Exactly one pending break job (rescheduled, never piled up) plus calendar jobs."""

    def __init__(self, tz: tzinfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._scheduler = _OneTimerQtScheduler(
            self._timer,
            timezone=tz,
            executors={"default": DebugExecutor()},
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
        )
        self._scheduler.start()

    @property
    def wakeups(self) -> int:
        return self._scheduler.wakeups

    def at(self, when: datetime | None, callback: Callable[[], None]) -> None:
        """Arm the break job for ``when`` (None: no break pending), replacing any earlier one."""
        if not self._scheduler.running:
            return
        if when is None:
            if self._scheduler.get_job(BREAK_JOB):
                self._scheduler.remove_job(BREAK_JOB)
            return
        self._scheduler.add_job(
            callback, DateTrigger(run_date=when), id=BREAK_JOB, replace_existing=True
        )

    def cron(self, job_id: str, callback: Callable[[], None], **fields: Any) -> None:
        """A calendar job (e.g. work-hours start: day_of_week='mon', hour=9, minute=0)."""
        if not self._scheduler.running:
            return
        self._scheduler.add_job(
            callback,
            CronTrigger(timezone=self._scheduler.timezone, **fields),
            id=job_id,
            replace_existing=True,
        )

    def clear_cron(self) -> None:
        for job in self._scheduler.get_jobs():
            if job.id != BREAK_JOB:
                job.remove()

    def pending(self) -> list[tuple[str, datetime | None]]:
        return [(job.id, job.next_run_time) for job in self._scheduler.get_jobs()]

    def break_due(self) -> datetime | None:
        job = self._scheduler.get_job(BREAK_JOB) if self._scheduler.running else None
        return job.next_run_time if job else None

    def timer_active(self) -> bool:
        return self._timer.isActive()

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._timer.stop()
