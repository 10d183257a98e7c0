"""The weekly stats window: headline figures, days, body areas and the 12-week trend.

Everything visible is drawn by one routine, :func:`paint_week`, onto whatever QPainter it gets:
the widget on screen, a QImage for PNG export and a QSvgGenerator for SVG export, so the exported
chart is exactly what the person sees. It returns the rectangles it drew with the exact numbers
behind them; the widget uses those for hover tooltips. The same numbers are one click away as
tables, which is also what screen readers read. Colours: Okabe-Ito (safe for the common forms of
colour blindness); text and grid take their colours from the palette so light and dark both work.
(QtCharts is deprecated since Qt 6.10 and would add start-up time; plain QPainter costs nothing.)

Every word goes through Qt's translation (context "StatsWindow", :func:`_t`); names kept in
tables are marked with ``QT_TRANSLATE_NOOP`` and translated where they are drawn. Dates and
decimals are formatted with the QLocale of the installed interface language
(:func:`display_locale`), the date patterns themselves being translatable, so German shows
"16.–22. November 2026" where English shows "16–22 November 2026".
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta, tzinfo
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QLocale,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTranslator,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from posture_break.core import stats
from posture_break.core.settings import AREAS, Settings
from posture_break.core.status import WEEKDAY_NAMES
from posture_break.core.store import Store, StoreError
from posture_break.ui import i18n, labels

CONTEXT = "StatsWindow"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _t(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate(CONTEXT, text, disambiguation, n)


SEGMENTS: tuple[str, ...] = ("done", "natural", "skipped", "missed", "unconfirmed")
# English source text, translated where drawn: _t(LABELS[key]).
LABELS: dict[str, Any] = {
    "done": QT_TRANSLATE_NOOP("StatsWindow", "Done"),
    "natural": QT_TRANSLATE_NOOP("StatsWindow", "Natural"),
    "skipped": QT_TRANSLATE_NOOP("StatsWindow", "Skipped"),
    "missed": QT_TRANSLATE_NOOP("StatsWindow", "Missed"),
    # Ran out with nothing observed (no idle detection): not counted as done.
    "unconfirmed": QT_TRANSLATE_NOOP("StatsWindow", "Unconfirmed"),
}
# Okabe-Ito. Blue is lightened on dark backgrounds, where #0072B2 would be too dim.
LIGHT_COLOURS: dict[str, str] = {
    "done": "#0072B2",
    "natural": "#009E73",
    "skipped": "#E69F00",
    "missed": "#CC79A7",
    "unconfirmed": "#999999",
}
DARK_COLOURS: dict[str, str] = {**LIGHT_COLOURS, "done": "#56B4E9"}
AREA_NAMES: dict[str, Any] = {area: label.short for area, label in labels.AREA_LABELS.items()}
# Monday first, as date.weekday() counts.
WEEKDAY_SHORT: tuple[str, ...] = WEEKDAY_NAMES  # one table: core/status.py
EMPTY_WEEK_TEXT: Any = QT_TRANSLATE_NOOP(
    "StatsWindow",
    "No breaks recorded this week yet.\nYour done, skipped and natural breaks will appear here.",
)
EXPORT_SIZE = QSize(1000, 700)

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


def display_locale() -> QLocale:
    """The locale of the installed interface language: dates and decimals are written in it.

    That is the language of the app's catalogue that :func:`posture_break.ui.i18n.install` put
    in (the system's own variant of it when the system speaks that language, e.g. de_AT), and
    English when none is installed.
    """
    app = QCoreApplication.instance()
    if app is not None:
        for translator in app.findChildren(QTranslator):
            name = Path(translator.filePath()).name
            language = translator.language()
            if language and name.startswith(f"{i18n.CATALOGUE}_"):
                system = QLocale.system()
                if system.language() == QLocale(language).language():
                    return system
                return QLocale(language)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def fmt_date(day: date, pattern: str, locale: QLocale | None = None) -> str:
    """``day`` written with a QLocale date pattern (already translated) in the display locale."""
    return (locale or display_locale()).toString(QDate(day.year, day.month, day.day), pattern)


def fmt_number(value: float, locale: QLocale | None = None) -> str:
    """An axis value: whole numbers plain, others with one decimal in the locale's way."""
    if value == int(value):
        return str(int(value))
    return (locale or display_locale()).toString(float(value), "f", 1)


def fmt_minutes(value: float, locale: QLocale | None = None) -> str:
    if value >= 10 or value == int(value):
        return str(round(value))
    return (locale or display_locale()).toString(float(value), "f", 1)


def fmt_percent(percent: float) -> str:
    return _t("{n}%", "a percentage").format(n=fmt_number(percent))


def fmt_rate(rate: float | None) -> str:
    return "–" if rate is None else fmt_percent(round(rate * 100))


def area_name(area: str) -> str:
    return _t(AREA_NAMES[area])


def weekday_short(day: date) -> str:
    return _t(WEEKDAY_SHORT[day.weekday()])


def empty_week_text() -> str:
    return _t(EMPTY_WEEK_TEXT)


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


def week_span(start: date, locale: QLocale | None = None) -> str:
    """Monday to Sunday: "16–22 November 2026", "30 Nov – 6 Dec 2026", "28 Dec 2026 – 3 Jan 2027".

    The date patterns are QLocale's (d, MMM, MMMM, yyyy) and translatable, so each language puts
    day, month and year in its own order with its own punctuation; the names come from QLocale.
    """
    locale = locale or display_locale()
    end = start + timedelta(days=6)
    if start.month == end.month:
        first = fmt_date(
            start, _t("d", "date pattern: first day of a week within one month"), locale
        )
        last = fmt_date(end, _t("d MMMM yyyy", "date pattern: last day, same month"), locale)
        return f"{first}–{last}"
    if start.year == end.year:
        first = fmt_date(start, _t("d MMM", "date pattern: first day, other month"), locale)
    else:
        first = fmt_date(start, _t("d MMM yyyy", "date pattern: a day with its year"), locale)
    last = fmt_date(end, _t("d MMM yyyy", "date pattern: a day with its year"), locale)
    return f"{first} – {last}"


def week_title(summary: stats.WeekSummary) -> str:
    number = int(summary.week.split("-W")[1])
    return _t("Week {number} · {span}").format(number=number, span=week_span(summary.start))


def change_text(summary: stats.WeekSummary, trend: Sequence[stats.TrendPoint]) -> str:
    """Done breaks compared with the week before (the trend's second-to-last point)."""
    previous = [p for p in trend if p.start == summary.start - timedelta(days=7)]
    if not previous or previous[0].total == 0:
        return "–"
    diff = summary.totals.done - previous[0].done
    if diff == 0:
        return "±0"
    return f"+{diff}" if diff > 0 else f"−{-diff}"


def headline(
    summary: stats.WeekSummary, trend: Sequence[stats.TrendPoint]
) -> list[tuple[str, str]]:
    """(value, label) of the five headline figures."""
    streak = summary.streak_days
    days = _t("1 day") if streak == 1 else _t("%n days", None, streak)
    rate_label = _t("completion rate")
    if summary.totals.unconfirmed:
        n = summary.totals.unconfirmed
        rate_label = _t("completion rate (%n unconfirmed left out)", None, n)
    # Each label reads after its figure: "12 breaks done", "3 days streak at your goal".
    return [
        (str(summary.totals.done), _t("breaks done")),
        (fmt_minutes(summary.totals.active_minutes), _t("minutes moved")),
        (fmt_rate(summary.completion_rate), rate_label),
        (days, _t("streak at your goal")),
        (change_text(summary, trend), _t("done vs last week")),
    ]


def summary_sentence(summary: stats.WeekSummary, trend: Sequence[stats.TrendPoint]) -> str:
    """The headline as one sentence, for screen readers and the table view."""
    if summary.is_empty:
        return f"{week_title(summary)}. " + empty_week_text().replace("\n", " ")
    parts = [f"{value} {label}" for value, label in headline(summary, trend)]
    return f"{week_title(summary)}: " + ", ".join(parts) + "."


def day_tooltip(day: stats.DayStats) -> str:
    lines = [fmt_date(day.day, _t("dddd d MMMM", "date pattern: a day's tooltip"))]
    lines.append(
        _t("Done: {n} ({minutes} min)").format(n=day.done, minutes=fmt_minutes(day.active_minutes))
    )
    lines += [f"{_t(LABELS[k])}: {getattr(day, k)}" for k in SEGMENTS[1:]]
    lines.append(_t("Snoozes: {n}").format(n=day.snoozes))
    return "\n".join(lines)


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
        hits.append((box, _t("{label}: {value}").format(label=label[:1].upper() + label[1:],
                                                        value=value)))  # fmt: skip
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
    head_h = _panel_title(painter, rect, _t("Breaks per day"), ink)
    fm_small = QFontMetricsF(ink.small)
    axis_w = fm_small.horizontalAdvance("000") + 10
    names = [_t(LABELS[k]) for k in SEGMENTS] + [_t("Snoozed")]
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
    head_h = _panel_title(painter, rect, _t("Body areas"), ink)
    fm = QFontMetricsF(ink.small)
    note = (
        _t("Done breaks that reached each area")
        if summary.totals.done
        else _t("Fills in as you do breaks")
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
            _t("{area}: 1 done break touched this area")
            if n == 1
            else _t("{area}: %n done breaks touched this area", None, n)
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
    head_h = _panel_title(painter, rect, _t("Last {n} weeks").format(n=len(trend)), ink, share=0.5)
    # Legend on the heading's right.
    rate_label, minutes_label = _t("Completion rate"), _t("Minutes moved")
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

    minutes_axis = _t("{n} min", "axis label: minutes moved in a week")
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
        _empty_note(painter, plot, _t("Your 12-week trend starts with your first break."), ink)
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
    trend_tip = _t(
        "{week} (from {date})\nDone: {done}\nCompletion rate: {rate}\nMinutes moved: {minutes}"
    )
    monday_pattern = _t("d MMM", "date pattern: the Monday a trend week starts on")
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
        label = _t("W{n}", "a week number under the trend").format(n=p.start.isocalendar()[1])
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


# --- export ----------------------------------------------------------------------------------


def render_png(
    summary: stats.WeekSummary,
    trend: Sequence[stats.TrendPoint],
    palette: QPalette,
    size: QSize = EXPORT_SIZE,
    scale: float = 2.0,
) -> QImage:
    image = QImage(
        int(size.width() * scale), int(size.height() * scale), QImage.Format.Format_ARGB32
    )
    image.setDevicePixelRatio(scale)
    image.fill(palette.color(QPalette.ColorRole.Window))
    painter = QPainter(image)
    try:
        paint_week(painter, QRectF(0, 0, size.width(), size.height()), summary, trend, palette)
    finally:
        painter.end()
    return image


def export_chart(
    path: Path,
    summary: stats.WeekSummary,
    trend: Sequence[stats.TrendPoint],
    palette: QPalette,
    size: QSize = EXPORT_SIZE,
) -> None:
    """Save the chart as PNG or SVG (by suffix), atomically, readable by the user alone.

    Raises ValueError for another suffix and OSError when the file cannot be written.
    """
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ValueError(_t("{name}: choose a .png or .svg file name").format(name=path.name))
    path = path.absolute()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if suffix == ".png":
            # PNG from the ".png" suffix (the stubs want the format as bytes, the binding as str)
            if not render_png(summary, trend, palette, size).save(str(tmp)):
                raise OSError(_t("{path}: cannot write the image").format(path=path))
        else:
            generator = QSvgGenerator()
            generator.setFileName(str(tmp))
            generator.setSize(size)
            generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
            generator.setTitle(_t("posture-break, week {week}").format(week=summary.week))
            generator.setDescription(summary_sentence(summary, trend))
            painter = QPainter()
            if not painter.begin(generator):
                raise OSError(_t("{path}: cannot write the drawing").format(path=path))
            try:
                paint_week(
                    painter, QRectF(0, 0, size.width(), size.height()), summary, trend, palette
                )
            finally:
                painter.end()
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


# --- the widgets -----------------------------------------------------------------------------


class WeekChart(QWidget):
    """Paints the week with :func:`paint_week` and shows the exact numbers on hover."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumSize(720, 560)
        self.setAccessibleName(_t("Weekly chart"))
        self.summary: stats.WeekSummary | None = None
        self.trend: list[stats.TrendPoint] = []
        self.hits: list[Hit] = []

    def set_data(self, summary: stats.WeekSummary, trend: list[stats.TrendPoint]) -> None:
        self.summary = summary
        self.trend = trend
        self.setAccessibleDescription(summary_sentence(summary, trend))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(960, 680)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.summary is None:
            return
        painter = QPainter(self)
        try:
            self.hits = paint_week(
                painter, QRectF(self.rect()), self.summary, self.trend, self.palette()
            )
        finally:
            painter.end()

    def tooltip_at(self, pos: QPointF) -> tuple[QRectF, str] | None:
        for rect, text in self.hits:
            if rect.contains(pos):
                return rect, text
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self.tooltip_at(event.position())
        if hit is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), hit[1], self, hit[0].toRect())
        super().mouseMoveEvent(event)


def _table(rows: int, headers: Sequence[str], name: str) -> QTableWidget:
    table = QTableWidget(rows, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setAccessibleName(name)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _cell(value: object) -> QTableWidgetItem:
    item = QTableWidgetItem(str(value))
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _heading(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    label.setBuddy(buddy)
    return label


def _fit_height(table: QTableWidget) -> None:
    """Make a table exactly as tall as its rows, so the page reads top to bottom."""
    table.resizeRowsToContents()
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(height)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


DAY_COLUMNS: tuple[Any, ...] = (
    QT_TRANSLATE_NOOP("StatsWindow", "Done"),
    QT_TRANSLATE_NOOP("StatsWindow", "Natural"),
    QT_TRANSLATE_NOOP("StatsWindow", "Skipped"),
    QT_TRANSLATE_NOOP("StatsWindow", "Missed"),
    QT_TRANSLATE_NOOP("StatsWindow", "Unconfirmed"),
    QT_TRANSLATE_NOOP("StatsWindow", "Snoozes"),
    QT_TRANSLATE_NOOP("StatsWindow", "Minutes"),
)


class StatsWindow(QWidget):
    """The "Weekly stats" window: week navigation, the chart, its table and export."""

    week_changed = Signal(object)  # the Monday shown

    def __init__(
        self,
        store: Store,
        settings: Settings,
        tz: tzinfo,
        today_fn: Callable[[], date],
        card_areas: Mapping[str, Sequence[str]],
        parent: QWidget | None = None,
        *,
        identity: Any = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.identity = identity  # core.sync.Identity when sync is on: names this machine
        self.machine: str | None = None  # None: every machine; else the breaks column value
        self.settings = settings
        self.tz = tz
        self.today_fn = today_fn
        self.card_areas = card_areas
        self.monday = stats.monday_of(today_fn())
        self.summary: stats.WeekSummary | None = None
        self.trend: list[stats.TrendPoint] = []
        self.setWindowTitle(_t("Weekly stats – posture-break"))
        locale = display_locale()

        self.previous_button = QPushButton(_t("‹ Previous"))
        self.previous_button.setShortcut(QKeySequence("Alt+Left"))
        self.previous_button.setToolTip(_t("The week before (Alt+Left)"))
        self.this_week_button = QPushButton(_t("This week"))
        self.this_week_button.setShortcut(QKeySequence("Alt+Home"))
        self.this_week_button.setToolTip(_t("The week of today (Alt+Home)"))
        self.next_button = QPushButton(_t("Next ›"))
        self.next_button.setShortcut(QKeySequence("Alt+Right"))
        self.next_button.setToolTip(_t("The week after (Alt+Right)"))
        self.picker = QDateEdit()
        self.picker.setLocale(locale)
        self.picker.setCalendarPopup(True)
        self.picker.setDisplayFormat(_t("ddd d MMM yyyy", "date pattern: the week picker"))
        self.picker.setAccessibleName(_t("Show the week of"))
        self.picker.setToolTip(_t("Pick any day: the chart shows its week (Monday to Sunday)"))
        calendar = self.picker.calendarWidget()
        calendar.setLocale(locale)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.ISOWeekNumbers)
        self.week_label = QLabel()
        self.week_label.setAccessibleName(_t("Week shown"))
        self.table_button = QPushButton(_t("Show table"))
        self.table_button.setCheckable(True)
        self.table_button.setToolTip(_t("The same numbers as a table"))
        self.export_button = QPushButton(_t("Export chart…"))
        self.export_button.setToolTip(_t("Save the chart as a PNG image or an SVG drawing"))
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.machine_box = QComboBox()
        self.machine_box.setAccessibleName(_t("Machine"))
        self.machine_box.setToolTip(_t("Breaks of every machine sharing the sync folder, or one"))
        self._fill_machines()

        bar = QHBoxLayout()
        bar.setSpacing(6)
        for w in (self.previous_button, self.this_week_button, self.next_button):
            bar.addWidget(w)
        bar.addSpacing(12)
        bar.addWidget(self.picker)
        bar.addSpacing(8)
        bar.addWidget(self.week_label)
        bar.addStretch(1)
        bar.addWidget(self.machine_box)
        bar.addWidget(self.table_button)
        bar.addWidget(self.export_button)

        self.chart = WeekChart()
        self.table_page = self._build_table_page()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.chart)
        self.stack.addWidget(self.table_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addWidget(self.error_label)
        layout.addWidget(self.stack, 1)

        self.previous_button.clicked.connect(self.show_previous)
        self.next_button.clicked.connect(self.show_next)
        self.this_week_button.clicked.connect(self.show_this_week)
        self.picker.dateChanged.connect(self._picked)
        self.table_button.toggled.connect(self.show_table)
        self.export_button.clicked.connect(self._export_dialog)
        self.machine_box.currentIndexChanged.connect(self._machine_picked)
        self.set_week(self.monday)

    def _build_table_page(self) -> QWidget:
        page = QWidget()
        self.table_summary = QLabel()
        self.table_summary.setWordWrap(True)
        self.table_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.days_table = _table(8, [_t(c) for c in DAY_COLUMNS], _t("Breaks per day"))
        self.areas_table = _table(len(AREAS), (_t("Done breaks"),), _t("Body areas"))
        self.areas_table.setVerticalHeaderLabels([area_name(a) for a in AREAS])
        trend_columns = (_t("Done"), _t("Completion"), _t("Minutes"))
        self.trend_table = _table(stats.TREND_WEEKS, trend_columns, _t("Trend"))
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(6)
        layout.addWidget(self.table_summary)
        layout.addSpacing(6)
        layout.addWidget(_heading(_t("Breaks per day"), self.days_table))
        layout.addWidget(self.days_table)
        below = QHBoxLayout()
        below.setSpacing(16)
        for title, table in (
            (_t("Body areas"), self.areas_table),
            (_t("Last {n} weeks").format(n=stats.TREND_WEEKS), self.trend_table),
        ):
            column = QVBoxLayout()
            column.addWidget(_heading(title, table))
            column.addWidget(table)
            column.addStretch(1)
            below.addLayout(column, 1)
        layout.addSpacing(6)
        layout.addLayout(below)
        layout.addStretch(1)
        return page

    # --- navigation ----------------------------------------------------------------------

    def this_monday(self) -> date:
        return stats.monday_of(self.today_fn())

    def set_week(self, day: date) -> None:
        """Show the week containing ``day``."""
        self.monday = stats.monday_of(day)
        self.picker.blockSignals(True)
        self.picker.setMaximumDate(_qdate(self.this_monday() + timedelta(days=6)))
        self.picker.setDate(_qdate(self.monday))
        self.picker.blockSignals(False)
        self.next_button.setEnabled(self.monday < self.this_monday())
        self.this_week_button.setEnabled(self.monday != self.this_monday())
        self._reload()
        self.week_changed.emit(self.monday)

    def show_previous(self) -> None:
        self.set_week(self.monday - timedelta(days=7))

    def show_next(self) -> None:
        self.set_week(self.monday + timedelta(days=7))

    def show_this_week(self) -> None:
        self.set_week(self.today_fn())

    def _picked(self, qdate: object) -> None:
        picked = self.picker.date()
        self.set_week(date(picked.year(), picked.month(), picked.day()))

    def show_table(self, on: bool) -> None:
        self.table_button.blockSignals(True)
        self.table_button.setChecked(on)
        self.table_button.blockSignals(False)
        self.table_button.setText(_t("Show chart") if on else _t("Show table"))
        self.stack.setCurrentWidget(self.table_page if on else self.chart)

    # --- data ----------------------------------------------------------------------------

    # --- machines (sync) -------------------------------------------------------------------

    def _fill_machines(self) -> None:
        """ "All machines" and each machine seen; hidden while there is only this one."""
        from posture_break.core.sync import machines_seen

        try:
            seen = machines_seen(self.store, self.identity)
        except (sqlite3.Error, StoreError):
            seen = []
        self.machine_box.blockSignals(True)
        self.machine_box.clear()
        self.machine_box.addItem(_t("All machines"), None)
        for m in seen:
            label = m.name + (_t(" (this one)") if m.machine_id == "" else "")
            self.machine_box.addItem(label, m.machine_id)
        index = self.machine_box.findData(self.machine) if self.machine is not None else 0
        if index < 0:
            self.machine, index = None, 0
        self.machine_box.setCurrentIndex(index)
        self.machine_box.blockSignals(False)
        self.machine_box.setVisible(sum(1 for m in seen if m.rows) > 1)

    def _machine_picked(self, _index: int) -> None:
        self.machine = self.machine_box.currentData()
        self._reload()

    def _source(self) -> Store:
        if self.machine is None:
            return self.store
        from posture_break.core.sync import MachineView

        return cast(Store, MachineView(self.store, self.machine))

    def refresh(self) -> None:
        """Read again: breaks from other machines were merged."""
        self._fill_machines()
        self._reload()

    def _reload(self) -> None:
        source = self._source()
        try:
            summary = stats.weekly_summary(
                source,
                self.settings,
                self.monday,
                self.tz,
                today=self.today_fn(),
                card_areas=self.card_areas,
            )
            trend = stats.weekly_trend(source, self.monday, self.tz)
        except StoreError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        self.error_label.hide()
        self.summary, self.trend = summary, trend
        self.week_label.setText(summary.week)
        self.chart.set_data(summary, trend)
        self._fill_tables(summary, trend)

    def _fill_tables(self, summary: stats.WeekSummary, trend: list[stats.TrendPoint]) -> None:
        self.table_summary.setText(summary_sentence(summary, trend))
        rows = [*summary.days, summary.totals]
        locale = display_locale()
        pattern = _t("ddd d MMM", "date pattern: a day's row in the table")
        labels = [fmt_date(d.day, pattern, locale) for d in summary.days] + [_t("Total")]
        self.days_table.setVerticalHeaderLabels(labels)
        for r, c in enumerate(rows):
            values = (c.done, c.natural, c.skipped, c.missed, c.unconfirmed, c.snoozes)
            for col, v in enumerate(values):
                self.days_table.setItem(r, col, _cell(v))
            self.days_table.setItem(r, len(values), _cell(fmt_minutes(c.active_minutes, locale)))
        for r, area in enumerate(AREAS):
            self.areas_table.setItem(r, 0, _cell(summary.areas.get(area, 0)))
        self.trend_table.setRowCount(len(trend))
        self.trend_table.setVerticalHeaderLabels([p.week for p in trend])
        for r, p in enumerate(trend):
            self.trend_table.setItem(r, 0, _cell(p.done))
            self.trend_table.setItem(r, 1, _cell(fmt_rate(p.completion_rate)))
            self.trend_table.setItem(r, 2, _cell(fmt_minutes(p.active_minutes, locale)))
        for table in (self.days_table, self.areas_table, self.trend_table):
            _fit_height(table)

    # --- export --------------------------------------------------------------------------

    def export_to(self, path: Path) -> None:
        """Save the week shown as PNG or SVG. Raises ValueError / OSError."""
        assert self.summary is not None
        export_chart(path, self.summary, self.trend, self.palette())

    def _export_dialog(self) -> None:
        if self.summary is None:
            return
        name = f"posture-break-{self.summary.week}.png"
        chosen, selected = QFileDialog.getSaveFileName(
            self,
            _t("Export chart"),
            str(Path.home() / name),
            _t("PNG image (*.png);;SVG drawing (*.svg)"),
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() not in (".png", ".svg"):
            path = path.with_suffix(".svg" if "svg" in selected.lower() else ".png")
        try:
            self.export_to(path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(
                self, _t("Export chart"), _t("The chart was not saved: {error}").format(error=exc)
            )
