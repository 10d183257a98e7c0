"""Idle spells: the person away from keyboard and mouse, and the natural breaks they count as.

The rules, with their reasons, are in the planner's module docstring ("Natural breaks"); this is
their code. A :class:`Spells` keeps the spell going on and the *floor* (the end of the last break,
a resume, the start of the work span) no spell reaches back past; it moves the planner's
:class:`~posture_break.core.counting.Counters` and returns :class:`NaturalBreak` events. The
planner says when to look (an idle reading, a suspend, a lock) and passes ``cancel_warning``, so
that a warning for a break the person is already taking is withdrawn before the credit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from posture_break.core.counting import Counters, break_length_s
from posture_break.core.model import BreakRecord
from posture_break.core.planner_events import Event, NaturalBreak
from posture_break.core.settings import Settings

__all__ = ["SAME_SPELL_S", "SPELL_STALE_S", "Spell", "Spells"]

SPELL_STALE_S = 12.0  # an idle spell whose last sample is older than this is no longer known
SAME_SPELL_S = 1.0  # samples whose "idle since" differ by less than this are the same spell


@dataclass
class Spell:
    """One idle spell: since when the person has been away, as far as the samples say."""

    raw_start: datetime  # idle since (as the samples say)
    start: datetime  # clipped to the floor (last break end, resume, span start)
    last: datetime  # time of the last sample that saw this spell going on
    silent: bool  # began before the work span: restarts counters, records nothing
    credit: str | None = None  # the break this spell counts as (micro: recorded at its end)
    snoozes: int = 0  # of a snoozed break the spell replaced


class Spells:
    def __init__(self, counters: Counters, tz: tzinfo, floor: datetime) -> None:
        self._counters = counters
        self._tz = tz
        self.spell: Spell | None = None
        self.floor = floor
        self.floor_silent = False  # the floor is a work span's start: earlier spells are silent

    def set_floor(self, at: datetime, *, silent: bool = False) -> None:
        """No spell reaches back past ``at`` (a break ended, a resume, a work span started)."""
        self.floor, self.floor_silent = at, silent

    def shift(self, delta: timedelta) -> None:
        """The wall clock was set back: move the floor and the spell with it."""
        self.floor += delta
        if self.spell is not None:
            s = self.spell
            s.raw_start += delta
            s.start += delta
            s.last += delta

    def away_since(self, since: datetime, seen_at: datetime) -> datetime:
        """``since``, or earlier if the spell known at ``seen_at`` says the person left before."""
        sp = self.spell
        if sp is not None and (seen_at - sp.last).total_seconds() <= SPELL_STALE_S:
            return min(since, sp.raw_start)
        return since

    def natural(self, kind: str, start: datetime, end: datetime, snoozes: int = 0) -> BreakRecord:
        snoozes = self._counters.take_pin(kind, snoozes)
        return BreakRecord(
            due_at=start.astimezone(self._tz),
            ended_at=max(end, start).astimezone(self._tz),
            kind=kind,
            outcome="natural",
            snoozes=snoozes,
            duration_s=max(0, int((end - start).total_seconds())),
        )

    def observe(
        self,
        now: datetime,
        since: datetime,
        settings: Settings,
        cancel_warning: Callable[[], list[Event]],
    ) -> list[Event]:
        """The person has been away since ``since`` (an idle reading, a suspend, a lock)."""
        events: list[Event] = []
        sp = self.spell
        if sp is not None and since > sp.raw_start + timedelta(seconds=SAME_SPELL_S):
            events += self.end(min(since, now), settings)
            sp = None
        if sp is None:
            start = max(since, self.floor)
            sp = Spell(since, start, now, silent=self.floor_silent and since <= self.floor)
            self.spell = sp
        else:
            sp.raw_start = min(sp.raw_start, since)
            sp.last = max(sp.last, now)
        if sp.silent:
            self._counters.follow("long", now)
            return events
        long_s = break_length_s(settings, "long")
        if sp.credit != "long" and now - sp.start >= timedelta(seconds=long_s):
            events += cancel_warning()
            events.append(NaturalBreak(self.natural("long", sp.start, now, sp.snoozes)))
            sp.credit = "long"
        if sp.credit is not None:
            self._counters.follow(sp.credit, now)
        return events

    def end(self, end: datetime, settings: Settings) -> list[Event]:
        """The spell (if any) is over: a micro-break it earned is recorded now."""
        sp, self.spell = self.spell, None
        if sp is None:
            return []
        if (end - sp.last).total_seconds() > SPELL_STALE_S:
            # Nobody looked in between (the app was frozen, SIGSTOP): unobserved time is not
            # time away. The spell is what the samples saw, up to the last one.
            end = sp.last
        end = max(end, sp.last)
        if sp.silent:
            self._counters.follow("long", end)
            return []
        if sp.credit == "long":
            self._counters.follow("long", end)
            self.set_floor(end)  # a break: no spell reaches back past it
            return []
        micro_s = break_length_s(settings, "micro")
        if sp.credit == "micro" or end - sp.start >= timedelta(seconds=micro_s):
            rec = self.natural("micro", sp.start, end, sp.snoozes)
            self._counters.follow("micro", end)
            self.set_floor(end)
            return [NaturalBreak(rec)]
        return []  # shorter spells count as active time

    def credit_if_away(
        self,
        now: datetime,
        settings: Settings,
        cancel_warning: Callable[[], list[Event]],
    ) -> list[Event]:
        """A break due (or warned about) while its person is already away long enough.

        Not for a break on screen: the planner judges that one when it ends."""
        sp = self.spell
        if sp is None or sp.credit == "long":
            return []  # a spell credited as a long break is credited once, whatever falls due
        if (now - sp.last).total_seconds() > SPELL_STALE_S:
            return []
        nb = self._counters.next_break(settings)
        if now < nb.at - timedelta(seconds=settings.warning.seconds_before):
            return []
        if now - sp.start < timedelta(seconds=break_length_s(settings, nb.kind)):
            return []
        events = cancel_warning()
        self._counters.follow(nb.kind, now)
        if nb.kind == "long":
            events.append(NaturalBreak(self.natural("long", sp.start, now, nb.snoozes)))
            sp.credit = "long"
        else:
            # Recorded when the spell ends, once, unless it grows into a long break first.
            sp.credit = "micro"
            sp.snoozes = max(sp.snoozes, nb.snoozes)
        self._counters.pin = None
        return events
