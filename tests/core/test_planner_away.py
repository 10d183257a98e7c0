"""Locks and suspends seen as events (Planner.away_started / away_ended), and idle inhibitors.

Every test drives the planner with a FakeClock and exact datetimes. Default settings: micro-break
every 30 min (30 s), long break every 60 min (5 min), warning 30 s before, work 09:00-18:00
Mon-Fri; Mon 23 November 2026.
"""

from __future__ import annotations

from datetime import timedelta

from posture_break.core.planner import (
    BACK_GRACE_S,
    BreakEnded,
    BreakStarted,
    NaturalBreak,
    Phase,
    WarningCancelled,
    WarningDue,
)
from posture_break.core.settings import (
    IdleSettings,
    LongSettings,
    MicroSettings,
    Settings,
    WarningSettings,
)
from tests.core.test_planner import Rig, of, t, utc


def test_a_ten_minute_lock_is_one_natural_long_break_and_unlocking_shows_nothing() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 20))
    assert rig.planner.away_started() == []
    assert rig.planner.next_wakeup() is None  # nothing planned while locked
    assert not rig.planner.wants_idle_samples()
    for _ in range(10):  # the once-a-minute heartbeat keeps ticking: nothing happens
        rig.clock.advance(60)
        assert rig.planner.tick() == []
    back = rig.planner.away_ended()
    assert [type(e) for e in back] == [NaturalBreak]
    rec = back[0].record
    assert (rec.kind, rec.outcome, rec.due_at, rec.ended_at, rec.duration_s) == (
        "long",
        "natural",
        t(23, 9, 20),
        t(23, 9, 30),
        600,
    )
    # planned from the unlock: the next micro-break is 30 min later, its warning 30 s before
    assert rig.planner.next_wakeup() == t(23, 9, 59, 30)
    # the idle counter still says "idle since 09:20" until the first key press: not again
    assert rig.planner.observe_idle(600) == []
    assert rig.planner.tick() == []
    assert len(rig.records) == 1
    assert of(rig.at(t(23, 10)), BreakStarted)[0].brk.kind == "micro"


def test_a_lock_with_a_suspend_inside_is_still_credited_once() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 20))
    rig.planner.away_started()  # locked, then the lid closed
    rig.clock.advance(30)
    rig.clock.suspend(timedelta(minutes=20))  # wall jumps, the monotonic clock stands still
    assert rig.planner.tick() == []  # the jump is not a second idle spell
    rig.clock.advance(60)
    events = rig.planner.away_ended()
    assert len(of(events, NaturalBreak)) == 1 and len(rig.records) == 1
    assert rig.records[0].duration_s == 30 + 20 * 60 + 60


def test_idle_before_the_lock_counts_with_it() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 10))
    rig.away(180)  # walked away at 09:10; the screen locks at 09:13
    rig.planner.away_started()
    rig.clock.advance(180)
    events = rig.planner.away_ended()
    [natural] = of(events, NaturalBreak)
    assert natural.record.kind == "long" and natural.record.due_at == t(23, 9, 10)
    assert len(rig.records) == 1


def test_a_short_lock_over_a_due_time_prompts_a_minute_after_unlocking_not_at_once() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 29, 40))  # the warning came at 09:29:30
    assert rig.planner.phase is Phase.WARNING
    assert of(rig.planner.away_started(), WarningCancelled)
    rig.clock.advance(20)  # the micro fell due at 09:30, during the lock
    assert rig.planner.tick() == []
    back = rig.planner.away_ended()
    assert back == []  # 20 s is no break (shorter than a micro-break) and nothing pops up
    assert rig.records == []
    warn_at = t(23, 9, 30) + timedelta(seconds=BACK_GRACE_S)
    assert rig.planner.next_wakeup() == warn_at
    events = rig.at(warn_at)
    assert of(events, WarningDue) and not of(events, BreakStarted)
    started = of(rig.at(warn_at + timedelta(seconds=30)), BreakStarted)
    assert started and started[0].brk.first_due_at == t(23, 9, 30)


def test_a_long_suspend_during_a_break_ends_it_done() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 59, 30))
    before = len(rig.records)  # the 09:30 micro-break nobody answered
    rig.planner.start_now()  # the long break (5 min), started from its warning
    assert rig.planner.phase is Phase.BREAK
    rig.clock.advance(60)
    assert rig.planner.away_started() == []  # PrepareForSleep(true)
    rig.clock.suspend(timedelta(minutes=10))
    events = rig.planner.away_ended()  # PrepareForSleep(false)
    [ended] = of(events, BreakEnded)
    assert (ended.record.kind, ended.record.outcome) == ("long", "done")
    assert ended.record.duration_s == 11 * 60
    assert not of(events, NaturalBreak) and not of(events, BreakStarted)
    assert len(rig.records) == before + 1
    # counted from the wake-up: the micro-break 30 min later
    assert rig.planner.next_wakeup() == t(23, 10, 10, 30) + timedelta(minutes=29, seconds=30)


def test_a_short_lock_during_a_break_leaves_it_running_and_counts_as_away() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 59, 30))
    rig.planner.start_now()
    rig.clock.advance(60)
    rig.planner.away_started()
    rig.clock.advance(120)
    assert rig.planner.away_ended() == []  # 3 of 5 minutes gone: the break goes on
    assert rig.planner.phase is Phase.BREAK
    rig.clock.advance(120)
    [ended] = of(rig.planner.countdown_finished(), BreakEnded)
    # no idle readings, but the lock shows 2 of 5 minutes away: not enough to say done
    assert ended.record.outcome == "unconfirmed"


def test_a_countdown_running_out_while_locked_is_done() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 59, 30))
    before = len(rig.records)
    rig.planner.start_now()
    rig.clock.advance(30)
    rig.planner.away_started()
    rig.clock.advance(270)
    [ended] = of(rig.planner.countdown_finished(), BreakEnded)
    assert ended.record.outcome == "done"
    assert rig.planner.away_ended() == []  # back after the break: already accounted for
    assert len(rig.records) == before + 1


def test_with_natural_breaks_off_time_locked_does_not_count() -> None:
    rig = Rig(t(23, 9), Settings(idle=IdleSettings(natural_breaks=False)))
    rig.at(t(23, 9, 20))
    rig.planner.away_started()
    rig.clock.advance(600)
    assert rig.planner.away_ended() == []
    assert rig.records == []
    assert rig.planner.status().next_due == t(23, 9, 40)  # 09:30 + the 10 minutes away


def test_a_lock_across_the_night_records_nothing_and_starts_the_day_fresh() -> None:
    rig = Rig(t(23, 17, 50))
    rig.planner.away_started()
    rig.clock.advance(timedelta(hours=15, minutes=20))  # Tue 09:10
    assert rig.planner.away_ended() == []
    assert rig.records == []
    assert rig.planner.status().next_due == t(24, 9, 40)


def test_an_idle_inhibitor_means_watching_not_away() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 10))
    events = []
    for idle in range(5, 605, 5):  # ten minutes without input while a video plays
        rig.clock.advance(5)
        events += rig.planner.observe_idle(idle, watching=True)
        events += rig.planner.tick()
    assert not of(events, NaturalBreak) and rig.records == []
    # the same ten minutes without the inhibitor: one natural long break
    rig2 = Rig(t(23, 9))
    rig2.at(t(23, 9, 10))
    assert len(of(rig2.away(600), NaturalBreak)) == 1


def test_away_ended_without_away_started_and_twice_changes_nothing() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 20))
    assert rig.planner.away_ended() == []
    rig.planner.away_started()
    assert rig.planner.away_started() == []  # lock and sleep together: one away
    rig.clock.advance(600)
    assert len(of(rig.planner.away_ended(), NaturalBreak)) == 1
    assert rig.planner.away_ended() == []
    assert len(rig.records) == 1
    assert utc(rig.planner.next_wakeup()) == utc(t(23, 9, 59, 30))


def test_a_call_holds_the_due_break_with_its_reason_until_released_or_the_limit() -> None:
    from posture_break.core.calls import MICROPHONE, InUse, describe
    from posture_break.core.status import tooltip

    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 29))  # the shell asks as the warning falls due: a call is on
    reason = describe(InUse(MICROPHONE, "Firefox", 1234))
    assert not of(rig.planner.hold(reason, t(23, 9, 59, 30)), WarningDue)
    events = rig.at(t(23, 9, 45))
    assert not of(events, BreakStarted) and not of(events, WarningDue)
    assert tooltip(rig.planner.status()) == "Waiting: microphone in use by Firefox (up to 09:59)"
    [start] = of(rig.planner.release_hold(), BreakStarted)  # the call ended
    assert start.brk.first_due_at == t(23, 9, 30) and start.brk.started_at == t(23, 9, 45)


def test_a_call_hold_runs_out_at_the_limit() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 29))
    rig.planner.hold("camera in use by zoom", t(23, 9, 59, 30))
    events = rig.at(t(23, 9, 59, 30))
    [start] = of(events, BreakStarted)
    assert start.brk.started_at == t(23, 9, 59, 30)


def test_a_lock_credited_as_a_long_break_is_not_credited_again_when_the_next_is_due() -> None:
    # Found by the state machine with 1500 examples: breaks every minute, a warning longer than
    # that, a one-minute lock. The spell was credited as a long break, then the long break due
    # inside the warning window credited the same spell a second time (counted twice in stats).
    every_minute = Settings(
        micro=MicroSettings(every_minutes=1, seconds=5),
        long=LongSettings(every_minutes=1, minutes=1),
        warning=WarningSettings(seconds_before=90),
    )
    rig = Rig(t(23, 9), every_minute)
    rig.planner.away_started()
    rig.clock.advance(60)
    back = rig.planner.away_ended()
    naturals = [e.record for e in back if isinstance(e, NaturalBreak)]
    assert [(r.kind, r.due_at, r.ended_at) for r in naturals] == [("long", t(23, 9), t(23, 9, 1))]
    assert [(r.kind, r.outcome) for r in rig.records] == [("long", "natural")]


def test_a_break_started_while_locked_counts_the_time_away_from_its_own_start() -> None:
    """Break-now from the CLI while the screen is locked: unlocking 5 s later is not the break
    done, because the lock began long before the break did."""
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 10))
    rig.planner.away_started()
    rig.clock.advance(10 * 60)
    started = of(rig.planner.break_now(), BreakStarted)
    assert started and started[0].brk.kind == "micro"
    rig.clock.advance(5)
    assert of(rig.planner.away_ended(), BreakEnded) == []
    assert rig.planner.phase is Phase.BREAK  # still on screen, 25 s to go


def test_a_break_started_while_locked_is_done_once_its_length_passed_away() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 10))
    rig.planner.away_started()  # a break that ran 0 s when an earlier lock began
    rig.clock.advance(60)
    rig.planner.away_ended()
    rig.planner.away_started()
    rig.clock.advance(60)
    of(rig.planner.break_now(), BreakStarted)
    rig.clock.advance(31)
    ended = of(rig.planner.away_ended(), BreakEnded)
    assert [e.record.outcome for e in ended] == ["done"]
    assert ended[0].record.duration_s == 31
