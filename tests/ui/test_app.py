"""The composition root with a fake clock and a fake alarm: events reach the views and the store."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QObject, Signal

from posture_break.core.clock import FakeClock
from posture_break.core.paths import ensure_dirs, resolve_paths
from posture_break.core.settings import HealthSettings, Settings
from posture_break.core.store import Store
from posture_break.ui.app import BreakApp
from posture_break.ui.tray import make_views

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BERLIN = ZoneInfo("Europe/Berlin")
ALL_DAY = {d: ((0, 1440),) for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


class FakeAlarm:
    def __init__(self) -> None:
        self.when: datetime | None = None
        self.callback = None
        self.armed = 0
        self.crons: dict[str, dict] = {}
        self.cron_callbacks: dict[str, object] = {}

    def cron(self, job_id, callback, **fields) -> None:
        self.crons[job_id] = fields
        self.cron_callbacks[job_id] = callback

    def clear_cron(self) -> None:
        self.crons.clear()

    def at(self, when, callback) -> None:
        self.when, self.callback = when, callback
        self.armed += 1

    def shutdown(self) -> None:
        self.when = None

    def fire(self, clock: FakeClock) -> None:
        assert self.when is not None
        clock.advance(self.when - clock.now())  # time passes while the machine runs
        self.callback()


class FakeNotifier(QObject):
    action_invoked = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[tuple[str, str, list]] = []
        self.closed = 0

    def warn(self, title, body, actions=(), *, timeout_ms=None) -> None:
        self.shown.append((title, body, list(actions)))

    def close(self) -> None:
        self.closed += 1

    def shutdown(self) -> None:
        pass


class FakeIdle:
    name = "fake"

    def __init__(self) -> None:
        self.idle = 0.0
        self.calls = 0

    def idle_seconds(self) -> float:
        self.calls += 1
        return self.idle

    def close(self) -> None:
        pass


@pytest.fixture
def make_app(qtbot, tmp_path):
    apps = []

    def make(
        settings: Settings | None = None,
        state_from: BreakApp | None = None,
        dnd=lambda: None,
        calls=lambda: None,
    ):
        paths = resolve_paths(tmp_path / "data")
        ensure_dirs(paths)
        store = Store.open(paths.db_file)
        settings = settings or Settings(work_hours=ALL_DAY, health=HealthSettings(asked=True))
        clock = (
            state_from.clock
            if state_from
            else FakeClock(datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN))
        )
        app = BreakApp(
            paths,
            settings,
            {},
            store,
            clock,
            rng=random.Random(7),
            idle_backend=FakeIdle(),
            views=make_views(use_tray=False),
            alarm=FakeAlarm(),
            notifier=FakeNotifier(),
            do_not_disturb=dnd,
            calls=calls,
        )
        app.start()
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.presenter.close_break()
        app.idle_timer.stop()
        app.heartbeat.stop()
        if app.status_window:
            app.status_window.deleteLater()


def _records(app: BreakApp):
    return list(app.store.all_records())


def test_alarm_is_armed_for_the_warning_before_the_first_micro_break(make_app):
    app = make_app()
    start = app.clock.now()
    assert app.alarm.when == start + timedelta(minutes=30) - timedelta(seconds=30)


def test_due_break_shows_the_card_window_and_done_is_recorded(make_app, qtbot):
    app = make_app()
    app.alarm.fire(app.clock)  # warning
    app.alarm.fire(app.clock)  # due
    window = app.break_window
    assert window is not None and window.isVisible()
    shown = [c.id for c in window.cards]
    app.clock.advance(30)
    window.finish_done()
    recs = _records(app)
    assert [(r.kind, r.outcome) for r in recs] == [("micro", "done")]
    assert list(recs[0].card_ids) == shown
    assert recs[0].due_at == datetime(2026, 11, 23, 10, 30, tzinfo=BERLIN)
    assert recs[0].duration_s == 30
    assert app.break_window is None


def test_snooze_closes_the_window_and_moves_the_alarm(make_app):
    app = make_app()
    app.alarm.fire(app.clock)
    app.alarm.fire(app.clock)
    due = app.clock.now()
    app.break_window.snooze()
    assert app.break_window is None
    assert app.alarm.when is not None and app.alarm.when >= due + timedelta(minutes=4)
    assert _records(app) == []


def test_status_window_replaces_the_tray_and_follows_pause(make_app):
    app = make_app()
    assert app.tray is None and app.status_window is not None
    reply = app.handle_command({"cmd": "pause", "minutes": 30})
    assert reply["ok"]
    assert app.planner.phase.value == "paused"
    assert "Paused until 10:30" in app.status_window.status.text()
    assert app.status_window.resume_button.isEnabled()
    app.handle_command({"cmd": "resume"})
    assert app.planner.phase.value != "paused"
    assert not app.status_window.resume_button.isEnabled()


def test_instance_commands_act_only_when_they_make_sense(make_app):
    app = make_app()
    assert app.handle_command({"cmd": "done"}) == {"ok": False, "error": "no break is on screen"}
    assert app.handle_command({"cmd": "break-now"})["ok"]
    assert app.break_window is not None
    assert app.handle_command({"cmd": "skip"})["ok"]
    assert [r.outcome for r in _records(app)] == ["skipped"]


def test_state_is_persisted_and_a_restart_continues_the_count(make_app):
    app = make_app()
    app.clock.advance(timedelta(minutes=20))
    app._poll()
    assert app.store.get_state("planner") is not None
    app.store.close()
    again = make_app(state_from=app)
    # the count continues: the micro-break is still due at 10:30, not 10:50
    assert again.planner.status().next_due == datetime(2026, 11, 23, 10, 30, tzinfo=BERLIN)


def test_idle_is_polled_only_while_it_matters(make_app):
    app = make_app(
        Settings(work_hours=ALL_DAY, health=HealthSettings(asked=True)).replace(
            idle=Settings().idle.__class__(natural_breaks=False)
        )
    )
    assert not app.idle_timer.isActive()
    assert app.heartbeat.isActive()
    app.handle_command({"cmd": "break-now"})
    assert app.idle_timer.isActive()  # during a break idle decides done vs missed
    app.handle_command({"cmd": "done"})
    assert not app.idle_timer.isActive()


def test_warning_goes_to_the_notifier_and_start_now_starts_the_break(make_app):
    app = make_app()
    app.alarm.fire(app.clock)
    title, _body, actions = app.notifier.shown[-1]
    assert title == "Micro-break in 30 seconds"
    assert [key for key, _ in actions] == ["start", "snooze"]
    app.notifier.action_invoked.emit("start")
    assert app.break_window is not None
    assert app.notifier.closed >= 1


def test_snooze_from_the_warning_postpones_the_break(make_app):
    app = make_app()
    app.alarm.fire(app.clock)
    app.notifier.action_invoked.emit("snooze")
    assert app.break_window is None
    # snoozed from the warning at 10:29:30: five minutes from then
    assert app.planner.status().next_due == datetime(2026, 11, 23, 10, 34, 30, tzinfo=BERLIN)


def test_do_not_disturb_holds_a_due_break_until_it_ends(make_app):
    quiet = {"reason": "a fullscreen window has focus"}
    app = make_app(dnd=lambda: quiet["reason"])
    app.alarm.fire(app.clock)  # the warning time: do-not-disturb is on
    assert app.notifier.shown == []
    assert app.break_window is None
    status = app.planner.status()
    assert status.waiting_reason == "a fullscreen window has focus"
    assert "a fullscreen window has focus" in app.actions.status_action.text()
    quiet["reason"] = None
    app.clock.advance(5)
    app._poll()
    assert app.planner.status().waiting_reason is None
    assert app.notifier.shown or app.break_window is not None


def test_do_not_disturb_waits_at_most_the_limit(make_app):
    app = make_app(dnd=lambda: "do not disturb is on")
    app.alarm.fire(app.clock)
    assert app.break_window is None
    held_until = app.planner.status().waiting_until
    assert held_until == datetime(2026, 11, 23, 10, 59, 30, tzinfo=BERLIN)
    app.alarm.fire(app.clock)  # the due time: still held, nothing shown
    assert app.break_window is None and app.notifier.shown == []
    assert app.alarm.when == held_until  # no busy wake-ups while held
    app.alarm.fire(app.clock)  # the hold's limit: it asks anyway
    assert app.notifier.shown or app.break_window is not None


def test_work_hours_edges_wake_the_app_through_the_one_break_job(make_app):
    """No second mechanism: the planner's next wake-up names the next work start."""
    office = {d: ((540, 1080),) for d in ("mon", "tue", "wed", "thu", "fri")}
    office.update(sat=(), sun=())
    app = make_app(Settings(work_hours=office, health=HealthSettings(asked=True)))
    assert not any(job.startswith("work-") for job in app.alarm.crons)
    assert app.alarm.when == app.planner.next_wakeup()


def test_a_held_break_is_rechecked_every_poll_even_with_natural_breaks_off(make_app):
    settings = Settings(work_hours=ALL_DAY, health=HealthSettings(asked=True))
    app = make_app(
        settings.replace(idle=settings.idle.__class__(natural_breaks=False)), dnd=lambda: "x"
    )
    assert not app.idle_timer.isActive()  # nothing to sample: once a minute is enough
    app.alarm.fire(app.clock)
    assert app.planner.status().waiting_reason == "x"
    assert app.idle_timer.isActive() and not app.heartbeat.isActive()


def test_a_call_holds_a_due_break_and_its_end_releases_it_within_a_poll(make_app):
    from posture_break.core.calls import MICROPHONE, InUse

    call = {"found": InUse(MICROPHONE, "Firefox", 99)}
    asked = []

    def detector():
        asked.append(app.clock.now())
        return call["found"]

    app = make_app(calls=detector)
    for _ in range(5):  # the day goes on: nothing due, nothing asked
        app.clock.advance(60)
        app._poll()
    assert asked == []
    app.alarm.fire(app.clock)  # the warning time
    assert asked and app.break_window is None and app.notifier.shown == []
    status = app.planner.status()
    assert status.waiting_reason == "microphone in use by Firefox"
    assert "Waiting: microphone in use by Firefox" in app.actions.status_action.text()
    assert app.idle_timer.isActive()  # re-checked on each 5 s poll while held
    call["found"] = None
    app.clock.advance(5)
    app._poll()
    assert app.planner.status().waiting_reason is None
    assert app.notifier.shown or app.break_window is not None


def test_respect_calls_off_never_asks_the_detector(make_app):
    from posture_break.core.settings import BreakSettings

    asked = []
    settings = Settings(
        work_hours=ALL_DAY,
        health=HealthSettings(asked=True),
        breaks=BreakSettings(respect_calls=False),
    )
    app = make_app(settings, calls=lambda: asked.append(1))
    app.alarm.fire(app.clock)
    assert asked == []
    assert app.notifier.shown  # the warning came


@pytest.mark.parametrize(
    ("env", "notified"),
    [
        ({"XDG_SESSION_TYPE": "wayland", "XDG_CURRENT_DESKTOP": "GNOME"}, True),
        ({"XDG_SESSION_TYPE": "wayland", "SWAYSOCK": "/run/sway.sock"}, False),
        ({"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}, False),
    ],
)
def test_where_nothing_keeps_the_break_on_top_it_is_also_a_notification(make_app, env, notified):
    app = make_app()
    app.env = env
    app.alarm.fire(app.clock)  # warning
    app.alarm.fire(app.clock)  # due
    assert app.break_window is not None
    title, _body, actions = app.notifier.shown[-1]
    if not notified:
        assert title == "Micro-break in 30 seconds"  # only the warning
        return
    assert title == "Time for a break"
    assert [key for key, _ in actions] == ["done", "skip"]
    app.clock.advance(20)
    app.notifier.action_invoked.emit("done")  # confirmed from the notification
    assert [r.outcome for r in _records(app)] == ["done"]
    assert app.break_window is None
