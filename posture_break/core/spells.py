"""Idle spells: the person away from keyboard and mouse, as the idle samples (or a lock) say.

The rules that turn a spell into a natural break are the planner's (its module docstring lists
them, they move its counters); this is the record of one spell and the two tolerances it is
observed with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["SAME_SPELL_S", "SPELL_STALE_S", "Spell"]

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
