"""The one paint routine of the weekly stats: :func:`paint_week`.

It draws onto whatever QPainter it gets: the widget on screen, a QImage for PNG export and a
QSvgGenerator for SVG export (ui/chart_export.py), so the exported chart is exactly what the person
sees. It returns the rectangles it drew with the exact numbers behind them; the window uses those
for hover tooltips. Colours: Okabe-Ito (safe for the common forms of colour blindness); text and
grid take their colours from the palette so light and dark both work. (QtCharts is deprecated
since Qt 6.10 and would add start-up time; plain QPainter costs nothing.)
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen

from posture_break.core import stats
from posture_break.core.settings import AREAS
from posture_break.ui.stats_text import (
    LABELS,
    SEGMENTS,
    StatsText,
    area_name,
    day_tooltip,
    display_locale,
    empty_week_text,
    fmt_date,
    fmt_minutes,
    fmt_number,
    fmt_percent,
    fmt_rate,
    headline,
    week_title,
    weekday_short,
)

# Okabe-Ito. Blue is lightened on dark backgrounds, where #0072B2 would be too dim.
LIGHT_COLOURS: dict[str, str] = {
    "done": "#0072B2",
    "natural": "#009E73",
    "skipped": "#E69F00",
    "missed": "#CC79A7",
    "unconfirmed": "#999999",
}
DARK_COLOURS: dict[str, str] = {**LIGHT_COLOURS, "done": "#56B4E9"}

Hit = tuple[QRectF, str]


# --- small helpers ---------------------------------------------------------------------------


def _blend(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved toward ``b`` by ``t`` (0..1)."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
        1.0,
    )


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def colours(palette: QPalette) -> dict[str, QColor]:
    table = DARK_COLOURS if is_dark(palette) else LIGHT_COLOURS
    return {k: QColor(v) for k, v in table.items()}


def nice_max(value: float, ticks: int = 4) -> tuple[float, float]:
    """An axis top >= value made of ``ticks`` round steps: (top, step)."""
    if value <= 0:
        return float(ticks), 1.0
    raw = value / ticks
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1.0
    for m in (1, 2, 2.5, 5, 10):
        step = m * magnitude
        if step * ticks >= value and (step >= 1 or m == 1):
            return step * ticks, step
    return value, value / ticks  # pragma: no cover


# --- the one paint routine -------------------------------------------------------------------


class _Ink:
    """Fonts and colours of one paint, derived from the painter's font and the palette."""

    def __init__(self, painter: QPainter, palette: QPalette) -> None:
        self.text = palette.color(QPalette.ColorRole.WindowText)
        self.background = palette.color(QPalette.ColorRole.Window)
        self.muted = _blend(self.text, self.background, 0.38)
        self.grid = _blend(self.text, self.background, 0.86)
        self.tile = _blend(self.background, self.text, 0.05)
        self.series = colours(palette)
        base = QFont(painter.font())
        size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
        self.body = QFont(base)
        self.body.setPointSizeF(size)
        self.small = QFont(base)
        self.small.setPointSizeF(size * 0.88)
        self.heading = QFont(base)
        self.heading.setPointSizeF(size * 1.08)
        self.heading.setBold(True)
        self.title = QFont(base)
        self.title.setPointSizeF(size * 1.45)
        self.title.setBold(True)
        self.figure = QFont(base)
        self.figure.setPointSizeF(size * 1.9)
        self.figure.setBold(True)


def _text(
    painter: QPainter,
    rect: QRectF,
    text: str,
    font: QFont,
    colour: QColor,
    flags: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
) -> None:
    painter.setFont(font)
    painter.setPen(colour)
    painter.drawText(rect, int(flags), text)


def paint_week(
    painter: QPainter,
    rect: QRectF,
    summary: stats.WeekSummary,
    trend: Sequence[stats.TrendPoint],
    palette: QPalette,
) -> list[Hit]:
    """Draw the whole week into ``rect``; return (rectangle, exact numbers) for hover."""
    ink = _Ink(painter, palette)
    hits: list[Hit] = []
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.fillRect(rect, ink.background)

    pad = 24.0
    inner = rect.adjusted(pad, pad * 0.75, -pad, -pad * 0.75)
    fm = QFontMetricsF(ink.title)
    title_h = fm.height() + 6
    _text(painter, QRectF(inner.left(), inner.top(), inner.width(), title_h), week_title(summary),
          ink.title, ink.text)  # fmt: skip
    y = inner.top() + title_h + 10

    # Headline tiles.
    tiles = headline(summary, trend)
    gap = 12.0
    tile_w = (inner.width() - gap * (len(tiles) - 1)) / len(tiles)
    fm_small = QFontMetricsF(ink.small)
    # A label too long for its tile (longer languages, narrow windows) wraps onto a second line.
    label_lines = max(_lines(fm_small, label, tile_w - 24) for _, label in tiles)
    tile_h = QFontMetricsF(ink.figure).height() + fm_small.height() * label_lines + 22
    wrap = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    for i, (value, label) in enumerate(tiles):
        box = QRectF(inner.left() + i * (tile_w + gap), y, tile_w, tile_h)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink.tile)
        painter.drawRoundedRect(box, 8, 8)
        body = box.adjusted(14, 8, -10, -8)
        fig_h = QFontMetricsF(ink.figure).height()
        _text(painter, QRectF(body.left(), body.top(), body.width(), fig_h), value, ink.figure,
              ink.text)  # fmt: skip
        _text(painter, QRectF(body.left(), body.top() + fig_h, body.width(), body.height() - fig_h),
              label, ink.small, ink.muted, wrap)  # type: ignore[arg-type]  # fmt: skip
        tip = QCoreApplication.translate("StatsWindow", "{label}: {value}")
        hits.append((box, tip.format(label=label[:1].upper() + label[1:], value=value)))
    y += tile_h + 22

    remaining = inner.bottom() - y
    main_h = max(160.0, remaining * 0.58)
    days_w = inner.width() * 0.6
    days_rect = QRectF(inner.left(), y, days_w - 16, main_h)
    areas_rect = QRectF(inner.left() + days_w + 16, y, inner.width() - days_w - 16, main_h)
    trend_rect = QRectF(inner.left(), y + main_h + 22, inner.width(), remaining - main_h - 22)

    hits += _paint_days(painter, days_rect, summary, ink)
    hits += _paint_areas(painter, areas_rect, summary, ink)
    if trend_rect.height() > 60:
        hits += _paint_trend(painter, trend_rect, summary, trend, ink)
    painter.restore()
    return hits


def _lines(fm: QFontMetricsF, text: str, width: float) -> int:
    """How many lines ``text`` takes when word-wrapped to ``width`` (1 or 2: the tiles allow 2)."""
    flags = int(Qt.TextFlag.TextWordWrap)
    height = fm.boundingRect(QRectF(0, 0, max(width, 1.0), 1000), flags, text).height()
    return 2 if height > fm.height() * 1.5 else 1


def _legend_rows(fm: QFontMetricsF, names: Sequence[str], width: float) -> list[list[int]]:
    """Legend entries (indexes) per row: a swatch, the name, a gap; a new row when one is full."""
    rows: list[list[int]] = [[]]
    x = 0.0
    for i, name in enumerate(names):
        w = 16 + fm.horizontalAdvance(name)
        if rows[-1] and x + w > width:
            rows.append([])
            x = 0.0
        rows[-1].append(i)
        x += w + 18
    return rows


def _empty_note(painter: QPainter, rect: QRectF, text: str, ink: _Ink) -> None:
    pen = QPen(ink.grid, 1.5, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(rect, 10, 10)
    flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
    _text(painter, rect.adjusted(16, 8, -16, -8), text, ink.body, ink.muted, flags)  # type: ignore[arg-type]


def _panel_title(
    painter: QPainter, rect: QRectF, title: str, ink: _Ink, share: float = 1.0
) -> float:
    """A panel's title across ``share`` of its width; returns the height it takes."""
    head_h = QFontMetricsF(ink.heading).height() + 8
    _text(painter, QRectF(rect.left(), rect.top(), rect.width() * share, head_h), title,
          ink.heading, ink.text)  # fmt: skip
    return head_h


def _paint_days(
    painter: QPainter, rect: QRectF, summary: stats.WeekSummary, ink: _Ink
) -> list[Hit]:
    hits: list[Hit] = []
    head_h = _panel_title(
        painter, rect, QCoreApplication.translate("StatsWindow", "Breaks per day"), ink
    )
    fm_small = QFontMetricsF(ink.small)
    axis_w = fm_small.horizontalAdvance("000") + 10
    names = [QCoreApplication.translate("StatsWindow", LABELS[k]) for k in SEGMENTS] + [
        QCoreApplication.translate("StatsWindow", "Snoozed")
    ]
    legend = _legend_rows(fm_small, names, rect.width() - axis_w)
    row_h = max(17.0, fm_small.height() + 2)
    legend_h = row_h * len(legend) + 8
    label_h = fm_small.height() * 2 + 6
    plot = QRectF(
        rect.left() + axis_w,
        rect.top() + head_h + 14,
        rect.width() - axis_w,
        rect.height() - head_h - 14 - label_h - legend_h,
    )
    if summary.is_empty:
        _empty_note(painter, plot.adjusted(-axis_w, 0, 0, label_h), empty_week_text(), ink)
        return hits

    top, step = nice_max(max(d.total for d in summary.days))
    # Grid and axis labels.
    value = 0.0
    while value <= top + 1e-9:
        gy = plot.bottom() - plot.height() * value / top
        painter.setPen(QPen(ink.grid, 1))
        painter.drawLine(QPointF(plot.left(), gy), QPointF(plot.right(), gy))
        _text(painter, QRectF(rect.left(), gy - 10, axis_w - 8, 20), fmt_number(value), ink.small,
              ink.muted, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)  # fmt: skip
        value += step

    slot = plot.width() / 7
    bar_w = min(slot * 0.56, 46.0)
    for i, day in enumerate(summary.days):
        cx = plot.left() + slot * (i + 0.5)
        base = plot.bottom()
        for key in SEGMENTS:
            n = getattr(day, key)
            if not n:
                continue
            h = plot.height() * n / top
            seg = QRectF(cx - bar_w / 2, base - h, bar_w, h)
            painter.setPen(QPen(ink.background, 1))
            painter.setBrush(ink.series[key])
            painter.drawRect(seg)
            base -= h
        # Snoozes: one small ring per snooze above the bar (a number when there are many).
        if day.snoozes:
            ry = base - 8
            if day.snoozes <= 4:
                painter.setPen(QPen(ink.text, 1.4))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                width = day.snoozes * 9 - 3
                for k in range(day.snoozes):
                    painter.drawEllipse(QPointF(cx - width / 2 + 3 + k * 9, ry), 3, 3)
            else:
                painter.setPen(QPen(ink.text, 1.4))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QPointF(cx - 10, ry), 3, 3)
                _text(painter, QRectF(cx - 5, ry - 9, 30, 18), f"×{day.snoozes}", ink.small,
                      ink.text)  # fmt: skip
        if day.total:
            _text(painter, QRectF(cx - slot / 2, base - (30 if day.snoozes else 20), slot, 16),
                  str(day.total), ink.small, ink.muted,
                  Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)  # fmt: skip
        # Day labels.
        label_rect = QRectF(cx - slot / 2, plot.bottom() + 4, slot, fm_small.height())
        _text(painter, label_rect, weekday_short(day.day), ink.small, ink.text,
              Qt.AlignmentFlag.AlignCenter)  # fmt: skip
        _text(painter, label_rect.translated(0, fm_small.height()), f"{day.day.day}", ink.small,
              ink.muted, Qt.AlignmentFlag.AlignCenter)  # fmt: skip
        hits.append((QRectF(cx - slot / 2, plot.top(), slot, plot.height()), day_tooltip(day)))

    # Legend: the four outcomes as swatches, then the snooze ring; as many rows as it needs.
    ly = rect.bottom() - legend_h + 4
    for row in legend:
        lx = plot.left()
        for i in row:
            mid = ly + row_h / 2
            if i < len(SEGMENTS):
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(ink.series[SEGMENTS[i]])
                painter.drawRoundedRect(QRectF(lx, mid - 5.5, 11, 11), 2, 2)
            else:
                painter.setPen(QPen(ink.text, 1.4))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QPointF(lx + 5, mid), 3, 3)
            w = fm_small.horizontalAdvance(names[i])
            _text(painter, QRectF(lx + 16, ly, w + 4, row_h), names[i], ink.small, ink.text)
            lx += 16 + w + 18
        ly += row_h
    return hits


def _paint_areas(
    painter: QPainter, rect: QRectF, summary: stats.WeekSummary, ink: _Ink
) -> list[Hit]:
    hits: list[Hit] = []
    head_h = _panel_title(
        painter, rect, QCoreApplication.translate("StatsWindow", "Body areas"), ink
    )
    fm = QFontMetricsF(ink.small)
    note = (
        QCoreApplication.translate("StatsWindow", "Done breaks that reached each area")
        if summary.totals.done
        else QCoreApplication.translate("StatsWindow", "Fills in as you do breaks")
    )
    _text(painter, QRectF(rect.left(), rect.top() + head_h - 4, rect.width(), fm.height()), note,
          ink.small, ink.muted)  # fmt: skip
    body = rect.adjusted(0, head_h + 14, 0, 0)
    names = {area: area_name(area) for area in AREAS}
    label_w = max(fm.horizontalAdvance(n) for n in names.values()) + 12
    count_w = fm.horizontalAdvance("000") + 8
    row_h = min(30.0, body.height() / len(AREAS))
    top = max(summary.areas.values()) if summary.areas else 0
    colour = ink.series["done"]
    for i, area in enumerate(AREAS):
        n = summary.areas.get(area, 0)
        ry = body.top() + i * row_h
        _text(painter, QRectF(body.left(), ry, label_w - 10, row_h), names[area], ink.small,
              ink.text if n else ink.muted,
              Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)  # fmt: skip
        track = QRectF(body.left() + label_w, ry + row_h * 0.22, 0, row_h * 0.56)
        track.setWidth(max(10.0, body.width() - label_w - count_w))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink.tile)
        painter.drawRoundedRect(track, 4, 4)
        if n and top:
            fill = QRectF(track)
            fill.setWidth(max(6.0, track.width() * n / top))
            painter.setBrush(colour)
            painter.drawRoundedRect(fill, 4, 4)
        _text(painter, QRectF(track.right() + 6, ry, count_w, row_h), str(n), ink.small,
              ink.text if n else ink.muted)  # fmt: skip
        tip = (
            QCoreApplication.translate("StatsWindow", "{area}: 1 done break touched this area")
            if n == 1
            else StatsText().area_count(n)
        ).format(area=names[area])
        hits.append((QRectF(body.left(), ry, body.width(), row_h), tip))
    return hits


def _paint_trend(
    painter: QPainter,
    rect: QRectF,
    summary: stats.WeekSummary,
    trend: Sequence[stats.TrendPoint],
    ink: _Ink,
) -> list[Hit]:
    hits: list[Hit] = []
    fm = QFontMetricsF(ink.small)
    head_h = _panel_title(
        painter,
        rect,
        QCoreApplication.translate("StatsWindow", "Last {n} weeks").format(n=len(trend)),
        ink,
        share=0.5,
    )
    # Legend on the heading's right.
    rate_label, minutes_label = (
        QCoreApplication.translate("StatsWindow", "Completion rate"),
        QCoreApplication.translate("StatsWindow", "Minutes moved"),
    )
    lx = rect.right() - fm.horizontalAdvance(rate_label + minutes_label) - 70
    minutes_colour = QColor(ink.series["done"])
    minutes_colour.setAlphaF(0.4)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(minutes_colour)
    painter.drawRoundedRect(QRectF(lx, rect.top() + head_h / 2 - 5, 11, 11), 2, 2)
    _text(painter, QRectF(lx + 16, rect.top(), fm.horizontalAdvance(minutes_label) + 4, head_h),
          minutes_label, ink.small, ink.text)  # fmt: skip
    lx += 16 + fm.horizontalAdvance(minutes_label) + 18
    painter.setPen(QPen(ink.text, 2))
    painter.drawLine(
        QPointF(lx, rect.top() + head_h / 2), QPointF(lx + 14, rect.top() + head_h / 2)
    )
    _text(painter, QRectF(lx + 20, rect.top(), fm.horizontalAdvance(rate_label) + 4, head_h),
          rate_label, ink.small, ink.text)  # fmt: skip

    minutes_axis = QCoreApplication.translate(
        "StatsWindow", "{n} min", "axis label: minutes moved in a week"
    )
    locale = display_locale()
    axis_w = fm.horizontalAdvance(minutes_axis.format(n=fmt_number(1000.5, locale))) + 10
    right_w = fm.horizontalAdvance(fmt_percent(100)) + 12
    plot = QRectF(
        rect.left() + axis_w,
        rect.top() + head_h + 10,
        rect.width() - axis_w - right_w,
        rect.height() - head_h - 10 - fm.height() - 8,
    )
    if not trend or all(p.total == 0 for p in trend):
        _empty_note(
            painter,
            plot,
            QCoreApplication.translate(
                "StatsWindow", "Your 12-week trend starts with your first break."
            ),
            ink,
        )
        return hits
    top_min, _step_min = nice_max(max(p.active_minutes for p in trend), 2)
    for frac in (0.0, 0.5, 1.0):
        gy = plot.bottom() - plot.height() * frac
        painter.setPen(QPen(ink.grid, 1))
        painter.drawLine(QPointF(plot.left(), gy), QPointF(plot.right(), gy))
        _text(painter, QRectF(rect.left(), gy - 10, axis_w - 8, 20),
              minutes_axis.format(n=fmt_number(top_min * frac, locale)), ink.small, ink.muted,
              Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)  # fmt: skip
        _text(painter, QRectF(plot.right() + 8, gy - 10, right_w, 20),
              fmt_percent(round(frac * 100)), ink.small, ink.muted)  # fmt: skip
    slot = plot.width() / len(trend)
    bar_w = min(slot * 0.6, 40.0)
    trend_tip = QCoreApplication.translate(
        "StatsWindow",
        "{week} (from {date})\nDone: {done}\nCompletion rate: {rate}\nMinutes moved: {minutes}",
    )
    monday_pattern = QCoreApplication.translate(
        "StatsWindow", "d MMM", "date pattern: the Monday a trend week starts on"
    )
    path = QPainterPath()
    points: list[QPointF] = []
    for i, p in enumerate(trend):
        cx = plot.left() + slot * (i + 0.5)
        current = p.start == summary.start
        if p.active_minutes:
            h = plot.height() * p.active_minutes / top_min
            colour = QColor(ink.series["done"])
            colour.setAlphaF(0.6 if current else 0.4)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(cx - bar_w / 2, plot.bottom() - h, bar_w, h), 3, 3)
        rate = p.completion_rate
        if rate is not None:
            pt = QPointF(cx, plot.bottom() - plot.height() * rate)
            if points:
                path.lineTo(pt)
            else:
                path.moveTo(pt)
            points.append(pt)
        label = QCoreApplication.translate(
            "StatsWindow", "W{n}", "a week number under the trend"
        ).format(n=p.start.isocalendar()[1])
        if len(trend) <= 12 or i % 2 == len(trend) % 2:
            font = QFont(ink.small)
            font.setBold(current)
            _text(painter, QRectF(cx - slot / 2, plot.bottom() + 4, slot, fm.height()), label,
                  font, ink.text if current else ink.muted,
                  Qt.AlignmentFlag.AlignCenter)  # fmt: skip
        tip = trend_tip.format(
            week=p.week,
            date=fmt_date(p.start, monday_pattern, locale),
            done=p.done,
            rate=fmt_rate(rate),
            minutes=fmt_minutes(p.active_minutes, locale),
        )
        hits.append((QRectF(cx - slot / 2, plot.top(), slot, plot.height()), tip))
    painter.setPen(QPen(ink.text, 2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    painter.setBrush(ink.background)
    for pt in points:
        painter.drawEllipse(pt, 3.5, 3.5)
    return hits
