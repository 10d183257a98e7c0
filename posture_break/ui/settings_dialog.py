"""The settings dialog: presets and every setting behind them, checked as you type.

The dialog holds no rules of its own. Values are checked with the core's ``parse_range``,
``check_ranges`` and ``cross_check``; the "Next break at" line comes from a throw-away copy of the
running planner that is given the candidate settings, exactly what Apply will do to the real one.
Apply hands the new settings to the controller (``BreakApp.save_settings``), which writes the file
(keeping keys it does not know) and reschedules at once.

Restore defaults fills the fields with the defaults but keeps the health answers: those are facts
about the person that hide unsafe cards, not preferences, and silently un-ticking them could bring
back a card they were told to avoid.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from posture_break.core import health, presets
from posture_break.core.model import WEEKDAYS
from posture_break.core.settings import (
    _INT_RANGES,
    AREAS,
    EQUIPMENT,
    BreakSettings,
    CardSettings,
    LongSettings,
    MicroSettings,
    Range,
    Settings,
    SnoozeSettings,
    SyncSettings,
    WarningSettings,
    check_ranges,
    cross_check,
    format_range,
    parse_range,
)
from posture_break.core.status import format_when
from posture_break.platform import autostart
from posture_break.ui import labels
from posture_break.ui.i18n import status_messages

log = logging.getLogger("posture_break")

ERROR_STYLE = "color: #b00020;"
_SPLIT = re.compile(r"[,;]")


def _t(text: str) -> str:
    return QCoreApplication.translate("SettingsDialog", text)


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
    ranges = [parse_range(part) for part in _SPLIT.split(text) if part.strip()]
    overlap = check_ranges(ranges)
    if overlap:
        raise ValueError(overlap)
    return sorted(ranges)


def format_day(ranges: tuple[Range, ...] | list[Range]) -> str:
    return ", ".join(format_range(r) for r in ranges)


class SettingsDialog(QDialog):
    """``SettingsDialog(controller)``; the controller is the app's ``BreakApp``."""

    applied = Signal(object)  # the Settings just applied

    def __init__(
        self,
        controller: Any,
        parent: QWidget | None = None,
        *,
        set_autostart: Callable[[bool], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self._set_autostart = set_autostart or (lambda on: autostart.set_autostart(on))
        self._loading = False
        self._base: Settings = controller.settings
        self.problems: dict[str, str] = {}
        self.error_labels: dict[str, QLabel] = {}

        self.setWindowTitle(self.tr("posture-break settings"))
        self.setAccessibleName(self.tr("Settings"))
        self.setSizeGripEnabled(True)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Settings sections"))
        self.tabs.addTab(self._breaks_tab(), self.tr("&Breaks"))
        self.tabs.addTab(self._hours_tab(), self.tr("&Work hours"))
        self.tabs.addTab(self._cards_tab(), self.tr("&Cards"))
        self.tabs.addTab(self._health_tab(), self.tr("&Health"))
        self.tabs.addTab(self._general_tab(), self.tr("&General"))

        self.next_label = QLabel(self)
        self.next_label.setAccessibleName(self.tr("Next break"))
        font = self.next_label.font()
        font.setBold(True)
        self.next_label.setFont(font)
        self.next_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)

        self.summary_label = QLabel(self)
        self.summary_label.setStyleSheet(ERROR_STYLE)
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName(self.tr("Problems"))
        self.summary_label.hide()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        self.buttons = buttons
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.defaults_button = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.ok_button.setText(self.tr("OK"))
        self.apply_button.setText(self.tr("&Apply"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.defaults_button.setText(self.tr("&Restore defaults"))
        self.ok_button.setAccessibleName(self.tr("Apply the settings and close"))
        self.apply_button.setAccessibleName(self.tr("Apply the settings now"))
        self.cancel_button.setAccessibleName(self.tr("Close without applying"))
        self.defaults_button.setAccessibleName(self.tr("Fill in the default settings"))
        self.defaults_button.setAccessibleDescription(
            self.tr("Nothing is saved until you apply. Health answers are kept.")
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        self.defaults_button.clicked.connect(self.restore_defaults)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.next_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(buttons)

        self.load(self._base)

    # --- building the tabs ---------------------------------------------------------------------

    def _spin(self, key: str, suffix: str, name: str, hint: str = "") -> QSpinBox:
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
        spin.valueChanged.connect(self._changed)
        return spin

    def _fit(self, spin: QSpinBox) -> None:
        """One width for every number field: the widest text any of them shows, at this font."""
        metrics = spin.fontMetrics()
        texts = ["480" + self.tr(" min"), "300" + self.tr(" s"), self.tr("No warning")]
        spin.setFixedWidth(max(metrics.horizontalAdvance(t) for t in texts) + 48)

    def _error_label(self, key: str) -> QLabel:
        label = QLabel(self)
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.setAccessibleName(self.tr("Problem"))
        label.hide()
        self.error_labels[key] = label
        return label

    def _with_error(self, field: QWidget, key: str) -> QWidget:
        """The field with its problem label beside it (hidden while there is none)."""
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        row.addWidget(field, 0, Qt.AlignmentFlag.AlignLeft)
        row.addWidget(self._error_label(key), 1)
        box.setFocusProxy(field)
        return box

    def _add_row(self, form: QFormLayout, text: str, field: QWidget, key: str) -> None:
        """A labelled row whose mnemonic focuses the field itself, with its problem label."""
        label = QLabel(text, self)
        label.setBuddy(field)
        self._row_labels.append(label)
        form.addRow(label, self._with_error(field, key))

    def _form(self, parent: QWidget) -> QFormLayout:
        form = QFormLayout(parent)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return form

    def _breaks_tab(self) -> QWidget:
        self._row_labels: list[QLabel] = []
        page = QWidget(self)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.setSpacing(12)

        preset_row = QHBoxLayout()
        self.preset = QComboBox(self)
        for p in presets.PRESETS:
            self.preset.addItem(_t(PRESET_LABELS.get(p.key, p.label)), p.key)
        self.preset.addItem(self.tr("Custom"), None)
        self.preset.setAccessibleName(self.tr("Preset"))
        self.preset.setAccessibleDescription(
            self.tr("Choosing a preset fills in the break rhythm below.")
        )
        self.preset.activated.connect(self._preset_chosen)
        preset_label = QLabel(self.tr("&Preset:"), self)
        preset_label.setBuddy(self.preset)
        preset_row.addWidget(preset_label)
        preset_row.addWidget(self.preset, 1)
        outer.addLayout(preset_row)

        rhythm = QGroupBox(self.tr("Rhythm"), page)
        form = self._form(rhythm)
        m, s = self.tr(" min"), self.tr(" s")
        self.micro_every = self._spin(
            "micro.every_minutes",
            m,
            self.tr("Micro-break every, minutes"),
            self.tr("Suggested: 10 to 60 minutes"),
        )
        self.micro_seconds = self._spin(
            "micro.seconds",
            s,
            self.tr("Micro-break length, seconds"),
            self.tr("Suggested: 20 to 60 seconds"),
        )
        self.long_every = self._spin(
            "long.every_minutes",
            m,
            self.tr("Long break every, minutes"),
            self.tr("Suggested: 45 to 90 minutes"),
        )
        self.long_minutes = self._spin(
            "long.minutes",
            m,
            self.tr("Long break length, minutes"),
            self.tr("Suggested: 3 to 10 minutes"),
        )
        self.warning_seconds = self._spin(
            "warning.seconds_before",
            s,
            self.tr("Warning before a break, seconds"),
            self.tr("0 means no warning"),
        )
        self.warning_seconds.setSpecialValueText(self.tr("No warning"))
        self._add_row(form, self.tr("&Micro-break every:"), self.micro_every, "micro.every_minutes")
        self._add_row(form, self.tr("Micro-break &lasts:"), self.micro_seconds, "micro.seconds")
        self._add_row(form, self.tr("L&ong break every:"), self.long_every, "long.every_minutes")
        self._add_row(form, self.tr("Long break la&sts:"), self.long_minutes, "long.minutes")
        self._add_row(
            form, self.tr("Warn before a brea&k:"), self.warning_seconds, "warning.seconds_before"
        )
        outer.addWidget(rhythm)

        flex = QGroupBox(self.tr("Snoozing and waiting"), page)
        form = self._form(flex)
        self.snooze_minutes = self._spin("snooze.minutes", m, self.tr("Snooze length, minutes"))
        self.snooze_max = self._spin(
            "snooze.max_in_a_row",
            "",
            self.tr("Snoozes in a row"),
            self.tr("How often one break can be put off"),
        )
        self.snooze_max.setSpecialValueText(self.tr("None"))
        self._add_row(form, self.tr("S&nooze for:"), self.snooze_minutes, "snooze.minutes")
        self._add_row(form, self.tr("Snoo&zes in a row:"), self.snooze_max, "snooze.max_in_a_row")
        self.natural = self._check(
            self.tr("Count time awa&y from the computer as a break"),
            self.tr("Being idle for a break's length counts as that break, with no prompt."),
        )
        self.strict = self._check(
            self.tr("S&trict mode: no skipping or snoozing"),
            self.tr("The break window shows no Skip and no Snooze button."),
        )
        self.respect_dnd = self._check(
            self.tr("Wait while do not &disturb is on or a fullscreen window has focus"),
            self.tr("A presentation, a video call or a game is not interrupted."),
        )
        self.max_wait = self._spin(
            "breaks.max_wait_minutes",
            m,
            self.tr("Longest wait, minutes"),
            self.tr("After this long, the break asks anyway"),
        )
        self.respect_calls = self._check(
            self.tr("Wait during calls: microphone or camera in us&e, or the screen shared"),
            self.tr("A call is not interrupted; the break comes within seconds of its end."),
        )
        self.respect_dnd.toggled.connect(self._update_max_wait)
        self.respect_calls.toggled.connect(self._update_max_wait)
        form.addRow(self.natural)
        form.addRow(self.strict)
        form.addRow(self.respect_dnd)
        form.addRow(self.respect_calls)
        self._add_row(form, self.tr("Wa&it at most:"), self.max_wait, "breaks.max_wait")
        outer.addWidget(flex)
        outer.addStretch(1)
        # One label column across both groups, so the fields line up.
        width = max(label.sizeHint().width() for label in self._row_labels)
        for label in self._row_labels:
            label.setMinimumWidth(width)
        return page

    def _update_max_wait(self) -> None:
        self.max_wait.setEnabled(self.respect_dnd.isChecked() or self.respect_calls.isChecked())

    def _check(self, text: str, description: str = "") -> QCheckBox:
        box = QCheckBox(text, self)
        box.setAccessibleName(text.replace("&", ""))
        if description:
            box.setToolTip(description)
            box.setAccessibleDescription(description)
        box.toggled.connect(self._changed)
        return box

    def _hours_tab(self) -> QWidget:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(12, 12, 12, 12)
        intro = QLabel(
            self.tr(
                "Breaks come only within these hours. Separate several ranges with commas, "
                "for example 09:00-12:30, 13:30-18:00. Leave a day empty for no breaks."
            ),
            page,
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        self.day_edits: dict[str, QLineEdit] = {}
        for i, day in enumerate(WEEKDAYS):
            edit = QLineEdit(page)
            edit.setPlaceholderText(self.tr("no breaks"))
            name = _t(DAY_LABELS[day]).replace("&", "")
            edit.setAccessibleName(self.tr("Work hours on %1").replace("%1", name))
            edit.setAccessibleDescription(self.tr("Ranges like 09:00-12:30, 13:30-18:00"))
            edit.textChanged.connect(self._changed)
            label = QLabel(_t(DAY_LABELS[day]), page)
            label.setBuddy(edit)
            self.day_edits[day] = edit
            grid.addWidget(label, 2 * i, 0, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(edit, 2 * i, 1)
            grid.addWidget(self._error_label(f"work_hours.{day}"), 2 * i + 1, 1)
        grid.setColumnStretch(1, 1)
        outer.addLayout(grid)
        copy_row = QHBoxLayout()
        self.copy_monday = QPushButton(self.tr("Co&py Monday to Tuesday-Friday"), page)
        self.copy_monday.setAccessibleName(self.tr("Copy Monday's hours to the other weekdays"))
        self.copy_monday.clicked.connect(self._copy_monday)
        copy_row.addWidget(self.copy_monday)
        copy_row.addStretch(1)
        outer.addLayout(copy_row)
        outer.addStretch(1)
        return page

    def _copy_monday(self) -> None:
        text = self.day_edits["mon"].text()
        for day in WEEKDAYS[1:5]:
            self.day_edits[day].setText(text)

    def _cards_tab(self) -> QWidget:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.setSpacing(12)
        columns = QHBoxLayout()
        areas = QGroupBox(self.tr("Focus areas (none ticked: all of them)"), page)
        grid = QGridLayout(areas)
        self.area_boxes: dict[str, QCheckBox] = {}
        for i, area in enumerate(AREAS):
            box = self._check(_t(AREA_LABELS[area]))
            self.area_boxes[area] = box
            grid.addWidget(box, i % 4, i // 4)
        columns.addWidget(areas, 3)
        equipment = QGroupBox(self.tr("Equipment at hand"), page)
        col = QVBoxLayout(equipment)
        self.equipment_boxes: dict[str, QCheckBox] = {}
        for item in EQUIPMENT:
            box = self._check(_t(EQUIPMENT_LABELS[item]))
            self.equipment_boxes[item] = box
            col.addWidget(box)
        columns.addWidget(equipment, 2)
        outer.addLayout(columns)
        self.animations = self._check(
            self.tr("Animate the &illustrations"),
            self.tr("Off: cards show one still picture."),
        )
        self.sounds = self._check(
            self.tr("Play a &sound when a break starts and ends"),
        )
        outer.addWidget(self.animations)
        outer.addWidget(self.sounds)
        outer.addStretch(1)
        return page

    def _health_tab(self) -> QWidget:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(12, 12, 12, 12)
        intro = QLabel(QCoreApplication.translate(health.TRANSLATION_CONTEXT, health.INTRO), page)
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.health_boxes: dict[str, QCheckBox] = {}
        for q in health.QUESTIONS:
            text = QCoreApplication.translate(health.TRANSLATION_CONTEXT, q.label)
            box = self._check(text)
            self.health_boxes[q.tag] = box
            outer.addWidget(box)
        row = QHBoxLayout()
        self.notice_button = QPushButton(self.tr("Read the safety &notice…"), page)
        self.notice_button.setAccessibleName(self.tr("Safety notice"))
        self.notice_button.clicked.connect(self._show_notice)
        row.addWidget(self.notice_button)
        row.addStretch(1)
        outer.addSpacing(6)
        outer.addLayout(row)
        outer.addStretch(1)
        return page

    def _show_notice(self) -> None:
        from posture_break.ui.health_dialog import show_safety_notice

        self.notice_dialog = show_safety_notice(self)

    def _general_tab(self) -> QWidget:
        page = QWidget(self)
        form = self._form(page)
        form.setContentsMargins(12, 12, 12, 12)
        self.autostart_box = self._check(
            self.tr("Start posture-break when I log &in"),
        )
        form.addRow(self.autostart_box)
        form.addRow("", self._error_label("app.start_at_login"))
        self.weekly_review = self._check(
            self.tr("S&um up my week after its last work hours"),
            self.tr("A notification with the week's breaks; it opens the charts on that week."),
        )
        form.addRow(self.weekly_review)
        self.language = QComboBox(page)
        for code, name in LANGUAGES:
            self.language.addItem(_t(name) if code == "" else name, code)
        self.language.setAccessibleName(self.tr("Language"))
        self.language.setAccessibleDescription(self.tr("Takes effect the next time the app starts"))
        self.language.currentIndexChanged.connect(self._changed)
        lang_row = QWidget(page)
        row = QHBoxLayout(lang_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.language)
        hint = QLabel(self.tr("(after a restart)"), page)
        hint.setEnabled(False)
        row.addWidget(hint, 1)
        lang_label = QLabel(self.tr("&Language:"), page)
        lang_label.setBuddy(self.language)
        form.addRow(lang_label, lang_row)
        self._sync_row(page, form)
        return page

    def _sync_row(self, page: QWidget, form: QFormLayout) -> None:
        """[sync] folder: a line edit and a folder picker (docs/sync.md)."""
        self.sync_folder = QLineEdit(page)
        self.sync_folder.setPlaceholderText(self.tr("off"))
        self.sync_folder.setAccessibleName(self.tr("Sync folder"))
        self.sync_folder.setAccessibleDescription(
            self.tr("A folder your file sync shares between your computers; empty: off")
        )
        self.sync_folder.textChanged.connect(self._changed)
        self.sync_browse = QPushButton(self.tr("Ch&oose…"), page)
        self.sync_browse.setAccessibleName(self.tr("Choose the sync folder"))
        self.sync_browse.clicked.connect(self._choose_sync_folder)
        sync_row = QWidget(page)
        row = QHBoxLayout(sync_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sync_folder, 1)
        row.addWidget(self.sync_browse)
        sync_label = QLabel(self.tr("S&ync folder:"), page)
        sync_label.setBuddy(self.sync_folder)
        form.addRow(sync_label, sync_row)
        hint = QLabel(
            self.tr(
                "Your break history and streaks follow you across computers through a folder "
                "Syncthing, Nextcloud or Dropbox keeps in step. Settings stay on each computer."
            ),
            page,
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        form.addRow("", hint)

    def _choose_sync_folder(self) -> None:
        start = self.sync_folder.text().strip() or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the sync folder"), str(Path(start).expanduser())
        )
        if chosen:
            self.sync_folder.setText(chosen)

    # --- fields <-> settings -------------------------------------------------------------------

    def load(self, settings: Settings) -> None:
        """Fill every field from ``settings`` (nothing is applied)."""
        self._loading = True
        try:
            self.micro_every.setValue(settings.micro.every_minutes)
            self.micro_seconds.setValue(settings.micro.seconds)
            self.long_every.setValue(settings.long.every_minutes)
            self.long_minutes.setValue(settings.long.minutes)
            self.warning_seconds.setValue(settings.warning.seconds_before)
            self.snooze_minutes.setValue(settings.snooze.minutes)
            self.snooze_max.setValue(settings.snooze.max_in_a_row)
            self.natural.setChecked(settings.idle.natural_breaks)
            self.strict.setChecked(settings.breaks.strict)
            self.respect_dnd.setChecked(settings.breaks.respect_do_not_disturb)
            self.respect_calls.setChecked(settings.breaks.respect_calls)
            self.max_wait.setValue(settings.breaks.max_wait_minutes)
            self._update_max_wait()
            for day, edit in self.day_edits.items():
                edit.setText(format_day(settings.work_hours.get(day, ())))
            for area, box in self.area_boxes.items():
                box.setChecked(area in settings.cards.focus_areas)
            for item, box in self.equipment_boxes.items():
                box.setChecked(item in settings.cards.equipment)
            self.animations.setChecked(settings.cards.animations)
            self.sounds.setChecked(settings.app.sounds)
            for tag, box in self.health_boxes.items():
                box.setChecked(tag in settings.health.tags)
            self.autostart_box.setChecked(settings.app.start_at_login)
            self.weekly_review.setChecked(settings.app.weekly_review)
            index = self.language.findData(settings.app.language)
            self.language.setCurrentIndex(max(0, index))
            self.sync_folder.setText(settings.sync.folder)
        finally:
            self._loading = False
        self._changed()

    def candidate(self) -> Settings:
        """The settings the fields describe; work-hours days that do not parse keep their value."""
        base = self._base
        work_hours = dict(base.work_hours)
        for day, edit in self.day_edits.items():
            with contextlib.suppress(ValueError):
                work_hours[day] = tuple(parse_day(edit.text()))
        return base.replace(
            micro=MicroSettings(self.micro_every.value(), self.micro_seconds.value()),
            long=LongSettings(self.long_every.value(), self.long_minutes.value()),
            warning=WarningSettings(self.warning_seconds.value()),
            snooze=SnoozeSettings(self.snooze_minutes.value(), self.snooze_max.value()),
            idle=dataclasses.replace(base.idle, natural_breaks=self.natural.isChecked()),
            breaks=BreakSettings(
                strict=self.strict.isChecked(),
                respect_do_not_disturb=self.respect_dnd.isChecked(),
                max_wait_minutes=self.max_wait.value(),
                respect_calls=self.respect_calls.isChecked(),
            ),
            cards=CardSettings(
                focus_areas=tuple(a for a, b in self.area_boxes.items() if b.isChecked()),
                equipment=tuple(e for e, b in self.equipment_boxes.items() if b.isChecked()),
                animations=self.animations.isChecked(),
            ),
            health=dataclasses.replace(
                base.health,
                tags=tuple(t for t, b in self.health_boxes.items() if b.isChecked()),
            ),
            app=dataclasses.replace(
                base.app,
                sounds=self.sounds.isChecked(),
                start_at_login=self.autostart_box.isChecked(),
                weekly_review=self.weekly_review.isChecked(),
                language=str(self.language.currentData() or ""),
            ),
            sync=SyncSettings(folder=self.sync_folder.text().strip()),
            work_hours=work_hours,
        )

    def _cross_message(self, key: str, fallback: str) -> str:
        messages = {
            "long.minutes": self.tr("A long break must be longer than a micro-break."),
            "long.every_minutes": self.tr("Long breaks cannot come more often than micro-breaks."),
            "warning.seconds_before": self.tr(
                "The warning must be shorter than the time between micro-breaks."
            ),
        }
        return messages.get(key, fallback)

    def _day_message(self, text: str) -> str | None:
        parts = [p.strip() for p in _SPLIT.split(text) if p.strip()]
        for part in parts:
            try:
                parse_range(part)
            except ValueError:
                return self.tr("“%1” is not a range like 09:00-18:00.").replace("%1", part)
        overlap = check_ranges([parse_range(p) for p in parts])
        if overlap:
            a, b = overlap.split(" and ", 1)
            b = b.removesuffix(" overlap")
            return self.tr("%1 and %2 overlap.").replace("%1", a).replace("%2", b)
        return None

    def _validate(self, settings: Settings) -> dict[str, str]:
        problems: dict[str, str] = {}
        for day, edit in self.day_edits.items():
            message = self._day_message(edit.text())
            if message:
                problems[f"work_hours.{day}"] = message
        for key, message in cross_check(settings):
            problems[key] = self._cross_message(key, message)
        return problems

    def _changed(self, *_args: object) -> None:
        if self._loading:
            return
        settings = self.candidate()
        self.problems = self._validate(settings)
        for key, label in self.error_labels.items():
            message = self.problems.get(key, "")
            if key == "app.start_at_login":
                continue  # set by apply(), not by validation
            label.setText(message)
            label.setVisible(bool(message))
        ok = not self.problems
        self.apply_button.setEnabled(ok)
        self.ok_button.setEnabled(ok)
        if ok:
            self.summary_label.hide()
            self.apply_button.setToolTip("")
        else:
            n = len(self.problems)
            text = (
                self.tr("Fix the marked field to apply.")
                if n == 1
                else self.tr("Fix the %n marked fields to apply.", "", n)
            )
            self.summary_label.setText(text)
            self.summary_label.show()
            self.apply_button.setToolTip(" ".join(self.problems.values()))
        self._sync_preset(settings)
        self.next_label.setText(self.next_break_text(settings) if ok else "")

    def _sync_preset(self, settings: Settings) -> None:
        key = presets.detect_preset(settings)
        index = self.preset.findData(key)
        if index < 0:
            index = self.preset.count() - 1  # Custom
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(index)
        self.preset.blockSignals(False)

    def _preset_chosen(self, index: int) -> None:
        key = self.preset.itemData(index)
        if key is None:
            return
        chosen = presets.apply_preset(str(key), self.candidate())
        self._loading = True
        try:
            self.micro_every.setValue(chosen.micro.every_minutes)
            self.micro_seconds.setValue(chosen.micro.seconds)
            self.long_every.setValue(chosen.long.every_minutes)
            self.long_minutes.setValue(chosen.long.minutes)
        finally:
            self._loading = False
        self._changed()

    # --- the live "Next break at" line ---------------------------------------------------------

    def preview_status(self, settings: Settings) -> Any:
        """The status a copy of the running planner would have with ``settings`` applied."""
        from posture_break.core.planner import Planner

        live = self.controller.planner
        copy = Planner(live.settings, self.controller.clock, state=live.to_state())
        copy.apply_settings(settings)
        return copy.status()

    def next_break_text(self, settings: Settings) -> str:
        try:
            status = self.preview_status(settings)
        except Exception:  # a preview must never break the dialog
            log.exception("settings preview failed")
            return ""
        now = status.now
        if status.phase.value == "paused":
            return self.tr("Breaks are paused.")
        if status.phase.value == "break":
            return self.tr("A break is on now.")
        if status.next_due is not None and status.next_kind is not None:
            when = format_when(status.next_due, now, status_messages())
            if status.next_kind == "long":
                return self.tr("Next break at %1 (a long break)").replace("%1", when)
            return self.tr("Next break at %1 (a micro-break)").replace("%1", when)
        if status.off_until is not None:
            when = format_when(status.off_until, now, status_messages())
            return self.tr("No breaks until work hours begin, %1").replace("%1", when)
        if not any(settings.work_hours.get(d) for d in WEEKDAYS):
            return self.tr("No work hours set: no breaks.")
        return self.tr("No more breaks in these work hours.")

    # --- buttons -------------------------------------------------------------------------------

    def restore_defaults(self) -> None:
        defaults = Settings()
        keep = defaults.replace(health=self._base.health)
        self.load(keep)

    def apply(self) -> bool:
        """Validate, save and apply. False (and nothing saved) while a field has a problem."""
        self._changed()
        if self.problems:
            return False
        new = self.candidate()
        old = self._base
        label = self.error_labels["app.start_at_login"]
        label.hide()
        if new.app.start_at_login != old.app.start_at_login:
            try:
                self._set_autostart(new.app.start_at_login)
            except OSError as exc:
                label.setText(
                    self.tr("Could not change start at login: %1").replace("%1", str(exc))
                )
                label.show()
                new = new.replace(app=dataclasses.replace(new.app, start_at_login=False))
        self.controller.save_settings(new)
        self._base = self.controller.settings
        self.applied.emit(self._base)
        self._changed()
        return True

    def _ok(self) -> None:
        if self.apply():
            self.accept()

    def showEvent(self, event: QShowEvent) -> None:
        """Reopened from the tray: start from what is in effect, not from last time's edits."""
        if not event.spontaneous() and self.controller.settings != self._base:
            self._base = self.controller.settings
            self.load(self._base)
        super().showEvent(event)

    def reject(self) -> None:
        self.load(self._base)
        super().reject()

    # --- for tests and the keyboard walk -------------------------------------------------------

    def focusable_controls(self) -> list[QWidget]:
        kinds = (QAbstractButton, QSpinBox, QLineEdit, QComboBox)
        inner = (QSpinBox, QComboBox)  # their own line edits are part of them
        return [
            w
            for w in self.findChildren(QWidget)
            if isinstance(w, kinds) and not isinstance(w.parent(), inner)
        ]
