"""The one timer seam: ``at(when, callback)`` for the next break, ``cron(...)`` for calendar
events (work-hours starts and ends), all served by ONE precise QTimer on the GUI thread.

Why not apscheduler (which DESIGN.md first suggested): importing any part of apscheduler 3.x
pulls in asyncio, ssl, multiprocessing and importlib.metadata, +16.6 MiB resident and +61 ms
at start-up, measured here (bench/run.py), a third of a bare PySide6 tray app on its own, which
makes the 1.3x memory and 1.5x start budgets unreachable. The planner already computes every due
time; all this seam must add is "wake me at T", precisely, once, on the GUI thread, and never
after shutdown. That is one QTimer:
- it is precise (a coarse timer may be 5 % late: 90 s on a 30-minute wait);
- its wait is derived from the wall clock each time it is armed, and a wake-up that comes early
  (the clock was set back) just re-arms, so nothing runs before its time;
- there is exactly one pending break job, replaced on every ``at``, and ``shutdown`` stops the
  timer and forgets every job, so nothing can fire afterwards (the stale single-shot wake-ups
  of a QTimer.singleShot-based scheduler cannot happen: there are none).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo

from PySide6.QtCore import QObject, Qt, QTimer

BREAK_JOB = "next-break"
MAX_WAIT_MS = 6 * 3600 * 1000  # re-check at least every 6 h (QTimer tops out at ~24 days)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def next_weekly(after: datetime, tz: tzinfo, weekday: int, hour: int, minute: int) -> datetime:
    """The first local ``weekday hour:minute`` strictly after ``after`` (an aware datetime).

    Built as a local wall time in ``tz`` each day, so DST changes move it correctly; a wall time
    that does not exist that day (spring forward) is skipped to the next week.
    """
    local = after.astimezone(tz)
    for days_ahead in range(0, 15):
        day = (local + timedelta(days=days_ahead)).date()
        if day.weekday() != weekday:
            continue
        naive = datetime(day.year, day.month, day.day, hour, minute)
        candidate = naive.replace(tzinfo=tz)
        round_trip = candidate.astimezone(timezone.utc).astimezone(tz)
        if round_trip.replace(tzinfo=None) != naive:
            continue  # in the spring-forward gap: this wall time does not exist that day
        if candidate.astimezone(timezone.utc) > after.astimezone(timezone.utc):
            return candidate
    raise ValueError("no such weekly time")  # pragma: no cover - a week always has the day


@dataclass
class _Job:
    callback: Callable[[], None]
    when: datetime  # aware, next run
    weekly: tuple[int, int, int] | None = None  # (weekday, hour, minute) for calendar jobs


class Alarm(QObject):
    """Exactly one pending break job (rescheduled, never piled up) plus calendar jobs."""

    def __init__(
        self,
        tz: tzinfo,
        parent: QObject | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.tz = tz
        self._now = now or (lambda: datetime.now(timezone.utc))
        self._jobs: dict[str, _Job] = {}
        self._running = True
        self.wakeups = 0  # how often the timer really fired (the bench reads it)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._fire)

    def at(self, when: datetime | None, callback: Callable[[], None]) -> None:
        """Arm the break job for ``when`` (None: no break pending), replacing any earlier one."""
        if not self._running:
            return
        current = self._jobs.get(BREAK_JOB)
        if when is None:
            if current is not None:
                del self._jobs[BREAK_JOB]
                self._arm()
            return
        if current is not None and current.when == when and current.callback == callback:
            self._arm()  # same job: only refresh the wait from the wall clock
            return
        self._jobs[BREAK_JOB] = _Job(callback, when)
        self._arm()

    def cron(self, job_id: str, callback: Callable[[], None], **fields: object) -> None:
        """A weekly calendar job: ``day_of_week='mon', hour=9, minute=0`` (local time)."""
        if not self._running:
            return
        day = fields.get("day_of_week")
        hour, minute = fields.get("hour", 0), fields.get("minute", 0)
        if day not in WEEKDAYS or not isinstance(hour, int) or not isinstance(minute, int):
            raise ValueError(f"unsupported calendar fields: {fields}")
        weekly = (WEEKDAYS.index(str(day)), hour, minute)
        when = next_weekly(self._now(), self.tz, *weekly)
        self._jobs[job_id] = _Job(callback, when, weekly)
        self._arm()

    def clear_cron(self) -> None:
        for job_id in [j for j, job in self._jobs.items() if job.weekly is not None]:
            del self._jobs[job_id]
        self._arm()

    def pending(self) -> list[tuple[str, datetime | None]]:
        return [(job_id, job.when) for job_id, job in self._jobs.items()]

    def break_due(self) -> datetime | None:
        job = self._jobs.get(BREAK_JOB)
        return job.when if job else None

    def timer_active(self) -> bool:
        return self._timer.isActive()

    def shutdown(self) -> None:
        self._running = False
        self._jobs.clear()
        self._timer.stop()

    # --- the one timer ------------------------------------------------------------------------

    def _arm(self) -> None:
        self._timer.stop()
        if not self._running or not self._jobs:
            return
        soonest = min(job.when.astimezone(timezone.utc) for job in self._jobs.values())
        wait = (soonest - self._now().astimezone(timezone.utc)).total_seconds()
        self._timer.start(int(min(max(0.0, wait) * 1000, MAX_WAIT_MS)))

    def _fire(self) -> None:
        if not self._running:
            return
        self.wakeups += 1
        now = self._now().astimezone(timezone.utc)
        due = [
            (job_id, job)
            for job_id, job in self._jobs.items()
            if job.when.astimezone(timezone.utc) <= now
        ]
        for job_id, job in due:
            if job.weekly is None:
                self._jobs.pop(job_id, None)  # a date job runs once
            else:
                job.when = next_weekly(now, self.tz, *job.weekly)
        for _job_id, job in due:
            if not self._running:
                return
            job.callback()
        self._arm()
