"""Weekly stats with explicit time zones: DST weeks, ISO week 53, midnight edges, streaks."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from posture_break.core import stats
from posture_break.core.settings import AREAS, AppSettings, Settings
from posture_break.core.store import BreakRecord, Store

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
CARDS = {
    "chin_tuck": ("neck",),
    "neck_stroke": ("neck",),
    "shoulder_rolls": ("shoulders",),
    "neck_and_shoulders": ("neck", "shoulders"),
    "eye_far_focus": ("eyes",),
}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "history.sqlite3")
    yield s
    s.close()


def brk(
    due: datetime,
    outcome: str = "done",
    *,
    kind: str = "micro",
    snoozes: int = 0,
    cards: tuple[str, ...] = ("chin_tuck",),
    duration: int = 30,
) -> BreakRecord:
    if outcome == "natural":
        cards, duration = (), 0
    return BreakRecord(
        due_at=due,
        ended_at=due + timedelta(seconds=duration + 5),
        kind=kind,
        outcome=outcome,
        snoozes=snoozes,
        card_ids=cards,
        duration_s=duration if outcome == "done" else 0,
    )


def summary(store: Store, monday: date, tz: Any, today: date | None = None, **kw: Any):
    settings = kw.pop("settings", Settings())
    return stats.weekly_summary(
        store, settings, monday, tz, today=today or monday + timedelta(days=6), card_areas=CARDS
    )


def by_date(s: stats.WeekSummary) -> dict[str, int]:
    return {d.day.isoformat(): d.total for d in s.days if d.total}


# --- weeks -----------------------------------------------------------------------------------


def test_parse_week_and_labels() -> None:
    assert stats.parse_week("2026-W47") == date(2026, 11, 16)
    assert stats.parse_week("2026-W53") == date(2026, 12, 28)
    assert stats.week_label(date(2027, 1, 3)) == "2026-W53"
    assert stats.week_label(date(2027, 1, 4)) == "2027-W01"
    for bad in ("2025-W53", "2026-W00", "2026-47", "2026-W7", "W47", ""):
        with pytest.raises(ValueError):
            stats.parse_week(bad)


@pytest.mark.parametrize(
    ("monday", "tz", "hours"),
    [
        (date(2026, 10, 19), BERLIN, 169),  # contains 2026-10-25, summer time ends
        (date(2027, 3, 22), BERLIN, 167),  # contains 2027-03-28, summer time starts
        (date(2027, 3, 8), NEW_YORK, 167),  # contains 2027-03-14, DST starts
        (date(2026, 11, 16), BERLIN, 168),
    ],
)
def test_dst_weeks_have_the_right_length(monday: date, tz: ZoneInfo, hours: int) -> None:
    start = stats.local_midnight_ts(monday, tz)
    end = stats.local_midnight_ts(monday + timedelta(days=7), tz)
    assert end - start == hours * 3600


def test_berlin_autumn_week_edges(store: Store) -> None:
    monday = date(2026, 10, 19)
    store.import_records(
        [
            brk(datetime(2026, 10, 18, 23, 59, 59, tzinfo=BERLIN)),  # week before
            brk(datetime(2026, 10, 19, 0, 0, 0, tzinfo=BERLIN)),  # Monday
            brk(datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN), "skipped"),  # first 02:30
            brk(datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BERLIN), "missed"),  # second 02:30
            brk(datetime(2026, 10, 25, 23, 59, 59, tzinfo=BERLIN)),  # Sunday, the 25-hour day
            brk(datetime(2026, 10, 26, 0, 0, 0, tzinfo=BERLIN)),  # next week
        ]
    )
    s = summary(store, monday, BERLIN)
    assert s.week == "2026-W43"
    assert by_date(s) == {"2026-10-19": 1, "2026-10-25": 3}
    sunday = s.days[6]
    assert (sunday.done, sunday.skipped, sunday.missed) == (1, 1, 1)
    assert s.totals.done == 2
    following = summary(store, monday + timedelta(days=7), BERLIN)
    assert by_date(following) == {"2026-10-26": 1}


def test_berlin_spring_week_edges(store: Store) -> None:
    monday = date(2027, 3, 22)
    store.import_records(
        [
            brk(datetime(2027, 3, 22, 0, 0, 0, tzinfo=BERLIN)),
            brk(datetime(2027, 3, 28, 0, 0, 0, tzinfo=BERLIN)),
            brk(datetime(2027, 3, 28, 3, 0, 0, tzinfo=BERLIN)),  # just after the skipped hour
            brk(datetime(2027, 3, 28, 23, 59, 59, tzinfo=BERLIN)),
            brk(datetime(2027, 3, 29, 0, 0, 0, tzinfo=BERLIN)),
        ]
    )
    s = summary(store, monday, BERLIN)
    assert s.week == "2027-W12"
    assert by_date(s) == {"2027-03-22": 1, "2027-03-28": 3}


def test_new_york_spring_week(store: Store) -> None:
    monday = date(2027, 3, 8)
    store.import_records(
        [
            brk(datetime(2027, 3, 7, 23, 59, 59, tzinfo=NEW_YORK)),
            brk(datetime(2027, 3, 8, 0, 0, 0, tzinfo=NEW_YORK)),
            brk(datetime(2027, 3, 14, 23, 59, 59, tzinfo=NEW_YORK)),
            brk(datetime(2027, 3, 15, 0, 0, 0, tzinfo=NEW_YORK)),
        ]
    )
    s = summary(store, monday, NEW_YORK)
    assert by_date(s) == {"2027-03-08": 1, "2027-03-14": 1}
    # The same history seen from Berlin: New York's Sunday 23:59:59 is Monday morning there.
    assert by_date(summary(store, monday, BERLIN)) == {"2027-03-08": 2}


def test_day_is_the_local_date_in_the_given_zone_not_the_stored_offset(store: Store) -> None:
    # Recorded while the person was in UTC; counted in today's zone (Berlin: 00:30 next day).
    store.record(brk(datetime(2026, 11, 16, 23, 30, tzinfo=timezone.utc)))
    assert by_date(summary(store, date(2026, 11, 16), BERLIN)) == {"2026-11-17": 1}
    assert by_date(summary(store, date(2026, 11, 16), ZoneInfo("UTC"))) == {"2026-11-16": 1}


def test_iso_week_53(store: Store) -> None:
    store.import_records(
        [
            brk(datetime(2026, 12, 28, 9, tzinfo=BERLIN)),
            brk(datetime(2026, 12, 31, 23, 59, 59, tzinfo=BERLIN)),
            brk(datetime(2027, 1, 1, 0, 0, 0, tzinfo=BERLIN), "skipped"),
            brk(datetime(2027, 1, 3, 23, 59, 59, tzinfo=BERLIN)),
            brk(datetime(2027, 1, 4, 0, 0, 0, tzinfo=BERLIN)),
        ]
    )
    s = summary(store, stats.parse_week("2026-W53"), BERLIN)
    data = s.to_json()
    assert data["week"] == "2026-W53"
    assert data["start"] == "2026-12-28"
    assert [d["date"] for d in data["days"]] == [f"2026-12-{d}" for d in range(28, 32)] + [
        "2027-01-01",
        "2027-01-02",
        "2027-01-03",
    ]
    assert data["totals"]["done"] == 3
    assert data["totals"]["skipped"] == 1
    assert data["completion_rate"] == pytest.approx(0.75)


def test_empty_week(store: Store) -> None:
    data = summary(store, date(2026, 11, 16), BERLIN).to_json()
    assert data == {
        "week": "2026-W47",
        "start": "2026-11-16",
        "days": [
            {
                "date": (date(2026, 11, 16) + timedelta(days=i)).isoformat(),
                "done": 0,
                "skipped": 0,
                "missed": 0,
                "natural": 0,
                "unconfirmed": 0,
                "snoozes": 0,
                "active_minutes": 0.0,
            }
            for i in range(7)
        ],
        "totals": {
            "done": 0,
            "skipped": 0,
            "missed": 0,
            "natural": 0,
            "unconfirmed": 0,
            "snoozes": 0,
            "active_minutes": 0.0,
        },
        "completion_rate": None,
        "areas": dict.fromkeys(AREAS, 0),
        "streak_days": 0,
    }
    assert list(data) == [
        "week",
        "start",
        "days",
        "totals",
        "completion_rate",
        "areas",
        "streak_days",
    ]


def test_only_natural_breaks_has_null_completion_rate(store: Store) -> None:
    store.import_records(
        [brk(datetime(2026, 11, 17, h, tzinfo=BERLIN), "natural") for h in (10, 11, 15)]
    )
    s = summary(store, date(2026, 11, 16), BERLIN)
    text = json.dumps(s.to_json())
    assert '"completion_rate": null' in text
    assert s.totals.natural == 3
    assert s.days[1].natural == 3
    assert s.totals.active_minutes == 0.0
    assert not s.is_empty


def test_counts_rate_minutes_snoozes_and_areas(store: Store) -> None:
    day = datetime(2026, 11, 18, 9, tzinfo=BERLIN)
    store.import_records(
        [
            brk(day, cards=("neck_and_shoulders",), duration=60, snoozes=1),
            brk(day + timedelta(hours=1), cards=("chin_tuck", "neck_stroke"), duration=30),
            brk(day + timedelta(hours=2), cards=("eye_far_focus", "not_a_card"), duration=0),
            brk(day + timedelta(hours=3), "skipped", cards=("shoulder_rolls",), snoozes=2),
            brk(day + timedelta(hours=4), "missed"),
            brk(day + timedelta(hours=5), "natural"),
        ]
    )
    s = summary(store, date(2026, 11, 16), BERLIN)
    wed = s.days[2]
    assert (wed.done, wed.skipped, wed.missed, wed.natural, wed.snoozes) == (3, 1, 1, 1, 3)
    assert wed.active_minutes == 1.5
    assert s.completion_rate == pytest.approx(3 / 5)
    # Done breaks only; two neck cards in one break count once; unknown ids are ignored.
    assert s.areas["neck"] == 2
    assert s.areas["shoulders"] == 1
    assert s.areas["eyes"] == 1
    assert sum(s.areas.values()) == 4


# --- streak ----------------------------------------------------------------------------------


def goal_days(store: Store, days: list[date], per_day: int) -> None:
    recs = []
    for d in days:
        for i in range(per_day):
            recs.append(brk(datetime(d.year, d.month, d.day, 9 + i, tzinfo=BERLIN)))
    store.import_records(recs)


def test_streak_skips_days_without_work_hours_and_spares_today(store: Store) -> None:
    # Thu 12, Fri 13 (weekend 14/15 has no work hours), Mon 16, Tue 17 at the goal; Wed 18: 3.
    goal_days(store, [date(2026, 11, d) for d in (12, 13, 16, 17)], 4)
    goal_days(store, [date(2026, 11, 18)], 3)
    monday = date(2026, 11, 16)
    # Wednesday is today and not over: it does not break the streak yet.
    assert summary(store, monday, BERLIN, today=date(2026, 11, 18)).streak_days == 4
    # On Thursday it is over, and so is the streak.
    assert summary(store, monday, BERLIN, today=date(2026, 11, 19)).streak_days == 0
    # A lower goal: Wednesday counts.
    easy = Settings(app=AppSettings(daily_goal=3))
    assert summary(store, monday, BERLIN, today=date(2026, 11, 18), settings=easy).streak_days == 5
    # A past week: the streak ends at that week's Sunday (Thu 12, Fri 13).
    assert summary(store, date(2026, 11, 9), BERLIN, today=date(2026, 11, 18)).streak_days == 2


def test_streak_with_no_work_days_is_zero(store: Store) -> None:
    goal_days(store, [date(2026, 11, 16)], 5)
    never = Settings(work_hours={d: () for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")})
    assert summary(store, date(2026, 11, 16), BERLIN, settings=never).streak_days == 0


class ConnStore(Store):
    """The store with the connection accessor stats use when it exists."""

    @property
    def connection(self) -> sqlite3.Connection:
        return self._db


@pytest.mark.parametrize("with_connection", [False, True])
def test_long_streak_reads_back_over_many_weeks(tmp_path: Path, with_connection: bool) -> None:
    cls = ConnStore if with_connection else Store
    st = cls.open(tmp_path / "h.sqlite3")
    end = date(2026, 11, 20)  # a Friday
    days = [end - timedelta(days=i) for i in range(120) if (end - timedelta(days=i)).weekday() < 5]
    goal_days(st, days, 4)
    goal_days(st, [days[-1] - timedelta(days=3)], 2)  # the work day before: short of the goal
    s = summary(st, date(2026, 11, 16), BERLIN, today=end)
    assert s.streak_days == len(days) == 86
    st.close()


# --- trend -----------------------------------------------------------------------------------


class CountingStore(Store):
    calls = 0

    def raw_between(self, start_ts: int, end_ts: int) -> list[tuple[Any, ...]]:
        type(self).calls += 1
        return super().raw_between(start_ts, end_ts)


def test_trend_is_twelve_weeks_in_one_query(tmp_path: Path) -> None:
    st = CountingStore.open(tmp_path / "h.sqlite3")
    monday = date(2026, 11, 16)
    st.import_records(
        [
            brk(datetime(2026, 11, 22, 23, 59, 59, tzinfo=BERLIN), duration=120),
            brk(datetime(2026, 11, 16, 0, 0, 0, tzinfo=BERLIN), "skipped"),
            brk(datetime(2026, 10, 25, 23, 59, 59, tzinfo=BERLIN), duration=60),  # DST Sunday
            brk(datetime(2026, 8, 30, 23, 59, 59, tzinfo=BERLIN)),  # week 13 back: excluded
        ]
    )
    CountingStore.calls = 0
    points = stats.weekly_trend(st, monday, BERLIN)
    assert CountingStore.calls == 1
    assert len(points) == 12
    assert points[-1].week == "2026-W47"
    assert points[0].start == date(2026, 8, 31)
    assert (points[-1].done, points[-1].skipped) == (1, 1)
    assert points[-1].completion_rate == pytest.approx(0.5)
    assert points[-1].active_minutes == 2.0
    w43 = next(p for p in points if p.week == "2026-W43")
    assert (w43.done, w43.active_minutes) == (1, 1.0)
    assert sum(p.total for p in points) == 3
    assert all(p.completion_rate is None for p in points if p.total == 0)
    st.close()


# --- budget ----------------------------------------------------------------------------------


def test_one_week_over_five_years_of_history_is_under_10_ms(tmp_path: Path) -> None:
    import importlib.util
    import sys

    path = Path(__file__).resolve().parents[2] / "bench" / "bench_stats.py"
    spec = importlib.util.spec_from_file_location("bench_stats", path)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_stats"] = bench
    spec.loader.exec_module(bench)
    st = bench.seed_store(tmp_path / "h.sqlite3")
    assert st.count() == 150_000
    s = summary(st, date(2026, 11, 16), bench.BERLIN, today=date(2026, 11, 20))
    assert s.totals.total > 400 and s.streak_days > 5  # a full week and a streak to walk back
    # CPU time of the query (this thread): a busy machine stretches wall time, not this.
    ms = bench.time_stats(st, date(2026, 11, 16), runs=30, clock=time.thread_time)
    st.close()
    assert ms < bench.STATS_BUDGET_MS, f"{ms:.2f} ms"


def test_unconfirmed_counted_apart_and_left_out_of_the_completion_rate(store: Store) -> None:
    monday = datetime(2026, 11, 16, 9, tzinfo=BERLIN)
    store.import_records(
        [
            brk(monday),
            brk(monday + timedelta(hours=1), "missed"),
            brk(monday + timedelta(hours=2), "unconfirmed"),
            brk(monday + timedelta(hours=3), "unconfirmed"),
        ]
    )
    s = summary(store, date(2026, 11, 16), BERLIN)
    data = s.to_json()
    assert data["totals"]["unconfirmed"] == 2
    assert data["days"][0]["unconfirmed"] == 2
    assert data["totals"]["done"] == 1
    assert data["completion_rate"] == pytest.approx(0.5)  # 1 of done+missed, not 1 of 4
    assert s.totals.total == 4
    trend = stats.weekly_trend(store, date(2026, 11, 16), BERLIN)
    assert trend[-1].unconfirmed == 2
    assert trend[-1].completion_rate == pytest.approx(0.5)


# --- the headline's "done vs last week" ------------------------------------------------------


def test_done_change_against_the_week_before(store: Store) -> None:
    tz = ZoneInfo("Europe/Berlin")
    monday = date(2026, 11, 16)
    before = datetime(2026, 11, 10, 10, 0, tzinfo=tz)  # Tuesday of the week before
    this = datetime(2026, 11, 17, 10, 0, tzinfo=tz)
    store.import_records(
        [brk(before + timedelta(hours=h)) for h in range(3)]
        + [brk(before + timedelta(hours=5), "skipped")]
        + [brk(this + timedelta(hours=h)) for h in range(5)]
    )
    s = summary(store, monday, tz)
    trend = stats.weekly_trend(store, monday, tz)
    assert stats.done_change(s, trend) == 2  # 5 done against 3
    assert stats.change_text(s, trend) == "+2"
    assert s.number == 47

    # The week before had fewer done breaks than this one had: a minus sign, not a hyphen.
    earlier = summary(store, date(2026, 11, 9), tz)
    earlier_trend = stats.weekly_trend(store, date(2026, 11, 9), tz)
    assert stats.done_change(earlier, earlier_trend) is None  # the week before that was empty
    assert stats.change_text(earlier, earlier_trend) == "–"
    following = summary(store, date(2026, 11, 23), tz)
    following_trend = stats.weekly_trend(store, date(2026, 11, 23), tz)
    assert stats.done_change(following, following_trend) == -5
    assert stats.change_text(following, following_trend) == "−5"


def test_done_change_is_zero_or_unknown(store: Store) -> None:
    tz = ZoneInfo("Europe/Berlin")
    store.import_records(
        [
            brk(datetime(2026, 11, 10, 10, 0, tzinfo=tz), "natural"),  # a week with only natural
            brk(datetime(2026, 11, 17, 10, 0, tzinfo=tz), "skipped"),
        ]
    )
    s = summary(store, date(2026, 11, 16), tz)
    trend = stats.weekly_trend(store, date(2026, 11, 16), tz)
    assert stats.done_change(s, trend) == 0  # 0 done against 0 done, but the week had breaks
    assert stats.change_text(s, trend) == "±0"
    assert stats.change_text(s, []) == "–"  # no trend to compare with
