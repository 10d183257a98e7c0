"""A day's plan: the breaks the settings would schedule on one day (``posture-break plan``).

Simulated with the real :class:`~posture_break.core.planner.Planner` on a clock of its own, so the
plan can never disagree with what the running app does.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from posture_break.core.planner import Planner
from posture_break.core.planner_events import BreakStarted
from posture_break.core.settings import IdleSettings, Settings, WarningSettings

__all__ = ["PlannedBreak", "plan_day"]

UTC = timezone.utc


@dataclass(frozen=True)
class PlannedBreak:
    at: datetime
    kind: str
    length_s: int


class _SimClock:
    """A clock that only moves when told to, its monotonic time moving with it."""

    def __init__(self, start: datetime, tz: tzinfo) -> None:
        self._now = start.astimezone(UTC)
        self.tz = tz
        self._mono = 0.0

    def now(self) -> datetime:
        return self._now.astimezone(self.tz)

    def monotonic(self) -> float:
        return self._mono

    def advance_to(self, when: datetime) -> None:
        target = when.astimezone(UTC)
        delta = (target - self._now).total_seconds()
        if delta > 0:
            self._now = target
            self._mono += delta


def plan_day(settings: Settings, day: date, tz: tzinfo) -> list[PlannedBreak]:
    """The breaks ``settings`` would schedule on ``day`` for someone who works straight through
    and takes every break in full when it is due (simulated with the real planner)."""
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    sim = dataclasses.replace(
        settings,
        warning=WarningSettings(seconds_before=0),
        idle=IdleSettings(natural_breaks=False),
    )
    clock = _SimClock(start, tz)
    planner = Planner(sim, clock)
    out: list[PlannedBreak] = []
    for _ in range(100_000):
        for event in planner.tick():
            if isinstance(event, BreakStarted) and event.brk.started_at is not None:
                at = event.brk.started_at
                out.append(PlannedBreak(at.astimezone(tz), event.brk.kind, event.brk.length_s))
                clock.advance_to(at + timedelta(seconds=event.brk.length_s))
                planner.done()
        wake = planner.next_wakeup()
        if wake is None or wake.astimezone(UTC) >= end:
            break
        clock.advance_to(wake)
    return [b for b in out if b.at.astimezone(UTC) < end]
