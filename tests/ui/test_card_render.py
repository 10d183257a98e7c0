"""Review renders of the cards (`cards --render`): a PNG per card and a contact sheet."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from posture_break.ui.break_window import BreakWindow
from posture_break.ui.card_render import render_cards
from tests.ui.test_break_window import make_card

# Tool windows ask the platform to raise them on show; the offscreen platform says it cannot.
pytestmark = pytest.mark.qt_log_ignore("does not support raise")


def test_render_cards_writes_a_png_per_card_and_a_contact_sheet(qtbot, tmp_path) -> None:
    cards = [make_card(tmp_path, name) for name in ("one", "two", "three")]
    out = tmp_path / "out"
    paths = render_cards(cards, out)
    assert paths == [out / "one.png", out / "two.png", out / "three.png"]
    for path in paths:
        image = QImage(str(path))
        assert not image.isNull()
        assert image.width() >= 600
        assert image.height() >= 300
    sheet = QImage(str(out / "contact-sheet.png"))
    assert not sheet.isNull()
    assert sheet.width() > 3 * 400


def test_a_render_window_closes_without_an_outcome(qtbot, tmp_path) -> None:
    window = BreakWindow(
        [make_card(tmp_path, "one")], total_seconds=30, snooze_minutes=5, can_snooze=True
    )
    qtbot.addWidget(window)
    seen: list[str] = []
    for name in ("done", "snoozed", "skipped", "countdown_finished"):
        getattr(window, name).connect(lambda name=name: seen.append(name))
    window.show()
    window.close_without_outcome()
    assert not window.isVisible()
    assert seen == []
    window.skip()  # ended already: a later key or click records nothing either
    window.finish_done()
    assert seen == []
