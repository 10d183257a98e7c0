"""`posture-break plan`: the day's breaks as text."""

from __future__ import annotations

import io
import itertools
import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from posture_break.cli_plan import format_length, run
from posture_break.core.settings import Settings

BERLIN = ZoneInfo("Europe/Berlin")
LINE = re.compile(r"^(\d\d):(\d\d)  (micro|long )  (\d+) (s|min)$")


def plan_lines(settings: Settings, day: date) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = run(settings, day, BERLIN, out=out)
    return code, out.getvalue().splitlines()


def test_default_monday_breaks_only_in_work_hours_long_every_60_active_minutes() -> None:
    code, lines = plan_lines(Settings(), date(2026, 11, 23))
    assert code == 0
    assert lines[0] == "Breaks for Monday 2026-11-23"
    rows = [LINE.match(line) for line in lines[1:-1]]
    assert all(rows), lines
    breaks = [
        (timedelta(hours=int(m[1]), minutes=int(m[2])), m[3].strip(), int(m[4]), m[5])
        for m in rows
        if m
    ]
    assert all(timedelta(hours=9) <= at < timedelta(hours=18) for at, *_ in breaks)
    assert breaks[0][:2] == (timedelta(hours=9, minutes=30), "micro")
    longs = [b for b in breaks if b[1] == "long"]
    assert longs[0][0] == timedelta(hours=10)
    assert all(b[2:] == (5, "min") for b in longs)
    assert all(b[2:] == (30, "s") for b in breaks if b[1] == "micro")
    for prev, nxt in itertools.pairwise(longs):
        # 60 minutes of active time from the end of one long break to the next.
        assert nxt[0] - (prev[0] + timedelta(minutes=5)) == timedelta(minutes=60)
        assert any(b[1] == "micro" and prev[0] < b[0] < nxt[0] for b in breaks)
    assert lines[-1] == f"{len(breaks) - len(longs)} micro-breaks, {len(longs)} long breaks"


def test_line_format() -> None:
    _, lines = plan_lines(Settings(), date(2026, 11, 23))
    assert lines[1] == "09:30  micro  30 s"
    assert lines[2] == "10:00  long   5 min"


def test_day_without_work_hours() -> None:
    code, lines = plan_lines(Settings(), date(2026, 11, 29))
    assert code == 0
    assert lines == ["Breaks for Sunday 2026-11-29", "No breaks: no work hours on Sunday."]


def test_range_too_short_for_a_break() -> None:
    wh = dict(Settings().work_hours)
    wh["mon"] = ((9 * 60, 9 * 60 + 20),)
    code, lines = plan_lines(Settings(work_hours=wh), date(2026, 11, 23))
    assert code == 0 and lines[1].startswith("No breaks:")


def test_format_length() -> None:
    assert [format_length(s) for s in (30, 60, 300, 90)] == ["30 s", "1 min", "5 min", "1 min 30 s"]
