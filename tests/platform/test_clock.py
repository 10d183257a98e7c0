"""platform/clock.py: the real clock and the local zone it reports in."""

from __future__ import annotations

import time
from datetime import timedelta
from zoneinfo import ZoneInfo

from posture_break.platform.clock import SystemClock, local_zone


def test_the_zone_comes_from_tz_by_name(monkeypatch) -> None:
    monkeypatch.setenv("TZ", ":Europe/Berlin")
    assert local_zone() == ZoneInfo("Europe/Berlin")


def test_an_unknown_tz_is_ignored_for_the_systems_own_zone(monkeypatch) -> None:
    monkeypatch.delenv("TZ", raising=False)
    system = local_zone()
    monkeypatch.setenv("TZ", "Not/AZone")
    assert local_zone() == system


def test_system_clock_reports_in_its_zone_and_moves() -> None:
    clock = SystemClock(ZoneInfo("Asia/Kolkata"))
    now = clock.now()
    assert now.tzinfo == ZoneInfo("Asia/Kolkata")
    assert now.utcoffset() == timedelta(hours=5, minutes=30)
    first = clock.monotonic()
    assert abs(first - time.monotonic()) < 5
    assert clock.monotonic() >= first
