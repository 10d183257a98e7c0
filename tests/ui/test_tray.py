"""The tray icon is drawn once per visible state and says the state in colour."""

from __future__ import annotations

from PySide6.QtGui import QColor

from posture_break.ui.tray import STATE_COLOURS, draw_icon


def _centre_left(icon, px=32) -> QColor:
    image = icon.pixmap(px, px).toImage()
    return image.pixelColor(3, px // 2)  # the tile's edge, away from the figure and the arc


def test_icons_are_made_once_per_state_and_step(qapp):
    assert draw_icon("active", 0.50) is draw_icon("active", 0.52)  # same 5 % step
    assert draw_icon("active", 0.50) is not draw_icon("active", 0.60)
    assert draw_icon("paused") is not draw_icon("active")


def test_the_tile_colour_says_the_state(qapp):
    for state in ("active", "due-soon", "paused"):
        colour = _centre_left(draw_icon(state))
        expected = QColor(STATE_COLOURS[state])
        assert abs(colour.red() - expected.red()) < 24, state
        assert abs(colour.green() - expected.green()) < 24, state
        assert abs(colour.blue() - expected.blue()) < 24, state
