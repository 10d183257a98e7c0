"""Work hours as absolute time: the spans (UTC start, UTC end) the planner counts in.

Work ranges are local wall times in the clock's zone, built day by day, so a DST day plans
correctly; a range ending 24:00 and one starting 00:00 the next day are one continuous span.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from posture_break.core.settings import Settings

__all__ = ["SEARCH_DAYS", "WorkSpans", "wall_instant", "work_spans"]

UTC = timezone.utc
SEARCH_DAYS = 8  # how far ahead (and back) to look for work hours
Span = tuple[datetime, datetime]


def wall_instant(day: date, minute: int, tz: tzinfo) -> datetime:
    """The instant (UTC) of a local wall time ``minute`` minutes after midnight of ``day``."""
    if minute >= 1440:
        day, minute = day + timedelta(days=1), minute - 1440
    local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=tz)
    return local.astimezone(UTC)


def work_spans(settings: Settings, tz: tzinfo, first: date, last: date) -> Iterator[Span]:
    """Work spans (UTC start, UTC end) of the days first..last, touching ranges merged.

    A range ending 24:00 followed by one starting 00:00 the next day is one span.
    """
    current: Span | None = None
    day = first
    while day <= last:
        for start_min, end_min in sorted(settings.ranges_for(day.weekday())):
            start, end = wall_instant(day, start_min, tz), wall_instant(day, end_min, tz)
            if end <= start:
                continue
            if current is not None and start <= current[1]:
                current = (current[0], max(current[1], end))
                continue
            if current is not None:
                yield current
            current = (start, end)
        day += timedelta(days=1)
    if current is not None:
        yield current


class WorkSpans:
    """The spans around now, for one zone; asked many times per tick, so they are kept until the
    local date or the settings object change."""

    def __init__(self, tz: tzinfo) -> None:
        self._tz = tz
        self._cache: tuple[date, Settings, list[Span]] | None = None

    def around(self, settings: Settings, now: datetime) -> list[Span]:
        """The spans from :data:`SEARCH_DAYS` before today to as many after it."""
        today = now.astimezone(self._tz).date()
        cache = self._cache
        if cache is None or cache[0] != today or cache[1] is not settings:
            first, last = today - timedelta(days=SEARCH_DAYS), today + timedelta(days=SEARCH_DAYS)
            spans = list(work_spans(settings, self._tz, first, last))
            cache = self._cache = (today, settings, spans)
        return cache[2]

    def at(self, settings: Settings, now: datetime) -> Span | None:
        """The span ``now`` is in, or None (off hours)."""
        for start, end in self.around(settings, now):
            if start <= now < end:
                return start, end
        return None

    def next_start(self, settings: Settings, now: datetime) -> datetime | None:
        """When the next span after ``now`` starts, or None (no work hours ahead)."""
        for start, _end in self.around(settings, now):
            if start > now:
                return start
        return None

    def tomorrow_start(self, settings: Settings, now: datetime) -> datetime | None:
        """The first work instant at or after the next local midnight, or None.

        Work that runs on across midnight (``00:00-24:00`` on consecutive days, a night shift)
        resumes at that midnight: tomorrow starts then, not at the next span's start days later.
        """
        midnight = wall_instant(now.astimezone(self._tz).date() + timedelta(days=1), 0, self._tz)
        for start, end in self.around(settings, now):
            if end > midnight:
                return max(start, midnight)
        return None
