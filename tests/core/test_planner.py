"""The planner's rules, each driven by a FakeClock with exact datetimes (no sleeps)."""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from posture_break.core.clock import FakeClock
from posture_break.core.day_plan import plan_day
from posture_break.core.planner import (
    BreakEnded,
    BreakSnoozed,
    BreakStarted,
    Event,
    NaturalBreak,
    Phase,
    Planner,
    WarningCancelled,
    WarningDue,
)
from posture_break.core.settings import (
    BreakSettings,
    IdleSettings,
    MicroSettings,
    Settings,
    SnoozeSettings,
    WarningSettings,
)
from posture_break.core.store import BreakRecord

BERLIN = ZoneInfo("Europe/Berlin")
ALL_DAY = {d: ((0, 1440),) for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def utc(dt: datetime) -> datetime:
    return dt.astimezone(timezone.utc)


def fake_clock(start: datetime, mono: float) -> FakeClock:
    """A FakeClock that moves on instants even across DST.

    FakeClock adds timedeltas to its start's zone (wall-clock arithmetic), so start it in UTC and
    let it report times in Berlin.
    """
    clock = FakeClock(utc(start), mono=mono)
    clock.tz = BERLIN
    return clock


def t(d: int, h: int, m: int = 0, s: int = 0, month: int = 11, year: int = 2026) -> datetime:
    """A Berlin wall time; November 2026: Mon 23 .. Sun 29."""
    return datetime(year, month, d, h, m, s, tzinfo=BERLIN)


class Recording:
    """The planner as the shell sees it: every call is forwarded, and the records are what the
    returned events carry (:class:`BreakEnded`, :class:`NaturalBreak`), as the shell keeps them."""

    def __init__(self, planner: Planner, records: list[BreakRecord]) -> None:
        self._planner = planner
        self._records = records

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._planner, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            result = attr(*args, **kwargs)
            if isinstance(result, list):
                for event in result:
                    if isinstance(event, (BreakEnded, NaturalBreak)):
                        self._records.append(event.record)
            return result

        return call


class Rig:
    """A planner, its fake clock and what it recorded, with a tiny fake shell."""

    def __init__(
        self,
        start: datetime,
        settings: Settings | None = None,
        state: dict[str, Any] | None = None,
        mono: float = 1000.0,
    ) -> None:
        self.clock = fake_clock(start, mono)
        self.records: list[BreakRecord] = []
        self.planner: Any = Recording(
            Planner(settings or Settings(), self.clock, state=state), self.records
        )
        self.events: list[Event] = list(self.planner.tick())

    def at(self, when: datetime) -> list[Event]:
        """Let time pass until ``when``, firing the planner's alarm whenever it asks (no idle)."""
        out: list[Event] = []
        for _ in range(10_000):
            wake = self.planner.next_wakeup()
            if wake is None or utc(wake) > utc(when):
                break
            if utc(wake) > utc(self.clock.now()):
                self.clock.advance(utc(wake) - utc(self.clock.now()))
            out += self.planner.tick()
            if utc(wake) >= utc(when):
                break
        if utc(when) > utc(self.clock.now()):
            self.clock.advance(utc(when) - utc(self.clock.now()))
        out += self.planner.tick()
        self.events += out
        return out

    def away(self, seconds: int, step: int = 5) -> list[Event]:
        """The person is away for ``seconds``; the shell samples idle time every ``step`` s."""
        out: list[Event] = []
        idle = 0
        while idle < seconds:
            self.clock.advance(step)
            idle += step
            out += self.planner.observe_idle(idle)
            out += self.planner.tick()
        self.events += out
        return out

    def working(self, seconds: int, step: int = 5) -> list[Event]:
        out: list[Event] = []
        for _ in range(seconds // step):
            self.clock.advance(step)
            out += self.planner.observe_idle(1)
            out += self.planner.tick()
        self.events += out
        return out


def started(events: list[Event]) -> list[BreakStarted]:
    return [e for e in events if isinstance(e, BreakStarted)]


def of(events: list[Event], cls: type) -> list[Any]:
    return [e for e in events if isinstance(e, cls)]


# --- intervals -------------------------------------------------------------------------------


def test_micro_every_30_min_and_long_every_60_min_of_active_time() -> None:
    rig = Rig(t(23, 9))
    assert rig.planner.phase is Phase.WAITING
    assert rig.planner.next_wakeup() == t(23, 9, 29, 30)  # the warning, 30 s before
    ev = rig.at(t(23, 9, 29, 30))
    assert [type(e) for e in ev] == [WarningDue]
    assert ev[0].brk.kind == "micro" and ev[0].brk.due_at == t(23, 9, 30)
    ev = rig.at(t(23, 9, 30))
    assert [(e.brk.kind, e.brk.started_at) for e in started(ev)] == [("micro", t(23, 9, 30))]
    rig.clock.advance(30)
    ev = rig.planner.done()
    assert rig.records[-1].outcome == "done" and rig.records[-1].duration_s == 30
    # The micro counter restarted at 09:30:30; the long one still counts from 09:00.
    st = rig.planner.status()
    assert (st.next_kind, st.next_due) == ("long", t(23, 10))
    ev = rig.at(t(23, 10))
    assert [(e.brk.kind, e.brk.started_at) for e in started(ev)] == [("long", t(23, 10))]
    rig.clock.advance(300)
    rig.planner.done()
    # A long break restarts both counters at its end.
    st = rig.planner.status()
    assert (st.next_kind, st.next_due) == ("micro", t(23, 10, 35))


def test_long_replaces_micro_when_both_fall_due() -> None:
    s = Settings(micro=MicroSettings(every_minutes=25), warning=WarningSettings(0))
    rig = Rig(t(23, 9), s)
    rig.at(t(23, 9, 25))
    rig.clock.advance(30)
    rig.planner.done()
    # micro would be due 09:50:30, long at 10:00: within half a micro interval, so the long one
    # is taken at the micro's due time, and no micro-break is shown before it.
    ev = rig.at(t(23, 10, 10))
    assert [(e.brk.kind, e.brk.started_at) for e in started(ev)] == [("long", t(23, 9, 50, 30))]


def test_warning_then_start_now_starts_at_once() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 29, 40))
    assert rig.planner.phase is Phase.WARNING
    ev = rig.planner.start_now()
    assert [(e.brk.kind, e.brk.started_at) for e in started(ev)] == [("micro", t(23, 9, 29, 40))]
    rig.clock.advance(30)
    rig.planner.done()
    rec = rig.records[-1]
    assert rec.outcome == "done" and rec.duration_s == 30
    assert rec.due_at <= rec.ended_at


def test_warning_ignored_starts_break_at_due_time() -> None:
    rig = Rig(t(23, 9))
    assert of(rig.at(t(23, 9, 29, 59)), WarningDue)
    assert not started(rig.events)
    ev = rig.at(t(23, 9, 30))
    assert [e.brk.started_at for e in started(ev)] == [t(23, 9, 30)]


def test_no_warning_when_seconds_before_is_zero() -> None:
    rig = Rig(t(23, 9), Settings(warning=WarningSettings(0)))
    assert rig.planner.next_wakeup() == t(23, 9, 30)
    ev = rig.at(t(23, 9, 30))
    assert not of(ev, WarningDue) and len(started(ev)) == 1


# --- snooze, skip, done, missed ----------------------------------------------------------------


def test_snooze_postpones_and_is_capped_at_two_in_a_row() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 29, 30))
    assert rig.planner.can_snooze()
    ev = rig.planner.snooze()
    assert [e.brk.due_at for e in of(ev, BreakSnoozed)] == [t(23, 9, 34, 30)]
    assert rig.planner.next_wakeup() == t(23, 9, 34)
    rig.at(t(23, 9, 34, 30))  # second warning at 09:34, break at 09:34:30
    assert rig.planner.phase is Phase.BREAK
    assert rig.planner.snooze()  # snoozing from the break window works too
    assert rig.planner.status().snoozes_left == 0
    rig.at(t(23, 9, 39))
    assert rig.planner.phase is Phase.WARNING
    assert not rig.planner.can_snooze()
    assert rig.planner.snooze() == []
    ev = rig.at(t(23, 9, 39, 30))
    assert [e.brk.snoozes for e in started(ev)] == [2]
    rig.clock.advance(30)
    rig.planner.done()
    rec = rig.records[-1]
    assert (rec.due_at, rec.snoozes, rec.outcome) == (t(23, 9, 30), 2, "done")
    assert len(rig.records) == 1


def test_snooze_cap_follows_settings() -> None:
    rig = Rig(t(23, 9), Settings(snooze=SnoozeSettings(minutes=10, max_in_a_row=1)))
    rig.at(t(23, 9, 29, 30))
    rig.planner.snooze()
    assert rig.planner.status().next_due == t(23, 9, 39, 30)
    rig.at(t(23, 9, 39))
    assert not rig.planner.can_snooze()


def test_strict_mode_allows_no_snooze_and_no_skip() -> None:
    rig = Rig(t(23, 9), Settings(breaks=BreakSettings(strict=True)))
    rig.at(t(23, 9, 30))
    assert rig.planner.phase is Phase.BREAK
    assert not rig.planner.can_snooze()
    assert rig.planner.snooze() == []
    assert rig.planner.skip() == []
    assert rig.planner.phase is Phase.BREAK and rig.records == []


def test_skip_records_skipped_with_monotonic_duration_and_restarts_counter() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 30))
    rig.clock.advance(7)
    ev = rig.planner.skip()
    (ended,) = of(ev, BreakEnded)
    rec = ended.record
    assert (rec.outcome, rec.duration_s, rec.due_at, rec.ended_at) == (
        "skipped",
        7,
        t(23, 9, 30),
        t(23, 9, 30, 7),
    )
    assert rig.planner.status().next_due == t(23, 10)  # the long one is next


def test_skip_from_the_warning_records_skipped() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 29, 30))
    ev = rig.planner.skip()
    assert [e.record.outcome for e in of(ev, BreakEnded)] == ["skipped"]
    assert rig.records[-1].duration_s == 0
    assert rig.records[-1].due_at <= rig.records[-1].ended_at


def test_done_records_cards_and_duration() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 30))
    rig.planner.set_cards(["chin_tuck", "shoulder_rolls"])
    rig.clock.advance(25)
    rig.planner.done()
    rec = rig.records[-1]
    assert rec.card_ids == ("chin_tuck", "shoulder_rolls")
    assert (rec.outcome, rec.duration_s, rec.kind) == ("done", 25, "micro")


def test_countdown_finished_while_away_is_done() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 30))
    rig.away(30)
    rig.planner.countdown_finished()
    assert rig.records[-1].outcome == "done" and rig.records[-1].duration_s == 30


def test_countdown_finished_while_working_is_missed() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 30))
    rig.working(30)
    rig.planner.countdown_finished()
    rec = rig.records[-1]
    assert (rec.outcome, rec.duration_s) == ("missed", 0)


def test_countdown_finished_away_for_less_than_half_is_missed() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 30))
    rig.working(20)
    rig.away(10)  # away 10 of 30 s
    rig.planner.countdown_finished()
    assert rig.records[-1].outcome == "missed"


def test_countdown_finished_without_idle_samples_is_unconfirmed() -> None:
    # Nothing observed the person during the break: neither done nor missed is known.
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 30))
    rig.clock.advance(30)
    rig.planner.countdown_finished()
    assert rig.records[-1].outcome == "unconfirmed"
    assert rig.records[-1].duration_s == 30  # it was on screen for its length


def test_countdown_finished_with_idle_samples_is_judged_by_them() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 30))
    rig.clock.advance(30)
    rig.planner.observe_idle(30)  # away the whole break
    rig.planner.countdown_finished()
    assert rig.records[-1].outcome == "done"
    rig.at(t(23, 10))
    rig.clock.advance(300)
    rig.planner.observe_idle(0)  # typing through it
    rig.planner.countdown_finished()
    assert rig.records[-1].outcome == "missed"


def test_lost_window_ends_as_missed_at_start_plus_length_plus_60s() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 30))
    assert rig.planner.next_wakeup() == t(23, 9, 31, 30)
    assert rig.at(t(23, 9, 31, 29)) == []
    ev = rig.at(t(23, 9, 31, 30))
    assert [e.record.outcome for e in of(ev, BreakEnded)] == ["missed"]
    assert rig.records[-1].ended_at == t(23, 9, 31, 30)


# --- break now, pause, resume ----------------------------------------------------------------


def test_break_now_starts_the_next_scheduled_kind_at_once() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 30))
    rig.clock.advance(30)
    rig.planner.done()
    rig.at(t(23, 9, 40))
    ev = rig.planner.break_now()  # micro done at 09:30; next scheduled is the long at 10:00
    assert [(e.brk.kind, e.brk.started_at) for e in started(ev)] == [("long", t(23, 9, 40))]
    assert rig.planner.break_now() == []  # already on a break
    rig.clock.advance(300)
    rig.planner.done()
    rec = rig.records[-1]
    assert (rec.kind, rec.due_at, rec.duration_s) == ("long", t(23, 9, 40), 300)


def test_break_now_works_outside_work_hours() -> None:
    rig = Rig(t(28, 11))  # Saturday: no work hours
    assert rig.planner.phase is Phase.OFF
    ev = rig.planner.break_now()
    assert [(e.brk.kind, e.brk.started_at) for e in started(ev)] == [("micro", t(28, 11))]
    rig.clock.advance(30)
    rig.planner.done()
    assert rig.records[-1].outcome == "done"
    assert rig.planner.phase is Phase.OFF


@pytest.mark.parametrize("minutes", [30, 60, 120])
def test_pause_for_minutes_does_not_count_and_resumes_by_itself(minutes: int) -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 10))
    rig.planner.pause_for(minutes)
    assert rig.planner.phase is Phase.PAUSED
    assert rig.planner.next_wakeup() == t(23, 9, 10) + timedelta(minutes=minutes)
    assert not rig.planner.wants_idle_samples()
    ev = rig.at(t(23, 9, 10) + timedelta(minutes=minutes))
    assert not started(ev)
    assert rig.planner.phase is Phase.WAITING
    # 10 minutes were counted before the pause: 20 to go.
    assert rig.planner.status().next_due == t(23, 9, 30) + timedelta(minutes=minutes)


def test_pause_until_resumed_and_resume() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 20))
    rig.planner.pause(None)
    st = rig.planner.status()
    assert st.phase is Phase.PAUSED and st.paused_until_resumed and st.paused_until is None
    assert rig.planner.next_wakeup() is None
    rig.clock.advance(timedelta(hours=3))
    assert rig.planner.tick() == []
    rig.planner.resume()
    assert rig.planner.phase is Phase.WAITING
    assert rig.planner.status().next_due == t(23, 12, 30)
    assert rig.planner.resume() == []


def test_a_pause_until_resumed_saved_by_version_0_1_is_restored() -> None:
    rig = Rig(t(23, 9))
    rig.planner.pause(None)
    state = rig.planner.to_state()
    assert state.pop("paused_until_resumed") is True
    state["paused_forever"] = True  # what 0.1 wrote
    again = Planner(rig.planner.settings, rig.clock, state=state)
    assert again.status().paused_until_resumed and again.phase is Phase.PAUSED


def test_pause_until_tomorrows_work_start() -> None:
    rig = Rig(t(23, 15))
    rig.planner.pause_until_tomorrow()
    assert rig.planner.status().paused_until == t(24, 9)
    rig.at(t(24, 9))
    assert rig.planner.phase is Phase.WAITING
    assert rig.planner.status().next_due == t(24, 9, 30)  # a fresh day's count


def test_pause_until_tomorrow_on_friday_means_monday() -> None:
    rig = Rig(t(27, 15))
    assert rig.planner.tomorrow_start() == t(30, 9)


def test_pause_until_tomorrow_when_thursday_and_friday_run_through_midnight() -> None:
    # Issue 11.11: thu and fri 00:00-24:00 are one span Thu 00:00 - Sat 00:00; tomorrow (Friday)
    # is a work day, so the pause ends at Friday's midnight, not on Monday.
    hours = {"thu": ((0, 1440),), "fri": ((0, 1440),)}
    rig = Rig(t(26, 15), Settings(work_hours=hours))
    assert rig.planner.tomorrow_start() == t(27, 0)
    rig.planner.pause_until_tomorrow()
    assert rig.planner.status().paused_until == t(27, 0)
    rig.at(t(27, 0))
    assert rig.planner.phase is Phase.WAITING
    # Paused time does not count: the micro-break due 15:30 on Thursday comes 30 min after 00:00.
    assert rig.planner.status().next_due == t(27, 0, 30)


def test_pause_until_tomorrow_with_every_day_all_day_ends_at_midnight() -> None:
    rig = Rig(t(26, 15), Settings(work_hours=ALL_DAY))
    rig.planner.pause_until_tomorrow()
    st = rig.planner.status()
    assert st.paused_until == t(27, 0) and not st.paused_until_resumed
    assert rig.planner.next_wakeup() == t(27, 0)
    rig.at(t(27, 0, 0, 1))
    assert rig.planner.phase is Phase.WAITING


def test_pause_until_tomorrow_night_shift_and_late_start() -> None:
    # A night shift Thu 22:00 - Fri 06:00 paused at 23:00: tomorrow's work starts at midnight.
    night = {"thu": ((1320, 1440),), "fri": ((0, 360), (600, 1080))}
    rig = Rig(t(26, 23), Settings(work_hours=night))
    assert rig.planner.tomorrow_start() == t(27, 0)
    # From inside Friday's early part, tomorrow is Saturday: none, so the next Thursday 22:00.
    rig = Rig(t(27, 2), Settings(work_hours=night))
    assert rig.planner.tomorrow_start() == datetime(2026, 12, 3, 22, 0, tzinfo=BERLIN)


def test_pause_until_tomorrow_across_a_dst_change() -> None:
    # Berlin springs forward on Sun 29 Mar 2026; every day all day: tomorrow is 00:00 Sunday.
    rig = Rig(t(28, 12, month=3), Settings(work_hours=ALL_DAY))
    assert rig.planner.tomorrow_start() == t(29, 0, month=3)
    assert utc(rig.planner.tomorrow_start()) == datetime(2026, 3, 28, 23, 0, tzinfo=timezone.utc)


def test_pause_until_tomorrow_without_any_work_hours_is_until_resumed() -> None:
    rig = Rig(t(26, 15), Settings(work_hours={}))
    assert rig.planner.tomorrow_start() is None


def test_pause_during_a_break_ends_it_as_skipped() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 30))
    rig.clock.advance(5)
    ev = rig.planner.pause_for(30)
    assert [e.record.outcome for e in of(ev, BreakEnded)] == ["skipped"]
    assert rig.records[-1].duration_s == 5
    assert rig.planner.phase is Phase.PAUSED


def test_pause_during_a_warning_ends_it_as_skipped() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 29, 45))
    ev = rig.planner.pause(None)
    assert [e.record.outcome for e in of(ev, BreakEnded)] == ["skipped"]


# --- work hours ------------------------------------------------------------------------------


def test_no_prompts_outside_work_hours_and_a_fresh_count_at_range_start() -> None:
    rig = Rig(t(23, 7))
    assert rig.planner.phase is Phase.OFF
    assert rig.planner.status().off_until == t(23, 9)
    assert rig.planner.next_wakeup() == t(23, 9)
    assert not rig.planner.wants_idle_samples()
    rig.at(t(23, 9))
    assert rig.planner.phase is Phase.WAITING
    assert rig.planner.status().next_due == t(23, 9, 30)


def test_day_end_stops_prompts_and_range_end_is_a_wakeup() -> None:
    rig = Rig(t(23, 17, 40))
    # micro due 18:10 is after the range end: nothing more today, but wake at 18:00.
    assert rig.planner.next_wakeup() == t(23, 18)
    assert rig.planner.status().next_due is None
    ev = rig.at(t(23, 23, 59))
    assert not started(ev)
    assert rig.planner.phase is Phase.OFF
    assert rig.planner.next_wakeup() == t(24, 9)


def test_several_ranges_a_day_each_start_fresh() -> None:
    wh = dict(Settings().work_hours)
    wh["mon"] = ((9 * 60, 12 * 60), (13 * 60, 18 * 60))
    rig = Rig(t(23, 11, 50), Settings(work_hours=wh))
    ev = rig.at(t(23, 12, 30))
    assert not started(ev) and rig.planner.phase is Phase.OFF
    assert rig.planner.status().off_until == t(23, 13)
    ev = rig.at(t(23, 13, 30))
    assert [e.brk.started_at for e in started(ev)] == [t(23, 13, 30)]


def test_range_ending_2400_continues_into_next_day_without_reset() -> None:
    wh = dict(Settings().work_hours)
    wh["mon"] = ((20 * 60, 1440),)
    wh["tue"] = ((0, 2 * 60),)
    rig = Rig(t(23, 23, 40), Settings(work_hours=wh, warning=WarningSettings(0)))
    assert rig.planner.next_wakeup() == t(24, 0, 10)  # not 00:30: no reset at midnight
    ev = rig.at(t(24, 0, 10))
    assert [e.brk.started_at for e in started(ev)] == [t(24, 0, 10)]


def test_day_with_no_range_has_no_breaks() -> None:
    rig = Rig(t(29, 8))  # Sunday
    ev = rig.at(t(29, 23))
    assert ev == [] and rig.planner.phase is Phase.OFF
    assert rig.planner.status().off_until == t(30, 9)


# --- natural breaks --------------------------------------------------------------------------


def test_idle_for_a_long_break_records_natural_long_and_resets_both() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 20))
    ev = rig.away(6 * 60)
    nat = [e.record for e in of(ev, NaturalBreak)]
    assert [(r.kind, r.outcome, r.due_at) for r in nat] == [("long", "natural", t(23, 9, 20))]
    assert nat[0].ended_at == t(23, 9, 25) and nat[0].duration_s == 300
    rig.working(10)  # back at 09:26:05
    st = rig.planner.status()
    assert (st.next_kind, st.next_due) == ("micro", t(23, 9, 56, 4))  # activity seen 09:26:04
    assert len(rig.records) == 1


def test_idle_for_a_micro_break_records_natural_micro_when_activity_returns() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 10))
    ev = rig.away(60)
    assert not of(ev, NaturalBreak)  # not decided yet: it may grow into a long one
    ev = rig.working(5)
    nat = [e.record for e in of(ev, NaturalBreak)]
    assert [(r.kind, r.due_at, r.duration_s) for r in nat] == [("micro", t(23, 9, 10), 64)]
    st = rig.planner.status()
    # The micro counter restarted at 09:11:04 (the spell's end); the long one was not touched.
    assert (st.next_kind, st.next_due) == ("micro", t(23, 9, 41, 4))
    rig.at(t(23, 9, 41, 4))
    rig.clock.advance(30)
    rig.planner.done()
    assert rig.planner.status().next_due == t(23, 10)


def test_short_idle_spells_count_as_active_time() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 10))
    rig.away(20)
    rig.working(10)
    assert rig.records == []
    assert rig.planner.status().next_due == t(23, 9, 30)


def test_coffee_break_over_the_due_time_is_not_followed_by_a_prompt() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 25))
    ev = rig.away(10 * 60)  # 09:25 .. 09:35, the micro was due at 09:30
    ev += rig.working(30)
    assert not started(ev) and not of(ev, WarningDue)
    assert [r.kind for r in rig.records] == ["long"]
    assert rig.planner.status().next_due == t(23, 10, 5, 4)


def test_warning_while_already_away_is_credited_as_natural() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 28, 30))
    ev = rig.away(90)  # away since 09:28:30; the warning time and the due time come
    assert not started(ev) and not of(ev, WarningDue)
    assert not of(ev, NaturalBreak)  # decided when they come back (it might become a long one)
    ev = rig.working(5)
    nat = [e.record for e in of(ev, NaturalBreak)]
    assert [(r.kind, r.due_at, r.ended_at) for r in nat] == [
        ("micro", t(23, 9, 28, 30), t(23, 9, 30, 4))
    ]
    assert len(rig.records) == 1


def test_natural_breaks_off_ignores_idle() -> None:
    rig = Rig(t(23, 9), Settings(idle=IdleSettings(natural_breaks=False)))
    assert not rig.planner.wants_idle_samples()
    rig.at(t(23, 9, 20))
    rig.away(600)
    assert rig.records == []


def test_idle_since_before_work_started_restarts_the_count_but_records_nothing() -> None:
    rig = Rig(t(23, 8))
    rig.at(t(23, 9))
    rig.clock.advance(5)
    rig.planner.observe_idle(13 * 3600)  # away since last night
    rig.clock.advance(20 * 60 - 5)
    rig.planner.observe_idle(13 * 3600 + 20 * 60)
    rig.working(5)  # arrives 09:20
    assert rig.records == []
    assert rig.planner.status().next_due == t(23, 9, 50, 4)


def test_wants_idle_samples_only_while_it_matters() -> None:
    rig = Rig(t(23, 8))
    assert not rig.planner.wants_idle_samples()  # off hours
    rig.at(t(23, 9))
    assert rig.planner.wants_idle_samples()
    rig.at(t(23, 9, 30))
    assert rig.planner.wants_idle_samples()  # during the break: for its outcome
    rig.planner.pause(None)
    assert not rig.planner.wants_idle_samples()


# --- suspend and clock changes ---------------------------------------------------------------


def test_suspend_three_hours_gives_one_prompt_and_natural_credit() -> None:
    s = Settings(micro=MicroSettings(every_minutes=10))
    rig = Rig(t(23, 9), s)
    rig.at(t(23, 9, 5))
    rig.clock.suspend(timedelta(hours=3))  # 18 micro and 3 long breaks fell due meanwhile
    ev = rig.planner.tick()
    assert not started(ev)
    nat = [e.record for e in of(ev, NaturalBreak)]
    assert [(r.kind, r.due_at, r.ended_at) for r in nat] == [("long", t(23, 9, 5), t(23, 12, 5))]
    ev = rig.at(t(23, 12, 15))
    assert [(e.brk.kind, e.brk.started_at) for e in started(ev)] == [("micro", t(23, 12, 15))]


def test_short_suspend_over_a_due_time_gives_at_most_one_prompt() -> None:
    s = Settings(micro=MicroSettings(every_minutes=10, seconds=120), warning=WarningSettings(0))
    rig = Rig(t(23, 9), s)
    rig.at(t(23, 9, 9))
    rig.clock.suspend(90)  # the micro (2 min) fell due at 09:10, inside the 90 s gap
    ev = rig.planner.tick()
    assert len(started(ev)) == 1
    assert rig.planner.tick() == []


def test_suspend_with_natural_breaks_off_does_not_count_the_gap() -> None:
    s = Settings(idle=IdleSettings(natural_breaks=False))
    rig = Rig(t(23, 9), s)
    rig.at(t(23, 9, 20))
    rig.clock.suspend(timedelta(hours=1))
    assert rig.planner.tick() == []
    assert rig.records == []
    assert rig.planner.status().next_due == t(23, 10, 30)


def test_suspend_overnight_starts_the_day_fresh_without_natural_records() -> None:
    rig = Rig(t(23, 17))
    rig.clock.suspend(timedelta(hours=16, minutes=10))  # wakes Tue 09:10
    ev = rig.planner.tick()
    assert ev == [] and rig.records == []
    assert rig.planner.status().next_due == t(24, 9, 40)


def test_suspend_during_a_break_ends_it_as_done() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 30))
    rig.clock.suspend(timedelta(minutes=20))
    ev = rig.planner.tick()
    assert [e.record.outcome for e in of(ev, BreakEnded)] == ["done"]
    assert not started(ev)


def test_clock_set_back_one_hour_does_not_duplicate() -> None:
    s = Settings(work_hours=ALL_DAY)
    rig = Rig(t(23, 9), s)
    rig.at(t(23, 9, 30))
    rig.clock.advance(30)
    rig.planner.done()
    rig.at(t(23, 9, 40))
    rig.clock.set_wall(t(23, 8, 40))
    assert rig.planner.tick() == []
    st = rig.planner.status()
    assert (st.next_kind, st.next_due) == ("long", t(23, 9))  # shifted back with the clock
    ev = rig.at(t(23, 9, 0, 30))
    assert [e.brk.kind for e in started(ev)] == ["long"]
    rig.clock.advance(300)
    rig.planner.done()
    starts = started(rig.events)
    assert [s.brk.kind for s in starts] == ["micro", "long"]  # one each, none repeated
    for rec in rig.records:
        assert rec.ended_at >= rec.due_at and rec.duration_s >= 0


def test_clock_set_back_during_a_break_keeps_the_record_sane() -> None:
    rig = Rig(t(23, 9), Settings(work_hours=ALL_DAY))
    rig.at(t(23, 9, 30))
    rig.clock.advance(10)
    rig.clock.set_wall(t(23, 8, 30, 10))
    rig.clock.advance(20)
    rig.planner.done()
    rec = rig.records[-1]
    assert rec.duration_s == 30
    assert (rec.due_at, rec.ended_at) == (t(23, 8, 30), t(23, 8, 30, 30))


def test_small_clock_corrections_are_ignored() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 10))
    rig.clock.suspend(30)  # NTP nudge: under the 60 s threshold
    assert rig.planner.tick() == []
    assert rig.planner.status().next_due == t(23, 9, 30)


# --- DST -------------------------------------------------------------------------------------


def test_dst_fall_back_berlin_2026_10_25() -> None:
    s = Settings(work_hours=ALL_DAY, warning=WarningSettings(0))
    rig = Rig(datetime(2026, 10, 25, 1, 0, tzinfo=BERLIN), s)  # 01:00 CEST = 23:00 UTC
    for _ in range(4):
        rig.at(rig.planner.next_wakeup() or rig.clock.now())
        brk = rig.planner.current
        assert brk is not None
        rig.clock.advance(brk.length_s)
        rig.planner.done()
    utc = [e.brk.started_at.astimezone(timezone.utc) for e in started(rig.events)]  # type: ignore[union-attr]
    base = datetime(2026, 10, 24, 23, 0, tzinfo=timezone.utc)
    assert [u - base for u in utc] == [
        timedelta(minutes=30),
        timedelta(minutes=60),
        timedelta(minutes=95),
        timedelta(minutes=125),
    ]
    # The last one is 02:05 local, the second 02:05 of the night (after the clocks went back).
    last = started(rig.events)[-1].brk.started_at
    assert last is not None
    assert (last.hour, last.minute, last.utcoffset()) == (2, 5, timedelta(hours=1))


def test_dst_fall_back_day_plans_work_hours_in_local_time() -> None:
    wh = dict(Settings().work_hours)
    wh["sun"] = ((9 * 60, 18 * 60),)
    plan = plan_day(Settings(work_hours=wh), date(2026, 10, 25), BERLIN)
    assert plan[0].at == datetime(2026, 10, 25, 9, 30, tzinfo=BERLIN)
    assert plan[0].at.utcoffset() == timedelta(hours=1)
    assert all(datetime(2026, 10, 25, 9, tzinfo=BERLIN) <= b.at for b in plan)
    assert all(b.at < datetime(2026, 10, 25, 18, tzinfo=BERLIN) for b in plan)


def test_dst_spring_forward_berlin_2027_03_28() -> None:
    s = Settings(work_hours=ALL_DAY, warning=WarningSettings(0))
    rig = Rig(datetime(2027, 3, 28, 1, 40, tzinfo=BERLIN), s)  # 01:40 CET = 00:40 UTC
    ev = rig.at(datetime(2027, 3, 28, 4, tzinfo=BERLIN))
    first = started(ev)[0].brk.started_at
    assert first is not None
    # 30 real minutes later: 01:10 UTC, which is 03:10 CEST (02:10 does not exist that night).
    assert first.astimezone(timezone.utc) == datetime(2027, 3, 28, 1, 10, tzinfo=timezone.utc)
    assert (first.hour, first.minute) == (3, 10)


def test_dst_spring_forward_day_off_until_and_plan() -> None:
    rig = Rig(datetime(2027, 3, 27, 20, tzinfo=BERLIN))  # Saturday evening, CET
    assert rig.planner.status().off_until == datetime(2027, 3, 29, 9, tzinfo=BERLIN)
    off = rig.planner.status().off_until
    assert off is not None and off.utcoffset() == timedelta(hours=2)
    wh = dict(Settings().work_hours)
    wh["sun"] = ((9 * 60, 18 * 60),)
    plan = plan_day(Settings(work_hours=wh), date(2027, 3, 28), BERLIN)
    assert plan[0].at.astimezone(timezone.utc) == datetime(2027, 3, 28, 7, 30, tzinfo=timezone.utc)


# --- restart ---------------------------------------------------------------------------------


def restart(rig: Rig, after: timedelta, settings: Settings | None = None) -> Rig:
    state = json.loads(json.dumps(rig.planner.to_state()))  # it must survive JSON
    return Rig(rig.clock.now() + after, settings, state=state, mono=5.0)


def test_restart_within_a_minute_keeps_count() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 20))
    new = restart(rig, timedelta(seconds=40))
    assert new.events == []
    assert new.planner.status().next_due == t(23, 9, 30)  # not 09:50:40
    assert new.records == []


def test_restart_after_a_long_gap_counts_the_time_away_as_idle() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 20))
    new = restart(rig, timedelta(minutes=40))
    assert not started(new.events)
    assert [(r.kind, r.outcome, r.due_at) for r in new.records] == [
        ("long", "natural", t(23, 9, 20))
    ]
    assert new.planner.status().next_due == t(23, 10, 30)


def test_time_away_credited_at_a_restart_is_not_credited_again_by_the_first_idle_reading() -> None:
    """Found by the state machine: the first reading after the restart said idle since before
    the app quit; the spell it opened reached back to the last wall time and recorded the same
    natural long break a second time. A natural break, like any break, is a floor for spells."""
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 20))
    new = restart(rig, timedelta(minutes=40))
    assert [(r.kind, r.due_at) for r in new.records] == [("long", t(23, 9, 20))]
    new.planner.observe_idle(45 * 60)  # idle since 09:15, before the app quit
    assert [(r.kind, r.due_at) for r in new.records] == [("long", t(23, 9, 20))]


def test_restart_with_a_break_on_screen_offers_it_again_once() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 30, 10))
    assert rig.planner.phase is Phase.BREAK
    new = restart(rig, timedelta(seconds=20))
    assert [(e.brk.kind, e.brk.first_due_at) for e in started(new.events)] == [
        ("micro", t(23, 9, 30))
    ]
    assert new.planner.tick() == []
    new.clock.advance(30)
    new.planner.done()
    assert [(r.due_at, r.outcome) for r in new.records] == [(t(23, 9, 30), "done")]


def test_restart_keeps_snoozes_and_pause() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 29, 30))
    rig.planner.snooze()
    new = restart(rig, timedelta(seconds=10))
    assert new.planner.status().next_due == t(23, 9, 34, 30)
    assert new.planner.status().snoozes_left == 1
    new.planner.pause_for(60)
    again = restart(new, timedelta(seconds=10))
    assert again.planner.phase is Phase.PAUSED
    assert again.planner.status().paused_until == t(23, 10, 29, 40)


def test_restart_with_unreadable_state_starts_fresh() -> None:
    rig = Rig(t(23, 9), state={"version": 1, "micro_anchor": "yesterday"})
    assert rig.planner.status().next_due == t(23, 9, 30)
    other = Rig(t(23, 9), state={"version": 99})
    assert other.planner.status().next_due == t(23, 9, 30)


# --- settings, hold --------------------------------------------------------------------------


def test_apply_settings_reschedules_at_once() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 10))
    rig.planner.apply_settings(Settings(micro=MicroSettings(every_minutes=15)))
    assert rig.planner.next_wakeup() == t(23, 9, 14, 30)
    ev = rig.planner.apply_settings(Settings(micro=MicroSettings(every_minutes=5)))
    assert len(started(ev)) == 1  # already overdue: one prompt now, not a burst


def test_apply_settings_cancels_a_stale_warning() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 29, 40))
    ev = rig.planner.apply_settings(Settings(micro=MicroSettings(every_minutes=45)))
    assert of(ev, WarningCancelled) and rig.planner.phase is Phase.WAITING


def test_hold_delays_a_due_break_and_asks_at_until() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 29))
    rig.planner.hold("do not disturb is on", t(23, 9, 45))
    ev = rig.at(t(23, 9, 44, 59))
    assert not started(ev) and not of(ev, WarningDue)
    st = rig.planner.status()
    assert st.waiting_reason == "do not disturb is on" and st.waiting_until == t(23, 9, 45)
    ev = rig.at(t(23, 9, 45))
    assert [e.brk.started_at for e in started(ev)] == [t(23, 9, 45)]
    rig.clock.advance(30)
    rig.planner.done()
    assert rig.records[-1].due_at == t(23, 9, 30)


def test_release_hold_lets_the_break_start() -> None:
    rig = Rig(t(23, 9))
    rig.planner.hold("fullscreen", t(23, 10, 30))
    rig.at(t(23, 9, 35))
    assert rig.planner.phase is Phase.WAITING
    ev = rig.planner.release_hold()
    assert len(started(ev)) == 1


# --- plan_day --------------------------------------------------------------------------------


def test_plan_day_default_monday() -> None:
    plan = plan_day(Settings(), date(2026, 11, 23), BERLIN)
    assert plan and all(t(23, 9) <= b.at < t(23, 18) for b in plan)
    longs = [b for b in plan if b.kind == "long"]
    assert longs[0].at == t(23, 10)
    for prev, nxt in itertools.pairwise(longs):
        assert nxt.at - (prev.at + timedelta(seconds=prev.length_s)) == timedelta(minutes=60)
        assert any(b.kind == "micro" and prev.at < b.at < nxt.at for b in plan)
    assert plan[0].kind == "micro" and plan[0].at == t(23, 9, 30)


def test_plan_day_sunday_is_empty() -> None:
    assert plan_day(Settings(), date(2026, 11, 29), BERLIN) == []


def test_going_away_during_a_warning_cancels_it_and_credits_natural() -> None:
    rig = Rig(t(23, 9), Settings(micro=MicroSettings(seconds=20)))
    assert of(rig.at(t(23, 9, 29, 30)), WarningDue)
    ev = rig.away(25)  # away from 09:29:30; at 09:29:50 the spell covers the 20 s break
    assert of(ev, WarningCancelled) and not started(ev)
    assert rig.planner.phase is Phase.WAITING
    rig.working(5)
    assert [(r.kind, r.outcome) for r in rig.records] == [("micro", "natural")]


def test_a_snoozed_break_credited_as_natural_keeps_its_snoozes() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 29, 30))
    rig.planner.snooze()  # back at 09:34:30
    rig.at(t(23, 9, 33))
    rig.away(120)
    rig.working(5)
    rec = rig.records[-1]
    assert (rec.kind, rec.outcome, rec.snoozes, rec.due_at) == ("micro", "natural", 1, t(23, 9, 33))


# --- a frozen app (SIGSTOP): observed idle, not missing time, decides (issue 11.12) -----------
# Stopped, the app takes no idle readings while both clocks run on: no wall/monotonic jump, just
# a long silence. What the person did meanwhile is known only from the first reading after it.


def test_frozen_while_working_credits_no_natural_break_and_keeps_the_snoozed_one() -> None:
    rig = Rig(t(23, 9))
    rig.working(29 * 60 + 30)  # 09:29:30: the warning
    rig.planner.snooze()  # back at 09:34:30
    rig.working(60)  # 09:30:30, still working
    rig.clock.advance(100)  # frozen until 09:32:10 while the mouse kept moving
    ev = rig.planner.tick() + rig.planner.observe_idle(0.4)
    assert not of(ev, NaturalBreak) and rig.records == []
    st = rig.planner.status()
    assert (st.next_kind, st.next_due, st.snoozes_left) == ("micro", t(23, 9, 34, 30), 1)
    ev = rig.working(140)  # 09:34:30: the snoozed break comes, as it would have without the freeze
    assert [(b.brk.kind, b.brk.started_at, b.brk.snoozes) for b in started(ev)] == [
        ("micro", t(23, 9, 34, 30), 1)
    ]


def test_frozen_while_away_is_still_credited_by_the_idle_reading() -> None:
    rig = Rig(t(23, 9))
    rig.working(20 * 60)  # 09:20
    rig.away(40)  # 09:20:40, away since 09:20:00
    rig.clock.advance(100)  # frozen; the reading after it says away the whole time
    ev = rig.planner.observe_idle(140)
    assert not of(ev, NaturalBreak)  # still away: a micro-break is recorded when they are back
    ev = rig.working(5)
    assert [(e.record.kind, e.record.outcome) for e in of(ev, NaturalBreak)] == [
        ("micro", "natural")
    ]
    rec = rig.records[-1]
    assert (rec.due_at, rec.ended_at) == (t(23, 9, 19, 59), t(23, 9, 22, 24))


def test_frozen_after_walking_away_counts_only_what_was_seen() -> None:
    # Away 25 s before the freeze (seen), back 3 s before the first reading after it: the 100 s
    # nobody saw are not away time. 25 s is below the 30 s micro-break: nothing is credited.
    rig = Rig(t(23, 9))
    rig.working(20 * 60)
    rig.away(25)
    rig.clock.advance(100)
    ev = rig.planner.observe_idle(3) + rig.working(10)
    assert not of(ev, NaturalBreak) and rig.records == []


def _break_on_screen() -> Rig:
    rig = Rig(t(23, 9))
    rig.working(29 * 60 + 30)
    assert started(rig.working(30))  # 09:30:00, the person working the whole time
    return rig


def test_break_frozen_while_active_is_missed_as_without_the_freeze() -> None:
    plain = _break_on_screen()
    plain.working(30)
    plain.planner.countdown_finished()
    assert plain.records[-1].outcome == "missed"

    rig = _break_on_screen()
    rig.clock.advance(61)  # frozen for the whole break and past it; the mouse kept moving
    ev = rig.planner.observe_idle(0.5) + rig.planner.countdown_finished()
    assert [(e.record.outcome, e.record.duration_s) for e in of(ev, BreakEnded)] == [("missed", 0)]


def test_break_frozen_past_its_lost_window_is_judged_on_the_reading_after() -> None:
    rig = _break_on_screen()
    rig.clock.advance(120)  # beyond length + LOST_WINDOW_S: this reading ends the break
    ev = rig.planner.observe_idle(0.5)
    assert [e.record.outcome for e in of(ev, BreakEnded)] == ["missed"]


def test_break_frozen_while_away_is_done() -> None:
    rig = _break_on_screen()
    rig.clock.advance(61)
    ev = rig.planner.observe_idle(61) + rig.planner.countdown_finished()
    assert [(e.record.outcome, e.record.duration_s) for e in of(ev, BreakEnded)] == [("done", 61)]
