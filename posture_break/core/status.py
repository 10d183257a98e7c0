"""What the tray shows: tooltip text, icon state and progress, as pure functions of a Status.

The planner builds a :class:`Status` snapshot; the tray renders it. Keeping the wording here, in one
table of plain format strings (:data:`MESSAGES`), lets the UI translate it in one place and lets the
tests pin every case without a display.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum

from posture_break.core.i18n import QT_TRANSLATE_NOOP


class Phase(str, Enum):
    OFF = "off"  # outside work hours
    WAITING = "waiting"  # counting toward the next break
    WARNING = "warning"  # "Break in 30 s" is on screen
    BREAK = "break"  # the break window is on screen
    PAUSED = "paused"


@dataclass(frozen=True)
class PendingBreak:
    """One break, from its warning until its outcome.

    ``due_at`` is when it is (now) scheduled to appear, after any snoozes; ``first_due_at`` is
    when it was first due, which is what its history record carries.
    """

    kind: str  # micro | long
    due_at: datetime
    length_s: int
    snoozes: int
    started_at: datetime | None  # set once the break window is shown
    card_ids: tuple[str, ...]
    first_due_at: datetime


@dataclass(frozen=True)
class Status:
    phase: Phase
    now: datetime
    next_kind: str | None  # micro | long | None (no more breaks in this work period)
    next_due: datetime | None
    paused_until: datetime | None  # None with paused_until_resumed = "until you resume"
    paused_until_resumed: bool
    off_until: datetime | None  # next work start, when OFF (None = no work hours at all)
    snoozes_left: int
    current: PendingBreak | None  # the break on screen (BREAK) or warned about (WARNING)
    waiting_reason: str | None = None  # a due break is held back (do not disturb, fullscreen)
    waiting_until: datetime | None = None
    counting_since: datetime | None = None  # where the count toward next_due began


# Every sentence the tray can show. Keys are stable; values are format strings for translation.
MESSAGES: dict[str, str] = {
    "micro_in": QT_TRANSLATE_NOOP("status", "Micro-break in {left}"),
    "long_in": QT_TRANSLATE_NOOP("status", "Long break in {left}"),
    "break_now": QT_TRANSLATE_NOOP("status", "Break now"),
    "paused_until": QT_TRANSLATE_NOOP("status", "Paused until {when}"),
    "paused_until_resumed": QT_TRANSLATE_NOOP("status", "Paused until you resume"),
    "off_until": QT_TRANSLATE_NOOP("status", "Outside work hours until {when}"),
    "off_no_hours": QT_TRANSLATE_NOOP("status", "No work hours set"),
    "no_more_today": QT_TRANSLATE_NOOP("status", "No more breaks today"),
    "waiting": QT_TRANSLATE_NOOP("status", "Waiting: {reason} (up to {when})"),
    "seconds": QT_TRANSLATE_NOOP("status", "{s} s"),
    "minutes": QT_TRANSLATE_NOOP("status", "{m} min"),
    "hours": QT_TRANSLATE_NOOP("status", "{h} h"),
    "hours_minutes": QT_TRANSLATE_NOOP("status", "{h} h {m} min"),
    "day_time": QT_TRANSLATE_NOOP("status", "{day} {time}"),
}
# English short weekday names (not strftime %a: that follows the process locale).
WEEKDAY_NAMES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("status", "Mon"),
    QT_TRANSLATE_NOOP("status", "Tue"),
    QT_TRANSLATE_NOOP("status", "Wed"),
    QT_TRANSLATE_NOOP("status", "Thu"),
    QT_TRANSLATE_NOOP("status", "Fri"),
    QT_TRANSLATE_NOOP("status", "Sat"),
    QT_TRANSLATE_NOOP("status", "Sun"),
)

# Within this many seconds of the next break the icon says "due-soon".
DUE_SOON_S = 60


def seconds_between(later: datetime, earlier: datetime) -> float:
    """Seconds from ``earlier`` to ``later``, on the instants.

    Two datetimes in the same zone subtract as wall times (ignoring DST), so go through UTC.
    """
    return (later.astimezone(timezone.utc) - earlier.astimezone(timezone.utc)).total_seconds()


def format_left(seconds: float, messages: Mapping[str, str] | None = None) -> str:
    """A time left, rounded up so it never says "0 min" while time remains."""
    t = MESSAGES if messages is None else messages
    s = max(0, math.ceil(seconds))
    if s < 60:
        return t["seconds"].format(s=s)
    m = math.ceil(s / 60)
    if m < 60:
        return t["minutes"].format(m=m)
    h, m = divmod(m, 60)
    if m == 0:
        return t["hours"].format(h=h)
    return t["hours_minutes"].format(h=h, m=m)


def format_when(when: datetime, now: datetime, messages: Mapping[str, str] | None = None) -> str:
    """ "14:30" for later today, "Tue 09:00" for another day (both in ``now``'s zone)."""
    t = MESSAGES if messages is None else messages
    local = when.astimezone(now.tzinfo)
    hhmm = f"{local.hour:02d}:{local.minute:02d}"
    if local.date() == now.date():
        return hhmm
    day = WEEKDAY_NAMES[local.weekday()]
    return t["day_time"].format(day=t.get(day, day), time=hhmm)


def tooltip(status: Status, messages: Mapping[str, str] | None = None) -> str:
    """The tray tooltip; ``messages`` is MESSAGES in the interface language (the UI passes it)."""
    m = MESSAGES if messages is None else messages
    now = status.now
    if status.phase is Phase.BREAK:
        return m["break_now"]
    if status.phase is Phase.PAUSED:
        if status.paused_until is None:
            return m["paused_until_resumed"]
        return m["paused_until"].format(when=format_when(status.paused_until, now, m))
    if status.phase is Phase.OFF:
        if status.off_until is None:
            return m["off_no_hours"]
        local = status.off_until.astimezone(now.tzinfo)
        when = m["day_time"].format(
            day=m.get(WEEKDAY_NAMES[local.weekday()], WEEKDAY_NAMES[local.weekday()]),
            time=f"{local.hour:02d}:{local.minute:02d}",
        )
        return m["off_until"].format(when=when)
    if status.waiting_reason is not None and status.waiting_until is not None:
        return m["waiting"].format(
            reason=status.waiting_reason, when=format_when(status.waiting_until, now, m)
        )
    if status.next_due is None or status.next_kind is None:
        return m["no_more_today"]
    left = seconds_between(status.next_due, now)
    if left <= 0:
        return m["break_now"]
    key = "long_in" if status.next_kind == "long" else "micro_in"
    return m[key].format(left=format_left(left, m))


def icon_state(status: Status) -> str:
    """ "active" | "due-soon" | "break" | "paused" | "off"."""
    if status.phase is Phase.BREAK:
        return "break"
    if status.phase is Phase.PAUSED:
        return "paused"
    if status.phase is Phase.OFF:
        return "off"
    if status.phase is Phase.WARNING or status.waiting_reason is not None:
        return "due-soon"
    if status.next_due is not None and seconds_between(status.next_due, status.now) <= DUE_SOON_S:
        return "due-soon"
    return "active"


def progress(status: Status) -> float:
    """How far (0..1) the count has come toward the next break; 1 during a break or warning."""
    if status.phase in (Phase.BREAK, Phase.WARNING) or status.waiting_reason is not None:
        return 1.0
    if status.phase is not Phase.WAITING:
        return 0.0
    if status.next_due is None or status.counting_since is None:
        return 0.0
    total = seconds_between(status.next_due, status.counting_since)
    if total <= 0:
        return 1.0
    done = seconds_between(status.now, status.counting_since)
    return min(1.0, max(0.0, done / total))
