"""`posture-break plan [--day YYYY-MM-DD]`: the breaks the settings would schedule that day.

Pure text on stdout, no Qt: the plan comes from :func:`posture_break.core.planner.plan_day`, which
runs the real planner over the day for someone who works straight through and takes every break.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, tzinfo
from typing import TextIO

from posture_break.core.planner import PlannedBreak, plan_day
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


def format_line(brk: PlannedBreak) -> str:
    """'09:30  micro  30 s' / '10:00  long   5 min'."""
    return f"{brk.at:%H:%M}  {brk.kind:<5}  {format_length(brk.length_s)}"


def run(settings: Settings, day: date | None, tz: tzinfo, out: TextIO | None = None) -> int:
    stream = out if out is not None else sys.stdout
    when = day if day is not None else datetime.now(tz).date()
    name = DAY_NAMES[when.weekday()]
    print(f"Breaks for {name} {when.isoformat()}", file=stream)
    if not settings.ranges_for(when.weekday()):
        print(f"No breaks: no work hours on {name}.", file=stream)
        return 0
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
