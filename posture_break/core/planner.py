"""The break planner: a pure, clock-injected state machine.

It owns no timer. The shell calls :meth:`Planner.tick` when :meth:`Planner.next_wakeup` says so,
feeds idle samples while :meth:`Planner.wants_idle_samples` is true, forwards the person's buttons,
and shows what the returned events say. Every outcome is in the events the moment it is decided
(:class:`BreakEnded`, :class:`NaturalBreak` carry the record): the shell persists what they say.
Call ``tick()`` once right after constructing a planner.

Holds (do not disturb, a fullscreen window, a call). The shell asks the desktop when
:meth:`Planner.wants_hold_check` says so and passes the answer to :meth:`Planner.desktop_busy`;
the rules (when to ask, how long a break is held, held once) are in ``holds``.

Counting. Two anchors (micro, long); a break is due at anchor + interval. A finished break (any
outcome) restarts its own counter at its end, a long one restarts both. A micro-break due within
half a micro interval before the long break is replaced by the long break, taken at the micro's due
time. Paused time does not count (anchors shift by the paused span on resume). At the start of a
work range both anchors start fresh; a range ending 24:00 and one starting 00:00 the next day are
one continuous span. All arithmetic is on absolute instants (UTC inside); work ranges are built as
local wall times in the clock's zone, so DST days plan correctly.

Natural breaks (``idle.natural_breaks``). Each idle sample at time t with idle i says the person has
been away since t - i: an idle *spell*. The rules:

* A spell that reaches the long break's length records one ``natural`` long break (due_at = spell
  start) and restarts both counters; while it goes on the counters keep restarting, so they end up
  restarted at the end of the spell (when activity is seen again).
* A spell that ends having reached the micro length but not the long one records one ``natural``
  micro-break at its end and restarts the micro counter.
* **Shorter spells count as active time** (reading, thinking, a phone call): nothing changes.
* A warning or due break whose person is already away at least that break's length is credited as
  ``natural`` instead of shown.
* Observed idle, not missing time, decides. When no reading came for a while although both clocks
  ran on (the app was frozen, SIGSTOP), the unobserved time is not time away: a spell ends at its
  last reading, and the first reading after the silence says whether the person was away through
  it (its idle covers the silence: the spell goes on) or not. A break on screen is judged with that
  reading too. (A suspend is different: the wall clock jumps while the monotonic one stands still;
  see below.)
* A spell that began before the current work span started (away since last night) records nothing:
  the counters simply start when the person comes back. Spells never reach back before the end of
  the last break (a natural one too) or a resume.

So a person back from ten minutes at the coffee machine gets one natural long break and a fresh
30 minutes, not a prompt the moment they sit down.

Suspend and clock changes. Every call compares the wall-clock delta with the monotonic delta since
the last call. Wall ahead by more than 60 s (suspend, long lock with a stopped clock, clock set
forward, or an app restart after more than a minute): the gap is an idle spell (natural credit as
above; with natural breaks off, the gap simply does not count) and at most one prompt follows,
because a call only ever starts one break and breaks due inside the gap are not replayed. Wall
behind by more than 60 s (clock set back): every stored instant shifts back by the jump, so no
prompt repeats, no duration is negative and no record ends before it was due.

Restart: :meth:`Planner.to_state` / ``state=`` carry the anchors, the snoozed break, the pause, the
phase, the break on screen and the last wall time. Within a minute the count continues; after longer
the time away counts like a suspend; a break that was on screen is offered again (one prompt).

Where the code lives. This module holds the :class:`Planner` (the calls above and the rules that
need all of its state at once). Parts with state of their own live beside it: ``counting``
(anchors and the pinned break), ``spells`` (idle spells and their natural breaks),
``break_watch`` (judging the break on screen), ``holds`` (do not disturb), ``spans`` (work hours
as instants), ``planner_state`` (what a restart keeps), ``planner_events`` (what the shell is
told); ``day_plan`` runs a planner over one day for ``posture-break plan``.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from posture_break.core.break_watch import BreakWatch
from posture_break.core.clock import Clock
from posture_break.core.counting import Counters, break_length_s
from posture_break.core.holds import Holds
from posture_break.core.model import BreakRecord
from posture_break.core.planner_events import (
    BreakEnded,
    BreakHeld,
    BreakReleased,
    BreakSnoozed,
    BreakStarted,
    Event,
    NaturalBreak,
    WarningCancelled,
    WarningDue,
)
from posture_break.core.planner_state import NextBreak, SavedState, dump_state, load_state
from posture_break.core.settings import Settings
from posture_break.core.spans import WorkSpans
from posture_break.core.spells import Spells
from posture_break.core.status import PendingBreak, Phase, Status

# The events are imported from here by the shell and the tests; they live in planner_events.
__all__ = [
    "BreakEnded",
    "BreakHeld",
    "BreakReleased",
    "BreakSnoozed",
    "BreakStarted",
    "Event",
    "NaturalBreak",
    "PendingBreak",
    "Phase",
    "Planner",
    "Status",
    "WarningCancelled",
    "WarningDue",
]

UTC = timezone.utc
JUMP_S = 60.0  # a wall/monotonic disagreement larger than this is a suspend or a clock change
LOST_WINDOW_S = 60  # a break window that never reported back ends as missed this long after
BACK_GRACE_S = 60  # after a lock or suspend, a break already due comes this long (+ warning) later


class Planner:
    """The break state machine: one object, because its rules share state.

    Longer than the house's ~500 lines on purpose: every call first catches up with the clock
    (:meth:`_sync`) and then decides from the warning, the break on screen, the pause, the away,
    the hold, the counters and the spell together (a lock ends a break, a spell cancels a warning,
    a pause shifts the counters). Split further, each part would need all the others; the parts
    that keep state of their own are already in their modules (see the module docstring).
    """

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        *,
        state: Mapping[str, Any] | None = None,
    ) -> None:
        self._settings = settings
        self._clock = clock
        tz = clock.now().tzinfo
        assert tz is not None, "the clock must give aware times"
        self._tz: tzinfo = tz
        now = self._now()
        self._count = Counters(now)  # the micro and long anchors, and a pinned (snoozed) break
        self._phase = Phase.WAITING
        self._warning: PendingBreak | None = None
        self._current: PendingBreak | None = None
        self._watch = BreakWatch(0.0)  # what was seen of the person while it was on screen
        self._paused_until: datetime | None = None
        self._paused_until_resumed = False
        self._paused_at: datetime | None = None
        self._holds = Holds()  # do not disturb, fullscreen, a call: of the running app only
        # A screen lock or suspend seen as an event: (wall start, monotonic start, away since).
        self._away: tuple[datetime, float, datetime] | None = None
        self._away_break_ran = 0.0  # seconds the break on screen had run when the away began
        self._hours = WorkSpans(self._tz)  # the work spans around now, kept for the day
        self._spells = Spells(self._count, tz, now)  # the idle spell going on, if any
        self._last_wall = now
        self._last_mono = clock.monotonic()
        if state:
            # A state this version cannot read: start counting afresh.
            with contextlib.suppress(KeyError, TypeError, ValueError):
                self._restore(state)
        if self._paused():
            self._phase = Phase.PAUSED
        elif self._span_at(now) is None:
            self._phase = Phase.OFF

    # --- small helpers -----------------------------------------------------------------------

    def _now(self) -> datetime:
        return self._clock.now().astimezone(UTC)

    def _local(self, dt: datetime) -> datetime:
        return dt.astimezone(self._tz)

    def _length_s(self, kind: str) -> int:
        return break_length_s(self._settings, kind)

    def _warn_s(self) -> int:
        return self._settings.warning.seconds_before

    def _paused(self) -> bool:
        return self._paused_until_resumed or self._paused_until is not None

    def _span_at(self, now: datetime) -> tuple[datetime, datetime] | None:
        return self._hours.at(self._settings, now)

    def _next_span_start(self, now: datetime) -> datetime | None:
        return self._hours.next_start(self._settings, now)

    def _next_break(self) -> NextBreak:
        return self._count.next_break(self._settings)

    def _pending(self, nb: NextBreak, started: datetime | None = None) -> PendingBreak:
        return PendingBreak(
            kind=nb.kind,
            due_at=self._local(nb.at),
            length_s=self._length_s(nb.kind),
            snoozes=nb.snoozes,
            started_at=None if started is None else self._local(started),
            card_ids=(),
            first_due_at=self._local(nb.first_due),
        )

    # --- the one place time moves forward ----------------------------------------------------

    def _sync(self) -> tuple[datetime, list[Event]]:
        """Notice suspends and clock changes since the last call, then catch up to now."""
        now, events = self._notice_jump()
        events += self._advance(now)
        return now, events

    def _notice_jump(self) -> tuple[datetime, list[Event]]:
        """Account for a suspend or a clock change since the last call (not yet for what is due)."""
        now = self._now()
        mono = self._clock.monotonic()
        jump = (now - self._last_wall).total_seconds() - (mono - self._last_mono)
        events: list[Event] = []
        if jump > JUMP_S and self._away is None:  # while away, away_ended() accounts for it
            events += self._gap(now, jump)
        elif jump < -JUMP_S:
            self._shift_all(timedelta(seconds=jump))
        self._last_wall, self._last_mono = now, mono
        return now, events

    def _advance(self, now: datetime) -> list[Event]:
        events: list[Event] = []
        if self._paused():
            if self._paused_until is not None and now >= self._paused_until:
                self._end_pause(now)
            else:
                self._phase = Phase.PAUSED
                return events
        if self._away is not None:  # locked or asleep: nothing is shown until the person is back
            self._phase = Phase.BREAK if self._current is not None else Phase.WAITING
            if self._current is None and self._span_at(now) is None:
                self._phase = Phase.OFF
            return events
        if self._current is not None:
            events += self._check_lost_window(now)
            if self._current is not None:
                self._phase = Phase.BREAK
                return events
        if self._holds.active is not None and now >= self._holds.active[1]:
            self._holds.active = None
        span = self._span_at(now)
        if span is None:
            events += self._cancel_warning()
            sp = self._spells.spell
            events += self._end_spell(min(now, sp.last) if sp else now)
            self._count.pin = None
            self._phase = Phase.OFF
            return events
        self._clamp(span)
        events += self._credit_if_away(now)
        nb = self._next_break()
        warn_at = nb.at - timedelta(seconds=self._warn_s())
        w = self._warning
        if w is not None and (
            w.kind != nb.kind or w.due_at.astimezone(UTC) != nb.at or now < warn_at
        ):
            events += self._cancel_warning()
        self._phase = Phase.WARNING if self._warning is not None else Phase.WAITING
        if nb.at >= span[1]:
            events += self._cancel_warning()
            self._phase = Phase.WAITING
            return events
        if self._holds.active is not None and now >= warn_at:
            return events  # held back (do not disturb, fullscreen) until the hold ends
        if now >= nb.at:
            sp = self._spells.spell
            if sp is not None and sp.credit == "micro":  # away long enough for the micro earlier
                events += self._end_spell(now)
            events.append(self._start(nb, now))
        elif self._warn_s() > 0 and now >= warn_at and self._warning is None:
            self._warning = self._pending(nb)
            self._phase = Phase.WARNING
            events.append(WarningDue(self._warning))
        return events

    def _clamp(self, span: tuple[datetime, datetime]) -> None:
        """At the start of a work span both counters start fresh."""
        start = span[0]
        if self._count.micro < start or self._count.long < start:
            self._count.start_fresh(start)
            self._spells.spell = None
            self._spells.set_floor(start, silent=True)

    def _cancel_warning(self) -> list[Event]:
        if self._warning is None:
            return []
        w, self._warning = self._warning, None
        if self._phase is Phase.WARNING:
            self._phase = Phase.WAITING
        return [WarningCancelled(w)]

    # --- shifting time -----------------------------------------------------------------------

    def _shift_all(self, delta: timedelta) -> None:
        """The wall clock was set back: move every stored instant with it."""
        self._count.shift(delta)
        if self._paused_until is not None:
            self._paused_until += delta
        if self._paused_at is not None:
            self._paused_at += delta
        self._holds.shift(delta)
        if self._away is not None:
            a = self._away
            self._away = (a[0] + delta, a[1], a[2] + delta)
        self._spells.shift(delta)
        for attr in ("_current", "_warning"):
            brk: PendingBreak | None = getattr(self, attr)
            if brk is not None:
                setattr(self, attr, self._shift_break(brk, delta))

    def _shift_break(self, brk: PendingBreak, delta: timedelta) -> PendingBreak:
        def move(dt: datetime) -> datetime:
            return self._local(dt.astimezone(UTC) + delta)  # on the instant, not the wall time

        return dataclasses.replace(
            brk,
            due_at=move(brk.due_at),
            first_due_at=move(brk.first_due_at),
            started_at=None if brk.started_at is None else move(brk.started_at),
        )

    def _gap(self, now: datetime, jump: float) -> list[Event]:
        """The wall clock ran ``jump`` s ahead of the monotonic one: time away, counted as idle."""
        if self._current is not None:
            self._watch.gap_s += jump
            return []
        if self._paused():
            return []
        if not self._settings.idle.natural_breaks:
            self._count.shift(timedelta(seconds=jump))
            return []
        span = self._span_at(now)
        if span is None:
            self._spells.spell = None
            return []
        self._clamp(span)
        since = self._spells.away_since(now - timedelta(seconds=jump), self._last_wall)
        events = self._observe_spell(now, since)
        events += self._credit_if_away(now)
        events += self._end_spell(now)
        return events

    # --- natural breaks ----------------------------------------------------------------------

    def _observe_spell(self, now: datetime, since: datetime) -> list[Event]:
        return self._spells.observe(now, since, self._settings, self._cancel_warning)

    def _end_spell(self, end: datetime) -> list[Event]:
        return self._spells.end(end, self._settings)

    def _credit_if_away(self, now: datetime) -> list[Event]:
        """A break due (or warned about) while its person is already away long enough."""
        if self._current is not None:
            return []  # the break on screen is judged when it ends
        return self._spells.credit_if_away(now, self._settings, self._cancel_warning)

    # --- breaks ------------------------------------------------------------------------------

    def _start(self, nb: NextBreak, now: datetime) -> BreakStarted:
        brk = self._pending(nb, started=now)
        self._current = brk
        self._watch = BreakWatch(self._clock.monotonic())
        self._count.pin = None
        self._warning = None
        self._spells.spell = None
        self._phase = Phase.BREAK
        return BreakStarted(brk)

    def _elapsed(self) -> float:
        return self._watch.elapsed(self._clock.monotonic())

    def _judged(self) -> str:
        """A break that ran out: ``done``, ``missed`` or ``unconfirmed`` (see BreakWatch)."""
        return self._watch.judged(self._clock.monotonic(), self._away[1] if self._away else None)

    def _finish(self, outcome: str, now: datetime, duration_s: float | None = None) -> BreakEnded:
        """Record the outcome of the break on screen (or the one warned about) and restart."""
        brk = self._current or self._warning
        assert brk is not None
        started = brk.started_at
        duration = 0
        if started is not None and outcome != "missed":
            duration = round(self._elapsed() if duration_s is None else duration_s)
        # Compare instants in UTC: two times in one zone compare as wall times, ignoring DST.
        due = brk.first_due_at.astimezone(UTC)
        if started is not None:
            due = min(due, started.astimezone(UTC))
        due = min(due, now)
        rec = BreakRecord(
            due_at=self._local(due),
            ended_at=self._local(now),
            kind=brk.kind,
            outcome=outcome,
            snoozes=brk.snoozes,
            card_ids=brk.card_ids,
            duration_s=duration,
        )
        self._count.restart(brk.kind, now)
        self._spells.set_floor(now)
        self._current = None
        self._warning = None
        self._count.pin = None
        self._spells.spell = None
        self._phase = Phase.WAITING
        return BreakEnded(brk, rec)

    def _check_lost_window(self, now: datetime) -> list[Event]:
        brk = self._current
        assert brk is not None
        if self._elapsed() + self._watch.gap_s < brk.length_s + LOST_WINDOW_S:
            return []
        if self._watch.gap_s > 0:  # slept through it: judge by how much of it they were away
            return [self._finish(self._judged(), now)]
        return [self._finish("missed", now)]

    # --- pause -------------------------------------------------------------------------------

    def _end_pause(self, now: datetime) -> None:
        if self._paused_at is not None:
            self._count.shift(max(timedelta(0), now - self._paused_at))
        self._paused_until = None
        self._paused_until_resumed = False
        self._paused_at = None
        self._spells.set_floor(now)
        self._phase = Phase.WAITING

    # --- public API --------------------------------------------------------------------------

    @property
    def phase(self) -> Phase:
        return self._phase

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def current(self) -> PendingBreak | None:
        """The break on screen, or the one the warning is about."""
        return self._current or self._warning

    def tick(self) -> list[Event]:
        return self._sync()[1]

    def observe_idle(self, idle_seconds: float, *, watching: bool = False) -> list[Event]:
        """An idle reading. ``watching``: another application holds an idle inhibitor (a video,
        a presentation), so the person is at the screen: the reading counts as activity."""
        idle = 0.0 if watching else max(0.0, float(idle_seconds))
        if self._current is not None and self._away is None:
            # Taken before catching up: a break that runs out in this call (the app was frozen
            # past its end) is judged on what this reading saw, not on the unobserved time.
            mono = self._clock.monotonic()
            self._watch.reading(mono, idle)
        now, events = self._sync()
        if self._away is not None:
            return events  # away_ended() accounts for the time away
        if self._current is not None:
            return events
        if self._phase in (Phase.OFF, Phase.PAUSED) or not self._settings.idle.natural_breaks:
            self._spells.spell = None
            return events
        events += self._observe_spell(now, now - timedelta(seconds=idle))
        events += self._advance(now)
        return events

    def wants_idle_samples(self) -> bool:
        if self._away is not None:
            return False
        if self._current is not None:
            return True
        if self._phase in (Phase.OFF, Phase.PAUSED):
            return False
        return self._settings.idle.natural_breaks

    def next_wakeup(self) -> datetime | None:
        now = self._now()
        if self._paused():
            return None if self._paused_until is None else self._local(self._paused_until)
        if self._away is not None:
            return None  # nothing is planned while locked or asleep: away_ended() plans again
        if self._current is not None:
            left = self._current.length_s + LOST_WINDOW_S - self._elapsed() - self._watch.gap_s
            return self._local(now + timedelta(seconds=max(0.0, left)))
        span = self._span_at(now)
        if span is None:
            start = self._next_span_start(now)
            return None if start is None else self._local(start)
        candidates = [span[1]]
        nb = self._next_break()
        if nb.at < span[1]:
            candidates.append(nb.at)
            if self._warn_s() > 0:
                candidates.append(nb.at - timedelta(seconds=self._warn_s()))
            if self._holds.active is not None:
                candidates.append(self._holds.active[1])
        later = [c for c in candidates if c > now]
        return self._local(min(later) if later else now)

    def _start_warned(self, now: datetime) -> BreakStarted:
        w = self._warning
        assert w is not None
        return self._start(NextBreak(w.kind, w.first_due_at.astimezone(UTC), now, w.snoozes), now)

    def break_now(self) -> list[Event]:
        """Start the next scheduled break at once, even outside work hours (the person asked)."""
        now, events = self._sync()
        if self._current is not None:
            return events
        if self._paused():
            self._end_pause(now)
        if self._warning is not None:
            events.append(self._start_warned(now))
            return events
        if self._span_at(now) is None:
            # The next scheduled break is the first one of the next work span.
            start = self._next_span_start(now)
            kind = "micro"
            if start is not None:
                kind = Counters(start).next_break(self._settings).kind
            nb = NextBreak(kind, now, now)
        else:
            planned = self._next_break()
            nb = NextBreak(planned.kind, min(planned.first_due, now), now, planned.snoozes)
        events.append(self._start(nb, now))
        return events

    def start_now(self) -> list[Event]:
        """ "Start now" in the warning."""
        now, events = self._sync()
        if self._warning is None or self._current is not None:
            return events
        events.append(self._start_warned(now))
        return events

    def can_snooze(self) -> bool:
        s = self._settings
        if s.breaks.strict or self._phase in (Phase.OFF, Phase.PAUSED):
            return False
        brk = self.current
        snoozes = brk.snoozes if brk is not None else self._next_break().snoozes
        return snoozes < s.snooze.max_in_a_row

    def snooze(self) -> list[Event]:
        now, events = self._sync()
        brk = self.current
        if brk is None or not self.can_snooze():
            return events
        self._count.pin = NextBreak(
            brk.kind,
            brk.first_due_at.astimezone(UTC),
            now + timedelta(minutes=self._settings.snooze.minutes),
            brk.snoozes + 1,
        )
        self._current = None
        self._warning = None
        self._phase = Phase.WAITING
        events.append(
            BreakSnoozed(dataclasses.replace(brk, due_at=self._local(self._count.pin.at)))
        )
        events += self._advance(now)
        return events

    def skip(self) -> list[Event]:
        now, events = self._sync()
        if self._settings.breaks.strict or self.current is None:
            return events
        events.append(self._finish("skipped", now))
        events += self._advance(now)
        return events

    def done(self) -> list[Event]:
        now, events = self._sync()
        if self._current is None:
            return events
        events.append(self._finish("done", now))
        events += self._advance(now)
        return events

    def countdown_finished(self) -> list[Event]:
        """The window's countdown ran out with no button pressed."""
        now, events = self._sync()
        if self._current is None:
            return events
        events.append(self._finish(self._judged(), now))
        events += self._advance(now)
        return events

    def set_cards(self, card_ids: Sequence[str]) -> None:
        """The cards the shell showed for the break on screen (kept on its record)."""
        if self._current is not None:
            self._current = dataclasses.replace(self._current, card_ids=tuple(card_ids))

    def pause(self, until: datetime | None) -> list[Event]:
        """Pause until ``until`` (aware), or until resumed (None). Ends a shown break as skipped."""
        now, events = self._sync()
        if self.current is not None:
            events.append(self._finish("skipped", now))
        if not self._paused():
            self._paused_at = now
        self._paused_until = None if until is None else until.astimezone(UTC)
        self._paused_until_resumed = until is None
        events += self._end_spell(now)
        self._phase = Phase.PAUSED
        events += self._advance(now)
        return events

    def pause_for(self, minutes: float) -> list[Event]:
        return self.pause(self._local(self._now() + timedelta(minutes=minutes)))

    def tomorrow_start(self) -> datetime | None:
        """The first work instant at or after the next local midnight, or None (no work hours);
        see :meth:`WorkSpans.tomorrow_start <posture_break.core.spans.WorkSpans.tomorrow_start>`."""
        start = self._hours.tomorrow_start(self._settings, self._now())
        return None if start is None else self._local(start)

    def pause_until_tomorrow(self) -> list[Event]:
        return self.pause(self.tomorrow_start())

    def resume(self) -> list[Event]:
        now, events = self._sync()
        if not self._paused():
            return events
        self._end_pause(now)
        events += self._advance(now)
        return events

    def away_started(self) -> list[Event]:
        """The screen locked or the machine is going to sleep (an event, not a guess).

        Until :meth:`away_ended` nothing is shown, sampled or planned. A warning on screen is
        withdrawn; a break on screen stays and is judged when the person is back.
        """
        now, events = self._sync()
        if self._away is not None:
            return events
        since = self._spells.away_since(now, now)  # walked away before the lock came?
        self._away = (now, self._clock.monotonic(), since)
        self._away_break_ran = 0.0
        if self._current is not None:
            self._away_break_ran = self._elapsed() + self._watch.gap_s
        else:
            events += self._cancel_warning()
        events += self._advance(now)
        return events

    def away_ended(self) -> list[Event]:
        """Unlocked or woken: the time away is accounted for, once, and the next prompt planned.

        - A break on screen when the away began ends ``done`` if the person stayed away at least
          the rest of it (its length minus what had run); otherwise it stays on screen and the
          time away counts as time away from the keyboard when its countdown is judged.
        - Otherwise the time away is an idle spell (natural breaks, as for an idle reading): one
          long enough for the long break records one ``natural`` long break and restarts both
          counts, one long enough for a micro-break records a ``natural`` micro-break. With
          natural breaks off, the time away simply does not count. Outside work hours and while
          paused nothing is recorded.
        - Nothing pops up the moment the person is back: a break already due then comes
          :data:`BACK_GRACE_S` seconds (plus its warning) later.
        """
        now, events = self._sync()
        if self._away is None:
            return events
        start, mono0, since = self._away
        away_s = max(0.0, (now - start).total_seconds())
        if self._current is not None:
            brk = self._current
            started = brk.started_at.astimezone(UTC) if brk.started_at else start
            ran = self._away_break_ran
            if started > start:  # it began while away (break now from the CLI): from its start
                away_s, ran = max(0.0, (now - started).total_seconds()), 0.0
            if away_s >= brk.length_s - ran:
                self._away = None
                events.append(self._finish("done", now, (now - started).total_seconds()))
                events += self._advance(now)
                return events
            mono = self._clock.monotonic()
            self._watch.away.append((mono0, mono))
            self._watch.gap_s += max(0.0, away_s - (mono - mono0))  # asleep: mono stood still
            self._away = None
            events += self._advance(now)
            return events
        self._away = None
        span = self._span_at(now)
        if self._paused() or span is None:
            self._spells.spell = None
        elif self._settings.idle.natural_breaks:
            self._clamp(span)
            events += self._observe_spell(now, since)
            events += self._credit_if_away(now)
            events += self._end_spell(now)
        else:
            self._count.shift(timedelta(seconds=away_s))
        self._spells.set_floor(now)
        if not self._paused() and span is not None:
            nb = self._next_break()
            lead = timedelta(seconds=self._warn_s())
            if nb.at - lead < now + timedelta(seconds=BACK_GRACE_S):
                at = now + timedelta(seconds=BACK_GRACE_S) + lead
                self._count.pin = NextBreak(nb.kind, nb.first_due, at, nb.snoozes)
        events += self._advance(now)
        return events

    @property
    def away(self) -> bool:
        """Locked or asleep, as last told."""
        return self._away is not None

    def hold(self, reason: str, until: datetime) -> list[Event]:
        """Hold a due break back (do not disturb, fullscreen) until ``until``, then ask anyway."""
        self._holds.set(reason, until)
        return self._sync()[1]

    def release_hold(self) -> list[Event]:
        self._holds.active = None
        return self._sync()[1]

    def wants_hold_check(self) -> bool:
        """Whether the shell should ask the desktop now (do not disturb, fullscreen, a call).

        Only while holds are on in the settings, the next break is within its warning time (or
        held already), the last answer is at least ``HOLD_CHECK_S`` old, and that break's hold
        has not run out (it was held once: now it asks whatever the desktop says)."""
        status = self.status()
        return self._holds.wants_check(self._settings, status, self._now(), self._clock.monotonic())

    def desktop_busy(self, reason: str | None) -> list[Event]:
        """The desktop's answer after :meth:`wants_hold_check`: why the next break should wait
        (shown to the person as is), or None. A new reason holds the break (until
        ``max_wait_minutes`` after it was first held), None releases a held one.

        A suspend or clock change is accounted for first: the break the shell asked about may be
        gone then (credited as a natural break), and its hold must not pass to the next one. What
        is due is decided after the answer, so a held break shows no warning first."""
        events = self._notice_jump()[1]
        mono = self._clock.monotonic()
        decision = self._holds.answer(reason, self._settings, self.status(), self._now(), mono)
        if isinstance(decision, BreakHeld):
            return [*events, decision, *self.hold(decision.reason, decision.until)]
        if isinstance(decision, BreakReleased):
            return [*events, decision, *self.release_hold()]
        return events

    def apply_settings(self, settings: Settings) -> list[Event]:
        """Use new settings at once: the schedule is recomputed from the same anchors."""
        self._settings = settings
        return self._sync()[1]

    def preview(self, settings: Settings) -> Status:
        """The status this planner would have with ``settings`` applied (the settings dialog's
        "Next break at" line while the person edits). This planner is left as it is: the preview
        runs on a copy made from :meth:`to_state`, and what the copy decides is dropped."""
        copy = Planner(self._settings, self._clock, state=self.to_state())
        copy.apply_settings(settings)
        return copy.status()

    def status(self) -> Status:
        now = self._now()
        local_now = self._local(now)
        off_until = None
        next_kind: str | None = None
        next_due: datetime | None = None
        since: datetime | None = None
        reason: str | None = None
        waiting_until: datetime | None = None
        brk = self.current
        if self._phase is Phase.OFF:
            start = self._next_span_start(now)
            off_until = None if start is None else self._local(start)
        elif not self._paused() and brk is None:
            span = self._span_at(now)
            nb = self._next_break()
            if span is not None and nb.at < span[1]:
                next_kind, next_due = nb.kind, self._local(nb.at)
                since = self._local(self._count.long if nb.kind == "long" else self._count.micro)
                if self._count.pin is not None:
                    since = None
                warn_at = nb.at - timedelta(seconds=self._warn_s())
                held = self._holds.active
                if held is not None and now >= warn_at:
                    reason, waiting_until = held[0], self._local(held[1])
        elif brk is not None:
            next_kind, next_due = brk.kind, brk.due_at
        snoozes = brk.snoozes if brk is not None else self._next_break().snoozes
        left = 0 if self._settings.breaks.strict else self._settings.snooze.max_in_a_row - snoozes
        return Status(
            phase=self._phase,
            now=local_now,
            next_kind=next_kind,
            next_due=next_due,
            paused_until=None if self._paused_until is None else self._local(self._paused_until),
            paused_until_resumed=self._paused_until_resumed,
            off_until=off_until,
            snoozes_left=max(0, left),
            current=brk,
            waiting_reason=reason,
            waiting_until=waiting_until,
            counting_since=since,
        )

    # --- persistence -------------------------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        """JSON-able state; pass it back as ``state=`` after a restart."""
        cur = self._current
        return dump_state(
            SavedState(
                micro_anchor=self._count.micro,
                long_anchor=self._count.long,
                pin=self._count.pin,
                paused_until=self._paused_until,
                paused_until_resumed=self._paused_until_resumed,
                paused_at=self._paused_at,
                last_wall=self._last_wall,
                phase=self._phase.value,
                current=None
                if cur is None
                else NextBreak(cur.kind, cur.first_due_at, cur.first_due_at, cur.snoozes),
            )
        )

    def _restore(self, state: Mapping[str, Any]) -> None:
        saved = load_state(state)
        self._count.micro, self._count.long = saved.micro_anchor, saved.long_anchor
        self._count.pin = saved.pin
        self._paused_until = saved.paused_until
        self._paused_until_resumed = saved.paused_until_resumed
        self._paused_at = saved.paused_at if self._paused() else None
        if self._paused() and self._paused_at is None:
            self._paused_at = saved.last_wall
        # The first call compares now with the last wall time of the previous run: a gap of more
        # than a minute then counts like a suspend, a shorter one just continues the count.
        self._last_wall = saved.last_wall
        self._spells.set_floor(min(self._spells.floor, saved.last_wall))
