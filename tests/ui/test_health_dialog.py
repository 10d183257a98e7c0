"""The first-run health check: tags in, tags out, and the notice one click away."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QDialog, QWidget

from posture_break.core import health
from posture_break.ui.health_dialog import (
    HealthDialog,
    SafetyNoticeDialog,
    notice_html,
    show_safety_notice,
)


def test_tags_round_trip(qtbot) -> None:
    dialog = HealthDialog(["pregnancy", "anticoagulants"])
    qtbot.addWidget(dialog)
    assert dialog.tags() == ["anticoagulants", "pregnancy"]
    assert dialog.checkbox("pregnancy").isChecked()
    assert not dialog.checkbox("skin").isChecked()

    dialog.checkbox("skin").setChecked(True)
    dialog.checkbox("pregnancy").setChecked(False)
    assert dialog.tags() == ["anticoagulants", "skin"]

    again = HealthDialog(dialog.tags())
    qtbot.addWidget(again)
    assert again.tags() == dialog.tags()


def test_unknown_tags_are_ignored(qtbot) -> None:
    dialog = HealthDialog(["made-up", "cancer"])
    qtbot.addWidget(dialog)
    assert dialog.tags() == ["cancer"]


def test_one_checkbox_per_question(qtbot) -> None:
    dialog = HealthDialog()
    qtbot.addWidget(dialog)
    boxes = dialog.findChildren(QCheckBox)
    assert len(boxes) == len(health.QUESTIONS)
    assert [b.text() for b in boxes] == [q.label for q in health.QUESTIONS]
    assert dialog.tags() == []


def test_none_apply_clears_every_tick(qtbot) -> None:
    dialog = HealthDialog(list(health.TAGS))
    qtbot.addWidget(dialog)
    assert dialog.tags() == list(health.TAGS)
    qtbot.mouseClick(dialog.none_button, Qt.MouseButton.LeftButton)
    assert dialog.tags() == []


def test_ok_accepts_and_keeps_the_ticks(qtbot) -> None:
    dialog = HealthDialog(["osteoporosis"])
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog.buttons.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.tags() == ["osteoporosis"]


def test_space_toggles_a_checkbox_from_the_keyboard(qtbot) -> None:
    dialog = HealthDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    box = dialog.checkbox("recent-injury")
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert dialog.tags() == ["recent-injury"]


def test_every_control_has_an_accessible_name(qtbot) -> None:
    dialog = HealthDialog()
    qtbot.addWidget(dialog)
    controls = dialog.findChildren(QAbstractButton)
    assert len(controls) >= len(health.QUESTIONS) + 4  # boxes, none, notice, OK, Cancel
    for control in controls:
        assert control.accessibleName().strip(), control.text()


def test_notice_is_one_click_away(qtbot) -> None:
    dialog = HealthDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.notice_button, Qt.MouseButton.LeftButton)
    notices = [w for w in dialog.findChildren(SafetyNoticeDialog) if w.isVisible()]
    assert len(notices) == 1
    assert "numbness or tingling" in notices[0].text.toPlainText()
    notices[0].close()


def test_safety_notice_shows_every_stop_sign(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = show_safety_notice(parent)
    text = dialog.text.toPlainText()
    for sign in health.STOP_SIGNS:
        assert sign in text
    assert dialog.close_button.accessibleName()
    dialog.close()


def test_notice_html_makes_lists_and_escapes() -> None:
    out = notice_html("Intro <b>x</b>.\n\nStop if:\n- one\n- two & three")
    assert "&lt;b&gt;x&lt;/b&gt;" in out
    assert "<b>Stop if:</b>" in out
    assert "<ul><li>one</li><li>two &amp; three</li></ul>" in out


def test_implant_and_recent_fracture_are_their_own_questions(qtbot) -> None:
    dialog = HealthDialog(["osteoporosis"])
    qtbot.addWidget(dialog)
    assert not dialog.checkbox("recent-fracture").isChecked()
    assert not dialog.checkbox("implant").isChecked()
    assert "pacemaker" in dialog.checkbox("implant").text().lower()
    assert "fracture" not in dialog.checkbox("osteoporosis").text().lower()
    dialog.show()
    for tag in ("implant", "recent-fracture"):
        box = dialog.checkbox(tag)
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
    assert dialog.tags() == ["osteoporosis", "recent-fracture", "implant"]
