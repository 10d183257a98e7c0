"""The real clock: the system's time, its monotonic counter and its local zone.

Implements :class:`posture_break.core.clock.Clock`; tests use ``core.clock.FakeClock`` instead.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_zone() -> tzinfo:
    """The local time zone as a real zone (with DST rules), not a fixed offset.

    A fixed offset (what ``datetime.now().astimezone()`` gives) would plan tomorrow's 09:00 an hour
    off across a DST change, so look the zone up by name where the platform says it.
    """
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    try:
        target = Path("/etc/localtime").resolve()
        parts = target.parts
        if "zoneinfo" in parts:
            key = "/".join(parts[parts.index("zoneinfo") + 1 :])
            return ZoneInfo(key)
    except (OSError, ZoneInfoNotFoundError, ValueError):
        pass
    try:
        tz_name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
        if tz_name:
            return ZoneInfo(tz_name)
    except (OSError, ZoneInfoNotFoundError, ValueError):
        pass
    fallback = datetime.now().astimezone().tzinfo
    assert fallback is not None
    return fallback


class SystemClock:
    """The real clock, in the local zone."""

    def __init__(self, tz: tzinfo | None = None) -> None:
        self.tz = tz or local_zone()

    def now(self) -> datetime:
        return datetime.now(self.tz)

    def monotonic(self) -> float:
        return time.monotonic()
