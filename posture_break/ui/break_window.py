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

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPoint,
    QRect,
    QRectF,
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
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from posture_break.core.cards import Card
from posture_break.ui.break_colours import link_colour
from posture_break.ui.break_widgets import (
    CautionBox,
    CountdownRing,
    IllustrationView,
    StepList,
    card_meta,
    format_seconds,
)

# Keys act only once the person has clearly turned to the window: the pointer entered it, they
# clicked it, or no key reached it for this many seconds since it appeared (or since the last
# key). Until then every key is swallowed, by the window and by its buttons alike (a space would
# press the focused button): someone typing "this is a sentence" as the card pops up, on a
# desktop that focuses new windows, snoozes, skips and finishes nothing.
KEY_GRACE_SECONDS = 2.5
# If the platform activates the window anyway right after showing it, give the focus back to the
# window that had it (only within this many milliseconds, so a person's own click is never undone).
FOCUS_GUARD_MS = 400


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
        link_palette.setColor(QPalette.ColorRole.ButtonText, link_colour(link_palette))
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

        self.steps_widget = StepList(self)

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
        self.meta_label.setText(card_meta(card))
        self.title_label.setText(text.title)
        self.title_label.setAccessibleName(text.title)

        step_font = QFont(self.font())
        step_font.setPointSizeF(self.font().pointSizeF() * 1.08)
        self.steps_widget.set_steps(text.steps, step_font)

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

    def close_without_outcome(self) -> None:
        """Close the window as if the break had already ended: no signal is emitted.

        For a window that shows a card but is not a break (``cards --render``).
        """
        self._ended = True
        self._timer.stop()
        self.close()

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
