"""The alarm seam: one pending break job, one precise timer, nothing after shutdown."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from posture_break.ui.alarm import BREAK_JOB, Alarm

TZ = ZoneInfo("Europe/Berlin")


@pytest.fixture
def alarm(qapp):
    a = Alarm(TZ)
    yield a
    a.shutdown()


def test_reschedules_keep_exactly_one_break_job(alarm):
    base = datetime.now(TZ) + timedelta(hours=1)
    for i in range(50):
        alarm.at(base + timedelta(minutes=i % 7), lambda: None)
    jobs = [job_id for job_id, _ in alarm.pending() if job_id == BREAK_JOB]
    assert jobs == [BREAK_JOB]
    assert alarm.break_due() == base + timedelta(minutes=49 % 7)


def test_none_removes_the_break_job(alarm):
    alarm.at(datetime.now(TZ) + timedelta(hours=1), lambda: None)
    alarm.at(None, lambda: None)
    assert alarm.break_due() is None


def test_timer_is_precise_and_single(alarm, qtbot):
    alarm.at(datetime.now(TZ) + timedelta(minutes=30), lambda: None)
    qtbot.wait(50)  # let the scheduler's immediate re-evaluation run
    assert alarm._timer.timerType() == Qt.TimerType.PreciseTimer
    # 30 minutes away: one active timer, remaining close to 30 min (not 0 from a stray wake-up)
    assert alarm.timer_active()
    assert alarm._timer.remainingTime() > 29 * 60 * 1000


def test_due_job_runs_on_gui_thread(alarm, qtbot):
    import threading

    ran: list[str] = []
    alarm.at(
        datetime.now(TZ) + timedelta(milliseconds=50),
        lambda: ran.append(threading.current_thread().name),
    )
    qtbot.waitUntil(lambda: bool(ran), timeout=3000)
    assert ran == [threading.main_thread().name]
    assert alarm.break_due() is None  # a date job runs once


def test_after_shutdown_nothing_fires(alarm, qtbot):
    fired: list[int] = []
    before = alarm.wakeups
    alarm.at(datetime.now(TZ) + timedelta(milliseconds=30), lambda: fired.append(1))
    alarm.shutdown()
    assert not alarm.timer_active()
    alarm.at(datetime.now(TZ) + timedelta(milliseconds=10), lambda: fired.append(2))
    assert not alarm.timer_active()
    qtbot.wait(150)  # a stray single-shot wake-up would fire in this window
    assert fired == []
    assert alarm.wakeups == before


def test_rescheduling_later_does_not_wake_early(alarm, qtbot):
    fired: list[int] = []
    alarm.at(datetime.now(TZ) + timedelta(milliseconds=40), lambda: fired.append(1))
    alarm.at(datetime.now(TZ) + timedelta(hours=2), lambda: fired.append(2))
    qtbot.wait(200)  # a stale wake-up for the first time would come here
    assert fired == []
    assert alarm._timer.remainingTime() > 119 * 60 * 1000


def test_cron_jobs_are_separate_from_the_break_job(alarm):
    alarm.at(datetime.now(TZ) + timedelta(hours=1), lambda: None)
    alarm.cron("work-start-mon", lambda: None, day_of_week="mon", hour=9, minute=0)
    alarm.cron("work-start-mon", lambda: None, day_of_week="mon", hour=9, minute=0)
    ids = sorted(job_id for job_id, _ in alarm.pending())
    assert ids == [BREAK_JOB, "work-start-mon"]
    nxt = dict(alarm.pending())["work-start-mon"]
    assert nxt.weekday() == 0 and (nxt.hour, nxt.minute) == (9, 0)
    alarm.clear_cron()
    assert [job_id for job_id, _ in alarm.pending()] == [BREAK_JOB]


def test_next_weekly_is_a_local_wall_time_across_dst():
    from posture_break.ui.alarm import next_weekly

    # Sunday 2026-10-25 Berlin falls back: Monday 09:00 is still 09:00 local (08:00 UTC)
    after = datetime(2026, 10, 24, 12, 0, tzinfo=TZ)
    nxt = next_weekly(after, TZ, 0, 9, 0)
    assert nxt == datetime(2026, 10, 26, 9, 0, tzinfo=TZ)
    assert nxt.utcoffset() == timedelta(hours=1)
    # 02:30 on 2027-03-28 does not exist in Berlin: the next real one is a week later
    gap = next_weekly(datetime(2027, 3, 27, 12, 0, tzinfo=TZ), TZ, 6, 2, 30)
    assert gap == datetime(2027, 4, 4, 2, 30, tzinfo=TZ)
    # strictly after: at exactly the time, the next one is a week on
    at = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)
    assert next_weekly(at, TZ, 0, 9, 0) == datetime(2026, 11, 30, 9, 0, tzinfo=TZ)


def test_an_early_wake_up_after_the_clock_went_back_runs_nothing(qapp):
    now = {"t": datetime(2026, 11, 23, 10, 0, tzinfo=TZ)}
    alarm = Alarm(TZ, now=lambda: now["t"])
    ran: list[int] = []
    try:
        alarm.at(datetime(2026, 11, 23, 10, 30, tzinfo=TZ), lambda: ran.append(1))
        now["t"] = datetime(2026, 11, 23, 9, 31, tzinfo=TZ)  # the timer fires, clock went back
        alarm._fire()
        assert ran == []
        assert alarm.break_due() == datetime(2026, 11, 23, 10, 30, tzinfo=TZ)
        assert alarm._timer.remainingTime() > 58 * 60 * 1000  # re-armed from the new wall time
        now["t"] = datetime(2026, 11, 23, 10, 30, tzinfo=TZ)
        alarm._fire()
        assert ran == [1] and alarm.break_due() is None
    finally:
        alarm.shutdown()


def test_a_calendar_job_fires_and_rearms_for_next_week(qapp):
    now = {"t": datetime(2026, 11, 23, 8, 0, tzinfo=TZ)}
    alarm = Alarm(TZ, now=lambda: now["t"])
    ran: list[int] = []
    try:
        alarm.cron("work-start-mon", lambda: ran.append(1), day_of_week="mon", hour=9, minute=0)
        now["t"] = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)
        alarm._fire()
        assert ran == [1]
        assert dict(alarm.pending())["work-start-mon"] == datetime(2026, 11, 30, 9, 0, tzinfo=TZ)
    finally:
        alarm.shutdown()
