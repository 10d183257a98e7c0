"""The break window: outcomes, countdown, long breaks, focus and accessibility.

Time is a fake monotonic clock; the countdown is driven by calling ``tick()`` directly.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from posture_break.core.cards import Card, CardText
from posture_break.ui.break_widgets import format_seconds
from posture_break.ui.break_window import (
    KEY_GRACE_SECONDS,
    BreakWindow,
)
from posture_break.ui.health_dialog import SafetyNoticeDialog

# Tool windows ask the platform to raise them on show; the offscreen platform says it cannot.
pytestmark = pytest.mark.qt_log_ignore("does not support raise")

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
    '<rect width="100" height="100" fill="#f4f1ea"/>'
    '<circle cx="50" cy="{y}" r="20" fill="{colour}"/></svg>'
)


class FakeMonotonic:
    def __init__(self, start: float = 100.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_card(
    folder: Path,
    card_id: str,
    *,
    frames: int = 0,
    seconds: int = 30,
    translations: dict[str, CardText] | None = None,
) -> Card:
    still = folder / f"{card_id}.svg"
    still.write_text(SVG.format(y=50, colour="#3a6ea5"), encoding="utf-8")
    frame_paths = []
    for i in range(1, frames + 1):
        frame = folder / f"{card_id}-f{i}.svg"
        frame.write_text(SVG.format(y=30 + 10 * i, colour="#a53a3a"), encoding="utf-8")
        frame_paths.append(frame)
    return Card(
        id=card_id,
        title=f"Title of {card_id}",
        kind="stretch",
        areas=("neck",),
        seconds=seconds,
        slot="micro",
        needs=("seated",),
        steps=(f"First step of {card_id}.", "Second step.", "Third step."),
        caution=f"Careful with {card_id}.",
        illustration=still,
        frames=tuple(frame_paths),
        avoid_if=(),
        themes=(),
        source=folder / f"{card_id}.toml",
        translations=MappingProxyType(translations or {}),
    )


@pytest.fixture
def clock() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def make_window(qtbot, tmp_path, clock):
    def build(n_cards: int = 1, **kwargs) -> BreakWindow:
        cards = kwargs.pop("cards", None) or [
            make_card(tmp_path, f"card{i}") for i in range(n_cards)
        ]
        options = {
            "total_seconds": 30,
            "snooze_minutes": 5,
            "can_snooze": True,
            "monotonic": clock,
        }
        options.update(kwargs)
        window = BreakWindow(cards, **options)
        qtbot.addWidget(window)
        return window

    return build


def settle() -> None:
    """Deliver pending window-system events (offscreen activates every shown window)."""
    for _ in range(5):
        QApplication.processEvents()


def shown(window: BreakWindow, clock: FakeMonotonic) -> BreakWindow:
    """Show the window and let the key grace period pass."""
    window.show_without_focus()
    clock.advance(KEY_GRACE_SECONDS + 0.1)
    return window


# --- outcomes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("button", "signal"),
    [("done_button", "done"), ("snooze_button", "snoozed"), ("skip_button", "skipped")],
)
def test_buttons_emit_their_signal_and_close(qtbot, make_window, clock, button, signal) -> None:
    window = shown(make_window(), clock)
    with qtbot.waitSignal(getattr(window, signal), timeout=1000):
        qtbot.mouseClick(getattr(window, button), Qt.MouseButton.LeftButton)
    assert not window.isVisible()


@pytest.mark.parametrize(
    ("key", "signal"),
    [
        (Qt.Key.Key_Return, "done"),
        (Qt.Key.Key_Enter, "done"),
        (Qt.Key.Key_S, "snoozed"),
        (Qt.Key.Key_Escape, "skipped"),
    ],
)
def test_shortcuts_emit_their_signal(qtbot, make_window, clock, key, signal) -> None:
    window = shown(make_window(), clock)
    with qtbot.waitSignal(getattr(window, signal), timeout=1000):
        qtbot.keyClick(window, key)


def test_only_one_outcome_is_ever_emitted(qtbot, make_window, clock) -> None:
    window = shown(make_window(), clock)
    outcomes: list[str] = []
    window.done.connect(lambda: outcomes.append("done"))
    window.skipped.connect(lambda: outcomes.append("skipped"))
    window.snoozed.connect(lambda: outcomes.append("snoozed"))
    window.finish_done()
    window.skip()
    window.snooze()
    assert outcomes == ["done"]


def test_keys_right_after_the_window_appears_are_ignored(qtbot, make_window, clock) -> None:
    # Someone typing "...<Enter>" as the card pops up must not mark the break done.
    window = make_window()
    window.show_without_focus()
    with qtbot.assertNotEmitted(window.done):
        qtbot.keyClick(window, Qt.Key.Key_Return)
    clock.advance(KEY_GRACE_SECONDS + 0.1)
    with qtbot.waitSignal(window.done, timeout=1000):
        qtbot.keyClick(window, Qt.Key.Key_Return)


def test_typing_a_sentence_into_the_window_acts_on_nothing(qtbot, make_window, clock) -> None:
    # A compositor that focuses new windows hands it the rest of "this is a sentence": not one
    # key (s = snooze, space = the focused button, Enter = done, Esc = skip) may act while the
    # typing goes on, however long it lasts.
    window = make_window()
    window.show_without_focus()
    focused = QApplication.focusWidget()
    with (
        qtbot.assertNotEmitted(window.done),
        qtbot.assertNotEmitted(window.snoozed),
        qtbot.assertNotEmitted(window.skipped),
    ):
        for _ in range(3):
            for ch in "this is a sentence ":
                clock.advance(0.2)
                qtbot.keyClicks(focused or window, ch)
                qtbot.keyClicks(window, ch)
            for key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Escape):
                clock.advance(1.0)
                qtbot.keyClick(focused or window, key)
                qtbot.keyClick(window.done_button, key)
        assert window.isVisible() and not window.armed
    clock.advance(KEY_GRACE_SECONDS + 0.1)  # then a pause: the person looks at the window
    assert window.armed
    with qtbot.waitSignal(window.snoozed, timeout=1000):
        qtbot.keyClick(window, Qt.Key.Key_S)


def test_pointer_or_click_arms_the_keys_at_once(qtbot, make_window, clock) -> None:
    window = make_window()
    window.show_without_focus()
    assert not window.armed
    QApplication.sendEvent(window, QEvent(QEvent.Type.Enter))
    assert window.armed
    with qtbot.waitSignal(window.done, timeout=1000):
        qtbot.keyClick(window, Qt.Key.Key_Return)
    clicked = make_window()
    clicked.show_without_focus()
    with qtbot.waitSignal(clicked.skipped, timeout=1000):  # a click acts at once, and arms
        qtbot.mouseClick(clicked.skip_button, Qt.MouseButton.LeftButton)


def test_snooze_label_uses_the_minutes(make_window) -> None:
    assert make_window(snooze_minutes=5).snooze_button.text() == "Snooze 5 min"
    assert make_window(snooze_minutes=10).snooze_button.text() == "Snooze 10 min"


def test_no_snooze_left_hides_the_button_and_s_does_nothing(qtbot, make_window, clock) -> None:
    window = shown(make_window(can_snooze=False), clock)
    assert window.snooze_button.isHidden()
    assert not window.done_button.isHidden()
    with qtbot.assertNotEmitted(window.snoozed):
        qtbot.keyClick(window, Qt.Key.Key_S)
        window.snooze()
    assert window.isVisible()


def test_strict_mode_hides_skip_and_esc_does_nothing(qtbot, make_window, clock) -> None:
    window = shown(make_window(can_skip=False), clock)
    assert window.skip_button.isHidden()
    with qtbot.assertNotEmitted(window.skipped):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()


def test_s_with_a_modifier_is_not_snooze(qtbot, make_window, clock) -> None:
    window = shown(make_window(), clock)
    with qtbot.assertNotEmitted(window.snoozed):
        qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


# --- countdown -----------------------------------------------------------------------------------


def test_format_seconds() -> None:
    assert format_seconds(25) == "0:25"
    assert format_seconds(245) == "4:05"
    assert format_seconds(0) == "0:00"
    assert format_seconds(-3) == "0:00"


def test_countdown_is_derived_from_the_clock(make_window, clock) -> None:
    window = make_window(total_seconds=30)
    assert window.countdown_text() == "0:30"
    clock.advance(10.2)
    window.tick()
    assert window.countdown_text() == "0:20"
    # A tick that comes very late does not drift: the text follows the clock, not the ticks.
    clock.advance(7.0)
    window.tick()
    assert window.countdown_text() == "0:13"
    assert window.remaining() == pytest.approx(12.8)


def test_countdown_finished_is_emitted_once(qtbot, make_window, clock) -> None:
    window = make_window(total_seconds=30)
    fired: list[bool] = []
    window.countdown_finished.connect(lambda: fired.append(True))
    clock.advance(29.5)
    window.tick()
    assert fired == []
    assert window.countdown_text() == "0:01"
    clock.advance(0.6)
    window.tick()
    window.tick()
    clock.advance(5)
    window.tick()
    assert fired == [True]
    assert window.countdown_text() == "0:00"
    # The shell decides what an elapsed break means; the buttons still answer afterwards.
    with qtbot.waitSignal(window.done, timeout=1000):
        window.finish_done()


def test_no_countdown_finished_after_an_outcome(qtbot, make_window, clock) -> None:
    window = shown(make_window(total_seconds=30), clock)
    window.skip()
    with qtbot.assertNotEmitted(window.countdown_finished):
        clock.advance(60)
        window.tick()


def test_long_break_countdown_shows_minutes(make_window, clock) -> None:
    window = make_window(3, total_seconds=300)
    assert window.countdown_text() == "5:00"
    clock.advance(75)
    window.tick()
    assert window.countdown_text() == "3:45"


# --- long breaks ---------------------------------------------------------------------------------


def test_next_moves_through_the_cards_of_a_long_break(qtbot, make_window, clock) -> None:
    window = shown(make_window(3, total_seconds=300), clock)
    assert window.position_label.text() == "Card 1 of 3"
    assert not window.position_label.isHidden()
    assert window.title_label.text() == "Title of card0"
    assert not window.next_button.isHidden()

    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert window.current_index == 1
    assert window.position_label.text() == "Card 2 of 3"
    assert window.title_label.text() == "Title of card1"
    assert "First step of card1." in [label.text() for label in window.steps_widget.labels]

    # Only the current card's steps are on screen (the old labels are gone right away).
    visible = [w for w in window.steps_widget.findChildren(QLabel) if w.isVisible()]
    assert sorted(w.text() for w in visible) == sorted(
        label.text() for label in window.steps_widget.labels
    )
    assert len(visible) == 6

    qtbot.keyClick(window, Qt.Key.Key_N)
    assert window.position_label.text() == "Card 3 of 3"
    assert window.next_button.isHidden()
    window.next_card()  # past the end: stays put
    assert window.current_index == 2
    # Moving between cards is not an outcome, and the break clock keeps running across cards.
    assert window.isVisible()
    clock.advance(100 - KEY_GRACE_SECONDS - 0.1)  # shown() let the key grace pass
    window.tick()
    assert window.countdown_text() == "3:20"


def test_a_single_card_has_no_position_and_no_next(make_window) -> None:
    window = make_window(1)
    assert window.position_label.isHidden()
    assert window.next_button.isHidden()


def test_an_empty_break_is_refused(qtbot, clock) -> None:
    with pytest.raises(ValueError):
        BreakWindow([], total_seconds=30, snooze_minutes=5, can_snooze=True, monotonic=clock)


def test_steps_are_numbered_and_caution_shown(make_window) -> None:
    window = make_window(1)
    texts = [label.text() for label in window.steps_widget.labels]
    assert texts[:2] == ["1.", "First step of card0."]
    assert "3." in texts
    assert window.caution.label.text() == "Careful with card0."


def test_card_text_follows_the_language(make_window, tmp_path) -> None:
    german = CardText("Kinn zurück", ("Aufrecht sitzen.",), "Sanft bleiben.")
    card = make_card(tmp_path, "chin", translations={"de": german})
    window = make_window(cards=[card], lang="de_DE")
    assert window.title_label.text() == "Kinn zurück"
    assert window.caution.label.text() == "Sanft bleiben."
    english = make_window(cards=[card], lang="en")
    assert english.title_label.text() == "Title of chin"


# --- illustration --------------------------------------------------------------------------------


def test_frames_cycle_about_once_a_second(make_window, tmp_path, clock) -> None:
    card = make_card(tmp_path, "anim", frames=3)
    window = make_window(cards=[card])
    assert window.illustration.frame_count == 3
    seen = []
    for _ in range(4):
        seen.append(window.illustration.frame)
        clock.advance(1.0)
        window.tick()
    assert seen == [0, 1, 2, 0]


def test_still_picture_when_animations_are_off(make_window, tmp_path, clock) -> None:
    card = make_card(tmp_path, "still", frames=3)
    window = make_window(cards=[card], animations=False)
    assert window.illustration.frame_count == 1
    clock.advance(1.0)
    window.tick()
    assert window.illustration.frame == 0


def test_illustration_is_rendered_at_the_device_pixel_ratio(make_window, tmp_path) -> None:
    window = make_window(1)
    window.show_without_focus()
    pixmap = window.illustration._pixmap(0)
    assert pixmap is not None
    dpr = window.illustration.devicePixelRatioF()
    assert pixmap.devicePixelRatio() == dpr
    assert pixmap.width() == round(window.illustration.width() * dpr)
    # The drawing is really there: the circle's blue shows in the middle.
    centre = pixmap.toImage().pixelColor(pixmap.width() // 2, pixmap.height() // 2)
    assert centre.blue() > centre.red()


def test_a_transparent_picture_gets_a_light_backdrop(make_window, tmp_path) -> None:
    card = make_card(tmp_path, "bare")
    card.illustration.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        '<circle cx="50" cy="50" r="10" fill="#000000"/></svg>',
        encoding="utf-8",
    )
    window = make_window(cards=[card])
    image = window.illustration._pixmap(0).toImage()
    edge = image.pixelColor(image.width() // 8, image.height() // 2)
    assert edge.alpha() == 255
    assert edge.lightness() > 200  # light, whatever the window palette


def test_a_missing_picture_does_not_break_the_window(make_window, tmp_path) -> None:
    card = make_card(tmp_path, "gone")
    card.illustration.unlink()
    window = make_window(cards=[card])
    assert window.illustration._pixmap(0) is None
    assert window.grab().width() > 0


# --- focus, placement, accessibility -------------------------------------------------------------


def test_window_flags_keep_it_on_top_without_refusing_focus(make_window) -> None:
    window = make_window()
    flags = window.windowFlags()
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert flags & Qt.WindowType.FramelessWindowHint
    assert not flags & Qt.WindowType.WindowDoesNotAcceptFocus
    assert window.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)


def test_showing_does_not_take_the_keyboard(qtbot, make_window, clock) -> None:
    other = QWidget()
    qtbot.addWidget(other)
    editor = QLineEdit(other)
    QVBoxLayout(other).addWidget(editor)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(other.isActiveWindow, timeout=2000)
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus, timeout=2000)

    window = make_window()
    window.show_without_focus()
    qtbot.waitExposed(window)
    settle()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other, timeout=2000)
    assert not window.isActiveWindow()
    assert editor.hasFocus()
    assert window.isVisible()


def test_typing_into_the_other_window_goes_there(qtbot, make_window, clock) -> None:
    other = QWidget()
    qtbot.addWidget(other)
    editor = QLineEdit(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(other.isActiveWindow, timeout=2000)
    editor.setFocus()
    window = make_window()
    window.show_without_focus()
    clock.advance(KEY_GRACE_SECONDS + 0.1)
    settle()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other, timeout=2000)
    assert QApplication.focusWidget() is editor
    with qtbot.assertNotEmitted(window.done):
        qtbot.keyClicks(QApplication.focusWidget(), "ok")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert editor.text() == "ok"


def test_a_later_click_into_the_window_keeps_it_active(qtbot, make_window, clock) -> None:
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(other.isActiveWindow, timeout=2000)
    window = make_window()
    window.show_without_focus()
    settle()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other, timeout=2000)
    window._drop_focus_guard()  # the guard's time is up; now the person clicks into the card
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    settle()
    assert window.isActiveWindow()
    # Focus lands on Done, so Enter after clicking in means Done.
    assert QApplication.focusWidget() is window.done_button


def test_centred_on_the_screen_under_the_mouse(make_window) -> None:
    window = make_window()
    window.show_without_focus()
    screen = QGuiApplication.screenAt(window.geometry().center()) or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    centre = window.frameGeometry().center()
    if window.width() < area.width() and window.height() < area.height():
        assert abs(centre.x() - area.center().x()) <= 2
        assert abs(centre.y() - area.center().y()) <= 2
    assert area.contains(window.frameGeometry().topLeft())


def test_every_button_has_an_accessible_name(make_window) -> None:
    window = make_window(3)
    buttons = window.findChildren(QPushButton)
    assert {b.text() for b in buttons} >= {"Done", "Skip", "Next", "Snooze 5 min", "Safety notice"}
    for button in buttons:
        assert button.accessibleName().strip(), button.text()
    for widget in (window.ring, window.illustration, window.caution):
        assert widget.accessibleName().strip()
    assert window.ring.accessibleDescription() == "0:30 left"


def test_enter_on_a_focused_button_presses_that_button(qtbot, make_window, clock) -> None:
    window = shown(make_window(), clock)
    window.skip_button.setFocus()
    with qtbot.waitSignal(window.skipped, timeout=1000):
        qtbot.keyClick(window.skip_button, Qt.Key.Key_Return)


def test_safety_button_opens_the_notice(qtbot, make_window, clock) -> None:
    window = shown(make_window(), clock)
    qtbot.mouseClick(window.safety_button, Qt.MouseButton.LeftButton)
    notices = [d for d in window.findChildren(SafetyNoticeDialog) if d.isVisible()]
    assert len(notices) == 1
    notices[0].close()
    # Reading the notice is not an outcome.
    assert window.isVisible()


# --- a real X11 desktop with a window manager ----------------------------------------------------

X11_SCRIPT = r"""
import subprocess, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from posture_break.core.cards import Card
from posture_break.ui.break_window import BreakWindow

app = QApplication([])
def spin_until(predicate, limit=15.0):
    # run the event loop until predicate() (a barrier on the window system) or the limit
    end = time.monotonic() + limit
    while time.monotonic() < end and not predicate():
        app.processEvents()
        time.sleep(0.02)
    app.processEvents()
    return predicate()

def managed(widget):
    # the window manager has taken the window in (openbox sets its frame extents then), so
    # it has also decided about focus
    out = subprocess.run(["xprop", "-id", str(int(widget.winId())), "_NET_FRAME_EXTENTS"],
                         capture_output=True, text=True).stdout
    return "=" in out

other = QWidget(); editor = QLineEdit(other); QVBoxLayout(other).addWidget(editor)
other.resize(300, 100); other.show(); other.activateWindow(); editor.setFocus()
spin_until(lambda: other.isActiveWindow() and editor.hasFocus())
svg = Path(sys.argv[1])
card = Card(id="c", title="T", kind="stretch", areas=("neck",), seconds=30, slot="micro",
            needs=(), steps=("s",), caution="c", illustration=svg, frames=(), avoid_if=(),
            themes=(), source=svg)
window = BreakWindow([card], total_seconds=30, snooze_minutes=5, can_snooze=True)
window.changeEvent = lambda event: QWidget.changeEvent(window, event)  # the hint alone
outcomes = []
window.done.connect(lambda: outcomes.append("done"))
window.show_without_focus()
spin_until(lambda: window.windowHandle() is not None and window.windowHandle().isExposed()
           and managed(window))
print("kept_focus", app.activeWindow() is other and editor.hasFocus())
g = window.geometry()
subprocess.run(["xdotool", "mousemove", str(g.x() + 500), str(g.y() + 70), "click", "1"])
spin_until(window.isActiveWindow)
print("active_after_click", window.isActiveWindow())
# the window ignores keys for its first 0.6 s (a stray Enter): press until it answers
for _ in range(20):
    subprocess.run(["xdotool", "key", "Return"])
    if spin_until(lambda: outcomes, 0.5):
        break
print("outcomes", outcomes)
"""


@pytest.mark.e2e
def test_on_x11_the_window_does_not_steal_focus_but_can_be_clicked(tmp_path) -> None:
    """Under a real window manager, showing leaves the keyboard alone; a click then Enter works."""
    import os
    import sys

    from tests import needs

    why = needs.desktop_problem() or needs.missing_programs("openbox")
    if why:
        pytest.skip(why)
    session = needs.DESKTOP_SESSION
    svg = tmp_path / "c.svg"
    svg.write_text(SVG.format(y=50, colour="#3a6ea5"), encoding="utf-8")
    script = tmp_path / "x11.py"
    script.write_text(X11_SCRIPT, encoding="utf-8")
    runner = tmp_path / "run.sh"
    runner.write_text(
        "openbox >/dev/null 2>&1 &\nwm=$!\n"
        # until openbox has announced itself on the root window
        "for _ in $(seq 300); do xprop -root _NET_SUPPORTING_WM_CHECK | grep -q 'window id'"
        " && break; sleep 0.05; done\n"
        f'"{sys.executable}" "{script}" "{svg}"\nrc=$?\nkill $wm\nexit $rc\n',
        encoding="utf-8",
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    env.pop("QT_QPA_PLATFORM", None)
    result = needs.run_session([str(session), "--", "bash", str(runner)], timeout=120, env=env)
    out = result.stdout + result.stderr
    assert "kept_focus True" in out, out
    assert "active_after_click True" in out, out
    assert "outcomes ['done']" in out, out
