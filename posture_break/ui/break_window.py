"""The break window: one card at a time, a countdown, and Done / Snooze / Skip.

It shows and forwards; what an outcome means (done, missed, how many snoozes are left) is decided by
the shell and the planner. Time left is always derived from the injected monotonic clock, so the 1 s
timer only repaints: a late or missed tick cannot make the countdown drift.

The window must never take the keyboard from someone who is typing. It is a frameless, always-on-top
tool window shown with ``WA_ShowWithoutActivating`` and ``activateWindow`` is never called; the
person can still click into it and then use Enter (Done), S (Snooze) and Esc (Skip).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QCursor,
    QFont,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
    QShowEvent,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from posture_break.core.cards import Card

#: Keys act only once the person has clearly turned to the window: the pointer entered it, they
#: clicked it, or no key reached it for this many seconds since it appeared (or since the last
#: key). Until then every key is swallowed, by the window and by its buttons alike (a space would
#: press the focused button): someone typing "this is a sentence" as the card pops up, on a
#: desktop that focuses new windows, snoozes, skips and finishes nothing.
KEY_GRACE_SECONDS = 2.5
#: If the platform activates the window anyway right after showing it, give the focus back to the
#: window that had it (only within this many milliseconds, so a person's own click is never undone).
FOCUS_GUARD_MS = 400

ILLUSTRATION_SIZE = 300
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


def _link_colour(palette: QPalette) -> QColor:
    """The palette's link colour, unless a half-made dark theme left it unreadable."""
    window = palette.color(QPalette.ColorRole.Window)
    for role in (QPalette.ColorRole.Link, QPalette.ColorRole.Highlight):
        colour = palette.color(role)
        if contrast(colour, window) >= 3.0:
            return colour
    return palette.color(QPalette.ColorRole.WindowText)


def format_seconds(seconds: int) -> str:
    """``0:25``, ``4:05``: the countdown text."""
    seconds = max(0, seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


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
        self._renderers = [_load_svg(path) for path in paths]
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


def _load_svg(path: Path) -> QSvgRenderer | None:
    """A renderer for a card's SVG, or None if it is missing or cannot be drawn.

    The cards loader already refused scripts, external references and entities; reading the bytes
    ourselves keeps QtSvg from ever resolving a path on its own.
    """
    from posture_break.core.cards import CardError, checked_svg_bytes

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


class BreakWindow(QWidget):
    """The card window for one break (a micro-break's card, or a long break's walk and cards)."""

    done = Signal()
    snoozed = Signal()
    skipped = Signal()
    countdown_finished = Signal()

    def __init__(
        self,
        cards: Sequence[Card],
        *,
        total_seconds: int,
        snooze_minutes: int,
        can_snooze: bool,
        can_skip: bool = True,
        animations: bool = True,
        lang: str = "en",
        monotonic: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if not cards:
            raise ValueError("a break needs at least one card")
        self._cards = list(cards)
        self._total = max(1, int(total_seconds))
        self._can_snooze = can_snooze
        self._can_skip = can_skip
        self._animations = animations
        self._lang = lang
        self._monotonic = monotonic
        self._started = monotonic()
        self._shown_at = self._started
        self._card_started = self._started
        self._index = 0
        self._ended = False
        self._finished_emitted = False
        self._focus_guard: QWidget | None = None
        self._armed = False
        self._last_key = self._started

        self.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        # macOS hides tool windows while the app is inactive, which a tray app always is.
        self.setAttribute(Qt.WidgetAttribute.WA_MacAlwaysShowToolWindow)
        self.setWindowTitle(self.tr("Time for a break"))
        self.setAccessibleName(self.tr("Break"))
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self._build(snooze_minutes)
        self._show_card(0)
        for child in self.findChildren(QWidget):
            child.installEventFilter(self)

        # One timer, re-armed for the moment the display next changes; it never carries state.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.tick)
        self._guard_timer = QTimer(self)
        self._guard_timer.setSingleShot(True)
        self._guard_timer.setInterval(FOCUS_GUARD_MS)
        self._guard_timer.timeout.connect(self._drop_focus_guard)
        self.tick()

    # --- building ---------------------------------------------------------------------------

    def _build(self, snooze_minutes: int) -> None:
        base = self.font()

        self.position_label = QLabel(self)
        self.position_label.setAccessibleName(self.tr("Card position"))
        self.meta_label = QLabel(self)
        self.meta_label.setAccessibleName(self.tr("Card kind and length"))
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.92)
        for label in (self.position_label, self.meta_label):
            label.setFont(small)
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.safety_button = QPushButton(self.tr("Safety notice"), self)
        self.safety_button.setAccessibleName(self.tr("Safety notice"))
        self.safety_button.setAccessibleDescription(
            self.tr("How to stretch safely and when to stop")
        )
        self.safety_button.setFlat(True)
        link_font = QFont(base)
        link_font.setUnderline(True)
        self.safety_button.setFont(link_font)
        link_palette = self.safety_button.palette()
        link_palette.setColor(QPalette.ColorRole.ButtonText, _link_colour(link_palette))
        self.safety_button.setPalette(link_palette)
        self.safety_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.safety_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.safety_button.clicked.connect(self.open_safety_notice)

        header = QHBoxLayout()
        header.setSpacing(12)
        header.addWidget(self.position_label)
        header.addWidget(self.meta_label)
        header.addStretch(1)
        header.addWidget(self.safety_button)

        self.illustration = IllustrationView(self)
        self.illustration.setAccessibleName(self.tr("Illustration"))

        self.title_label = QLabel(self)
        title_font = QFont(base)
        title_font.setPointSizeF(base.pointSizeF() * 1.7)
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title_label.setFont(title_font)
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)

        self.steps_widget = QWidget(self)
        self._steps_layout = QGridLayout(self.steps_widget)
        self._steps_layout.setContentsMargins(0, 0, 0, 0)
        self._steps_layout.setHorizontalSpacing(10)
        self._steps_layout.setVerticalSpacing(8)
        self._steps_layout.setColumnStretch(1, 1)
        self.step_labels: list[QLabel] = []

        self.caution = CautionBox(self)

        text_column = QVBoxLayout()
        text_column.setSpacing(14)
        text_column.addWidget(self.title_label)
        text_column.addWidget(self.steps_widget)
        text_column.addSpacing(4)
        text_column.addWidget(self.caution)
        text_column.addStretch(1)

        body = QHBoxLayout()
        body.setSpacing(28)
        body.addWidget(self.illustration, 0, Qt.AlignmentFlag.AlignTop)
        body.addLayout(text_column, 1)

        self.ring = CountdownRing(self)
        self.ring.setAccessibleName(self.tr("Time left"))
        self.time_caption = QLabel(self.tr("left in this break"), self)
        self.time_caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.skip_button = QPushButton(self.tr("Skip"), self)
        self.skip_button.setAccessibleName(self.tr("Skip this break"))
        self.skip_button.setAccessibleDescription(self.tr("Shortcut: Esc"))
        self.skip_button.setVisible(self._can_skip)
        self.skip_button.clicked.connect(self.skip)

        self.snooze_button = QPushButton(self.tr("Snooze %n min", "", snooze_minutes), self)
        self.snooze_button.setAccessibleName(self.tr("Snooze for %n minutes", "", snooze_minutes))
        self.snooze_button.setAccessibleDescription(self.tr("Shortcut: S"))
        self.snooze_button.setVisible(self._can_snooze)
        self.snooze_button.clicked.connect(self.snooze)

        self.next_button = QPushButton(self.tr("Next"), self)
        self.next_button.setAccessibleName(self.tr("Next card"))
        self.next_button.setAccessibleDescription(self.tr("Shortcut: N"))
        self.next_button.clicked.connect(self.next_card)

        self.done_button = QPushButton(self.tr("Done"), self)
        self.done_button.setAccessibleName(self.tr("Done, I took the break"))
        self.done_button.setAccessibleDescription(self.tr("Shortcut: Enter"))
        self.done_button.setDefault(True)
        self.done_button.clicked.connect(self.finish_done)

        for button in (self.skip_button, self.snooze_button, self.next_button, self.done_button):
            # Enter on a focused button presses that button; elsewhere Enter means Done.
            button.setAutoDefault(True)
            button.setMinimumHeight(34)
            button.setMinimumWidth(96)

        footer = QHBoxLayout()
        footer.setSpacing(10)
        footer.addWidget(self.ring)
        footer.addWidget(self.time_caption)
        footer.addStretch(1)
        footer.addWidget(self.skip_button)
        footer.addWidget(self.snooze_button)
        footer.addSpacing(8)
        footer.addWidget(self.next_button)
        footer.addWidget(self.done_button)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 20, 28, 22)
        outer.setSpacing(16)
        outer.addLayout(header)
        outer.addLayout(body, 1)
        outer.addLayout(footer)

        # Tab order: Done first, so the first Tab after clicking into the window lands on it.
        QWidget.setTabOrder(self.done_button, self.next_button)
        QWidget.setTabOrder(self.next_button, self.snooze_button)
        QWidget.setTabOrder(self.snooze_button, self.skip_button)
        QWidget.setTabOrder(self.skip_button, self.safety_button)
        self.done_button.setFocus()
        self.setFixedWidth(860)

    def _show_card(self, index: int) -> None:
        self._index = index
        card = self._cards[index]
        text = card.text(self._lang)
        count = len(self._cards)

        self.position_label.setText(
            self.tr("Card {current} of {total}").format(current=index + 1, total=count)
        )
        self.position_label.setVisible(count > 1)
        self.meta_label.setText(self._meta(card))
        self.title_label.setText(text.title)
        self.title_label.setAccessibleName(text.title)

        for label in self.step_labels:
            # Hide now: deleteLater only runs once control is back in the event loop.
            self._steps_layout.removeWidget(label)
            label.hide()
            label.deleteLater()
        self.step_labels = []
        step_font = QFont(self.font())
        step_font.setPointSizeF(self.font().pointSizeF() * 1.08)
        for row, step in enumerate(text.steps):
            number = QLabel(f"{row + 1}.", self.steps_widget)
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            number_font = QFont(step_font)
            number_font.setBold(True)
            number.setFont(number_font)
            number.setForegroundRole(QPalette.ColorRole.Highlight)
            number.setMinimumWidth(20)
            number.setAccessibleName(self.tr("Step %s") % (row + 1))
            label = QLabel(step, self.steps_widget)
            label.setFont(step_font)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAccessibleName(self.tr("Step {n}: {text}").format(n=row + 1, text=step))
            self._steps_layout.addWidget(number, row, 0)
            self._steps_layout.addWidget(label, row, 1)
            self.step_labels.extend((number, label))
            number.show()
            label.show()

        self.caution.set_text(text.caution)
        self.caution.setVisible(bool(text.caution))

        paths = list(card.frames) if self._animations and card.frames else [card.illustration]
        self.illustration.set_paths(paths)
        self.illustration.setAccessibleDescription(text.title)

        last = index == count - 1
        self.next_button.setVisible(not last)
        self.done_button.setDefault(last)
        self.next_button.setDefault(not last)
        self._card_started = self._monotonic()
        if self.isVisible():
            self.adjustSize()

    def _meta(self, card: Card) -> str:
        kinds = {
            "stretch": self.tr("Stretch"),
            "self-massage": self.tr("Self-massage"),
            "eyes": self.tr("Eyes"),
            "move": self.tr("Move"),
        }
        kind = kinds.get(card.kind, card.kind)
        if card.seconds >= 90:
            return self.tr("{kind} · about {minutes} min").format(
                kind=kind, minutes=round(card.seconds / 60)
            )
        return self.tr("{kind} · about {seconds} s").format(kind=kind, seconds=card.seconds)

    def paintEvent(self, event: QPaintEvent) -> None:
        # A frameless window still needs an edge, or it melts into a same-coloured window behind.
        painter = QPainter(self)
        edge = QColor(self.palette().color(QPalette.ColorRole.WindowText))
        edge.setAlpha(60)
        painter.setPen(QPen(edge, 1))
        painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))

    # --- state, read by the shell and tests -------------------------------------------------

    @property
    def cards(self) -> list[Card]:
        return list(self._cards)

    @property
    def current_index(self) -> int:
        return self._index

    @property
    def current_card(self) -> Card:
        return self._cards[self._index]

    def remaining(self) -> float:
        """Seconds left in the whole break, from the injected clock (never below zero)."""
        return max(0.0, self._total - (self._monotonic() - self._started))

    def elapsed(self) -> float:
        """Seconds since the window was built; the shell logs it as the time spent on cards."""
        return max(0.0, self._monotonic() - self._started)

    def countdown_text(self) -> str:
        return self.ring.text

    # --- actions ----------------------------------------------------------------------------

    def tick(self) -> None:
        """Refresh the countdown and the animation frame; emit ``countdown_finished`` once."""
        now = self._monotonic()
        remaining = max(0.0, self._total - (now - self._started))
        self.ring.set_value(remaining, self._total)
        self.ring.setAccessibleDescription(
            self.tr("{time} left").format(time=format_seconds(math.ceil(remaining)))
        )
        if self._animations and self.illustration.frame_count > 1:
            self.illustration.set_frame(int(max(0.0, now - self._card_started)))
        if remaining <= 0:
            self._timer.stop()
            if not self._finished_emitted and not self._ended:
                self._finished_emitted = True
                self.countdown_finished.emit()
            return
        if self._ended:
            return
        # Wake when the shown second changes (plus a hair, so the ceil has flipped).
        fraction = remaining - math.floor(remaining)
        wait = fraction if fraction > 0.001 else 1.0
        self._timer.start(max(20, min(1000, math.ceil(wait * 1000) + 5)))

    def next_card(self) -> None:
        if self._ended or self._index >= len(self._cards) - 1:
            return
        self._show_card(self._index + 1)
        self.tick()

    def finish_done(self) -> None:
        self._end(self.done)

    def snooze(self) -> None:
        if self._can_snooze:
            self._end(self.snoozed)

    def skip(self) -> None:
        if self._can_skip:
            self._end(self.skipped)

    def _end(self, signal: SignalInstance) -> None:
        if self._ended:
            return
        self._ended = True
        self._timer.stop()
        signal.emit()
        self.close()

    def open_safety_notice(self) -> None:
        from posture_break.ui.health_dialog import show_safety_notice

        dialog = show_safety_notice(self)
        dialog.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        dialog.show()

    # --- showing without stealing focus ------------------------------------------------------

    def show_without_focus(self) -> None:
        """Centre on the screen under the mouse and show on top, leaving the keyboard alone."""
        previous = QApplication.activeWindow()
        self._focus_guard = previous if previous is not None and previous is not self else None
        self.adjustSize()
        self._centre()
        self._shown_at = self._monotonic()
        self._last_key = self._shown_at
        self._armed = False
        self.show()
        if self._focus_guard is not None:
            self._guard_timer.start()

    def _centre(self) -> None:
        screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area: QRect = screen.availableGeometry()
        size = self.size()
        x = area.x() + max(0, (area.width() - size.width()) // 2)
        y = area.y() + max(0, (area.height() - size.height()) // 2)
        self.move(QPoint(x, y))

    def _drop_focus_guard(self) -> None:
        self._focus_guard = None

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            previous = self._focus_guard
            self._focus_guard = None
            if previous is not None and previous.isVisible():
                # The platform activated us on show (some ignore the "don't activate" hint).
                previous.activateWindow()
        super().changeEvent(event)

    # --- keyboard and closing ------------------------------------------------------------------

    @property
    def armed(self) -> bool:
        """Whether keys act: the person turned to the window (see ``KEY_GRACE_SECONDS``)."""
        if not self._armed:
            quiet_since = max(self._shown_at, self._last_key)
            self._armed = self._monotonic() - quiet_since >= KEY_GRACE_SECONDS
        return self._armed

    def arm(self) -> None:
        self._armed = True

    def _swallow_key(self, event: QEvent) -> bool:
        """True (and the key is dropped) while the window is not armed."""
        if self.armed:
            return False
        if event.type() == QEvent.Type.KeyPress:
            self._last_key = self._monotonic()
        event.accept()
        return True

    _KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride)
    _TURNED_TO = (QEvent.Type.Enter, QEvent.Type.MouseButtonPress, QEvent.Type.TabletPress)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in self._KEY_EVENTS:
            return self._swallow_key(event)
        if kind in self._TURNED_TO:
            self.arm()
        return super().eventFilter(watched, event)

    def enterEvent(self, event: QEvent) -> None:  # type: ignore[override]
        self.arm()
        super().enterEvent(event)  # type: ignore[arg-type]

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.arm()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._swallow_key(event):
            return
        key = event.key()
        plain = not (
            event.modifiers()
            & (
                Qt.KeyboardModifier.ControlModifier
                | Qt.KeyboardModifier.AltModifier
                | Qt.KeyboardModifier.MetaModifier
            )
        )
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish_done()
        elif key == Qt.Key.Key_S and plain:
            self.snooze()
        elif key == Qt.Key.Key_Escape:
            self.skip()
        elif key == Qt.Key.Key_N and plain:
            self.next_card()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def closeEvent(self, event: QCloseEvent) -> None:
        # A close from the window manager (Alt+F4) counts as Skip; in strict mode it is refused.
        # The shell's own close() is not spontaneous and just closes.
        if event.spontaneous() and not self._ended:
            if not self._can_skip:
                event.ignore()
                return
            self.skip()
        self._timer.stop()
        super().closeEvent(event)


class _FrozenClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


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
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        window.show()
        window.adjustSize()
        clock.now = card.seconds / 3
        window.tick()
        app.processEvents()
        image = window.grab().toImage()
        path = out_dir / f"{card.id}.png"
        image.save(str(path))
        paths.append(path)
        images.append((card.id, image))
        window._ended = True  # a review render is not a break: closing it emits nothing
        window.close()
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
