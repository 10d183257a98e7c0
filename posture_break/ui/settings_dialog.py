"""The settings dialog: presets and every setting behind them, checked as you type.

The dialog holds no rules of its own. Values are checked with the core's ``parse_range``,
``find_overlap`` and ``cross_check``, whose problems come back as data (the setting's key, the two
ranges that overlap) and are worded here, whole, in the person's language. The "Next break at" line
is :meth:`SettingsDialog.preview_status`. Apply hands the new settings to the host
(``BreakApp.save_settings``), which writes the file (keeping keys it does not know) and
reschedules at once; start at login is switched by ``posture_break.platform.autostart``.

The five tabs are classes of their own (ui/settings_breaks.py, ui/settings_tabs.py); this module
puts them together, validates, previews and applies.

Restore defaults fills the fields with the defaults but keeps the health answers: those are facts
about the person that hide unsafe cards, not preferences, and silently un-ticking them could bring
back a card they were told to avoid.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from posture_break.core import presets
from posture_break.core.model import WEEKDAYS
from posture_break.core.settings import (
    Settings,
    cross_check,
    find_overlap,
    format_range,
    parse_range,
)
from posture_break.core.status import Phase, format_when
from posture_break.platform import autostart
from posture_break.ui.i18n import status_messages
from posture_break.ui.settings_breaks import BreaksTab
from posture_break.ui.settings_form import ERROR_STYLE, SPLIT, SettingsPage
from posture_break.ui.settings_tabs import CardsTab, GeneralTab, HealthTab, HoursTab

if TYPE_CHECKING:
    from posture_break.core.clock import Clock
    from posture_break.core.planner import Planner
    from posture_break.core.status import Status

log = logging.getLogger("posture_break")


class SettingsHost(Protocol):
    """What the dialog needs from the app (``BreakApp``): nothing more."""

    @property
    def settings(self) -> Settings: ...

    @property
    def planner(self) -> Planner: ...  # read for the "Next break at" preview only

    @property
    def clock(self) -> Clock: ...

    def save_settings(self, settings: Settings) -> None: ...


class SettingsDialog(QDialog):
    """``SettingsDialog(host)``; the host is the app's ``BreakApp`` (see :class:`SettingsHost`)."""

    applied = Signal(object)  # the Settings just applied

    def __init__(
        self,
        controller: SettingsHost,
        parent: QWidget | None = None,
        *,
        set_autostart: Callable[[bool], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        # Start at login is the platform's business: posture_break/platform/autostart.py.
        self._set_autostart = set_autostart or (lambda on: autostart.set_autostart(on))
        self._loading = False
        self._base: Settings = controller.settings
        self.problems: dict[str, str] = {}

        self.setWindowTitle(self.tr("posture-break settings"))
        self.setAccessibleName(self.tr("Settings"))
        self.setSizeGripEnabled(True)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Settings sections"))
        self.breaks_tab = BreaksTab(self)
        self.tabs.addTab(self.breaks_tab, self.tr("&Breaks"))
        self.hours_tab = HoursTab(self)
        self.tabs.addTab(self.hours_tab, self.tr("&Work hours"))
        self.cards_tab = CardsTab(self)
        self.tabs.addTab(self.cards_tab, self.tr("&Cards"))
        self.health_tab = HealthTab(self)
        self.tabs.addTab(self.health_tab, self.tr("&Health"))
        self.general_tab = GeneralTab(self)
        self.tabs.addTab(self.general_tab, self.tr("&General"))
        self.pages: tuple[SettingsPage, ...] = (
            self.breaks_tab,
            self.hours_tab,
            self.cards_tab,
            self.health_tab,
            self.general_tab,
        )
        self.error_labels: dict[str, QLabel] = {}
        for page in self.pages:
            self.error_labels.update(page.error_labels)
            page.changed.connect(self._changed)
        self.breaks_tab.preset_chosen.connect(self._preset_chosen)

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

    # --- fields <-> settings -------------------------------------------------------------------

    def load(self, settings: Settings) -> None:
        """Fill every field from ``settings`` (nothing is applied)."""
        self._loading = True
        try:
            for page in self.pages:
                page.load(settings)
        finally:
            self._loading = False
        self._changed()

    def candidate(self) -> Settings:
        """The settings the fields describe; work-hours days that do not parse keep their value."""
        settings = self._base
        for page in self.pages:
            settings = page.apply_to(settings)
        return settings

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
        parts = [p.strip() for p in SPLIT.split(text) if p.strip()]
        for part in parts:
            try:
                parse_range(part)
            except ValueError:
                return self.tr("“%1” is not a range like 09:00-18:00.").replace("%1", part)
        overlap = find_overlap([parse_range(p) for p in parts])
        if overlap:
            first, second = (format_range(r) for r in overlap)
            return self.tr("%1 and %2 overlap.").replace("%1", first).replace("%2", second)
        return None

    def _validate(self, settings: Settings) -> dict[str, str]:
        problems: dict[str, str] = {}
        for day, edit in self.hours_tab.day_edits.items():
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
        self.breaks_tab.show_preset(presets.detect_preset(settings))
        self.next_label.setText(self.next_break_text(settings) if ok else "")

    def _preset_chosen(self, key: str) -> None:
        chosen = presets.apply_preset(key, self.candidate())
        self._loading = True
        try:
            self.breaks_tab.set_rhythm(chosen)
        finally:
            self._loading = False
        self._changed()

    # --- the live "Next break at" line ---------------------------------------------------------

    def preview_status(self, settings: Settings) -> Status:
        """The status the running planner would have with ``settings`` applied."""
        return self.controller.planner.preview(settings)

    def next_break_text(self, settings: Settings) -> str:
        try:
            status = self.preview_status(settings)
        except Exception:  # a preview must never break the dialog
            log.exception("settings preview failed")
            return ""
        now = status.now
        if status.phase is Phase.PAUSED:
            return self.tr("Breaks are paused.")
        if status.phase is Phase.BREAK:
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
