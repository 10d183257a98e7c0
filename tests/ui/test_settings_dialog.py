"""The settings dialog against a real planner on a fake clock and a real settings file."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QComboBox, QLabel, QLineEdit, QSpinBox

from posture_break.core import presets
from posture_break.core.clock import FakeClock
from posture_break.core.planner import Planner
from posture_break.core.settings import (
    HealthSettings,
    MicroSettings,
    Settings,
    load_settings,
    save_settings,
)
from posture_break.ui.settings_dialog import SettingsDialog

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

TZ = ZoneInfo("Europe/Berlin")
WEDNESDAY_10 = datetime(2026, 11, 18, 10, 0, tzinfo=TZ)


class Controller:
    """The slice of BreakApp the dialog uses, with the same save-then-apply behaviour."""

    def __init__(self, path: Path, settings: Settings, raw: dict[str, Any] | None = None) -> None:
        self.path = path
        self.clock = FakeClock(WEDNESDAY_10)
        self.settings = settings
        self.settings_raw = raw or {}
        self.planner = Planner(settings, self.clock)
        self.planner.tick()
        self.saved: list[Settings] = []

    def save_settings(self, settings: Settings) -> None:
        save_settings(self.path, settings, self.settings_raw)
        self.saved.append(settings)
        self.settings = settings
        self.planner.apply_settings(settings)


@pytest.fixture
def controller(tmp_path: Path) -> Controller:
    return Controller(tmp_path / "settings.toml", Settings())


@pytest.fixture
def autostart_calls() -> list[bool]:
    return []


@pytest.fixture
def dialog(qtbot, controller: Controller, autostart_calls: list[bool]) -> SettingsDialog:
    d = SettingsDialog(controller, set_autostart=autostart_calls.append)
    qtbot.addWidget(d)
    d.show()
    return d


def _fields(d: SettingsDialog) -> tuple[int, int, int, int]:
    return (
        d.breaks_tab.micro_every.value(),
        d.breaks_tab.micro_seconds.value(),
        d.breaks_tab.long_every.value(),
        d.breaks_tab.long_minutes.value(),
    )


def test_fields_show_the_settings_in_effect(qtbot, tmp_path: Path) -> None:
    s = Settings(
        micro=MicroSettings(20, 40),
        work_hours={**Settings().work_hours, "mon": ((540, 750), (810, 1080)), "tue": ()},
        health=HealthSettings(asked=True, tags=("pregnancy",)),
    )
    d = SettingsDialog(Controller(tmp_path / "s.toml", s))
    qtbot.addWidget(d)
    assert _fields(d) == (20, 40, 60, 5)
    assert d.hours_tab.day_edits["mon"].text() == "09:00-12:30, 13:30-18:00"
    assert d.hours_tab.day_edits["tue"].text() == ""
    assert d.health_tab.health_boxes["pregnancy"].isChecked()
    assert not d.health_tab.health_boxes["skin"].isChecked()
    assert d.breaks_tab.preset.currentData() is None  # custom
    assert d.candidate() == s


@pytest.mark.parametrize("preset", presets.PRESETS, ids=lambda p: p.key)
def test_each_preset_fills_the_fields(dialog: SettingsDialog, preset: presets.Preset) -> None:
    dialog.breaks_tab.micro_every.setValue(17)  # start from custom values
    assert dialog.breaks_tab.preset.currentData() is None
    index = dialog.breaks_tab.preset.findData(preset.key)
    dialog.breaks_tab.preset.setCurrentIndex(index)
    dialog.breaks_tab.preset.activated.emit(index)
    assert _fields(dialog) == (
        preset.micro.every_minutes,
        preset.micro.seconds,
        preset.long.every_minutes,
        preset.long.minutes,
    )
    assert dialog.breaks_tab.preset.currentData() == preset.key
    assert dialog.apply_button.isEnabled()


def test_editing_a_preset_value_makes_it_custom(dialog: SettingsDialog) -> None:
    assert dialog.breaks_tab.preset.currentData() == "evidence"
    dialog.breaks_tab.long_minutes.setValue(6)
    assert dialog.breaks_tab.preset.currentData() is None
    assert dialog.breaks_tab.preset.currentText() == "Custom"


def test_long_break_shorter_than_micro_disables_apply(dialog: SettingsDialog) -> None:
    dialog.breaks_tab.micro_seconds.setValue(120)
    dialog.breaks_tab.long_minutes.setValue(2)
    label = dialog.error_labels["long.minutes"]
    assert label.isVisible()
    assert "longer than a micro-break" in label.text()
    assert not dialog.apply_button.isEnabled()
    assert not dialog.ok_button.isEnabled()
    assert dialog.summary_label.isVisible()
    assert not dialog.next_label.text()
    assert dialog.apply() is False  # nothing saved
    dialog.breaks_tab.long_minutes.setValue(3)
    assert not label.isVisible()
    assert dialog.apply_button.isEnabled()
    assert not dialog.summary_label.isVisible()


def test_long_breaks_more_often_than_micro_disables_apply(dialog: SettingsDialog) -> None:
    dialog.breaks_tab.long_every.setValue(20)
    assert "more often" in dialog.error_labels["long.every_minutes"].text()
    assert dialog.error_labels["long.every_minutes"].isVisible()
    assert not dialog.apply_button.isEnabled()


def test_warning_longer_than_interval_disables_apply(dialog: SettingsDialog) -> None:
    dialog.breaks_tab.micro_every.setValue(4)
    dialog.breaks_tab.warning_seconds.setValue(240)
    assert dialog.error_labels["warning.seconds_before"].isVisible()
    assert not dialog.apply_button.isEnabled()


def test_bad_and_overlapping_work_hours(
    qtbot, dialog: SettingsDialog, controller: Controller
) -> None:
    dialog.tabs.setCurrentIndex(1)
    dialog.hours_tab.day_edits["mon"].setText("09:00-12:30, 12:00-18:00")
    dialog.hours_tab.day_edits["tue"].setText("9 to 5")
    mon = dialog.error_labels["work_hours.mon"]
    tue = dialog.error_labels["work_hours.tue"]
    assert mon.isVisible()
    assert mon.text() == "09:00-12:30 and 12:00-18:00 overlap."
    assert "9 to 5" in tue.text()
    assert not dialog.apply_button.isEnabled()
    assert "3" not in dialog.summary_label.text()
    assert "2" in dialog.summary_label.text()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert controller.saved == []

    dialog.hours_tab.day_edits["mon"].setText("09:00-12:00; 12:00-18:00")  # touching is fine
    dialog.hours_tab.day_edits["tue"].setText("")  # empty = no breaks that day
    assert not mon.isVisible()
    assert dialog.apply_button.isEnabled()
    assert dialog.candidate().work_hours["mon"] == ((540, 720), (720, 1080))
    assert dialog.candidate().work_hours["tue"] == ()


def test_apply_saves_and_reschedules_at_once(
    qtbot, dialog: SettingsDialog, controller: Controller
) -> None:
    assert controller.planner.status().next_due == WEDNESDAY_10 + timedelta(minutes=30)
    assert "10:30" in dialog.next_label.text()

    dialog.breaks_tab.micro_every.setValue(20)
    # the live line follows the fields; the running planner does not, yet
    assert "10:20" in dialog.next_label.text()
    assert controller.planner.status().next_due == WEDNESDAY_10 + timedelta(minutes=30)

    with qtbot.waitSignal(dialog.applied, timeout=1000):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert len(controller.saved) == 1
    assert controller.saved[0].micro.every_minutes == 20
    status = controller.planner.status()
    assert status.next_due == WEDNESDAY_10 + timedelta(minutes=20)
    assert status.next_kind == "micro"
    assert controller.planner.next_wakeup() == WEDNESDAY_10 + timedelta(minutes=20, seconds=-30)
    assert load_settings(controller.path).settings.micro.every_minutes == 20
    assert dialog.isVisible()  # Apply keeps the dialog open


def test_ok_applies_and_closes(qtbot, dialog: SettingsDialog, controller: Controller) -> None:
    dialog.breaks_tab.long_every.setValue(90)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert controller.settings.long.every_minutes == 90
    assert dialog.result() == dialog.DialogCode.Accepted


def test_no_work_today_says_when_breaks_begin(dialog: SettingsDialog) -> None:
    dialog.hours_tab.day_edits["wed"].setText("")
    assert dialog.next_label.text() == "No breaks until work hours begin, Thu 09:00"
    for edit in dialog.hours_tab.day_edits.values():
        edit.setText("")
    assert dialog.next_label.text() == "No work hours set: no breaks."


def test_restore_defaults_fills_fields_without_saving(qtbot, tmp_path: Path) -> None:
    mine = Settings(
        micro=MicroSettings(12, 45),
        health=HealthSettings(asked=True, tags=("anticoagulants",)),
        work_hours={**Settings().work_hours, "sat": ((600, 720),)},
    )
    ctl = Controller(tmp_path / "s.toml", mine)
    d = SettingsDialog(ctl)
    qtbot.addWidget(d)
    d.breaks_tab.strict.setChecked(True)
    qtbot.mouseClick(d.defaults_button, Qt.MouseButton.LeftButton)
    assert _fields(d) == (30, 30, 60, 5)
    assert not d.breaks_tab.strict.isChecked()
    assert d.hours_tab.day_edits["mon"].text() == "09:00-18:00"
    assert d.hours_tab.day_edits["sat"].text() == ""
    assert d.breaks_tab.preset.currentData() == "evidence"
    # health answers are facts, not preferences: they stay
    assert d.health_tab.health_boxes["anticoagulants"].isChecked()
    assert ctl.saved == []
    assert not (tmp_path / "s.toml").exists()
    assert d.candidate() == Settings().replace(health=mine.health)


def test_cancel_forgets_edits(qtbot, dialog: SettingsDialog, controller: Controller) -> None:
    dialog.breaks_tab.micro_every.setValue(45)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert controller.saved == []
    dialog.show()
    assert dialog.breaks_tab.micro_every.value() == 30


def test_file_keeps_unknown_keys_after_apply(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        "[micro]\nevery_minutes = 30\nfuture_key = 7\n\n[plugin]\nname = 'kept'\n",
        encoding="utf-8",
    )
    loaded = load_settings(path)
    ctl = Controller(path, loaded.settings, loaded.raw)
    d = SettingsDialog(ctl)
    qtbot.addWidget(d)
    d.breaks_tab.long_minutes.setValue(8)
    assert d.apply()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["micro"]["future_key"] == 7
    assert data["plugin"] == {"name": "kept"}
    assert data["long"]["minutes"] == 8
    assert (path.stat().st_mode & 0o777) == 0o600


def test_every_setting_round_trips_through_apply(dialog: SettingsDialog, controller) -> None:
    dialog.cards_tab.area_boxes["neck"].setChecked(True)
    dialog.cards_tab.equipment_boxes["ball"].setChecked(True)
    dialog.cards_tab.equipment_boxes["floor"].setChecked(False)
    dialog.cards_tab.animations.setChecked(False)
    dialog.cards_tab.sounds.setChecked(True)
    assert dialog.general_tab.weekly_review.isChecked()  # on by default
    dialog.general_tab.weekly_review.setChecked(False)
    dialog.health_tab.health_boxes["skin"].setChecked(True)
    dialog.breaks_tab.natural.setChecked(False)
    dialog.breaks_tab.strict.setChecked(True)
    dialog.breaks_tab.respect_dnd.setChecked(False)
    assert (
        dialog.breaks_tab.max_wait.isEnabled()
    )  # calls still hold breaks: the limit still applies
    dialog.breaks_tab.respect_calls.setChecked(False)
    assert not dialog.breaks_tab.max_wait.isEnabled()
    dialog.breaks_tab.snooze_minutes.setValue(10)
    dialog.breaks_tab.snooze_max.setValue(0)
    dialog.general_tab.language.setCurrentIndex(dialog.general_tab.language.findData("de"))
    assert dialog.apply()
    s = load_settings(controller.path).settings
    assert s.cards.focus_areas == ("neck",)
    assert s.cards.equipment == ("wall", "ball")
    assert not s.cards.animations
    assert s.app.sounds
    assert not s.app.weekly_review
    assert s.health.tags == ("skin",)
    assert not s.idle.natural_breaks
    assert s.breaks.strict
    assert not s.breaks.respect_do_not_disturb
    assert not s.breaks.respect_calls
    assert (s.snooze.minutes, s.snooze.max_in_a_row) == (10, 0)
    assert s.app.language == "de"
    assert s == controller.settings


def test_start_at_login_is_switched_on_apply_only_when_changed(
    dialog: SettingsDialog, autostart_calls: list[bool], controller: Controller
) -> None:
    dialog.breaks_tab.micro_every.setValue(25)
    assert dialog.apply()
    assert autostart_calls == []
    dialog.general_tab.autostart_box.setChecked(True)
    assert autostart_calls == []  # not before Apply
    assert dialog.apply()
    assert autostart_calls == [True]
    assert controller.settings.app.start_at_login
    dialog.general_tab.autostart_box.setChecked(False)
    assert dialog.apply()
    assert autostart_calls == [True, False]


def test_start_at_login_failure_is_shown(qtbot, controller: Controller) -> None:
    def fail(_on: bool) -> None:
        raise PermissionError("read-only home")

    d = SettingsDialog(controller, set_autostart=fail)
    qtbot.addWidget(d)
    d.show()
    d.general_tab.autostart_box.setChecked(True)
    assert d.apply()
    label = d.error_labels["app.start_at_login"]
    assert "read-only home" in label.text()
    assert not controller.settings.app.start_at_login


def test_start_at_login_writes_the_xdg_entry(
    qtbot, controller: Controller, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    d = SettingsDialog(controller)  # the real autostart writer
    qtbot.addWidget(d)
    d.general_tab.autostart_box.setChecked(True)
    if sys.platform == "linux":
        assert d.apply()
        assert (tmp_path / "cfg" / "autostart" / "posture-break.desktop").is_file()
        d.general_tab.autostart_box.setChecked(False)
        assert d.apply()
        assert not (tmp_path / "cfg" / "autostart" / "posture-break.desktop").exists()


def test_keyboard_and_screen_reader_reach_every_control(dialog: SettingsDialog) -> None:
    controls = dialog.focusable_controls()
    assert len(controls) > 40
    for w in controls:
        assert w.focusPolicy() & Qt.FocusPolicy.TabFocus, w
        name = w.accessibleName() or (w.text() if isinstance(w, QAbstractButton) else "")
        assert name.strip(), f"{type(w).__name__} has no accessible name"
    # every field label has a buddy, so its mnemonic moves focus to the field
    for label in dialog.findChildren(QLabel):
        if "&" in label.text():
            assert label.buddy() is not None, label.text()
    kinds = (QSpinBox, QLineEdit, QComboBox)
    buddies = {id(label.buddy()) for label in dialog.findChildren(QLabel) if label.buddy()}
    for w in dialog.findChildren(QSpinBox) + dialog.findChildren(QLineEdit):
        if isinstance(w, kinds) and not isinstance(w.parent(), (QSpinBox, QComboBox)):
            assert id(w) in buddies, w.accessibleName()
    for box in dialog.findChildren(QCheckBox):
        assert box.accessibleName()


def test_mnemonics_do_not_clash_on_a_tab(dialog: SettingsDialog) -> None:
    def keys(widgets: list[Any]) -> list[str]:
        out = []
        for w in widgets:
            text = w.text() if hasattr(w, "text") else ""
            i = text.find("&")
            if i >= 0 and i + 1 < len(text):
                out.append(text[i + 1].lower())
        return out

    common = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    common_keys = [t[t.find("&") + 1].lower() for t in common] + keys(
        [dialog.apply_button, dialog.defaults_button]
    )
    for i in range(dialog.tabs.count()):
        page = dialog.tabs.widget(i)
        mine = keys(page.findChildren(QLabel) + page.findChildren(QAbstractButton))
        all_keys = common_keys + mine
        assert len(all_keys) == len(set(all_keys)), (dialog.tabs.tabText(i), sorted(all_keys))


HAND_WRITTEN = """\
# My posture-break settings, written by hand.

[micro]
every_minutes = 25   # a little more often than the default
seconds = 30

[long]  # the long break
# every hour is fine
minutes = 5


[work_hours]
mon = ["08:00-12:00", "13:00-17:00"]  # long Mondays
fri = [ "08:00-14:00" ]

[plugin]   # another program's section
name = 'kept'

[app]
sounds = true
sparkles = "yes"  # not a setting this version knows
"""


def test_apply_changes_only_the_value_that_changed(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    loaded = load_settings(path)
    ctl = Controller(path, loaded.settings, loaded.raw)
    d = SettingsDialog(ctl)
    qtbot.addWidget(d)
    d.show()
    d.breaks_tab.micro_seconds.setValue(40)
    with qtbot.waitSignal(d.applied, timeout=1000):
        qtbot.mouseClick(d.apply_button, Qt.MouseButton.LeftButton)
    # byte for byte the same file but for that one value; every default left unwritten
    # (warning, snooze, breaks, cards, the other days...) is still absent
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN.replace(
        "seconds = 30\n", "seconds = 40\n"
    )
    assert load_settings(path).settings == loaded.settings.replace(micro=MicroSettings(25, 40))


def test_an_overlap_is_worded_whole_in_german(qtbot, qapp, controller: Controller) -> None:
    """The core gives the two ranges, not an English sentence to cut apart."""
    from posture_break.ui import i18n

    assert i18n.install(qapp, "de") is True
    try:
        d = SettingsDialog(controller, set_autostart=lambda on: None)
        qtbot.addWidget(d)
        d.hours_tab.day_edits["wed"].setText("13:00-18:00, 09:00-12:30, 12:00-13:20")
        label = d.error_labels["work_hours.wed"]
        assert label.text() == "09:00-12:30 und 12:00-13:20 überschneiden sich."
    finally:
        i18n.install(qapp, "en")
