"""The alarm seam on apscheduler: one pending break job, one precise timer, nothing after shutdown,
calendar jobs at local wall times across DST, no early or repeated runs after clock changes."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from posture_break.ui.alarm import BREAK_JOB, Alarm
from tests.fake_wall import Wall, ring

TZ = ZoneInfo("Europe/Berlin")
HOUR_MS = 3600 * 1000


@pytest.fixture
def alarm(qapp):
    a = Alarm(TZ)
    yield a
    a.shutdown()


@pytest.fixture
def wall(monkeypatch, qapp):
    return lambda start: Wall(monkeypatch, start)


_ring = ring


def _near(ms: int, expected: timedelta, slack_s: float = 5) -> bool:
    return abs(ms / 1000 - expected.total_seconds()) < slack_s


# --- the break job ---------------------------------------------------------------------------


def test_a_thousand_rearms_leave_one_wakeup_and_one_callback(alarm, qtbot):
    fired: list[int] = []
    base = datetime.now(TZ) + timedelta(seconds=5)
    for i in range(999):
        alarm.at(base + timedelta(milliseconds=i % 97), lambda i=i: fired.append(i))
    alarm.at(datetime.now(TZ) + timedelta(milliseconds=200), lambda: fired.append(999))
    assert [job_id for job_id, _ in alarm.pending()] == [BREAK_JOB]
    assert alarm.findChildren(QTimer) == [alarm._timer] and alarm.timer_active()
    assert alarm.wakeups == 0  # re-arming alone never woke the scheduler
    qtbot.waitUntil(lambda: fired != [], timeout=20_000)
    assert fired == [999]
    assert alarm.wakeups == 1  # one round, no stale single-shot wake-ups behind it
    assert alarm.pending() == [] and not alarm.timer_active()  # nothing left that could fire


def test_none_removes_the_break_job_and_disarms(alarm):
    alarm.at(datetime.now(TZ) + timedelta(hours=1), lambda: None)
    assert alarm.timer_active()
    alarm.at(None, lambda: None)
    assert alarm.break_due() is None
    assert not alarm.timer_active()


def test_timer_is_precise_single_shot_and_waits_the_whole_time(alarm):
    alarm.at(datetime.now(TZ) + timedelta(minutes=30), lambda: None)
    assert alarm._timer.timerType() == Qt.TimerType.PreciseTimer
    assert alarm._timer.isSingleShot()
    assert alarm._timer.remainingTime() > 29 * 60 * 1000


def test_callbacks_run_on_the_gui_thread(alarm, qtbot):
    seen: list[tuple[bool, int]] = []
    gui = QApplication.instance().thread()
    from PySide6.QtCore import QThread

    alarm.at(
        datetime.now(TZ) + timedelta(milliseconds=20),
        lambda: seen.append((QThread.currentThread() is gui, threading.get_ident())),
    )
    alarm.cron("soon", lambda: seen.append((QThread.currentThread() is gui, 0)), second="*")
    qtbot.waitUntil(lambda: len(seen) >= 2, timeout=20_000)
    assert all(on_gui for on_gui, _ in seen)
    assert seen[0][1] in (threading.main_thread().ident, 0)
    assert alarm.break_due() is None  # a date job runs once


def test_a_callback_that_schedules_the_next_break_keeps_it(alarm, qtbot):
    """apscheduler removes a finished date job by id after running it; the replacement the
    callback just made must survive that."""
    nxt = datetime.now(TZ) + timedelta(hours=1)
    ran: list[int] = []

    def fired() -> None:
        ran.append(1)
        alarm.at(nxt, fired)

    alarm.at(datetime.now(TZ) + timedelta(milliseconds=20), fired)
    qtbot.waitUntil(lambda: ran == [1], timeout=20_000)
    assert alarm.break_due() == nxt
    assert alarm.timer_active() and alarm._timer.remainingTime() > 59 * 60 * 1000


def test_after_shutdown_nothing_fires(alarm, qtbot):
    fired: list[int] = []
    alarm.at(datetime.now(TZ) + timedelta(milliseconds=30), lambda: fired.append(1))
    alarm.cron("every-second", lambda: fired.append(3), second="*")
    alarm.shutdown()
    assert not alarm.timer_active()
    alarm.at(datetime.now(TZ) + timedelta(milliseconds=10), lambda: fired.append(2))
    alarm.cron("again", lambda: fired.append(4), second="*")
    assert not alarm.timer_active() and alarm.pending() == []
    _ring(alarm)  # even a stray timeout runs nothing
    qtbot.wait(0)
    assert fired == [] and alarm.wakeups == 0


def test_a_job_that_shuts_down_stops_the_rest_of_its_round(qapp, wall):
    clock = wall(datetime(2026, 11, 27, 17, 0, tzinfo=TZ))
    alarm = Alarm(TZ)
    ran: list[str] = []
    alarm.cron("first", lambda: (ran.append("first"), alarm.shutdown()), hour=18, minute=0)
    alarm.cron("second", lambda: ran.append("second"), hour=18, minute=0)
    clock.t = datetime(2026, 11, 27, 18, 0, tzinfo=TZ)
    _ring(alarm)
    assert ran == ["first"] and not alarm.timer_active()


def test_rescheduling_later_does_not_wake_early(alarm, qtbot):
    fired: list[int] = []
    alarm.at(datetime.now(TZ) + timedelta(milliseconds=40), lambda: fired.append(1))
    alarm.at(datetime.now(TZ) + timedelta(hours=2), lambda: fired.append(2))
    assert alarm._timer.remainingTime() > 119 * 60 * 1000
    assert fired == [] and alarm.wakeups == 0


def test_nothing_due_within_six_hours_means_no_wakeup_within_six_hours(alarm, qapp):
    alarm.at(datetime.now(TZ) + timedelta(hours=7), lambda: None)
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[(datetime.now(TZ).weekday() + 3) % 7]
    alarm.cron("review", lambda: None, day_of_week=day, hour=12, minute=0)  # days away
    qapp.processEvents()
    assert alarm.wakeups == 0
    assert alarm.findChildren(QTimer) == [alarm._timer]  # the only timer it has
    assert _near(alarm._timer.remainingTime(), timedelta(hours=7))  # no polling before


def test_cron_jobs_are_separate_from_the_break_job(alarm):
    alarm.at(datetime.now(TZ) + timedelta(hours=1), lambda: None)
    alarm.cron("review", lambda: None, day_of_week="mon", hour=9, minute=0)
    alarm.cron("review", lambda: None, day_of_week="mon", hour=9, minute=0)
    assert sorted(job_id for job_id, _ in alarm.pending()) == sorted([BREAK_JOB, "review"])
    nxt = dict(alarm.pending())["review"]
    assert nxt is not None and nxt.weekday() == 0 and (nxt.hour, nxt.minute) == (9, 0)
    alarm.clear_cron()
    assert [job_id for job_id, _ in alarm.pending()] == [BREAK_JOB]


def test_bad_calendar_fields_are_refused(alarm):
    with pytest.raises(ValueError):
        alarm.cron("bad", lambda: None, day_of_week="someday", hour=9)


# --- the wall clock: DST, clock set back, suspend ----------------------------------------------


@pytest.mark.parametrize(
    ("first", "offsets", "gaps"),
    [
        # Sunday 29 March 2026: 02:00 CET -> 03:00 CEST, that day has 23 hours
        (datetime(2026, 3, 28, 8, 0), (1, 2, 2), (timedelta(hours=23), timedelta(hours=24))),
        # Sunday 25 October 2026: 03:00 CEST -> 02:00 CET, that day has 25 hours
        (datetime(2026, 10, 24, 8, 0), (2, 1, 1), (timedelta(hours=25), timedelta(hours=24))),
    ],
    ids=["spring-forward", "fall-back"],
)
def test_a_cron_job_keeps_its_local_time_across_dst(wall, first, offsets, gaps):
    clock = wall(first.replace(tzinfo=TZ))
    alarm = Alarm(TZ)
    ran: list[datetime] = []
    from posture_break.ui import scheduler

    try:
        alarm.cron("daily", lambda: ran.append(scheduler.datetime.now(TZ)), hour=9, minute=0)
        assert _near(alarm._timer.remainingTime(), timedelta(hours=1))
        for day, offset in enumerate(offsets):
            due = dict(alarm.pending())["daily"]
            assert due is not None
            assert (due.day, due.hour, due.minute) == (first.day + day, 9, 0)
            assert due.utcoffset() == timedelta(hours=offset)
            if day:  # the timer waits the real length of the day in between
                assert _near(alarm._timer.remainingTime(), gaps[day - 1])
            clock.t = due - timedelta(seconds=1)
            _ring(alarm)  # a second early: nothing
            assert len(ran) == day
            clock.t = due
            _ring(alarm)
            assert len(ran) == day + 1
            assert ran[-1].astimezone(TZ).hour == 9
            assert ran[-1].astimezone(timezone.utc).hour == 9 - offset
    finally:
        alarm.shutdown()


def test_the_clock_set_back_rearms_without_firing_early(wall):
    clock = wall(datetime(2026, 11, 23, 10, 0, tzinfo=TZ))
    alarm = Alarm(TZ)
    ran: list[int] = []
    try:
        alarm.at(datetime(2026, 11, 23, 10, 30, tzinfo=TZ), lambda: ran.append(1))
        assert _near(alarm._timer.remainingTime(), timedelta(minutes=30))
        # 30 minutes pass on the timer, but the clock was set back by an hour meanwhile
        clock.t = datetime(2026, 11, 23, 9, 30, tzinfo=TZ)
        _ring(alarm)
        assert ran == []
        assert alarm.break_due() == datetime(2026, 11, 23, 10, 30, tzinfo=TZ)
        assert _near(alarm._timer.remainingTime(), timedelta(hours=1))  # from the new wall time
        clock.t = datetime(2026, 11, 23, 10, 30, tzinfo=TZ)
        _ring(alarm)
        assert ran == [1] and alarm.break_due() is None
    finally:
        alarm.shutdown()


def test_after_a_suspend_missed_jobs_run_once(wall, qtbot):
    clock = wall(datetime(2026, 11, 23, 8, 0, tzinfo=TZ))  # Monday
    alarm = Alarm(TZ)
    ran: list[str] = []
    brk = lambda: ran.append("break")  # noqa: E731
    try:
        alarm.at(datetime(2026, 11, 23, 10, 0, tzinfo=TZ), brk)
        alarm.cron("daily", lambda: ran.append("daily"), hour=9, minute=0)
        alarm.cron("review", lambda: ran.append("review"), day_of_week="mon", hour=8, minute=30)
        # asleep until Thursday 10:00 (the timer's monotonic clock stood still); the shell's
        # next poll re-arms from the wall clock
        clock.t = datetime(2026, 11, 26, 10, 0, tzinfo=TZ)
        alarm.at(datetime(2026, 11, 23, 10, 0, tzinfo=TZ), brk)
        qtbot.waitUntil(lambda: alarm.wakeups == 1, timeout=20_000)
        # four daily runs were missed: one run (coalesced); the break once, however late;
        # Monday's 08:30 job is 3.5 days late, beyond its grace: skipped
        assert sorted(ran) == ["break", "daily"]
        assert dict(alarm.pending())["daily"] == datetime(2026, 11, 27, 9, 0, tzinfo=TZ)
        assert dict(alarm.pending())["review"] == datetime(2026, 11, 30, 8, 30, tzinfo=TZ)
        assert _near(alarm._timer.remainingTime(), timedelta(hours=23))
    finally:
        alarm.shutdown()


def test_importing_the_app_does_not_import_apscheduler():
    """apscheduler is imported when the alarm is made, after the tray icon is up."""
    code = (
        "import sys, posture_break.ui.launch, posture_break.ui.app, posture_break.ui.alarm;"
        "print('apscheduler' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "False", out.stderr


def test_a_failing_job_is_logged_and_the_next_one_still_runs(qapp, wall, tmp_path):
    import logging

    from posture_break.core.paths import ensure_dirs, resolve_paths
    from posture_break.ui.app import setup_logging

    paths = resolve_paths(tmp_path / "data")
    ensure_dirs(paths)
    loggers = [logging.getLogger("posture_break"), logging.getLogger("apscheduler")]
    before = [list(lg.handlers) for lg in loggers]
    setup_logging(paths)
    clock = wall(datetime(2026, 11, 23, 10, 0, tzinfo=TZ))
    alarm = Alarm(TZ)
    ran: list[int] = []
    try:

        def broken() -> None:
            raise RuntimeError("a bug in a callback")

        alarm.at(datetime(2026, 11, 23, 10, 0, tzinfo=TZ), broken)
        _ring(alarm)
        alarm.at(datetime(2026, 11, 23, 10, 5, tzinfo=TZ), lambda: ran.append(1))
        clock.t = datetime(2026, 11, 23, 10, 5, tzinfo=TZ)
        _ring(alarm)
        assert ran == [1]
        text = (paths.log_dir / "posture-break.log").read_text(encoding="utf-8")
        assert "a bug in a callback" in text
    finally:
        alarm.shutdown()
        for lg, handlers in zip(loggers, before, strict=True):
            for h in list(lg.handlers):
                if h not in handlers:
                    lg.removeHandler(h)
                    h.close()
