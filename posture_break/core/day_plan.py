"""A day's plan: the breaks the settings would schedule on one day (``posture-break plan``).

Simulated with the real :class:`~posture_break.core.planner.Planner` on a :class:`FakeClock`, so the
plan can never disagree with what the running app does.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from posture_break.core.clock import FakeClock
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
    clock = FakeClock(start)  # moves only when told to: the simulation's own time

    def advance_to(when: datetime) -> None:
        # In UTC: two times in one zone subtract as wall times, an hour off across DST.
        clock.advance(max(timedelta(0), when.astimezone(UTC) - clock.now().astimezone(UTC)))

    planner = Planner(sim, clock)
    out: list[PlannedBreak] = []
    for _ in range(100_000):
        for event in planner.tick():
            if isinstance(event, BreakStarted) and event.brk.started_at is not None:
                at = event.brk.started_at
                out.append(PlannedBreak(at.astimezone(tz), event.brk.kind, event.brk.length_s))
                advance_to(at + timedelta(seconds=event.brk.length_s))
                planner.done()
        wake = planner.next_wakeup()
        if wake is None or wake.astimezone(UTC) >= end:
            break
        advance_to(wake)
    return [b for b in out if b.at.astimezone(UTC) < end]
