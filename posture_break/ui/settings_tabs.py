"""Four tabs of the settings dialog, one class each: work hours, cards, health, general.

The first, breaks, is in ui/settings_breaks.py.

A tab builds its fields, fills them from settings (``load``) and writes them back (``apply_to``);
the dialog (ui/settings_dialog.py) validates the whole candidate and applies it. Words are in the
dialog's translation context, "SettingsDialog".
"""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from posture_break.core import health
from posture_break.core.model import WEEKDAYS
from posture_break.core.settings import (
    AREAS,
    EQUIPMENT,
    CardSettings,
    Settings,
    SyncSettings,
)
from posture_break.ui.settings_form import (
    AREA_LABELS,
    DAY_LABELS,
    EQUIPMENT_LABELS,
    LANGUAGES,
    SettingsPage,
    format_day,
    parse_day,
)


class HoursTab(SettingsPage):
    """Work hours per weekday, as text ranges."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        intro = QLabel(
            QCoreApplication.translate(
                "SettingsDialog",
                "Breaks come only within these hours. Separate several ranges with commas, "
                "for example 09:00-12:30, 13:30-18:00. Leave a day empty for no breaks.",
            ),
            self,
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        self.day_edits: dict[str, QLineEdit] = {}
        for i, day in enumerate(WEEKDAYS):
            edit = QLineEdit(self)
            edit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", "no breaks"))
            label_text = QCoreApplication.translate("SettingsDialog", DAY_LABELS[day])
            name = label_text.replace("&", "")
            edit.setAccessibleName(
                QCoreApplication.translate("SettingsDialog", "Work hours on %1").replace("%1", name)
            )
            edit.setAccessibleDescription(
                QCoreApplication.translate("SettingsDialog", "Ranges like 09:00-12:30, 13:30-18:00")
            )
            edit.textChanged.connect(self.changed)
            label = QLabel(label_text, self)
            label.setBuddy(edit)
            self.day_edits[day] = edit
            grid.addWidget(label, 2 * i, 0, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(edit, 2 * i, 1)
            grid.addWidget(self.error_label(f"work_hours.{day}"), 2 * i + 1, 1)
        grid.setColumnStretch(1, 1)
        outer.addLayout(grid)
        copy_row = QHBoxLayout()
        self.copy_monday = QPushButton(
            QCoreApplication.translate("SettingsDialog", "Co&py Monday to Tuesday-Friday"), self
        )
        self.copy_monday.setAccessibleName(
            QCoreApplication.translate(
                "SettingsDialog", "Copy Monday's hours to the other weekdays"
            )
        )
        self.copy_monday.clicked.connect(self._copy_monday)
        copy_row.addWidget(self.copy_monday)
        copy_row.addStretch(1)
        outer.addLayout(copy_row)
        outer.addStretch(1)

    def _copy_monday(self) -> None:
        text = self.day_edits["mon"].text()
        for day in WEEKDAYS[1:5]:
            self.day_edits[day].setText(text)

    def load(self, settings: Settings) -> None:
        for day, edit in self.day_edits.items():
            edit.setText(format_day(settings.work_hours.get(day, ())))

    def apply_to(self, settings: Settings) -> Settings:
        """Days that do not parse keep their value in ``settings``."""
        work_hours = dict(settings.work_hours)
        for day, edit in self.day_edits.items():
            with contextlib.suppress(ValueError):
                work_hours[day] = tuple(parse_day(edit.text()))
        return settings.replace(work_hours=work_hours)


class CardsTab(SettingsPage):
    """Focus areas, equipment, animations and sounds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.setSpacing(12)
        columns = QHBoxLayout()
        areas = QGroupBox(
            QCoreApplication.translate("SettingsDialog", "Focus areas (none ticked: all of them)"),
            self,
        )
        grid = QGridLayout(areas)
        self.area_boxes: dict[str, QCheckBox] = {}
        for i, area in enumerate(AREAS):
            box = self.check(QCoreApplication.translate("SettingsDialog", AREA_LABELS[area]))
            self.area_boxes[area] = box
            grid.addWidget(box, i % 4, i // 4)
        columns.addWidget(areas, 3)
        equipment = QGroupBox(
            QCoreApplication.translate("SettingsDialog", "Equipment at hand"), self
        )
        col = QVBoxLayout(equipment)
        self.equipment_boxes: dict[str, QCheckBox] = {}
        for item in EQUIPMENT:
            box = self.check(QCoreApplication.translate("SettingsDialog", EQUIPMENT_LABELS[item]))
            self.equipment_boxes[item] = box
            col.addWidget(box)
        columns.addWidget(equipment, 2)
        outer.addLayout(columns)
        self.animations = self.check(
            QCoreApplication.translate("SettingsDialog", "Animate the &illustrations"),
            QCoreApplication.translate("SettingsDialog", "Off: cards show one still picture."),
        )
        self.sounds = self.check(
            QCoreApplication.translate(
                "SettingsDialog", "Play a &sound when a break starts and ends"
            ),
        )
        outer.addWidget(self.animations)
        outer.addWidget(self.sounds)
        outer.addStretch(1)

    def load(self, settings: Settings) -> None:
        for area, box in self.area_boxes.items():
            box.setChecked(area in settings.cards.focus_areas)
        for item, box in self.equipment_boxes.items():
            box.setChecked(item in settings.cards.equipment)
        self.animations.setChecked(settings.cards.animations)
        self.sounds.setChecked(settings.app.sounds)

    def apply_to(self, settings: Settings) -> Settings:
        return settings.replace(
            cards=CardSettings(
                focus_areas=tuple(a for a, b in self.area_boxes.items() if b.isChecked()),
                equipment=tuple(e for e, b in self.equipment_boxes.items() if b.isChecked()),
                animations=self.animations.isChecked(),
            ),
            app=dataclasses.replace(settings.app, sounds=self.sounds.isChecked()),
        )


class HealthTab(SettingsPage):
    """The health questions (core/health.py) and the safety notice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        intro = QLabel(QCoreApplication.translate(health.TRANSLATION_CONTEXT, health.INTRO), self)
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.health_boxes: dict[str, QCheckBox] = {}
        for q in health.QUESTIONS:
            box = self.check(QCoreApplication.translate(health.TRANSLATION_CONTEXT, q.label))
            self.health_boxes[q.tag] = box
            outer.addWidget(box)
        row = QHBoxLayout()
        self.notice_button = QPushButton(
            QCoreApplication.translate("SettingsDialog", "Read the safety &notice…"), self
        )
        self.notice_button.setAccessibleName(
            QCoreApplication.translate("SettingsDialog", "Safety notice")
        )
        self.notice_button.clicked.connect(self._show_notice)
        row.addWidget(self.notice_button)
        row.addStretch(1)
        outer.addSpacing(6)
        outer.addLayout(row)
        outer.addStretch(1)

    def _show_notice(self) -> None:
        from posture_break.ui.health_dialog import show_safety_notice

        self.notice_dialog = show_safety_notice(self.window())

    def load(self, settings: Settings) -> None:
        for tag, box in self.health_boxes.items():
            box.setChecked(tag in settings.health.tags)

    def apply_to(self, settings: Settings) -> Settings:
        tags = tuple(t for t, b in self.health_boxes.items() if b.isChecked())
        return settings.replace(health=dataclasses.replace(settings.health, tags=tags))


class GeneralTab(SettingsPage):
    """Start at login, the weekly review, the language and the sync folder."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = self.form(self)
        form.setContentsMargins(12, 12, 12, 12)
        self.autostart_box = self.check(
            QCoreApplication.translate("SettingsDialog", "Start posture-break when I log &in"),
        )
        form.addRow(self.autostart_box)
        form.addRow("", self.error_label("app.start_at_login"))
        self.weekly_review = self.check(
            QCoreApplication.translate(
                "SettingsDialog", "S&um up my week after its last work hours"
            ),
            QCoreApplication.translate(
                "SettingsDialog",
                "A notification with the week's breaks; it opens the charts on that week.",
            ),
        )
        form.addRow(self.weekly_review)
        self.language = QComboBox(self)
        for code, name in LANGUAGES:
            text = QCoreApplication.translate("SettingsDialog", name) if code == "" else name
            self.language.addItem(text, code)
        self.language.setAccessibleName(QCoreApplication.translate("SettingsDialog", "Language"))
        self.language.setAccessibleDescription(
            QCoreApplication.translate(
                "SettingsDialog", "Takes effect the next time the app starts"
            )
        )
        self.language.currentIndexChanged.connect(self.changed)
        lang_row = QWidget(self)
        row = QHBoxLayout(lang_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.language)
        hint = QLabel(QCoreApplication.translate("SettingsDialog", "(after a restart)"), self)
        hint.setEnabled(False)
        row.addWidget(hint, 1)
        lang_label = QLabel(QCoreApplication.translate("SettingsDialog", "&Language:"), self)
        lang_label.setBuddy(self.language)
        form.addRow(lang_label, lang_row)
        self._sync_row(form)

    def _sync_row(self, form: QFormLayout) -> None:
        """[sync] folder: a line edit and a folder picker (docs/sync.md)."""
        self.sync_folder = QLineEdit(self)
        self.sync_folder.setPlaceholderText(QCoreApplication.translate("SettingsDialog", "off"))
        self.sync_folder.setAccessibleName(
            QCoreApplication.translate("SettingsDialog", "Sync folder")
        )
        self.sync_folder.setAccessibleDescription(
            QCoreApplication.translate(
                "SettingsDialog",
                "A folder your file sync shares between your computers; empty: off",
            )
        )
        self.sync_folder.textChanged.connect(self.changed)
        self.sync_browse = QPushButton(
            QCoreApplication.translate("SettingsDialog", "Ch&oose…"), self
        )
        self.sync_browse.setAccessibleName(
            QCoreApplication.translate("SettingsDialog", "Choose the sync folder")
        )
        self.sync_browse.clicked.connect(self._choose_sync_folder)
        sync_row = QWidget(self)
        row = QHBoxLayout(sync_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sync_folder, 1)
        row.addWidget(self.sync_browse)
        sync_label = QLabel(QCoreApplication.translate("SettingsDialog", "S&ync folder:"), self)
        sync_label.setBuddy(self.sync_folder)
        form.addRow(sync_label, sync_row)
        hint = QLabel(
            QCoreApplication.translate(
                "SettingsDialog",
                "Your break history and streaks follow you across computers through a folder "
                "Syncthing, Nextcloud or Dropbox keeps in step. Settings stay on each computer.",
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        form.addRow("", hint)

    def _choose_sync_folder(self) -> None:
        start = self.sync_folder.text().strip() or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(
            self,
            QCoreApplication.translate("SettingsDialog", "Choose the sync folder"),
            str(Path(start).expanduser()),
        )
        if chosen:
            self.sync_folder.setText(chosen)

    def load(self, settings: Settings) -> None:
        self.autostart_box.setChecked(settings.app.start_at_login)
        self.weekly_review.setChecked(settings.app.weekly_review)
        index = self.language.findData(settings.app.language)
        self.language.setCurrentIndex(max(0, index))
        self.sync_folder.setText(settings.sync.folder)

    def apply_to(self, settings: Settings) -> Settings:
        return settings.replace(
            app=dataclasses.replace(
                settings.app,
                start_at_login=self.autostart_box.isChecked(),
                weekly_review=self.weekly_review.isChecked(),
                language=str(self.language.currentData() or ""),
            ),
            sync=SyncSettings(folder=self.sync_folder.text().strip()),
        )
