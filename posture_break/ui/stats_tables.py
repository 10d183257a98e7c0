"""Small builders for the table view of the weekly stats window (ui/charts.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)


def make_table(rows: int, headers: Sequence[str], name: str) -> QTableWidget:
    table = QTableWidget(rows, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setAccessibleName(name)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def cell(value: object) -> QTableWidgetItem:
    item = QTableWidgetItem(str(value))
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def heading(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    label.setBuddy(buddy)
    return label


def fit_height(table: QTableWidget) -> None:
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
