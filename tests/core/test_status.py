"""Tooltip, icon state and progress: pure functions of a Status, table-tested."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from posture_break.core.clock import FakeClock
from posture_break.core.planner import Planner
from posture_break.core.settings import Settings
from posture_break.core.status import (
    MESSAGES,
    PendingBreak,
    Phase,
    Status,
    format_left,
    icon_state,
    progress,
    tooltip,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 23, 13, 0, tzinfo=BERLIN)  # a Monday


def mins(m: float) -> datetime:
    return NOW + timedelta(minutes=m)


BRK = PendingBreak("micro", NOW, 30, 0, NOW, (), NOW)


def status(phase: Phase = Phase.WAITING, **kw: Any) -> Status:
    base: dict[str, Any] = {
        "phase": phase,
        "now": NOW,
        "next_kind": None,
        "next_due": None,
        "paused_until": None,
        "paused_until_resumed": False,
        "off_until": None,
        "snoozes_left": 2,
        "current": None,
    }
    base.update(kw)
    return Status(**base)


TABLE: list[tuple[Status, str, str, float]] = [
    # (status, tooltip, icon, progress)
    (
        status(next_kind="micro", next_due=mins(12), counting_since=mins(-18)),
        "Micro-break in 12 min",
        "active",
        0.6,
    ),
    (
        status(next_kind="long", next_due=mins(65), counting_since=NOW),
        "Long break in 1 h 5 min",
        "active",
        0.0,
    ),
    (
        status(next_kind="long", next_due=mins(120), counting_since=NOW),
        "Long break in 2 h",
        "active",
        0.0,
    ),
    (
        status(next_kind="micro", next_due=NOW + timedelta(seconds=45), counting_since=mins(-30)),
        "Micro-break in 45 s",
        "due-soon",
        1800 / 1845,
    ),
    (
        status(next_kind="micro", next_due=NOW + timedelta(seconds=611), counting_since=mins(-5)),
        "Micro-break in 11 min",  # rounded up: never "0 min" while time remains
        "active",
        300 / 911,
    ),
    (
        status(Phase.WARNING, next_kind="micro", next_due=mins(0.5), current=BRK),
        "Micro-break in 30 s",
        "due-soon",
        1.0,
    ),
    (status(Phase.BREAK, current=BRK), "Break now", "break", 1.0),
    (status(Phase.PAUSED, paused_until=mins(90)), "Paused until 14:30", "paused", 0.0),
    (
        status(Phase.PAUSED, paused_until=datetime(2026, 11, 24, 9, tzinfo=BERLIN)),
        "Paused until Tue 09:00",
        "paused",
        0.0,
    ),
    (status(Phase.PAUSED, paused_until_resumed=True), "Paused until you resume", "paused", 0.0),
    (
        status(Phase.OFF, off_until=datetime(2026, 11, 24, 9, tzinfo=BERLIN)),
        "Outside work hours until Tue 09:00",
        "off",
        0.0,
    ),
    (status(Phase.OFF), "No work hours set", "off", 0.0),
    (
        status(
            next_kind="micro",
            next_due=mins(-2),
            waiting_reason="do not disturb is on",
            waiting_until=mins(90),
        ),
        "Waiting: do not disturb is on (up to 14:30)",
        "due-soon",
        1.0,
    ),
    (status(), "No more breaks today", "active", 0.0),
    (status(next_kind="micro", next_due=NOW, counting_since=mins(-30)), "Break now", "due-soon", 1),
]


@pytest.mark.parametrize(("st", "text", "icon", "prog"), TABLE)
def test_tooltip_icon_and_progress_table(st: Status, text: str, icon: str, prog: float) -> None:
    assert tooltip(st) == text
    assert icon_state(st) == icon
    assert progress(st) == pytest.approx(prog)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (59, "59 s"), (60, "1 min"), (61, "2 min"), (3600, "1 h"), (3660, "1 h 1 min")],
)
def test_format_left_rounds_up(seconds: float, text: str) -> None:
    assert format_left(seconds) == text


def test_all_wording_lives_in_one_table() -> None:
    assert "{left}" in MESSAGES["micro_in"] and "{when}" in MESSAGES["paused_until"]


def test_time_left_is_counted_on_instants_across_dst() -> None:
    # 2026-10-25: 01:55 CEST to 02:05 CET is 70 real minutes, though the wall says 10.
    now = datetime(2026, 10, 25, 1, 55, tzinfo=BERLIN)
    due = datetime(2026, 10, 25, 2, 5, fold=1, tzinfo=BERLIN)
    st = status(now=now, next_kind="long", next_due=due, counting_since=now)
    assert tooltip(st) == "Long break in 1 h 10 min"


def test_planner_status_feeds_the_tooltip() -> None:
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN))
    planner = Planner(Settings(), clock)
    planner.tick()
    clock.advance(timedelta(minutes=18))
    st = planner.status()
    assert tooltip(st) == "Micro-break in 12 min"
    assert progress(st) == pytest.approx(0.6)
    planner.pause(datetime(2026, 11, 23, 14, 30, tzinfo=BERLIN))
    assert tooltip(planner.status()) == "Paused until 14:30"
    assert icon_state(planner.status()) == "paused"
    planner.resume()
    clock.advance(timedelta(hours=10))  # 19:18: after work
    planner.tick()
    assert tooltip(planner.status()) == "Outside work hours until Tue 09:00"
    assert icon_state(planner.status()) == "off"
