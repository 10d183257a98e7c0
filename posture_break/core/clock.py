"""Time as an injected dependency.

The planner compares absolute wall-clock times (so suspend, restarts and clock changes are
visible to it) and measures elapsed time with a monotonic clock (so a clock change cannot stretch
or shrink a countdown). Both come from one Clock so tests can drive them together or apart.
The real one, which asks the system for the time and the local zone, is
:class:`posture_break.platform.clock.SystemClock`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from typing import Protocol


class Clock(Protocol):
    tz: tzinfo  # the local zone now() reports in (work hours are wall times in it)

    def now(self) -> datetime:
        """The current wall-clock time, timezone-aware, in the local zone."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps (it may stop during suspend)."""
        ...


class FakeClock:
    """A clock that moves only when told to: for tests, and the simulated day of ``day_plan``.

    ``advance`` moves wall and monotonic time together (time passing while the machine runs);
    ``suspend`` moves only the wall clock (the machine slept: CLOCK_MONOTONIC stops);
    ``set_wall`` jumps the wall clock to a time (the person or NTP changed the clock).
    """

    def __init__(self, start: datetime, mono: float = 1000.0) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start")
        # Kept in UTC: adding a timedelta to a zoned datetime is wall-clock arithmetic in Python,
        # which would put the fake clock an hour off across a DST change.
        self._now = start.astimezone(timezone.utc)
        self._mono = mono
        self.tz: tzinfo = start.tzinfo

    def now(self) -> datetime:
        return self._now.astimezone(self.tz)

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float | timedelta) -> None:
        delta = seconds if isinstance(seconds, timedelta) else timedelta(seconds=seconds)
        self._now = self._now + delta
        self._mono += delta.total_seconds()

    def suspend(self, seconds: float | timedelta) -> None:
        delta = seconds if isinstance(seconds, timedelta) else timedelta(seconds=seconds)
        self._now = self._now + delta

    def set_wall(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("set_wall needs a timezone-aware time")
        self._now = when.astimezone(timezone.utc)
