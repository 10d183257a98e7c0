"""The words and numbers of the weekly stats: headline figures, titles, week spans."""

from __future__ import annotations

from datetime import date, timedelta

from posture_break.core import stats
from posture_break.core.store import Store
from posture_break.ui import stats_text, week_painter
from tests.ui.stats_sample import BERLIN, expected, store

__all__ = ["store"]  # the fixture


def test_headline_figures_and_change_from_last_week(store: Store) -> None:
    monday = date(2026, 11, 16)
    s = expected(store, monday)
    trend = stats.weekly_trend(store, monday, BERLIN)
    last = next(p for p in trend if p.start == monday - timedelta(days=7))
    values = dict((label, value) for value, label in stats_text.headline(s, trend))
    diff = s.totals.done - last.done
    assert values["done vs last week"] == (f"+{diff}" if diff > 0 else f"−{-diff}")
    assert values["breaks done"] == str(s.totals.done)
    assert values["completion rate"] == f"{round(s.completion_rate * 100)}%"
    assert stats_text.week_title(s) == "Week 47 · 16–22 November 2026"
    assert week_painter.nice_max(14) == (20.0, 5.0)
    assert week_painter.nice_max(0) == (4.0, 1.0)


def test_week_spans_across_months_and_years() -> None:
    assert stats_text.week_span(date(2026, 11, 30)) == "30 Nov – 6 Dec 2026"
    assert stats_text.week_span(date(2026, 12, 28)) == "28 Dec 2026 – 3 Jan 2027"
