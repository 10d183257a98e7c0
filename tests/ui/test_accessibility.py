"""Every window a person uses: each control has a name for screen readers, is reachable from the
keyboard, and text follows the system font size (no pixel-sized fonts)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QWidget,
)

from posture_break.core.cards import bundled_cards_dir, load_cards
from posture_break.core.clock import FakeClock
from posture_break.core.planner import Planner
from posture_break.core.settings import Settings
from posture_break.core.store import Store

TZ = ZoneInfo("Europe/Berlin")
INTERACTIVE = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QAbstractItemView)


class Controller:
    def __init__(self, path: Path) -> None:
        self.clock = FakeClock(datetime(2026, 11, 18, 10, 0, tzinfo=TZ))
        self.settings = Settings()
        self.settings_raw: dict = {}
        self.planner = Planner(self.settings, self.clock)
        self.planner.tick()
        self.path = path

    def save_settings(self, settings: Settings) -> None:
        self.settings = settings


def _windows(tmp_path: Path) -> dict[str, QWidget]:
    from posture_break.ui.break_window import BreakWindow
    from posture_break.ui.charts import StatsWindow
    from posture_break.ui.health_dialog import HealthDialog, SafetyNoticeDialog
    from posture_break.ui.settings_dialog import SettingsDialog
    from posture_break.ui.tray import Actions, StatusWindow

    cards, _ = load_cards([bundled_cards_dir()])
    by_id = {c.id: c for c in cards}
    store = Store.open(tmp_path / "h.sqlite3")
    stats = StatsWindow(store, Settings(), TZ, lambda: date(2026, 11, 18), {})
    return {
        "break": BreakWindow(
            [by_id["chin_tuck"]], total_seconds=30, snooze_minutes=5, can_snooze=True
        ),
        "long break": BreakWindow(
            [by_id["walk"], by_id["seated_twist"]],
            total_seconds=300,
            snooze_minutes=5,
            can_snooze=True,
        ),
        "health": HealthDialog(()),
        "notice": SafetyNoticeDialog(),
        "settings": SettingsDialog(Controller(tmp_path / "s.toml"), set_autostart=lambda on: None),
        "stats": stats,
        "status": StatusWindow(Actions()),
    }


def _controls(window: QWidget) -> list[QWidget]:
    found = []
    for w in window.findChildren(QWidget):
        if not isinstance(w, INTERACTIVE) or w.isHidden():
            continue
        if isinstance(w, QLineEdit) and isinstance(w.parent(), (QAbstractSpinBox, QComboBox)):
            continue  # the editor inside a spin box or combo box belongs to it
        if w.objectName().startswith("qt_") or isinstance(w, QHeaderView):
            continue  # Qt's own sub-widgets (calendar internals, a table's headers)
        if isinstance(w.parent() and w.parent().parent(), QComboBox):
            continue  # a combo box's popup list belongs to the combo box
        found.append(w)
    return found


@pytest.fixture
def windows(qtbot, tmp_path):
    made = _windows(tmp_path)
    for w in made.values():
        qtbot.addWidget(w)
    return made


def test_every_control_has_an_accessible_name(windows):
    missing = []
    for name, window in windows.items():
        controls = _controls(window)
        assert controls, f"{name}: no controls found"
        for w in controls:
            label = w.accessibleName() or (w.text() if isinstance(w, QAbstractButton) else "")
            if not label.replace("&", "").strip():
                missing.append(f"{name}: {type(w).__name__} {w.objectName()!r}")
    assert not missing, missing


def test_every_control_is_reachable_with_the_keyboard(windows):
    unreachable = []
    for name, window in windows.items():
        for w in _controls(window):
            if not w.focusPolicy() & Qt.FocusPolicy.TabFocus:
                unreachable.append(f"{name}: {type(w).__name__} {w.accessibleName()!r}")
    assert not unreachable, unreachable


def test_text_follows_the_system_font_size(windows):
    pixel_sized = []
    for name, window in windows.items():
        for w in [window, *window.findChildren(QWidget)]:
            if w.font().pixelSize() != -1:
                pixel_sized.append(f"{name}: {type(w).__name__} {w.objectName()!r}")
    assert not pixel_sized, pixel_sized


def test_a_bigger_system_font_makes_the_break_window_text_bigger(qtbot, windows):
    from posture_break.ui.break_window import BreakWindow

    window = windows["break"]
    before = window.sizeHint()
    app = QApplication.instance()
    font = app.font()
    original = font.pointSizeF()
    try:
        font.setPointSizeF(original * 1.5)
        app.setFont(font)
        cards = window.cards
        bigger = BreakWindow(cards, total_seconds=30, snooze_minutes=5, can_snooze=True)
        qtbot.addWidget(bigger)
        assert bigger.sizeHint().height() > before.height()
    finally:
        font.setPointSizeF(original)
        app.setFont(font)
