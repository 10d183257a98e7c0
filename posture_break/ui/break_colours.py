"""The colours of the break window: the illustration backdrop, the caution amber, link contrast."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

#: The illustrations carry their own light backdrop; this fills behind a transparent one so a
#: drawing never lands on a dark window background.
ILLUSTRATION_BACKDROP = QColor("#f7f4ee")
CAUTION_COLOUR = QColor("#d98a00")


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def link_colour(palette: QPalette) -> QColor:
    """The palette's link colour, unless a half-made dark theme left it unreadable."""
    window = palette.color(QPalette.ColorRole.Window)
    for role in (QPalette.ColorRole.Link, QPalette.ColorRole.Highlight):
        colour = palette.color(role)
        if contrast(colour, window) >= 3.0:
            return colour
    return palette.color(QPalette.ColorRole.WindowText)
