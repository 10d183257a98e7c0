"""The first tab of the settings dialog: the preset, the break rhythm, snoozing and waiting.

Words are in the dialog's translation context, "SettingsDialog".
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from posture_break.core import presets
from posture_break.core.settings import (
    BreakSettings,
    LongSettings,
    MicroSettings,
    Settings,
    SnoozeSettings,
    WarningSettings,
)
from posture_break.ui.settings_form import (
    PRESET_LABELS,
    SettingsPage,
)


class BreaksTab(SettingsPage):
    """The preset, the break rhythm, snoozing and waiting."""

    preset_chosen = Signal(str)  # the key of the preset picked from the list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._row_labels: list[QLabel] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.setSpacing(12)

        preset_row = QHBoxLayout()
        self.preset = QComboBox(self)
        for p in presets.PRESETS:
            name = QCoreApplication.translate("SettingsDialog", PRESET_LABELS.get(p.key, p.label))
            self.preset.addItem(name, p.key)
        self.preset.addItem(QCoreApplication.translate("SettingsDialog", "Custom"), None)
        self.preset.setAccessibleName(QCoreApplication.translate("SettingsDialog", "Preset"))
        self.preset.setAccessibleDescription(
            QCoreApplication.translate(
                "SettingsDialog", "Choosing a preset fills in the break rhythm below."
            )
        )
        self.preset.activated.connect(self._preset_activated)
        preset_label = QLabel(QCoreApplication.translate("SettingsDialog", "&Preset:"), self)
        preset_label.setBuddy(self.preset)
        preset_row.addWidget(preset_label)
        preset_row.addWidget(self.preset, 1)
        outer.addLayout(preset_row)

        rhythm = QGroupBox(QCoreApplication.translate("SettingsDialog", "Rhythm"), self)
        form = self.form(rhythm)
        m = QCoreApplication.translate("SettingsDialog", " min")
        s = QCoreApplication.translate("SettingsDialog", " s")
        self.micro_every = self.spin(
            "micro.every_minutes",
            m,
            QCoreApplication.translate("SettingsDialog", "Micro-break every, minutes"),
            QCoreApplication.translate("SettingsDialog", "Suggested: 10 to 60 minutes"),
        )
        self.micro_seconds = self.spin(
            "micro.seconds",
            s,
            QCoreApplication.translate("SettingsDialog", "Micro-break length, seconds"),
            QCoreApplication.translate("SettingsDialog", "Suggested: 20 to 60 seconds"),
        )
        self.long_every = self.spin(
            "long.every_minutes",
            m,
            QCoreApplication.translate("SettingsDialog", "Long break every, minutes"),
            QCoreApplication.translate("SettingsDialog", "Suggested: 45 to 90 minutes"),
        )
        self.long_minutes = self.spin(
            "long.minutes",
            m,
            QCoreApplication.translate("SettingsDialog", "Long break length, minutes"),
            QCoreApplication.translate("SettingsDialog", "Suggested: 3 to 10 minutes"),
        )
        self.warning_seconds = self.spin(
            "warning.seconds_before",
            s,
            QCoreApplication.translate("SettingsDialog", "Warning before a break, seconds"),
            QCoreApplication.translate("SettingsDialog", "0 means no warning"),
        )
        self.warning_seconds.setSpecialValueText(
            QCoreApplication.translate("SettingsDialog", "No warning")
        )
        self._add_row(
            form,
            QCoreApplication.translate("SettingsDialog", "&Micro-break every:"),
            self.micro_every,
            "micro.every_minutes",
        )
        self._add_row(
            form,
            QCoreApplication.translate("SettingsDialog", "Micro-break &lasts:"),
            self.micro_seconds,
            "micro.seconds",
        )
        self._add_row(
            form,
            QCoreApplication.translate("SettingsDialog", "L&ong break every:"),
            self.long_every,
            "long.every_minutes",
        )
        self._add_row(
            form,
            QCoreApplication.translate("SettingsDialog", "Long break la&sts:"),
            self.long_minutes,
            "long.minutes",
        )
        self._add_row(
            form,
            QCoreApplication.translate("SettingsDialog", "Warn before a brea&k:"),
            self.warning_seconds,
            "warning.seconds_before",
        )
        outer.addWidget(rhythm)
        outer.addWidget(self._waiting_group(m))
        outer.addStretch(1)
        # One label column across both groups, so the fields line up.
        width = max(label.sizeHint().width() for label in self._row_labels)
        for label in self._row_labels:
            label.setMinimumWidth(width)

    def _waiting_group(self, m: str) -> QGroupBox:
        flex = QGroupBox(QCoreApplication.translate("SettingsDialog", "Snoozing and waiting"), self)
        form = self.form(flex)
        self.snooze_minutes = self.spin(
            "snooze.minutes",
            m,
            QCoreApplication.translate("SettingsDialog", "Snooze length, minutes"),
        )
        self.snooze_max = self.spin(
            "snooze.max_in_a_row",
            "",
            QCoreApplication.translate("SettingsDialog", "Snoozes in a row"),
            QCoreApplication.translate("SettingsDialog", "How often one break can be put off"),
        )
        self.snooze_max.setSpecialValueText(QCoreApplication.translate("SettingsDialog", "None"))
        self._add_row(
            form,
            QCoreApplication.translate("SettingsDialog", "S&nooze for:"),
            self.snooze_minutes,
            "snooze.minutes",
        )
        self._add_row(
            form,
            QCoreApplication.translate("SettingsDialog", "Snoo&zes in a row:"),
            self.snooze_max,
            "snooze.max_in_a_row",
        )
        self.natural = self.check(
            QCoreApplication.translate(
                "SettingsDialog", "Count time awa&y from the computer as a break"
            ),
            QCoreApplication.translate(
                "SettingsDialog",
                "Being idle for a break's length counts as that break, with no prompt.",
            ),
        )
        self.strict = self.check(
            QCoreApplication.translate("SettingsDialog", "S&trict mode: no skipping or snoozing"),
            QCoreApplication.translate(
                "SettingsDialog", "The break window shows no Skip and no Snooze button."
            ),
        )
        self.respect_dnd = self.check(
            QCoreApplication.translate(
                "SettingsDialog",
                "Wait while do not &disturb is on or a fullscreen window has focus",
            ),
            QCoreApplication.translate(
                "SettingsDialog", "A presentation, a video call or a game is not interrupted."
            ),
        )
        self.max_wait = self.spin(
            "breaks.max_wait_minutes",
            m,
            QCoreApplication.translate("SettingsDialog", "Longest wait, minutes"),
            QCoreApplication.translate("SettingsDialog", "After this long, the break asks anyway"),
        )
        self.respect_calls = self.check(
            QCoreApplication.translate(
                "SettingsDialog",
                "Wait during calls: microphone or camera in us&e, or the screen shared",
            ),
            QCoreApplication.translate(
                "SettingsDialog",
                "A call is not interrupted; the break comes within seconds of its end.",
            ),
        )
        self.respect_dnd.toggled.connect(self.update_max_wait)
        self.respect_calls.toggled.connect(self.update_max_wait)
        form.addRow(self.natural)
        form.addRow(self.strict)
        form.addRow(self.respect_dnd)
        form.addRow(self.respect_calls)
        self._add_row(
            form,
            QCoreApplication.translate("SettingsDialog", "Wa&it at most:"),
            self.max_wait,
            "breaks.max_wait",
        )
        return flex

    def _add_row(self, form: QFormLayout, text: str, field: QWidget, key: str) -> None:
        """A labelled row whose mnemonic focuses the field itself, with its problem label."""
        label = QLabel(text, self)
        label.setBuddy(field)
        self._row_labels.append(label)
        form.addRow(label, self.with_error(field, key))

    def update_max_wait(self) -> None:
        self.max_wait.setEnabled(self.respect_dnd.isChecked() or self.respect_calls.isChecked())

    def _preset_activated(self, index: int) -> None:
        key = self.preset.itemData(index)
        if key is not None:
            self.preset_chosen.emit(str(key))

    def show_preset(self, key: str | None) -> None:
        """Select the preset ``key`` describes (None: Custom) without emitting anything."""
        index = self.preset.findData(key)
        if index < 0:
            index = self.preset.count() - 1  # Custom
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(index)
        self.preset.blockSignals(False)

    def set_rhythm(self, settings: Settings) -> None:
        """The four fields a preset sets."""
        self.micro_every.setValue(settings.micro.every_minutes)
        self.micro_seconds.setValue(settings.micro.seconds)
        self.long_every.setValue(settings.long.every_minutes)
        self.long_minutes.setValue(settings.long.minutes)

    def load(self, settings: Settings) -> None:
        self.set_rhythm(settings)
        self.warning_seconds.setValue(settings.warning.seconds_before)
        self.snooze_minutes.setValue(settings.snooze.minutes)
        self.snooze_max.setValue(settings.snooze.max_in_a_row)
        self.natural.setChecked(settings.idle.natural_breaks)
        self.strict.setChecked(settings.breaks.strict)
        self.respect_dnd.setChecked(settings.breaks.respect_do_not_disturb)
        self.respect_calls.setChecked(settings.breaks.respect_calls)
        self.max_wait.setValue(settings.breaks.max_wait_minutes)
        self.update_max_wait()

    def apply_to(self, settings: Settings) -> Settings:
        return settings.replace(
            micro=MicroSettings(self.micro_every.value(), self.micro_seconds.value()),
            long=LongSettings(self.long_every.value(), self.long_minutes.value()),
            warning=WarningSettings(self.warning_seconds.value()),
            snooze=SnoozeSettings(self.snooze_minutes.value(), self.snooze_max.value()),
            idle=dataclasses.replace(settings.idle, natural_breaks=self.natural.isChecked()),
            breaks=BreakSettings(
                strict=self.strict.isChecked(),
                respect_do_not_disturb=self.respect_dnd.isChecked(),
                max_wait_minutes=self.max_wait.value(),
                respect_calls=self.respect_calls.isChecked(),
            ),
        )
