"""Weekly statistics: what the charts window, ``stats`` and the CLI show.

A break belongs to the local date of its due time in the time zone passed in (never the offset it
was stored with: someone who travelled still sees their week in today's zone). Weeks are ISO weeks,
Monday first. A week's bounds are local midnights turned into absolute instants, so a DST week is
167 or 169 hours long and each day is 23, 24 or 25 hours; one indexed range query fetches the week
and the aggregation happens here in Python, which keeps every week fast on years of history.
"""

from __future__ import annotations

import bisect
import re
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, Protocol

from posture_break.core.limits import MAX_YEAR, MIN_YEAR
from posture_break.core.settings import AREAS, Settings


class History(Protocol):
    """What the statistics read: the whole store, or one machine's view of it
    (core/sync_machines.py)."""

    skipped: int  # malformed rows left out of what was read so far

    def raw_between(self, start_ts: int, end_ts: int) -> list[tuple[Any, ...]]: ...

    def first_due_ts(self) -> int | None: ...


_WEEK_RE = re.compile(r"\A([0-9]{4})-W([0-9]{2})\Z")
TREND_WEEKS = 12
# How many days the streak search reads per query while walking back in time.
_STREAK_CHUNK_DAYS = 28


# --- weeks -----------------------------------------------------------------------------------


def parse_week(text: str) -> date:
    """'2026-W47' -> the Monday of that ISO week. Raises ValueError for anything else.

    Only weeks that exist are accepted: 2026-W53 is real, 2025-W53 is not.
    """
    m = _WEEK_RE.match(text.strip())
    if not m:
        raise ValueError(f"{text!r} is not a week like 2026-W47")
    year, week = int(m.group(1)), int(m.group(2))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"{text!r} is outside the years {MIN_YEAR}-{MAX_YEAR}")
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{text!r}: {year} has no week {week}") from None
    return monday


def week_label(monday: date) -> str:
    """The ISO week of a date, as '2026-W47'."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def local_midnight_ts(day: date, tz: tzinfo) -> int:
    """The absolute instant (Unix seconds) at which ``day`` starts in ``tz``."""
    return int(datetime.combine(day, time(0), tzinfo=tz).timestamp())


def local_date(due_at: str, tz: tzinfo) -> date:
    """The local date in ``tz`` of a stored ISO-8601 time with offset."""
    return datetime.fromisoformat(due_at).astimezone(tz).date()


def _offset_text(when: datetime) -> str:
    text = when.isoformat(timespec="seconds")
    return text[19:]


class _DayOf:
    """Local dates of stored times in ``tz`` for the days ``first`` .. ``first + n - 1``.

    Parsing every stored time is the cost of a week's stats. Nearly always a time was stored with
    the offset ``tz`` has on that day, and then its date is simply its first ten characters; this
    answers those from a table of such days and parses only the rest (DST days, other zones).
    """

    def __init__(self, first: date, n_days: int, tz: tzinfo) -> None:
        self.first = first
        self.tz = tz
        self.bad = 0
        self.plain: dict[str, tuple[str, int]] = {}
        for i in range(n_days):
            day = first + timedelta(days=i)
            begin = datetime.combine(day, time(0), tzinfo=tz)
            end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
            if begin.utcoffset() == end.utcoffset():
                self.plain[day.isoformat()] = (_offset_text(begin), i)

    def index(self, due_at: str) -> int:
        """Days from ``first`` to the local date of ``due_at``; -1 for a time that cannot be read
        (a row edited by hand): it is counted in :attr:`bad` and left out, never raised."""
        hit = self.plain.get(due_at[:10])
        if hit is not None and due_at[19:] == hit[0]:
            return hit[1]
        try:
            return (local_date(due_at, self.tz) - self.first).days
        except (ValueError, OverflowError):
            self.bad += 1
            return -1


# --- the summary -----------------------------------------------------------------------------


@dataclass
class Counts:
    """Counts of one day or of a whole week. ``active_s`` is kept in seconds to avoid rounding."""

    done: int = 0
    skipped: int = 0
    missed: int = 0
    natural: int = 0
    unconfirmed: int = 0  # ran out with nothing observed: neither done nor missed
    snoozes: int = 0
    active_s: int = 0

    @property
    def active_minutes(self) -> float:
        return round(self.active_s / 60, 1)

    @property
    def total(self) -> int:
        return self.done + self.skipped + self.missed + self.natural + self.unconfirmed

    @property
    def completion_rate(self) -> float | None:
        """done / (done + skipped + missed); None when nothing was prompted (natural only).

        Unconfirmed breaks are left out: nobody knows whether they were taken."""
        asked = self.done + self.skipped + self.missed
        return None if asked == 0 else self.done / asked

    def add(self, outcome: str, snoozes: int, duration_s: int) -> None:
        if outcome == "done":
            self.done += 1
            self.active_s += duration_s
        elif outcome == "skipped":
            self.skipped += 1
        elif outcome == "missed":
            self.missed += 1
        elif outcome == "natural":
            self.natural += 1
        elif outcome == "unconfirmed":
            self.unconfirmed += 1
        self.snoozes += snoozes

    def to_json(self) -> dict[str, Any]:
        return {
            "done": self.done,
            "skipped": self.skipped,
            "missed": self.missed,
            "natural": self.natural,
            "unconfirmed": self.unconfirmed,
            "snoozes": self.snoozes,
            "active_minutes": self.active_minutes,
        }


@dataclass
class DayStats(Counts):
    day: date = field(default_factory=lambda: date(1970, 1, 1))

    def to_json(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), **super().to_json()}


@dataclass
class WeekSummary:
    week: str  # "2026-W47"
    start: date  # the Monday
    days: list[DayStats]  # seven, Monday first
    totals: Counts
    areas: dict[str, int]  # every area in AREAS, in that order
    streak_days: int

    @property
    def completion_rate(self) -> float | None:
        return self.totals.completion_rate

    @property
    def is_empty(self) -> bool:
        return self.totals.total == 0

    @property
    def number(self) -> int:
        """The ISO week number: 47 for "2026-W47"."""
        return self.start.isocalendar()[1]

    def to_json(self) -> dict[str, Any]:
        """The ``stats --format json`` contract of docs/contracts.md, keys in its order."""
        return {
            "week": self.week,
            "start": self.start.isoformat(),
            "days": [d.to_json() for d in self.days],
            "totals": self.totals.to_json(),
            "completion_rate": self.completion_rate,
            "areas": dict(self.areas),
            "streak_days": self.streak_days,
        }


def _aggregate(
    rows: Sequence[tuple[Any, ...]],
    first_day: date,
    n_days: int,
    tz: tzinfo,
    card_areas: Mapping[str, Sequence[str]] | None = None,
    store_skips: list[int] | None = None,
) -> tuple[list[DayStats], dict[str, int]]:
    days = [DayStats(day=first_day + timedelta(days=i)) for i in range(n_days)]
    areas = dict.fromkeys(AREAS, 0)
    day_of = _DayOf(first_day, n_days, tz)
    for due_at, _kind, outcome, snoozes, card_ids, duration_s in rows:
        index = day_of.index(due_at)
        if not 0 <= index < n_days:  # unreadable, or its text disagrees with its instant
            continue
        days[index].add(outcome, snoozes, duration_s)
        if card_areas is not None and outcome == "done" and card_ids:
            touched: set[str] = set()
            for card_id in card_ids.split(";"):
                touched.update(card_areas.get(card_id, ()))
            for area in touched:
                if area in areas:
                    areas[area] += 1
    if isinstance(store_skips, list):
        store_skips.append(day_of.bad)
    return days, areas


def weekly_summary(
    store: History,
    settings: Settings,
    monday: date,
    tz: tzinfo,
    *,
    today: date,
    card_areas: Mapping[str, Sequence[str]],
) -> WeekSummary:
    """The week starting at ``monday`` (any date of the week is accepted and snapped back)."""
    monday = monday_of(monday)
    rows = store.raw_between(
        local_midnight_ts(monday, tz), local_midnight_ts(monday + timedelta(days=7), tz)
    )
    unreadable: list[int] = []
    days, areas = _aggregate(rows, monday, 7, tz, card_areas, unreadable)
    if isinstance(getattr(store, "skipped", None), int):
        store.skipped += sum(unreadable)
    totals = Counts()
    for d in days:
        totals.done += d.done
        totals.skipped += d.skipped
        totals.missed += d.missed
        totals.natural += d.natural
        totals.unconfirmed += d.unconfirmed
        totals.snoozes += d.snoozes
        totals.active_s += d.active_s
    known = {d.day: d.done for d in days}
    streak = streak_days(store, settings, min(monday + timedelta(days=6), today), tz, today, known)
    return WeekSummary(
        week=week_label(monday),
        start=monday,
        days=days,
        totals=totals,
        areas=areas,
        streak_days=streak,
    )


def _done_per_day(store: History, first: date, last: date, tz: tzinfo) -> dict[date, int]:
    """Done breaks per local day in [first, last]."""
    n_days = (last - first).days + 1
    bounds = [local_midnight_ts(first + timedelta(days=i), tz) for i in range(n_days + 1)]
    counts = [0] * n_days
    db = getattr(store, "connection", None)
    if isinstance(db, sqlite3.Connection):
        # Only the due times of done breaks, put into days by their instant: no parsing at all.
        rows = db.execute(
            "SELECT due_ts FROM breaks WHERE due_ts >= ? AND due_ts < ? AND outcome = 'done'",
            (bounds[0], bounds[-1]),
        ).fetchall()
        for (ts,) in rows:
            counts[bisect.bisect_right(bounds, ts) - 1] += 1
    else:
        day_of = _DayOf(first, n_days, tz)
        for due_at, _kind, outcome, _snoozes, _cards, _duration in store.raw_between(
            bounds[0], bounds[-1]
        ):
            if outcome == "done":
                index = day_of.index(due_at)
                if 0 <= index < n_days:
                    counts[index] += 1
    return {first + timedelta(days=i): n for i, n in enumerate(counts) if n}


def streak_days(
    store: History,
    settings: Settings,
    end: date,
    tz: tzinfo,
    today: date,
    known: Mapping[date, int] | None = None,
) -> int:
    """Consecutive work days up to ``end`` on which at least ``daily_goal`` breaks were done.

    Days without work hours neither break nor extend the streak. Today, while it is still going,
    only extends it: not having reached the goal by lunchtime does not break yesterday's streak.
    ``known`` holds done counts already read (the week's), so most streaks need no extra query.
    """
    goal = settings.app.daily_goal
    work_days = {wd for wd in range(7) if settings.ranges_for(wd)}
    if not work_days:
        return 0
    first_ts = store.first_due_ts()
    if first_ts is None:
        return 0
    first_day = datetime.fromtimestamp(first_ts, tz).date()
    done: dict[date, int] = dict(known or {})
    fetched_from = min(done) if done else end + timedelta(days=1)
    streak = 0
    day = end
    while day >= first_day:
        if day < fetched_from:
            chunk_start = max(first_day, day - timedelta(days=_STREAK_CHUNK_DAYS - 1))
            done.update(_done_per_day(store, chunk_start, day, tz))
            fetched_from = chunk_start
        if day.weekday() in work_days:
            if done.get(day, 0) >= goal:
                streak += 1
            elif day != today:
                return streak
        day -= timedelta(days=1)
    return streak


# --- the trend -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    week: str
    start: date
    done: int
    skipped: int
    missed: int
    natural: int
    active_minutes: float
    unconfirmed: int = 0

    @property
    def completion_rate(self) -> float | None:
        asked = self.done + self.skipped + self.missed
        return None if asked == 0 else self.done / asked

    @property
    def total(self) -> int:
        return self.done + self.skipped + self.missed + self.natural + self.unconfirmed


def weekly_trend(
    store: History, monday: date, tz: tzinfo, weeks: int = TREND_WEEKS
) -> list[TrendPoint]:
    """The ``weeks`` weeks ending with the one starting at ``monday``, oldest first.

    One query over the whole span; rows are put into weeks by their local date.
    """
    last_monday = monday_of(monday)
    first_monday = last_monday - timedelta(weeks=weeks - 1)
    rows = store.raw_between(
        local_midnight_ts(first_monday, tz), local_midnight_ts(last_monday + timedelta(days=7), tz)
    )
    buckets = [Counts() for _ in range(weeks)]
    day_of = _DayOf(first_monday, weeks * 7, tz)
    for due_at, _kind, outcome, snoozes, _cards, duration_s in rows:
        index = day_of.index(due_at) // 7
        if 0 <= index < weeks:
            buckets[index].add(outcome, snoozes, duration_s)
    points = []
    for i, c in enumerate(buckets):
        start = first_monday + timedelta(weeks=i)
        points.append(
            TrendPoint(
                week=week_label(start),
                start=start,
                done=c.done,
                skipped=c.skipped,
                missed=c.missed,
                natural=c.natural,
                active_minutes=c.active_minutes,
                unconfirmed=c.unconfirmed,
            )
        )
    return points


def done_change(summary: WeekSummary, trend: Sequence[TrendPoint]) -> int | None:
    """Done breaks compared with the week before (the trend point a week earlier).

    None when that week is not in the trend or had no breaks at all: nothing to compare with.
    """
    previous = [p for p in trend if p.start == summary.start - timedelta(days=7)]
    if not previous or previous[0].total == 0:
        return None
    return summary.totals.done - previous[0].done


def change_text(summary: WeekSummary, trend: Sequence[TrendPoint]) -> str:
    """:func:`done_change` as the chart shows it: "+3", "−2" (a minus sign), "±0", or "–"."""
    diff = done_change(summary, trend)
    if diff is None:
        return "–"
    if diff == 0:
        return "±0"
    return f"+{diff}" if diff > 0 else f"−{-diff}"
