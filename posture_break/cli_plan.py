"""`posture-break plan [--day YYYY-MM-DD]`: the breaks the settings would schedule that day.

Pure text on stdout, no Qt: the plan comes from :func:`posture_break.core.day_plan.plan_day`, which
runs the real planner over the day for someone who works straight through and takes every break.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import TextIO

from posture_break.core.day_plan import PlannedBreak, plan_day
from posture_break.core.settings import Settings

DAY_NAMES: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)


def format_length(seconds: int) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        return f"{seconds // 60} min"
    if seconds >= 60:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds} s"


def _offset(when: datetime) -> str:
    offset = when.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def is_ambiguous(when: datetime) -> bool:
    """True when the wall time of ``when`` happens twice that day (the hour the clocks go back)."""
    return when.replace(fold=1 - when.fold).utcoffset() != when.utcoffset()


def format_line(brk: PlannedBreak) -> str:
    """'09:30  micro  30 s' / '10:00  long   5 min'; a wall time that happens twice that day (the
    clocks went back) carries its UTC offset: '02:40 (UTC+02:00)  micro  30 s'."""
    at = f"{brk.at:%H:%M}"
    if is_ambiguous(brk.at):
        at += f" ({_offset(brk.at)})"
    return f"{at}  {brk.kind:<5}  {format_length(brk.length_s)}"


def skipped_work_times(settings: Settings, day: date, tz: tzinfo) -> list[str]:
    """Starts and ends of the day's work hours that do not exist on ``day`` (the clocks went
    forward over them), as 'HH:MM'."""
    out: list[str] = []
    for start, end in settings.ranges_for(day.weekday()):
        for minute in (start, end):
            if minute >= 24 * 60:
                continue
            wall = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=tz)
            back = wall.astimezone(timezone.utc).astimezone(tz)
            if back.replace(tzinfo=None) != wall.replace(tzinfo=None):
                out.append(f"{minute // 60:02d}:{minute % 60:02d}")
    return out


def run(settings: Settings, day: date | None, tz: tzinfo, out: TextIO | None = None) -> int:
    stream = out if out is not None else sys.stdout
    when = day if day is not None else datetime.now(tz).date()
    name = DAY_NAMES[when.weekday()]
    print(f"Breaks for {name} {when.isoformat()}", file=stream)
    if not settings.ranges_for(when.weekday()):
        print(f"No breaks: no work hours on {name}.", file=stream)
        return 0
    for missing in skipped_work_times(settings, when, tz):
        print(
            f"Note: {missing} does not exist that day (the clocks go forward); "
            "the work hours are counted from after the change.",
            file=stream,
        )
    breaks = plan_day(settings, when, tz)
    if not breaks:
        print("No breaks: the work hours that day are shorter than one interval.", file=stream)
        return 0
    for brk in breaks:
        print(format_line(brk), file=stream)
    micro = sum(1 for b in breaks if b.kind == "micro")
    long_ = len(breaks) - micro
    print(f"{micro} micro-breaks, {long_} long breaks", file=stream)
    return 0
