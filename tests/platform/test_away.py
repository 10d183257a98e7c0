"""Locks, suspends and idle inhibitors through a D-Bus service speaking the real interfaces.

A private dbus-daemon runs tests/fake_login1.py (org.freedesktop.login1 Manager + Session,
org.freedesktop.ScreenSaver); the watcher's session and "system" buses both point at it. The
app-level tests then drive a BreakApp with a fake clock through those real signals.
"""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest

from posture_break.core.planner import BreakStarted
from posture_break.platform.away import AwayWatcher, IdleInhibitors
from tests.fake_login1 import SESSION_PATH, PrivateBus
from tests.ui.test_app import make_app  # noqa: F401  (the fixture)

pytestmark = pytest.mark.skipif(not shutil.which("dbus-daemon"), reason="needs dbus-daemon")


@pytest.fixture
def bus(tmp_path):
    private = PrivateBus(tmp_path)
    yield private
    private.close()


@pytest.fixture
def watcher(bus, qtbot):
    w = AwayWatcher(session_bus=bus.address, system_bus=bus.address)
    w.start()
    seen: list[str] = []
    w.away_started.connect(lambda reason: seen.append(f"away:{reason}"))
    w.away_ended.connect(lambda: seen.append("back"))
    w.seen = seen  # type: ignore[attr-defined]
    yield w
    w.close()


def test_everything_is_watched_on_a_bus_that_speaks_logind(watcher):
    assert watcher.problems == []
    assert watcher.session_object == SESSION_PATH
    assert len(watcher.watching) == 3


def test_lock_and_unlock(watcher, bus, qtbot):
    bus.send("lock")  # Lock + LockedHint=true: one away
    qtbot.waitUntil(lambda: watcher.seen == ["away:lock"], timeout=5000)
    bus.send("unlock")
    qtbot.waitUntil(lambda: watcher.seen == ["away:lock", "back"], timeout=5000)


def test_a_suspend_while_locked_stays_away_until_unlocked(watcher, bus, qtbot):
    bus.send("lock")
    bus.send("sleep")
    bus.send("wake")  # woken, but the lock screen is still up
    bus.send("unlock")
    qtbot.waitUntil(lambda: "back" in watcher.seen, timeout=5000)
    assert watcher.seen == ["away:lock", "back"]


def test_suspend_and_the_screensaver(watcher, bus, qtbot):
    expected: list[str] = []
    for command, seen in (
        ("sleep", "away:sleep"),
        ("wake", "back"),
        ("screensaver-on", "away:lock"),
        ("screensaver-off", "back"),
    ):
        bus.send(command)
        expected.append(seen)
        count = len(expected)
        qtbot.waitUntil(lambda: len(watcher.seen) == count, timeout=5000)  # noqa: B023
    assert watcher.seen == expected


def test_without_logind_the_screensaver_is_still_watched(tmp_path, qtbot):
    w = AwayWatcher(session_bus="SESSION", system_bus=f"unix:path={tmp_path}/no-such-bus")
    try:
        w.start()
        assert any(p.startswith("system bus:") for p in w.problems)
    finally:
        w.close()


def test_idle_inhibitors_of_other_applications(bus):
    inhibitors = IdleInhibitors(session_bus=bus.address, system_bus=bus.address, max_age=0)
    own = IdleInhibitors(session_bus=bus.address, system_bus=bus.address, pid=4321, max_age=0)
    try:
        assert inhibitors.check() is None
        bus.send("inhibit mpv")
        assert inhibitors.check() == "mpv"
        assert own.check() is None  # our own inhibitor would not count
        bus.send("uninhibit")
        assert inhibitors.check() is None
    finally:
        inhibitors.close()
        own.close()


def test_inhibitor_answers_are_kept_and_missing_sources_left_alone(bus, tmp_path):
    clock = [100.0]
    inhibitors = IdleInhibitors(
        session_bus=bus.address,
        system_bus=f"unix:path={tmp_path}/no-system-bus",
        monotonic=lambda: clock[0],
    )
    try:
        assert inhibitors.check() is None
        first = inhibitors.asked  # the system bus is missing, GNOME is not on this bus
        for _ in range(5):  # the next 5 s polls within half a minute: no round trip
            clock[0] += 5
            assert inhibitors.check() is None
        assert inhibitors.asked == first
        clock[0] += 10  # the answer is old now, but both sources were found missing: not asked
        assert inhibitors.check() is None
        assert inhibitors.asked == first
        clock[0] += 600  # ten minutes later they are tried again
        inhibitors.check()
        assert inhibitors.asked > first
    finally:
        inhibitors.close()


# --- the app, driven by the real signals -------------------------------------------------------


@pytest.fixture
def app(make_app, bus, qtbot):  # noqa: F811
    controller = make_app()
    w = AwayWatcher(controller, session_bus=bus.address, system_bus=bus.address)
    w.start()
    controller.watch_away(w)
    controller.senses.inhibitors = IdleInhibitors(
        session_bus=bus.address, system_bus=bus.address, monotonic=controller.clock.monotonic
    )
    yield controller
    w.close()
    controller.senses.inhibitors.close()


def test_the_inhibitor_lists_are_asked_at_warm_up_not_on_the_first_idle_poll(app, bus, qtbot):
    """The D-Bus connection is made while the app warms up; idle polls within half a minute of
    it reuse that answer (the idle poll every 5 s stays one X or D-Bus query)."""
    inhibitors = app.senses.inhibitors
    assert inhibitors.asked == 0
    app.warm_up()
    asked = inhibitors.asked
    assert asked > 0
    app.clock.advance(20)
    assert not app.senses.watched(60.0)  # idle past half a micro-break: the answer at warm-up
    assert inhibitors.asked == asked


def test_a_ten_minute_lock_credits_one_long_break_and_unlocking_shows_nothing(app, bus, qtbot):
    app.clock.advance(20 * 60)
    app._poll()
    bus.send("lock")
    qtbot.waitUntil(lambda: app.planner.away, timeout=5000)
    assert not app.idle_timer.isActive()  # nothing sampled while locked
    assert app.alarm.when is None  # and nothing planned
    app.clock.advance(10 * 60)
    bus.send("unlock")
    qtbot.waitUntil(lambda: not app.planner.away, timeout=5000)
    records = list(app.store.all_records())
    assert [(r.kind, r.outcome, r.duration_s) for r in records] == [("long", "natural", 600)]
    assert app.break_window is None and app.notifier.shown == []
    assert app.alarm.when == app.clock.now() + timedelta(minutes=30, seconds=-30)


def test_a_suspend_during_a_break_ends_it_done(app, bus, qtbot):
    app.clock.advance(10 * 60)
    events = app.run(app.planner.break_now)
    assert [e.brk.kind for e in events if isinstance(e, BreakStarted)] == ["micro"]
    assert app.break_window is not None
    app.clock.advance(10)
    bus.send("sleep")
    qtbot.waitUntil(lambda: app.planner.away, timeout=5000)
    app.clock.suspend(timedelta(minutes=15))
    bus.send("wake")
    qtbot.waitUntil(lambda: not app.planner.away, timeout=5000)
    last = list(app.store.all_records())[-1]
    assert (last.kind, last.outcome, last.duration_s) == ("micro", "done", 15 * 60 + 10)
    assert app.break_window is None and app.notifier.shown == []


def test_an_idle_inhibitor_during_ten_idle_minutes_gives_no_natural_credit(app, bus, qtbot):
    bus.send("inhibit mpv")
    for _ in range(120):  # ten minutes of 5 s polls, no input, a video playing
        app.clock.advance(5)
        app.senses.idle_backend.idle += 5
        app._poll()
    assert [r for r in app.store.all_records() if r.outcome == "natural"] == []
    bus.send("uninhibit")
    # five more idle minutes without it (the answer is re-read within 30 s): that is a break
    for _ in range(61 + 6):
        app.clock.advance(5)
        app.senses.idle_backend.idle += 5
        app._poll()
    naturals = [r for r in app.store.all_records() if r.outcome == "natural"]
    assert [r.kind for r in naturals] == ["long"]


def test_a_bus_that_goes_away_while_locked_does_not_leave_the_app_away(watcher, bus, qtbot):
    bus.send("lock")
    qtbot.waitUntil(lambda: watcher.seen == ["away:lock"], timeout=5000)
    bus.close()  # the bus daemon dies: no unlock will ever come from it
    qtbot.waitUntil(lambda: watcher.seen == ["away:lock", "back"], timeout=5000)
    assert not watcher.away
