"""The parts of the break window: the (animated) illustration, the countdown ring, the caution box.

Each translates its own words with ``self.tr`` (contexts IllustrationView, CountdownRing,
CautionBox), so moving them here left the catalogue as it was.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
    QShowEvent,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QWidget

from posture_break.core.cards import Card
from posture_break.ui.break_colours import CAUTION_COLOUR, ILLUSTRATION_BACKDROP

ILLUSTRATION_SIZE = 300


def format_seconds(seconds: int) -> str:
    """``0:25``, ``4:05``: the countdown text."""
    seconds = max(0, seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


def card_meta(card: Card) -> str:
    """A card's kind and length, "Stretch · about 30 s" (in the break window's context)."""
    kinds = {
        "stretch": QCoreApplication.translate("BreakWindow", "Stretch"),
        "self-massage": QCoreApplication.translate("BreakWindow", "Self-massage"),
        "eyes": QCoreApplication.translate("BreakWindow", "Eyes"),
        "move": QCoreApplication.translate("BreakWindow", "Move"),
    }
    kind = kinds.get(card.kind, card.kind)
    if card.seconds >= 90:
        return QCoreApplication.translate("BreakWindow", "{kind} · about {minutes} min").format(
            kind=kind, minutes=round(card.seconds / 60)
        )
    return QCoreApplication.translate("BreakWindow", "{kind} · about {seconds} s").format(
        kind=kind, seconds=card.seconds
    )


class IllustrationView(QWidget):
    """Draws a card's SVG (or its animation frames) into a rounded, light panel.

    Each frame is rendered once per size and device pixel ratio into a cached pixmap, so repaints
    are cheap and the drawing stays crisp on HiDPI screens.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(ILLUSTRATION_SIZE, ILLUSTRATION_SIZE)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._renderers: list[QSvgRenderer | None] = []
        self._cache: dict[int, QPixmap] = {}
        self._cache_key: tuple[int, int, float] = (0, 0, 0.0)
        self._frame = 0

    def set_paths(self, paths: Sequence[Path]) -> None:
        self._renderers = [load_svg(path) for path in paths]
        self._cache.clear()
        self._frame = 0
        self.update()

    @property
    def frame_count(self) -> int:
        return len(self._renderers)

    @property
    def frame(self) -> int:
        return self._frame

    def set_frame(self, index: int) -> None:
        index = index % len(self._renderers) if self._renderers else 0
        if index != self._frame:
            self._frame = index
            self.update()

    def _pixmap(self, index: int) -> QPixmap | None:
        renderer = self._renderers[index] if index < len(self._renderers) else None
        if renderer is None:
            return None
        dpr = self.devicePixelRatioF()
        key = (self.width(), self.height(), dpr)
        if key != self._cache_key:
            self._cache.clear()
            self._cache_key = key
        cached = self._cache.get(index)
        if cached is not None:
            return cached
        size = QSize(math.ceil(self.width() * dpr), math.ceil(self.height() * dpr))
        drawing = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        drawing.fill(Qt.GlobalColor.transparent)
        painter = QPainter(drawing)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, _fit(renderer, QRectF(0, 0, size.width(), size.height())))
        painter.end()
        if _has_own_backdrop(drawing):
            image = drawing
        else:
            # A person's own SVG may be transparent: give it the light panel the bundled ones
            # carry, so dark lines never land on a dark window.
            image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ILLUSTRATION_BACKDROP)
            radius = 0.08 * min(size.width(), size.height())
            painter.drawRoundedRect(QRectF(0, 0, size.width(), size.height()), radius, radius)
            painter.drawImage(QPoint(0, 0), drawing)
            painter.end()
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(dpr)
        self._cache[index] = pixmap
        return pixmap

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pixmap = self._pixmap(self._frame)
        if pixmap is not None:
            painter.drawPixmap(QPointF(0, 0), pixmap)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ILLUSTRATION_BACKDROP)
        painter.drawRoundedRect(QRectF(self.rect()), 24, 24)
        painter.setPen(QColor("#6b655c"))
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No picture"))


def _has_own_backdrop(image: QImage) -> bool:
    """True when the drawing is opaque all around its middle (it brings its own backdrop)."""
    w, h = image.width(), image.height()
    points = [(0.5, 0.5), (0.12, 0.5), (0.88, 0.5), (0.5, 0.12), (0.5, 0.88)]
    return all(image.pixelColor(int(w * x), int(h * y)).alpha() == 255 for x, y in points)


def load_svg(path: Path) -> QSvgRenderer | None:
    """A renderer for a card's SVG, or None if it is missing or cannot be drawn.

    The cards loader already refused scripts, external references and entities; reading the bytes
    ourselves keeps QtSvg from ever resolving a path on its own.
    """
    from posture_break.core.cards import CardError
    from posture_break.core.svg_check import checked_svg_bytes

    try:
        data = checked_svg_bytes(path)  # checked again: the file may have changed since loading
    except CardError:
        return None
    renderer = QSvgRenderer(QByteArray(data))
    return renderer if renderer.isValid() else None


def _fit(renderer: QSvgRenderer, target: QRectF) -> QRectF:
    """The largest rectangle with the drawing's aspect ratio, centred in ``target``."""
    box = renderer.viewBoxF()
    if box.isEmpty():
        box = QRectF(QPointF(0, 0), renderer.defaultSize().toSizeF())
    if box.isEmpty():
        return target
    scale = min(target.width() / box.width(), target.height() / box.height())
    w, h = box.width() * scale, box.height() * scale
    return QRectF(
        target.x() + (target.width() - w) / 2, target.y() + (target.height() - h) / 2, w, h
    )


class CountdownRing(QWidget):
    """A ring that empties as the break runs, with ``m:ss`` in the middle."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(84, 84)
        self._fraction = 1.0
        self._text = ""

    def set_value(self, remaining: float, total: float) -> None:
        self._fraction = 0.0 if total <= 0 else min(1.0, max(0.0, remaining / total))
        self._text = format_seconds(math.ceil(remaining))
        self.update()

    @property
    def text(self) -> str:
        return self._text

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        width = 7.0
        rect = QRectF(self.rect()).adjusted(
            width / 2 + 1, width / 2 + 1, -width / 2 - 1, -width / 2 - 1
        )
        track = QColor(palette.color(QPalette.ColorRole.WindowText))
        track.setAlpha(35)
        painter.setPen(QPen(track, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        painter.drawEllipse(rect)
        if self._fraction > 0:
            pen = QPen(
                palette.color(QPalette.ColorRole.Highlight),
                width,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
            )
            painter.setPen(pen)
            painter.drawArc(rect, 90 * 16, round(self._fraction * 360 * 16))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        font.setStyleHint(QFont.StyleHint.SansSerif)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._text)


def _caution_icon(size: int, dpr: float) -> QPixmap:
    """A small amber warning triangle, drawn so it is crisp at any scale."""
    pixmap = QPixmap(math.ceil(size * dpr), math.ceil(size * dpr))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    triangle = QPolygonF([QPointF(s / 2, 1.5), QPointF(s - 1, s - 2), QPointF(1, s - 2)])
    painter.setPen(
        QPen(
            CAUTION_COLOUR,
            1.5,
            Qt.PenStyle.SolidLine,
            Qt.PenCapStyle.RoundCap,
            Qt.PenJoinStyle.RoundJoin,
        )
    )
    painter.setBrush(CAUTION_COLOUR)
    painter.drawPolygon(triangle)
    painter.setPen(QPen(QColor("white"), 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawLine(QPointF(s / 2, s * 0.38), QPointF(s / 2, s * 0.62))
    painter.drawPoint(QPointF(s / 2, s * 0.77))
    painter.end()
    return pixmap


class CautionBox(QWidget):
    """The caution line: an amber-tinted rounded box that reads well on light and dark palettes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = QLabel(self)
        self.icon.setFixedSize(18, 18)
        self.icon.setAccessibleName(self.tr("Caution"))
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(10)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.label.setAccessibleName(self.tr("Caution: {text}").format(text=text))
        self.setAccessibleName(self.tr("Caution"))
        self.setAccessibleDescription(text)

    def showEvent(self, event: QShowEvent) -> None:
        self.icon.setPixmap(_caution_icon(18, self.devicePixelRatioF()))
        super().showEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(CAUTION_COLOUR)
        fill.setAlpha(38)
        edge = QColor(CAUTION_COLOUR)
        edge.setAlpha(120)
        painter.setPen(QPen(edge, 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 10, 10)


class StepList(QWidget):
    """A card's numbered steps: a number and a wrapped text per row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setHorizontalSpacing(10)
        self._layout.setVerticalSpacing(8)
        self._layout.setColumnStretch(1, 1)
        self.labels: list[QLabel] = []

    def set_steps(self, steps: Sequence[str], step_font: QFont) -> None:
        for label in self.labels:
            # Hide now: deleteLater only runs once control is back in the event loop.
            self._layout.removeWidget(label)
            label.hide()
            label.deleteLater()
        self.labels = []
        for row, step in enumerate(steps):
            number = QLabel(f"{row + 1}.", self)
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            number_font = QFont(step_font)
            number_font.setBold(True)
            number.setFont(number_font)
            number.setForegroundRole(QPalette.ColorRole.Highlight)
            number.setMinimumWidth(20)
            # The step texts kept the break window's context when they moved here.
            number.setAccessibleName(
                QCoreApplication.translate("BreakWindow", "Step %s") % (row + 1)
            )
            label = QLabel(step, self)
            label.setFont(step_font)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAccessibleName(
                QCoreApplication.translate("BreakWindow", "Step {n}: {text}").format(
                    n=row + 1, text=step
                )
            )
            self._layout.addWidget(number, row, 0)
            self._layout.addWidget(label, row, 1)
            self.labels.extend((number, label))
            number.show()
            label.show()
