"""The weekly review's time and wording, as pure functions of settings and a week's stats."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from posture_break.core import review, stats
from posture_break.core.settings import AREAS, Settings
from posture_break.core.store import BreakRecord, Store

BERLIN = ZoneInfo("Europe/Berlin")
CARDS = {"chin_tuck": ("neck",), "rolls": ("shoulders",), "both": ("neck", "shoulders")}
MONDAY = date(2026, 11, 23)


def _hours(**days: tuple[tuple[int, int], ...]) -> Settings:
    work = {d: () for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    work.update(days)
    return Settings(work_hours=work)


def test_review_time_is_the_end_of_the_weeks_last_range() -> None:
    assert review.review_time(Settings()) == ("fri", 18, 0)  # the default office week
    office = ((540, 1020),)
    settings = _hours(mon=office, thu=office, fri=((540, 720), (780, 900)))
    assert review.review_time(settings) == ("fri", 15, 0)  # Friday's second range
    assert review.review_time(_hours(mon=office, sat=((600, 630),))) == ("sat", 10, 30)
    # a range ending at 24:00 on Sunday ends at Monday 00:00
    assert review.review_time(_hours(sun=((1200, 1440),))) == ("mon", 0, 0)
    assert review.review_time(_hours()) is None  # no work hours, no review


def test_the_reviewed_week_is_the_week_that_is_ending() -> None:
    assert review.reviewed_week(datetime(2026, 11, 27, 15, 0, tzinfo=BERLIN)) == MONDAY
    # Monday 00:00 (Sunday 24:00): the week just ended, not the one starting
    assert review.reviewed_week(datetime(2026, 11, 30, 0, 0, tzinfo=BERLIN)) == MONDAY


def _summary(
    tmp_path: Path, records: list[tuple[str, tuple[str, ...]]], week: date = MONDAY
) -> stats.WeekSummary:
    store = Store.open(tmp_path / "history.sqlite3")
    try:
        for i, (outcome, cards) in enumerate(records):
            due = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN) + timedelta(hours=i)
            store.record(BreakRecord(due, due + timedelta(seconds=40), "micro", outcome, 0, cards))
        return stats.weekly_summary(
            store, Settings(), week, BERLIN, today=week + timedelta(days=4), card_areas=CARDS
        )
    finally:
        store.close()


def test_the_example_sentence(tmp_path: Path) -> None:
    records = [("done", ("both",))] * 10 + [("done", ("chin_tuck",))] * 11
    records += [("done", ("rolls",))] * 2 + [("skipped", ())] * 4 + [("missed", ())] * 2
    summary = _summary(tmp_path, records)
    assert summary.totals.done == 23
    assert review.review_text(summary) == "23 breaks done, 79 %, neck and shoulders most often"


def test_one_break_one_area_no_rate_without_prompts(tmp_path: Path) -> None:
    one = _summary(tmp_path, [("done", ("chin_tuck",))])
    assert review.review_text(one) == "1 break done, 100 %, neck most often"


def test_natural_breaks_only(tmp_path: Path) -> None:
    natural = _summary(tmp_path, [("natural", ())] * 3)
    assert review.review_text(natural) == "0 breaks done"  # nothing prompted: no rate


def test_an_empty_week_has_no_review(tmp_path: Path) -> None:
    assert review.review_text(_summary(tmp_path, [])) is None
    other_week = _summary(tmp_path, [("done", ("chin_tuck",))], week=MONDAY + timedelta(days=7))
    assert review.review_text(other_week) is None


def test_translated_tables_are_used() -> None:
    summary = stats.WeekSummary(
        week="2026-W48",
        start=MONDAY,
        days=[],
        totals=stats.Counts(done=5, skipped=5),
        areas={**dict.fromkeys(AREAS, 0), "eyes": 2, "wrists": 2, "neck": 1},
        streak_days=0,
    )
    de = {
        **review.MESSAGES,
        "done_many": "{n} Pausen gemacht",
        "two_areas": "am häufigsten {first} und {second}",
    }
    words = {**review.AREA_WORDS, "wrists": "Handgelenke", "eyes": "Augen"}
    # ties go in the order of AREAS (wrists before eyes)
    assert review.review_text(summary, de, words) == (
        "5 Pausen gemacht, 50 %, am häufigsten Handgelenke und Augen"
    )


@pytest.mark.parametrize("area", AREAS)
def test_every_area_has_a_word(area: str) -> None:
    assert review.AREA_WORDS[area]
