"""The domain's words: kinds of break, outcomes, pause targets, weekdays and the break record.

Each enum is a ``str`` enum whose values are exactly the strings on the wire (IPC), in the
history (SQLite, CSV, sync journals) and in the settings file, so a member compares equal to its
string and nothing written anywhere changes. This module imports nothing of the app: the planner,
the store and the shell all read their vocabulary from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum


class _Word(str, Enum):
    def __str__(self) -> str:  # the plain value in f-strings and logs, on every Python version
        return str(self.value)


class Kind(_Word):
    MICRO = "micro"
    LONG = "long"


class Outcome(_Word):
    DONE = "done"
    SKIPPED = "skipped"
    MISSED = "missed"
    NATURAL = "natural"
    UNCONFIRMED = "unconfirmed"
    """A break that ran out on screen with nothing observed (no idle backend, no button): the
    person may or may not have taken it, so it counts neither as done nor as missed."""


class PauseTarget(_Word):
    """A pause with no length: until the next work start, or until the person resumes."""

    TOMORROW = "tomorrow"
    RESUMED = "resumed"


KINDS: tuple[str, ...] = tuple(k.value for k in Kind)
OUTCOMES: tuple[str, ...] = tuple(o.value for o in Outcome)
PAUSE_TARGETS: tuple[str, ...] = tuple(p.value for p in PauseTarget)
#: What ``posture-break pause WORD`` takes: the targets' own names, and the spellings that
#: versions up to 0.1 took for "until resumed" (scripts may still use them).
PAUSE_WORDS: dict[str, PauseTarget] = {
    **{p.value: p for p in PauseTarget},
    **dict.fromkeys(("forever", "indefinite", "resume-only"), PauseTarget.RESUMED),
}
#: Settings keys of the days, Monday first as ``date.weekday()`` counts.
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class BreakRecord:
    due_at: datetime  # aware; the local time the break was due (or the natural break began)
    ended_at: datetime  # aware; when its outcome was decided
    kind: str  # a Kind value: micro | long
    outcome: str  # an Outcome value: done | skipped | missed | natural | unconfirmed
    snoozes: int = 0
    card_ids: tuple[str, ...] = ()
    duration_s: int = 0  # seconds spent on the cards

    def __post_init__(self) -> None:
        if self.due_at.tzinfo is None or self.ended_at.tzinfo is None:
            raise ValueError("break times must be timezone-aware")
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if self.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}")
        if self.snoozes < 0 or self.duration_s < 0:
            raise ValueError("snoozes and duration_s cannot be negative")
