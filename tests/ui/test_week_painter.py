"""The one paint routine of the weekly stats: palette colours and the hover rectangles."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from posture_break.core import stats
from posture_break.core.store import Store
from posture_break.ui import chart_export, week_painter
from posture_break.ui.week_painter import paint_week
from tests.ui.stats_sample import BERLIN, expected, store
from tests.ui.stats_sample import palette as _palette

__all__ = ["store"]  # the fixture


def test_paint_uses_the_palette_light_and_dark(store: Store) -> None:
    s = expected(store, date(2026, 11, 16))
    trend = stats.weekly_trend(store, date(2026, 11, 16), BERLIN)
    for bg, fg in (("#ffffff", "#111111"), ("#202020", "#eeeeee")):
        image = chart_export.render_png(s, trend, _palette(bg, fg), scale=1.0)
        assert image.pixelColor(3, 3) == QColor(bg)  # background from the palette
    dark = week_painter.colours(_palette("#202020", "#eeeeee"))
    light = week_painter.colours(_palette("#ffffff", "#111111"))
    assert light["done"].name() == "#0072b2"
    assert dark["done"].name() == "#56b4e9"  # readable on dark
    assert light["skipped"] == dark["skipped"]


def test_paint_week_returns_hits_for_days_areas_and_trend(store: Store) -> None:
    s = expected(store, date(2026, 11, 16))
    trend = stats.weekly_trend(store, date(2026, 11, 16), BERLIN)
    image = QImage(1000, 700, QImage.Format.Format_ARGB32)

    painter = QPainter(image)
    hits = paint_week(painter, QRectF(0, 0, 1000, 700), s, trend, _palette("#fff", "#000"))
    painter.end()
    texts = [t for _, t in hits]
    assert sum(t.split("\n")[0].endswith("November") for t in texts) == 7
    assert sum("touched this area" in t for t in texts) == 8
    assert sum(t.startswith("2026-W") for t in texts) == 12
    assert any(t == f"Breaks done: {s.totals.done}" for t in texts)
