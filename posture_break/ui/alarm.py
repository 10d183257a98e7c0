"""The one timer seam: ``at(when, callback)`` for the next break, ``cron(...)`` for calendar
events, both served by apscheduler on the GUI thread (see ui/scheduler.py for its one timer).

- The next break is ONE ``DateTrigger`` job with a fixed id, replaced (``replace_existing``) on
  every ``at``; the planner computes every instant it needs (breaks, warnings, work-hours starts
  and ends, the end of a pause), so this is the only wake-up for them.
- Calendar events that are not the planner's (the weekly review) are ``CronTrigger`` jobs in the
  person's time zone: a weekly local wall time stays right across DST changes.
- Jobs run in the GUI thread (``DebugExecutor``), never in a thread pool.
- After a suspend the timer (a monotonic clock) is late; the shell calls ``at`` at least once a
  minute, which re-arms from the wall clock, so a missed job runs within a minute of waking, and
  once: jobs coalesce. A break job always runs however late (the planner decides what a gap
  means); a calendar job older than its grace time is skipped.
- ``shutdown`` stops the timer and forgets every job; nothing runs afterwards.

apscheduler is imported here only when an Alarm is made (after the tray icon is up): importing it
costs ~15 MiB and tens of milliseconds.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QObject, QTimer

BREAK_JOB = "next-break"
CALENDAR_GRACE_S = 12 * 3600  # a calendar job missed by more (asleep all night) is skipped


@contextmanager
def asyncio_without_tls() -> Iterator[None]:
    """Import apscheduler without OpenSSL in the process.

    apscheduler 3.x imports asyncio (for ``iscoroutinefunction`` alone), and asyncio imports
    ``ssl`` when it can, which maps libssl and libcrypto: 4 MiB of resident memory (measured
    after a break, bench/run.py) in an app that never opens a network connection. asyncio is
    written to work without ``ssl`` (Python builds without OpenSSL have none), so the module is
    marked unavailable while apscheduler (and with it asyncio) is first imported, and nothing
    else: a later ``import ssl`` elsewhere works as usual.
    """
    if "ssl" in sys.modules or "asyncio" in sys.modules:
        yield
        return
    sys.modules["ssl"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if "ssl" in sys.modules and sys.modules["ssl"] is None:
            del sys.modules["ssl"]


class Alarm(QObject):
    """Exactly one pending break job (rescheduled, never piled up) plus calendar jobs."""

    def __init__(self, tz: tzinfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        with asyncio_without_tls():
            from posture_break.ui.scheduler import OneTimerQtScheduler

        self.tz = tz
        self._timer = QTimer(self)
        self._scheduler = OneTimerQtScheduler(
            self._timer,
            timezone=tz,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        self._break: tuple[datetime, Callable[[], None]] | None = None
        self._running = True
        self._scheduler.start()

    @property
    def wakeups(self) -> int:
        """How often the timer really fired (the bench and the tests read it)."""
        return int(self._scheduler.wakeups)

    def _guarded(self, callback: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            if self._running:  # a job earlier in the same round may have shut us down
                callback()

        return run

    def at(self, when: datetime | None, callback: Callable[[], None]) -> None:
        """Arm the break job for ``when`` (None: no break pending), replacing any earlier one.

        The same job again only re-arms the timer from the wall clock (cheap; the shell calls
        this on every poll, which is how a suspend or a clock change is noticed)."""
        if not self._running:
            return
        wanted = None if when is None else (when, callback)
        if wanted == self._break:
            self._scheduler.change(self._scheduler.wakeup)
            return
        self._break = wanted
        self._scheduler.change(lambda: self._set_break(wanted))

    def _set_break(self, wanted: tuple[datetime, Callable[[], None]] | None) -> None:
        from posture_break.ui.scheduler import DateTrigger

        if not self._running:
            return
        if wanted is None:
            if self._scheduler.get_job(BREAK_JOB) is not None:
                self._scheduler.remove_job(BREAK_JOB)
            self._scheduler.wakeup()  # removing does not re-arm in apscheduler
            return
        when, callback = wanted

        def run() -> None:
            if self._break == wanted:
                self._break = None  # it ran: the same time asked again is a new job
            callback()

        self._scheduler.add_job(
            self._guarded(run),
            DateTrigger(run_date=when),
            id=BREAK_JOB,
            replace_existing=True,
        )

    def cron(
        self,
        job_id: str,
        callback: Callable[[], None],
        *,
        grace_s: int | None = CALENDAR_GRACE_S,
        **fields: Any,
    ) -> None:
        """A calendar job in the person's zone: ``day_of_week='fri', hour=18, minute=0``."""
        if not self._running:
            return
        from posture_break.ui.scheduler import CronTrigger

        trigger = CronTrigger(timezone=self.tz, **fields)  # bad fields raise ValueError here

        def add() -> None:
            if self._running:
                self._scheduler.add_job(
                    self._guarded(callback),
                    trigger,
                    id=job_id,
                    replace_existing=True,
                    misfire_grace_time=grace_s,
                )

        self._scheduler.change(add)

    def clear_cron(self) -> None:
        def clear() -> None:
            if not self._running:
                return
            for job in self._scheduler.get_jobs():
                if job.id != BREAK_JOB:
                    job.remove()
            self._scheduler.wakeup()

        self._scheduler.change(clear)

    def pending(self) -> list[tuple[str, datetime | None]]:
        if not self._running:
            return []
        return [(job.id, job.next_run_time) for job in self._scheduler.get_jobs()]

    def break_due(self) -> datetime | None:
        return dict(self.pending()).get(BREAK_JOB)

    def timer_active(self) -> bool:
        return self._timer.isActive()

    def shutdown(self) -> None:
        self._running = False  # from here on no callback runs, even later in this round
        self._break = None
        self._timer.stop()
        self._scheduler.change(self._close)

    def _close(self) -> None:
        if self._scheduler.running:
            self._scheduler.remove_all_jobs()
            self._scheduler.shutdown(wait=False)
        self._timer.stop()
