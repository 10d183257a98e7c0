"""Every card's break window as a PNG, plus a contact sheet: ``posture-break cards --render``.

For reviewing cards and illustrations without waiting for a break: animations are off and the
countdown is frozen a third of the way through.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication

from posture_break.core.cards import Card
from posture_break.ui.break_window import BreakWindow


class _FrozenClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def frozen_window(card: Card, lang: str = "en") -> BreakWindow:
    """The break window of ``card`` as a review shows it: no animations, the countdown frozen a
    third of the way through. Not shown yet; close it with ``close_without_outcome()``."""
    clock = _FrozenClock()
    window = BreakWindow(
        [card],
        total_seconds=card.seconds,
        snooze_minutes=5,
        can_snooze=True,
        animations=False,
        lang=lang,
        monotonic=clock,
    )
    clock.now = card.seconds / 3
    window.tick()
    return window


def render_cards(cards: list[Card], out_dir: Path, lang: str = "en") -> list[Path]:
    """Render each card's window to ``<out_dir>/<id>.png`` plus ``contact-sheet.png``.

    For reviewing cards and illustrations without waiting for a break: animations are off and the
    countdown is frozen a third of the way through.
    """
    app = QApplication.instance() or QApplication([])
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    images: list[tuple[str, QImage]] = []
    for card in cards:
        window = frozen_window(card, lang)
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        window.show()
        window.adjustSize()
        app.processEvents()
        image = window.grab().toImage()
        path = out_dir / f"{card.id}.png"
        image.save(str(path))
        paths.append(path)
        images.append((card.id, image))
        window.close_without_outcome()  # a review render is not a break
        window.deleteLater()
    if images:
        _contact_sheet(images, out_dir / "contact-sheet.png")
    app.processEvents()
    return paths


def _contact_sheet(images: list[tuple[str, QImage]], path: Path) -> None:
    columns = min(4, len(images))
    thumb_w = 420
    caption_h = 24
    gap = 12
    scaled = [
        (name, img.scaledToWidth(thumb_w, Qt.TransformationMode.SmoothTransformation))
        for name, img in images
    ]
    thumb_h = max(img.height() for _, img in scaled)
    rows = math.ceil(len(scaled) / columns)
    sheet = QImage(
        gap + columns * (thumb_w + gap),
        gap + rows * (thumb_h + caption_h + gap),
        QImage.Format.Format_RGB32,
    )
    palette = QApplication.palette()
    sheet.fill(palette.color(QPalette.ColorRole.Mid))
    painter = QPainter(sheet)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(palette.color(QPalette.ColorRole.BrightText))
    for i, (name, img) in enumerate(scaled):
        x = gap + (i % columns) * (thumb_w + gap)
        y = gap + (i // columns) * (thumb_h + caption_h + gap)
        painter.drawImage(QPoint(x, y), img)
        painter.drawText(
            QRect(x, y + img.height() + 2, thumb_w, caption_h - 2),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            name,
        )
    painter.end()
    sheet.save(str(path))
