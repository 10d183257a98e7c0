"""The first-run health check and the safety notice.

The words live in ``core.health`` as English source text; every one is passed through
``QCoreApplication.translate("health", ...)`` here, so a translation file can cover them without the
core knowing about Qt. Only tags come out of this dialog; the settings store them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from posture_break.core import health


def notice_html(text: str) -> str:
    """Turn the plain-text notice into simple HTML: paragraphs, bold lead-ins, bullet lists.

    A line ending in ":" introduces a list; lines starting with "- " are its items. Everything is
    escaped, so a translation can never inject markup.
    """
    parts: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if items:
            parts.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
            items.clear()

    for block in text.split("\n\n"):
        for line in block.splitlines():
            line = line.strip()
            if not line:
                continue
            if line.startswith("- "):
                items.append(html.escape(line[2:]))
                continue
            flush()
            if line.endswith(":"):
                parts.append(f"<p style='margin-bottom:2px'><b>{html.escape(line)}</b></p>")
            else:
                parts.append(f"<p>{html.escape(line)}</p>")
        flush()
    return "\n".join(parts)


class SafetyNoticeDialog(QDialog):
    """The notice, readable at the system font size, closed with Esc, Enter or the button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("health", health.NOTICE_TITLE))
        self.setAccessibleName(QCoreApplication.translate("health", health.NOTICE_TITLE))
        self.setModal(True)

        title = QLabel(QCoreApplication.translate("health", health.NOTICE_TITLE), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        title.setAccessibleName(QCoreApplication.translate("health", health.NOTICE_TITLE))

        self.text = QTextBrowser(self)
        self.text.setOpenLinks(False)
        self.text.setHtml(notice_html(QCoreApplication.translate("health", health.NOTICE)))
        self.text.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.text.setAccessibleName(QCoreApplication.translate("health", health.NOTICE_TITLE))
        self.text.setAccessibleDescription(QCoreApplication.translate("health", health.NOTICE))
        # The browser is read-only; let Tab move on to the Close button.
        self.text.setTabChangesFocus(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(QCoreApplication.translate("health", "Close the safety notice"))
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        self.close_button = close

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(520, 560)
        close.setFocus()


def show_safety_notice(parent: QWidget | None = None) -> SafetyNoticeDialog:
    """Open the notice without blocking the caller (a break's countdown keeps running)."""
    dialog = SafetyNoticeDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setModal(False)
    dialog.show()
    return dialog


class HealthDialog(QDialog):
    """Asks once which health conditions apply; returns tags, never free text."""

    def __init__(self, tags: Iterable[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title_text = QCoreApplication.translate("health", "Before your first break")
        self.setWindowTitle(title_text)
        self.setAccessibleName(title_text)

        title = QLabel(title_text, self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)

        intro = QLabel(QCoreApplication.translate("health", health.INTRO), self)
        intro.setWordWrap(True)
        intro.setAccessibleName(QCoreApplication.translate("health", "Why we ask"))
        intro.setAccessibleDescription(QCoreApplication.translate("health", health.INTRO))

        chosen = set(tags)
        self._boxes: dict[str, QCheckBox] = {}
        boxes = QVBoxLayout()
        boxes.setSpacing(6)
        for question in health.QUESTIONS:
            box = QCheckBox(QCoreApplication.translate("health", question.label), self)
            box.setAccessibleName(QCoreApplication.translate("health", question.label))
            box.setChecked(question.tag in chosen)
            box.setObjectName(f"health-{question.tag}")
            self._boxes[question.tag] = box
            boxes.addWidget(box)

        self.none_button = QPushButton(
            QCoreApplication.translate("health", "None of these apply"), self
        )
        self.none_button.setAccessibleName(
            QCoreApplication.translate("health", "None of these apply")
        )
        self.none_button.setAccessibleDescription(
            QCoreApplication.translate("health", "Clears every tick above")
        )
        self.none_button.setAutoDefault(False)
        self.none_button.clicked.connect(self.clear)

        self.notice_button = QPushButton(
            QCoreApplication.translate("health", "Read the safety notice"), self
        )
        self.notice_button.setAccessibleName(
            QCoreApplication.translate("health", "Read the safety notice")
        )
        self.notice_button.setAccessibleDescription(
            QCoreApplication.translate(
                "health", "How to stretch safely and when to stop or get help"
            )
        )
        self.notice_button.setAutoDefault(False)
        self.notice_button.clicked.connect(self.open_notice)

        row = QHBoxLayout()
        row.addWidget(self.none_button)
        row.addStretch(1)
        row.addWidget(self.notice_button)

        note = QLabel(
            QCoreApplication.translate(
                "health", "Not sure? Ask your doctor or physiotherapist first."
            ),
            self,
        )
        note.setWordWrap(True)
        note_font = note.font()
        note_font.setItalic(True)
        note.setFont(note_font)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setAccessibleName(QCoreApplication.translate("health", "Save my answers"))
        ok.setDefault(True)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(QCoreApplication.translate("health", "Cancel without saving"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(boxes)
        layout.addLayout(row)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        # wide enough for the longest question: a checkbox label does not wrap
        widest = max(box.sizeHint().width() for box in self._boxes.values())
        self.setMinimumWidth(max(480, widest + 48))
        self._notice: SafetyNoticeDialog | None = None

    def tags(self) -> list[str]:
        """The ticked tags, in the order the questions are shown."""
        return [tag for tag, box in self._boxes.items() if box.isChecked()]

    def set_tags(self, tags: Iterable[str]) -> None:
        chosen = set(tags)
        for tag, box in self._boxes.items():
            box.setChecked(tag in chosen)

    def clear(self) -> None:
        """The "None of these apply" button: untick everything; OK still confirms."""
        self.set_tags(())

    def checkbox(self, tag: str) -> QCheckBox:
        return self._boxes[tag]

    def open_notice(self) -> SafetyNoticeDialog:
        self._notice = show_safety_notice(self)
        return self._notice
