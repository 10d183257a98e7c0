"""The tray icon and its menu, and the status window used where there is no tray.

What the icon and tooltip say is decided by pure functions in core/status.py; this module only
draws and forwards clicks.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QMenu,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from posture_break.core.model import PauseTarget
from posture_break.core.paths import assets_dir

STATE_COLOURS = {
    "active": "#1f8a70",
    "due-soon": "#d97706",
    "break": "#d97706",
    "paused": "#6b7280",
    "off": "#6b7280",
}


@lru_cache(maxsize=1)
def icon_svg() -> bytes:
    return (assets_dir() / "icons" / "posture-break.svg").read_bytes()


@lru_cache(maxsize=8)
def _renderer(colour: str) -> QSvgRenderer:
    return QSvgRenderer(QByteArray(icon_svg().replace(b"#1f8a70", colour.encode())))


def draw_icon(state: str, progress: float | None = None) -> QIcon:
    """The tray icon for a state: the figure on a coloured tile, a pause badge, a progress arc.

    Progress is drawn in 5 % steps and every (state, step) icon is made once: the icon changes
    a few times an hour, and redrawing SVGs on every poll was the app's main idle cost.
    """
    step = None if progress is None else max(0, min(20, int(progress * 20)))
    return _draw_icon(state, step)


@lru_cache(maxsize=64)
def _draw_icon(state: str, step: int | None) -> QIcon:
    colour = STATE_COLOURS.get(state, STATE_COLOURS["active"])
    renderer = _renderer(colour)
    icon = QIcon()
    for px in (22, 32, 64):  # tray sizes; Qt scales from the nearest for the rest
        pixmap = QPixmap(px, px)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, px, px))
        if state == "paused":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#ffffff"))
            w = px * 0.12
            painter.drawRoundedRect(QRectF(px * 0.60, px * 0.58, w, px * 0.32), 1, 1)
            painter.drawRoundedRect(QRectF(px * 0.78, px * 0.58, w, px * 0.32), 1, 1)
        elif step is not None and state in ("active", "due-soon"):
            pen = QPen(QColor(255, 255, 255, 220), max(1.5, px / 16))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            r = QRectF(px * 0.08, px * 0.08, px * 0.84, px * 0.84)
            painter.drawArc(r, 90 * 16, -int(360 * 16 * step / 20))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


class Actions(QObject):
    """The menu's actions, shared by the tray menu and the no-tray status window."""

    break_now = Signal()
    pause = Signal(object)  # minutes (int), "tomorrow" or "resumed"
    resume = Signal()
    show_stats = Signal()
    show_settings = Signal()
    quit = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.menu = QMenu()
        self.menu.setAccessibleName(QCoreApplication.translate("Tray", "posture-break menu"))
        self.status_action = self.menu.addAction("")
        self.status_action.setEnabled(False)
        self.menu.addSeparator()
        self.break_now_action = self.menu.addAction(
            QCoreApplication.translate("Tray", "Take a break now")
        )
        self.break_now_action.triggered.connect(self.break_now)
        self.pause_menu = self.menu.addMenu(QCoreApplication.translate("Tray", "Pause"))
        self.pause_actions: list[QAction] = []
        for label, value in (
            (QCoreApplication.translate("Tray", "For 30 minutes"), 30),
            (QCoreApplication.translate("Tray", "For 1 hour"), 60),
            (QCoreApplication.translate("Tray", "For 2 hours"), 120),
            (QCoreApplication.translate("Tray", "Until tomorrow"), PauseTarget.TOMORROW.value),
            (QCoreApplication.translate("Tray", "Until I resume"), PauseTarget.RESUMED.value),
        ):
            action = self.pause_menu.addAction(label)
            action.triggered.connect(lambda _=False, v=value: self.pause.emit(v))
            self.pause_actions.append(action)
        self.resume_action = self.menu.addAction(QCoreApplication.translate("Tray", "Resume"))
        self.resume_action.triggered.connect(self.resume)
        self.menu.addSeparator()
        self.stats_action = self.menu.addAction(QCoreApplication.translate("Tray", "Weekly stats"))
        self.stats_action.triggered.connect(self.show_stats)
        self.settings_action = self.menu.addAction(QCoreApplication.translate("Tray", "Settings"))
        self.settings_action.triggered.connect(self.show_settings)
        self.menu.addSeparator()
        self.quit_action = self.menu.addAction(QCoreApplication.translate("Tray", "Quit"))
        self.quit_action.triggered.connect(self.quit)

    def set_status(self, text: str, *, paused: bool, in_break: bool) -> None:
        if self.status_action.text() != text:
            self.status_action.setText(text)
        self.resume_action.setEnabled(paused)
        self.pause_menu.setEnabled(not paused)
        self.break_now_action.setEnabled(not in_break)


class Tray(QObject):
    def __init__(self, actions: Actions, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.actions = actions
        self.icon = QSystemTrayIcon(draw_icon("active"), self)
        self.icon.setContextMenu(actions.menu)
        self.icon.setToolTip("posture-break")
        self.icon.activated.connect(self._activated)
        self._state: tuple[str, int | None] | None = None
        self._tooltip = ""

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.actions.show_stats.emit()

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def update(self, state: str, tooltip: str, progress: float | None) -> None:
        # Hand Qt a new icon only when what is visible changes (progress in 5 % steps).
        key = (state, None if progress is None else int(progress * 20))
        if key != self._state:
            self._state = key
            self.icon.setIcon(draw_icon(state, progress))
        if tooltip != self._tooltip:
            self._tooltip = tooltip
            self.icon.setToolTip(tooltip)

    def message(self, title: str, text: str) -> None:
        self.icon.showMessage(title, text, draw_icon("due-soon"), 8000)


class StatusWindow(QWidget):
    """Where no system tray exists (GNOME without AppIndicator): a small window, same actions."""

    def __init__(self, actions: Actions) -> None:
        super().__init__()
        self._actions = actions  # not ``actions``: that is QWidget.actions()
        self.setWindowTitle("posture-break")
        self.setWindowIcon(draw_icon("active"))
        self.status = QLabel()
        self.status.setAccessibleName(QCoreApplication.translate("Tray", "Status"))
        self.status.setWordWrap(True)
        font = self.status.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.status.setFont(font)
        self.notice = QLabel(
            QCoreApplication.translate(
                "Tray", "No system tray was found, so posture-break shows this window instead."
            )
        )
        self.notice.setWordWrap(True)
        self.notice.setEnabled(False)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, label, signal in (
            ("break", QCoreApplication.translate("Tray", "Take a break now"), actions.break_now),
            ("stats", QCoreApplication.translate("Tray", "Weekly stats"), actions.show_stats),
            ("settings", QCoreApplication.translate("Tray", "Settings"), actions.show_settings),
        ):
            b = QPushButton(label)
            b.setAccessibleName(label)
            b.clicked.connect(signal)
            buttons.addWidget(b)
            self.buttons[key] = b
        self.pause_button = QPushButton(QCoreApplication.translate("Tray", "Pause"))
        self.pause_button.setAccessibleName(QCoreApplication.translate("Tray", "Pause"))
        self.pause_button.setMenu(actions.pause_menu)
        buttons.addWidget(self.pause_button)
        self.resume_button = QPushButton(QCoreApplication.translate("Tray", "Resume"))
        self.resume_button.setAccessibleName(QCoreApplication.translate("Tray", "Resume"))
        self.resume_button.clicked.connect(actions.resume)
        buttons.addWidget(self.resume_button)
        quit_button = QPushButton(QCoreApplication.translate("Tray", "Quit"))
        quit_button.setAccessibleName(QCoreApplication.translate("Tray", "Quit"))
        quit_button.clicked.connect(actions.quit)
        buttons.addWidget(quit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 18)
        layout.setSpacing(12)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(self.notice)
        # Its own size and no more: a tiling compositor floats a fixed-size window instead of
        # giving it half the screen (sway does), and it never grows into a big empty window.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        self.notice.setMinimumWidth(420)
        self.status.setMinimumWidth(420)

    def update_status(self, text: str, *, paused: bool) -> None:
        self.status.setText(text)
        self.resume_button.setEnabled(paused)
        self.pause_button.setEnabled(not paused)

    def bring_back(self) -> None:
        """``posture-break show``: on screen again after it was closed."""
        self.show()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        # Closing the window hides it (minimising does not exist on every desktop: sway); the
        # app keeps reminding, and `posture-break show` brings it back. Quit is explicit.
        event.accept()
        self.hide()


Views = tuple[Actions, Tray | None, StatusWindow | None]


def make_views(use_tray: bool | None = None) -> Views:
    """The menu's actions and where they show: the tray icon, or the status window where no tray
    exists (``use_tray`` None: ask the desktop). The one place the views are built: ui/launch.py
    builds them first, so the icon is on screen before the rest of the app is even imported,
    and hands them to BreakApp."""
    if use_tray is None:
        use_tray = QSystemTrayIcon.isSystemTrayAvailable()
    actions = Actions()
    if use_tray:
        return actions, Tray(actions), None
    return actions, None, StatusWindow(actions)
