"""Holds: a due break waits while the desktop is busy (do not disturb, a fullscreen window, a call).

The planner says when the desktop is worth asking (:meth:`Holds.wants_check`: holds are on, a
break is within its warning time, the last answer is at least :data:`HOLD_CHECK_S` old) and
decides on the answer (:meth:`Holds.answer`): a busy desktop holds the break until
``max_wait_minutes`` after it was first held, a quiet one releases it. A break is held once: when
its hold ends it is shown whatever the desktop says. A hold lives only in the running app: after
a restart the desktop is asked again.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from posture_break.core.planner_events import BreakHeld, BreakReleased
from posture_break.core.settings import Settings
from posture_break.core.status import Phase, Status

__all__ = ["HOLD_CHECK_S", "Holds"]

UTC = timezone.utc
HOLD_CHECK_S = 4.5  # the desktop is asked at most this often while a break could be held


class Holds:
    def __init__(self) -> None:
        self.active: tuple[str, datetime] | None = None  # (reason, until UTC)
        self._asked_at: float | None = None  # monotonic time of the desktop's last answer
        self._held_due: datetime | None = None  # a break is held back once, never again

    def set(self, reason: str, until: datetime) -> None:
        self.active = (reason, until.astimezone(UTC))

    def shift(self, delta: timedelta) -> None:
        """The wall clock was set back: the hold ends as much earlier by the clock."""
        if self.active is not None:
            self.active = (self.active[0], self.active[1] + delta)

    def wants_check(self, settings: Settings, status: Status, now: datetime, mono: float) -> bool:
        """Whether to ask the desktop now: the break can be held and the last answer is old."""
        if not self._holdable(settings, status, now):
            return False
        return self._asked_at is None or mono - self._asked_at >= HOLD_CHECK_S

    def answer(
        self, reason: str | None, settings: Settings, status: Status, now: datetime, mono: float
    ) -> BreakHeld | BreakReleased | None:
        """The desktop's answer: a new reason holds the break (``max_wait_minutes`` from when it
        was first held), None releases a held one. The caller applies the hold or release."""
        self._asked_at = mono
        if reason and reason != status.waiting_reason and self._holdable(settings, status, now):
            assert status.next_due is not None
            limit = timedelta(minutes=settings.breaks.max_wait_minutes)
            until = status.waiting_until or now.astimezone(status.now.tzinfo) + limit
            self._held_due = status.next_due.astimezone(UTC)
            return BreakHeld(reason, status.next_due, until)
        if not reason and status.waiting_reason is not None:
            self._asked_at = None
            return BreakReleased(status.waiting_reason)
        return None

    def _holdable(self, settings: Settings, status: Status, now: datetime) -> bool:
        """Holds are on, and the next break is within its warning time and not held once yet."""
        breaks = settings.breaks
        if not (breaks.respect_do_not_disturb or breaks.respect_calls):
            return False
        if breaks.max_wait_minutes == 0:
            return False
        if status.phase is not Phase.WAITING or status.next_due is None:
            return False
        due = status.next_due.astimezone(UTC)  # an instant: a DST fold repeats wall times
        if due - timedelta(seconds=settings.warning.seconds_before) > now:
            return False
        return not (status.waiting_reason is None and due == self._held_due)
