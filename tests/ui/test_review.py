"""The weekly review in the app: a real alarm on a fake wall clock walked through two weeks."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QObject, Signal

from posture_break.core.clock import FakeClock
from posture_break.core.paths import ensure_dirs, resolve_paths
from posture_break.core.settings import AppSettings, HealthSettings, Settings
from posture_break.core.store import BreakRecord, Store
from posture_break.ui.alarm import Alarm
from posture_break.ui.app import BreakApp
from posture_break.ui.tray import make_views
from tests.fake_wall import Wall, ring

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 23, 0, 0, tzinfo=BERLIN)
OFFICE = ((540, 1020),)
WORK = {"mon": OFFICE, "tue": OFFICE, "wed": OFFICE, "thu": OFFICE, "sat": (), "sun": ()}
WORK["fri"] = ((540, 720), (780, 900))  # Friday's last span ends at 15:00


class FakeNotifier(QObject):
    action_invoked = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[tuple[str, str, list[tuple[str, str]]]] = []
        self.closed = 0

    def warn(self, title, body, actions=(), *, timeout_ms=None) -> None:
        self.shown.append((title, body, list(actions)))

    def close(self) -> None:
        self.closed += 1

    def shutdown(self) -> None:
        pass


@pytest.fixture
def app_on_wall(qtbot, tmp_path, monkeypatch):
    made = []

    def make(settings: Settings, records: int) -> tuple[BreakApp, Wall, FakeClock]:
        wall = Wall(monkeypatch, MONDAY)
        clock = FakeClock(MONDAY)
        paths = resolve_paths(tmp_path / "data")
        ensure_dirs(paths)
        store = Store.open(paths.db_file)
        for i in range(records):  # this week's history: neck cards done on Monday
            due = MONDAY + timedelta(hours=10, minutes=20 * i)
            store.record(BreakRecord(due, due, "micro", "done", 0, ("chin_tuck",), 30))
        app = BreakApp(
            paths,
            settings,
            {},
            store,
            clock,
            views=make_views(use_tray=False),
            alarm=Alarm(BERLIN),
            notifier=FakeNotifier(),
            review_notifier=FakeNotifier(),
            do_not_disturb=lambda: None,
        )
        app.start()
        app.run(app.planner.pause, None)  # no breaks in this test: only the calendar
        made.append(app)
        return app, wall, clock

    yield make
    for app in made:
        app.alarm.shutdown()
        for window in app.windows.open.values():
            window.close()
        app.heartbeat.stop()
        if app.status_window:
            app.status_window.deleteLater()
        app.store.close()


def _walk(app: BreakApp, wall: Wall, clock: FakeClock, hours: int) -> list[datetime]:
    """Hour by hour (and every timer wake-up): the wall times at which a review was shown."""
    seen: list[datetime] = []
    notifier = app.review.notifier
    for h in range(hours):
        t = MONDAY + timedelta(hours=h)
        wall.t = t
        clock.set_wall(t)
        before = len(notifier.shown)
        ring(app.alarm)
        if len(notifier.shown) > before:
            seen.append(t)
    return seen


def test_one_review_at_the_end_of_fridays_last_span_and_none_in_an_empty_week(app_on_wall):
    settings = Settings(work_hours=WORK, health=HealthSettings(asked=True))
    app, wall, clock = app_on_wall(settings, records=3)
    seen = _walk(app, wall, clock, 14 * 24)  # this week (3 breaks) and the next (none)
    assert seen == [datetime(2026, 11, 27, 15, 0, tzinfo=BERLIN)]
    (title, body, actions) = app.review.notifier.shown[0]
    assert title == "Your week"
    assert body == "3 breaks done, 100 %, neck most often"
    assert [key for key, _ in actions] == ["default"]
    # still one review job, for next week's Friday 15:00; no work-hours jobs beside it
    assert dict(app.alarm.pending()) == {
        "weekly-review": datetime(2026, 12, 11, 15, 0, tzinfo=BERLIN)
    }


def test_its_action_opens_the_charts_on_that_week(app_on_wall, qtbot):
    settings = Settings(work_hours=WORK, health=HealthSettings(asked=True))
    app, wall, clock = app_on_wall(settings, records=2)
    assert _walk(app, wall, clock, 10 * 24)  # the review came; the clock is in the next week
    assert "stats" not in app.windows.open
    app.review.notifier.action_invoked.emit("default")
    window = app.windows.open["stats"]
    qtbot.waitUntil(window.isVisible)
    assert window.monday == date(2026, 11, 23)
    assert window.summary is not None and window.summary.totals.done == 2
    assert app.review.notifier.closed == 1  # answered: the notification goes


def test_no_review_when_switched_off(app_on_wall):
    settings = Settings(
        work_hours=WORK,
        health=HealthSettings(asked=True),
        app=AppSettings(weekly_review=False),
    )
    app, wall, clock = app_on_wall(settings, records=3)
    assert app.alarm.pending() == []
    assert _walk(app, wall, clock, 7 * 24) == []
    # switched on in the settings: armed at once
    app.apply_settings(settings.replace(app=AppSettings(weekly_review=True)))
    assert [job for job, _ in app.alarm.pending()] == ["weekly-review"]


def test_the_review_speaks_german(qapp):
    from posture_break.core import review as core_review
    from posture_break.core.stats import Counts, WeekSummary
    from posture_break.ui import i18n
    from posture_break.ui.review import area_words, messages

    summary = WeekSummary(
        week="2026-W48",
        start=date(2026, 11, 23),
        days=[],
        totals=Counts(done=23, skipped=7),
        areas={"neck": 12, "shoulders": 9, "eyes": 2},
        streak_days=0,
    )
    try:
        i18n.install(qapp, "de")
        text = core_review.review_text(summary, messages(), area_words())
        assert text == "23 Pausen gemacht, 77 %, am häufigsten Nacken und Schultern"
        assert messages()["open"] == "Diagramme öffnen"
    finally:
        i18n.install(qapp, "en")
    assert core_review.review_text(summary, messages(), area_words()) == (
        "23 breaks done, 77 %, neck and shoulders most often"
    )
