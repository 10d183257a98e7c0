"""Do-not-disturb holds as the planner decides them (Planner.wants_hold_check / desktop_busy).

The shell only asks the desktop when the planner wants it and passes the answer on; the rules
(ask only within the warning time, at most every 4.5 s, hold until max_wait_minutes, a break is
held once) are the planner's. Every test drives the planner with a FakeClock and exact datetimes.
Default settings: micro-break every 30 min (30 s), warning 30 s before, work 09:00-18:00 Mon-Fri,
max_wait_minutes 30; Mon 23 November 2026.
"""

from __future__ import annotations

from posture_break.core.holds import HOLD_CHECK_S
from posture_break.core.planner import (
    BreakHeld,
    BreakReleased,
    BreakStarted,
    NaturalBreak,
    Phase,
    WarningDue,
)
from posture_break.core.settings import BreakSettings, Settings
from tests.core.test_planner import Rig, of, t


def test_the_desktop_is_asked_only_within_the_warning_time() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 29, 29))
    assert not rig.planner.wants_hold_check()  # 31 s before the break: nothing to decide yet
    rig.clock.advance(1)  # 09:29:30, the warning time; the alarm has not fired yet
    assert rig.planner.wants_hold_check()
    assert rig.planner.desktop_busy(None) == []  # a quiet desktop: nothing changes
    ev = rig.at(t(23, 9, 29, 30))
    assert of(ev, WarningDue)


def test_asked_at_most_every_four_and_a_half_seconds() -> None:
    assert HOLD_CHECK_S == 4.5
    rig = Rig(t(23, 9))
    rig.clock.advance(29 * 60 + 30)  # 09:29:30, before the alarm's tick
    assert rig.planner.wants_hold_check()
    rig.planner.desktop_busy("Do not disturb is on")
    assert rig.planner.status().waiting_reason == "Do not disturb is on"
    rig.clock.advance(4)
    assert not rig.planner.wants_hold_check()  # 09:29:34: 4 s after the last answer
    rig.clock.advance(0.5)
    assert rig.planner.wants_hold_check()  # 09:29:34.5


def test_a_busy_desktop_holds_the_break_until_max_wait_then_it_comes_once() -> None:
    rig = Rig(t(23, 9), Settings(breaks=BreakSettings(max_wait_minutes=10)))
    rig.clock.advance(29 * 60 + 30)  # 09:29:30
    ev = rig.planner.desktop_busy("Do not disturb is on")
    assert of(ev, BreakHeld) == [BreakHeld("Do not disturb is on", t(23, 9, 30), t(23, 9, 39, 30))]
    assert not of(ev, WarningDue)
    # A call starts while held: the reason changes, the limit stays that of the first hold.
    rig.clock.advance(5)
    ev = rig.planner.desktop_busy("In a call")
    assert of(ev, BreakHeld) == [BreakHeld("In a call", t(23, 9, 30), t(23, 9, 39, 30))]
    status = rig.planner.status()
    assert status.waiting_reason == "In a call" and status.waiting_until == t(23, 9, 39, 30)
    ev = rig.at(t(23, 9, 39, 29))
    assert not of(ev, BreakStarted) and rig.planner.phase is Phase.WAITING
    ev = rig.at(t(23, 9, 39, 30))
    assert [e.brk.started_at for e in of(ev, BreakStarted)] == [t(23, 9, 39, 30)]
    rig.planner.skip()
    assert rig.records[-1].due_at == t(23, 9, 30) and rig.records[-1].outcome == "skipped"


def test_a_hold_that_runs_out_lets_the_break_come_and_the_next_can_be_held() -> None:
    settings = Settings(breaks=BreakSettings(max_wait_minutes=1))
    rig = Rig(t(23, 9), settings)
    rig.clock.advance(29 * 60 + 30)  # 09:29:30
    rig.planner.desktop_busy("A fullscreen window has focus")
    ev = rig.at(t(23, 9, 30, 29))
    assert not of(ev, BreakStarted)
    ev = rig.at(t(23, 9, 30, 30))  # the hold ran out: the break comes, whatever the desktop says
    assert [e.brk.started_at for e in of(ev, BreakStarted)] == [t(23, 9, 30, 30)]
    rig.planner.done()
    # The next break (the long one at 10:00) is another break: it can be held again.
    rig.clock.advance(29 * 60)  # 09:59:30
    assert rig.planner.status().next_due == t(23, 10)
    assert rig.planner.wants_hold_check()
    ev = rig.planner.desktop_busy("A fullscreen window has focus")
    assert of(ev, BreakHeld) == [
        BreakHeld("A fullscreen window has focus", t(23, 10), t(23, 10, 0, 30))
    ]


def test_hold_once_even_while_the_warning_time_lasts() -> None:
    """Held, the hold runs out before the break is due (a long warning): it is not held again."""
    from posture_break.core.settings import WarningSettings

    settings = Settings(
        breaks=BreakSettings(max_wait_minutes=1), warning=WarningSettings(seconds_before=90)
    )
    rig = Rig(t(23, 9), settings)
    rig.clock.advance(28 * 60 + 30)  # 09:28:30, the warning time of the 09:30 break
    rig.planner.desktop_busy("Do not disturb is on")
    assert rig.planner.status().waiting_until == t(23, 9, 29, 30)
    rig.at(t(23, 9, 29, 30))  # the hold ran out: the warning comes now
    assert rig.planner.status().waiting_reason is None
    rig.clock.advance(10)
    assert not rig.planner.wants_hold_check()


def test_a_quiet_desktop_releases_the_hold_and_the_break_comes() -> None:
    rig = Rig(t(23, 9))
    rig.clock.advance(29 * 60 + 30)
    rig.planner.desktop_busy("Do not disturb is on")
    rig.at(t(23, 9, 35))
    assert rig.planner.phase is Phase.WAITING
    assert rig.planner.wants_hold_check()
    ev = rig.planner.desktop_busy(None)
    assert of(ev, BreakReleased) == [BreakReleased("Do not disturb is on")]
    assert [e.brk.started_at for e in of(ev, BreakStarted)] == [t(23, 9, 35)]


def test_a_break_gone_in_a_suspend_is_not_held_and_its_hold_does_not_pass_on() -> None:
    """Found by the state machine: after a suspend the shell may ask the desktop before the
    alarm ticks. The break it asked about was credited as a natural break in the suspend; the
    hold it would have got must not silently hold the next break an hour later."""
    rig = Rig(t(23, 9))
    rig.clock.suspend(40 * 60)  # 09:40, asleep through the 09:30 break
    assert rig.planner.wants_hold_check()  # it has not caught up yet: the 09:30 break looks due
    ev = rig.planner.desktop_busy("Do not disturb is on")
    assert of(ev, NaturalBreak) and not of(ev, BreakHeld)
    status = rig.planner.status()
    assert status.waiting_reason is None and status.next_due is not None
    rig.at(status.next_due)
    assert rig.planner.phase is Phase.BREAK  # comes as planned: not held without a BreakHeld


def test_no_question_when_holds_are_off_or_limit_zero() -> None:
    off = BreakSettings(respect_do_not_disturb=False, respect_calls=False)
    for breaks in (off, BreakSettings(max_wait_minutes=0)):
        rig = Rig(t(23, 9), Settings(breaks=breaks))
        rig.clock.advance(29 * 60 + 45)
        assert not rig.planner.wants_hold_check()
    only_calls = BreakSettings(respect_do_not_disturb=False)
    rig = Rig(t(23, 9), Settings(breaks=only_calls))
    rig.clock.advance(29 * 60 + 45)
    assert rig.planner.wants_hold_check()


def test_records_are_what_the_events_carry() -> None:
    """No record callback: the outcome is in BreakEnded (the shell keeps what it says)."""
    from posture_break.core.planner import BreakEnded, Planner

    rig = Rig(t(23, 9))
    planner: Planner = rig.planner._planner
    rig.at(t(23, 9, 30))
    rig.clock.advance(30)
    ended = of(planner.done(), BreakEnded)
    assert [e.record.due_at for e in ended] == [t(23, 9, 30)]
    assert ended[0].record.ended_at == t(23, 9, 30, 30) and ended[0].record.outcome == "done"
