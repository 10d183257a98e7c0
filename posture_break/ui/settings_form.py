"""What the settings tabs share: the label tables, work-hours text, and :class:`SettingsPage`.

Every word is translated in the context "SettingsDialog" (the dialog's, which the tabs were part
of), so the catalogue did not change when the tabs moved into classes of their own.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from posture_break.core.settings import (
    _INT_RANGES,
    Range,
    Settings,
    check_ranges,
    format_range,
    parse_range,
)
from posture_break.ui import labels

ERROR_STYLE = "color: #b00020;"
SPLIT = re.compile(r"[,;]")

# Labels of core names, English source text marked for lupdate, translated where shown.
AREA_LABELS: dict[str, Any] = {area: label.long for area, label in labels.AREA_LABELS.items()}
EQUIPMENT_LABELS: dict[str, Any] = {
    "wall": QT_TRANSLATE_NOOP("SettingsDialog", "A free wall"),
    "ball": QT_TRANSLATE_NOOP("SettingsDialog", "A massage or tennis ball"),
    "foam-roller": QT_TRANSLATE_NOOP("SettingsDialog", "A foam roller"),
    "floor": QT_TRANSLATE_NOOP("SettingsDialog", "Space on the floor"),
}
DAY_LABELS: dict[str, Any] = {
    "mon": QT_TRANSLATE_NOOP("SettingsDialog", "&Monday"),
    "tue": QT_TRANSLATE_NOOP("SettingsDialog", "&Tuesday"),
    "wed": QT_TRANSLATE_NOOP("SettingsDialog", "W&ednesday"),
    "thu": QT_TRANSLATE_NOOP("SettingsDialog", "Th&ursday"),
    "fri": QT_TRANSLATE_NOOP("SettingsDialog", "&Friday"),
    "sat": QT_TRANSLATE_NOOP("SettingsDialog", "&Saturday"),
    "sun": QT_TRANSLATE_NOOP("SettingsDialog", "Su&nday"),
}
LANGUAGES: tuple[tuple[str, Any], ...] = (
    ("", QT_TRANSLATE_NOOP("SettingsDialog", "System")),
    ("en", "English"),
    ("de", "Deutsch"),
)
# The preset names live in the core (no Qt); listed here so the translation tools find them.
PRESET_LABELS: dict[str, Any] = {
    "evidence": QT_TRANSLATE_NOOP("SettingsDialog", "Evidence-based"),
    "pomodoro": QT_TRANSLATE_NOOP("SettingsDialog", "Pomodoro 25/5 + 15 after four"),
    "move_more": QT_TRANSLATE_NOOP("SettingsDialog", "Move more: 5-min walk every 30 min"),
}


def parse_day(text: str) -> list[Range]:
    """'09:00-12:30, 13:30-18:00' -> ranges, sorted. Raises ValueError naming the bad part."""
    ranges = [parse_range(part) for part in SPLIT.split(text) if part.strip()]
    overlap = check_ranges(ranges)
    if overlap:
        raise ValueError(overlap)
    return sorted(ranges)


def format_day(ranges: tuple[Range, ...] | list[Range]) -> str:
    return ", ".join(format_range(r) for r in ranges)


class SettingsPage(QWidget):
    """One tab: builds its fields, fills them from settings and writes them back.

    ``changed`` fires on every edit; the dialog then validates the whole candidate. Problem labels
    are registered in ``error_labels`` under the key of the setting they belong to.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error_labels: dict[str, QLabel] = {}

    def load(self, settings: Settings) -> None:
        raise NotImplementedError

    def apply_to(self, settings: Settings) -> Settings:
        """``settings`` with this page's values in it."""
        raise NotImplementedError

    # --- building blocks -----------------------------------------------------------------------

    def spin(self, key: str, suffix: str, name: str, hint: str = "") -> QSpinBox:
        section, field = key.split(".")
        low, high = _INT_RANGES[(section, field)]
        spin = QSpinBox(self)
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        spin.setAccessibleName(name)
        if hint:
            spin.setToolTip(hint)
            spin.setAccessibleDescription(hint)
        spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._fit(spin)
        spin.valueChanged.connect(self.changed)
        return spin

    def _fit(self, spin: QSpinBox) -> None:
        """One width for every number field: the widest text any of them shows, at this font."""
        metrics = spin.fontMetrics()
        texts = [
            "480" + QCoreApplication.translate("SettingsDialog", " min"),
            "300" + QCoreApplication.translate("SettingsDialog", " s"),
            QCoreApplication.translate("SettingsDialog", "No warning"),
        ]
        spin.setFixedWidth(max(metrics.horizontalAdvance(t) for t in texts) + 48)

    def check(self, text: str, description: str = "") -> QCheckBox:
        box = QCheckBox(text, self)
        box.setAccessibleName(text.replace("&", ""))
        if description:
            box.setToolTip(description)
            box.setAccessibleDescription(description)
        box.toggled.connect(self.changed)
        return box

    def error_label(self, key: str) -> QLabel:
        label = QLabel(self)
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.setAccessibleName(QCoreApplication.translate("SettingsDialog", "Problem"))
        label.hide()
        self.error_labels[key] = label
        return label

    def with_error(self, field: QWidget, key: str) -> QWidget:
        """The field with its problem label beside it (hidden while there is none)."""
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        row.addWidget(field, 0, Qt.AlignmentFlag.AlignLeft)
        row.addWidget(self.error_label(key), 1)
        box.setFocusProxy(field)
        return box

    def form(self, parent: QWidget) -> QFormLayout:
        form = QFormLayout(parent)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return form
