"""The two counters the planner counts with, and the break they make due next.

Two anchors (micro, long); a break is due at anchor + interval. A micro-break due within half a
micro interval before the long break is replaced by the long break, taken at the micro's due
time. A snoozed (or re-offered) break is *pinned*: fixed in time, it comes before any counting.
The planner decides when the anchors move (its module docstring gives the rules); this keeps them.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from posture_break.core.planner_state import NextBreak
from posture_break.core.settings import Settings

__all__ = ["Counters", "break_length_s"]


def break_length_s(settings: Settings, kind: str) -> int:
    """How long a break of ``kind`` lasts, in seconds."""
    if kind == "long":
        return settings.long.minutes * 60
    return settings.micro.seconds


class Counters:
    """The micro and long anchors (UTC) and the pinned break, if any."""

    def __init__(self, start: datetime) -> None:
        self.micro = start
        self.long = start
        self.pin: NextBreak | None = None  # a snoozed (or re-offered) break, fixed in time

    def next_break(self, settings: Settings) -> NextBreak:
        if self.pin is not None:
            return self.pin
        micro_every = timedelta(minutes=settings.micro.every_minutes)
        micro_due = self.micro + micro_every
        long_due = self.long + timedelta(minutes=settings.long.every_minutes)
        if long_due - micro_due <= micro_every / 2:
            due = min(micro_due, long_due)
            return NextBreak("long", due, due)
        return NextBreak("micro", micro_due, micro_due)

    def start_fresh(self, at: datetime) -> None:
        """Both counters start at ``at`` (the start of a work span); nothing stays pinned."""
        self.micro = self.long = at
        self.pin = None

    def restart(self, kind: str, at: datetime) -> None:
        """A finished break restarts its counter at its end; a long one restarts both."""
        self.micro = at
        if kind == "long":
            self.long = at

    def follow(self, kind: str, at: datetime) -> None:
        """Restart a counter at ``at`` unless it already restarted later."""
        self.micro = max(self.micro, at)
        if kind == "long":
            self.long = max(self.long, at)

    def shift(self, delta: timedelta) -> None:
        """Move the schedule by ``delta`` (paused time, a clock set back)."""
        self.micro += delta
        self.long += delta
        if self.pin is not None:
            p = self.pin
            self.pin = dataclasses.replace(p, first_due=p.first_due + delta, at=p.at + delta)

    def take_pin(self, kind: str, snoozes: int) -> int:
        """A natural ``kind`` break replaces the pinned break it covers (a long one covers any):
        the pin goes, and the record keeps the larger snooze count."""
        pin = self.pin
        if pin is not None and (pin.kind == kind or kind == "long"):
            snoozes = max(snoozes, pin.snoozes if pin.kind == kind else 0)
            self.pin = None
        return snoozes
