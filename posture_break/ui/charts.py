"""The weekly stats window: week navigation, the chart, the same numbers as tables, export.

The chart is drawn by :func:`posture_break.ui.week_painter.paint_week` (also used for the PNG and
SVG export in ui/chart_export.py, so the exported chart is exactly what the person sees); its
words and numbers are written by ui/stats_text.py. The paint returns the rectangles it drew with
the exact numbers behind them, which :class:`WeekChart` shows on hover. The same numbers are one
click away as tables, which is also what screen readers read. Every word goes through Qt's
translation, context "StatsWindow".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta, tzinfo
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from posture_break.core import stats
from posture_break.core.settings import AREAS, Settings
from posture_break.core.store import Store, StoreError
from posture_break.ui.chart_export import export_chart
from posture_break.ui.stats_tables import DAY_COLUMNS, cell, fit_height, heading, make_table
from posture_break.ui.stats_text import (
    area_name,
    display_locale,
    fmt_date,
    fmt_minutes,
    fmt_rate,
    summary_sentence,
)
from posture_break.ui.week_painter import Hit, paint_week


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


# --- the widgets -----------------------------------------------------------------------------


class WeekChart(QWidget):
    """Paints the week with :func:`paint_week` and shows the exact numbers on hover."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumSize(720, 560)
        self.setAccessibleName(QCoreApplication.translate("StatsWindow", "Weekly chart"))
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
        self.identity = identity  # core.sync_identity.Identity when sync is on: names this machine
        self.machine: str | None = None  # None: every machine; else the breaks column value
        self.settings = settings
        self.tz = tz
        self.today_fn = today_fn
        self.card_areas = card_areas
        self.monday = stats.monday_of(today_fn())
        self.summary: stats.WeekSummary | None = None
        self.trend: list[stats.TrendPoint] = []
        self.setWindowTitle(
            QCoreApplication.translate("StatsWindow", "Weekly stats – posture-break")
        )
        locale = display_locale()

        self.previous_button = QPushButton(QCoreApplication.translate("StatsWindow", "‹ Previous"))
        self.previous_button.setShortcut(QKeySequence("Alt+Left"))
        self.previous_button.setToolTip(
            QCoreApplication.translate("StatsWindow", "The week before (Alt+Left)")
        )
        self.this_week_button = QPushButton(QCoreApplication.translate("StatsWindow", "This week"))
        self.this_week_button.setShortcut(QKeySequence("Alt+Home"))
        self.this_week_button.setToolTip(
            QCoreApplication.translate("StatsWindow", "The week of today (Alt+Home)")
        )
        self.next_button = QPushButton(QCoreApplication.translate("StatsWindow", "Next ›"))
        self.next_button.setShortcut(QKeySequence("Alt+Right"))
        self.next_button.setToolTip(
            QCoreApplication.translate("StatsWindow", "The week after (Alt+Right)")
        )
        self.picker = QDateEdit()
        self.picker.setLocale(locale)
        self.picker.setCalendarPopup(True)
        self.picker.setDisplayFormat(
            QCoreApplication.translate(
                "StatsWindow", "ddd d MMM yyyy", "date pattern: the week picker"
            )
        )
        self.picker.setAccessibleName(QCoreApplication.translate("StatsWindow", "Show the week of"))
        self.picker.setToolTip(
            QCoreApplication.translate(
                "StatsWindow", "Pick any day: the chart shows its week (Monday to Sunday)"
            )
        )
        calendar = self.picker.calendarWidget()
        calendar.setLocale(locale)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.ISOWeekNumbers)
        self.week_label = QLabel()
        self.week_label.setAccessibleName(QCoreApplication.translate("StatsWindow", "Week shown"))
        self.table_button = QPushButton(QCoreApplication.translate("StatsWindow", "Show table"))
        self.table_button.setCheckable(True)
        self.table_button.setToolTip(
            QCoreApplication.translate("StatsWindow", "The same numbers as a table")
        )
        self.export_button = QPushButton(QCoreApplication.translate("StatsWindow", "Export chart…"))
        self.export_button.setToolTip(
            QCoreApplication.translate(
                "StatsWindow", "Save the chart as a PNG image or an SVG drawing"
            )
        )
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.machine_box = QComboBox()
        self.machine_box.setAccessibleName(QCoreApplication.translate("StatsWindow", "Machine"))
        self.machine_box.setToolTip(
            QCoreApplication.translate(
                "StatsWindow", "Breaks of every machine sharing the sync folder, or one"
            )
        )
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
        self.days_table = make_table(
            8,
            [QCoreApplication.translate("StatsWindow", c) for c in DAY_COLUMNS],
            QCoreApplication.translate("StatsWindow", "Breaks per day"),
        )
        self.areas_table = make_table(
            len(AREAS),
            (QCoreApplication.translate("StatsWindow", "Done breaks"),),
            QCoreApplication.translate("StatsWindow", "Body areas"),
        )
        self.areas_table.setVerticalHeaderLabels([area_name(a) for a in AREAS])
        trend_columns = (
            QCoreApplication.translate("StatsWindow", "Done"),
            QCoreApplication.translate("StatsWindow", "Completion"),
            QCoreApplication.translate("StatsWindow", "Minutes"),
        )
        self.trend_table = make_table(
            stats.TREND_WEEKS, trend_columns, QCoreApplication.translate("StatsWindow", "Trend")
        )
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(6)
        layout.addWidget(self.table_summary)
        layout.addSpacing(6)
        layout.addWidget(
            heading(QCoreApplication.translate("StatsWindow", "Breaks per day"), self.days_table)
        )
        layout.addWidget(self.days_table)
        below = QHBoxLayout()
        below.setSpacing(16)
        for title, table in (
            (QCoreApplication.translate("StatsWindow", "Body areas"), self.areas_table),
            (
                QCoreApplication.translate("StatsWindow", "Last {n} weeks").format(
                    n=stats.TREND_WEEKS
                ),
                self.trend_table,
            ),
        ):
            column = QVBoxLayout()
            column.addWidget(heading(title, table))
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
        self.table_button.setText(
            QCoreApplication.translate("StatsWindow", "Show chart")
            if on
            else QCoreApplication.translate("StatsWindow", "Show table")
        )
        self.stack.setCurrentWidget(self.table_page if on else self.chart)

    # --- data ----------------------------------------------------------------------------

    # --- machines (sync) -------------------------------------------------------------------

    def _fill_machines(self) -> None:
        """ "All machines" and each machine seen; hidden while there is only this one."""
        from posture_break.core.sync_machines import machines_seen

        try:
            seen = machines_seen(self.store, self.identity)
        except (sqlite3.Error, StoreError):
            seen = []
        self.machine_box.blockSignals(True)
        self.machine_box.clear()
        self.machine_box.addItem(QCoreApplication.translate("StatsWindow", "All machines"), None)
        for m in seen:
            label = m.name + (
                QCoreApplication.translate("StatsWindow", " (this one)")
                if m.machine_id == ""
                else ""
            )
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
        from posture_break.core.sync_machines import MachineView

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
        pattern = QCoreApplication.translate(
            "StatsWindow", "ddd d MMM", "date pattern: a day's row in the table"
        )
        labels = [fmt_date(d.day, pattern, locale) for d in summary.days] + [
            QCoreApplication.translate("StatsWindow", "Total")
        ]
        self.days_table.setVerticalHeaderLabels(labels)
        for r, c in enumerate(rows):
            values = (c.done, c.natural, c.skipped, c.missed, c.unconfirmed, c.snoozes)
            for col, v in enumerate(values):
                self.days_table.setItem(r, col, cell(v))
            self.days_table.setItem(r, len(values), cell(fmt_minutes(c.active_minutes, locale)))
        for r, area in enumerate(AREAS):
            self.areas_table.setItem(r, 0, cell(summary.areas.get(area, 0)))
        self.trend_table.setRowCount(len(trend))
        self.trend_table.setVerticalHeaderLabels([p.week for p in trend])
        for r, p in enumerate(trend):
            self.trend_table.setItem(r, 0, cell(p.done))
            self.trend_table.setItem(r, 1, cell(fmt_rate(p.completion_rate)))
            self.trend_table.setItem(r, 2, cell(fmt_minutes(p.active_minutes, locale)))
        for table in (self.days_table, self.areas_table, self.trend_table):
            fit_height(table)

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
            QCoreApplication.translate("StatsWindow", "Export chart"),
            str(Path.home() / name),
            QCoreApplication.translate("StatsWindow", "PNG image (*.png);;SVG drawing (*.svg)"),
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
                self,
                QCoreApplication.translate("StatsWindow", "Export chart"),
                QCoreApplication.translate(
                    "StatsWindow", "The chart was not saved: {error}"
                ).format(error=exc),
            )
