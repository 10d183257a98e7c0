"""What the planner tells the shell: the events :meth:`Planner.tick` and the other calls return.

Each one says what to show or to keep; the shell does exactly that and decides nothing itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from posture_break.core.model import BreakRecord
from posture_break.core.status import PendingBreak

__all__ = [
    "BreakEnded",
    "BreakHeld",
    "BreakReleased",
    "BreakSnoozed",
    "BreakStarted",
    "Event",
    "NaturalBreak",
    "WarningCancelled",
    "WarningDue",
]


@dataclass(frozen=True)
class WarningDue:
    """Show "Break in 30 s" with Start now / Snooze."""

    brk: PendingBreak


@dataclass(frozen=True)
class WarningCancelled:
    """Hide the warning: the break it announced will not come then (natural, off hours, ...)."""

    brk: PendingBreak


@dataclass(frozen=True)
class BreakStarted:
    """Show the break window."""

    brk: PendingBreak


@dataclass(frozen=True)
class BreakSnoozed:
    """Close the warning or break window; the break comes back at ``brk.due_at``."""

    brk: PendingBreak


@dataclass(frozen=True)
class BreakEnded:
    """Close the warning or break window; ``record`` is the outcome to keep."""

    brk: PendingBreak
    record: BreakRecord


@dataclass(frozen=True)
class NaturalBreak:
    """The person was away long enough: ``record`` (outcome ``natural``) is to be kept."""

    record: BreakRecord


@dataclass(frozen=True)
class BreakHeld:
    """The break due at ``due_at`` waits for ``reason`` (do not disturb, ...) until ``until``."""

    reason: str
    due_at: datetime
    until: datetime


@dataclass(frozen=True)
class BreakReleased:
    """What held the break (``reason``) ended: the break comes as planned."""

    reason: str


Event = (
    WarningDue
    | WarningCancelled
    | BreakStarted
    | BreakSnoozed
    | BreakEnded
    | NaturalBreak
    | BreakHeld
    | BreakReleased
)
