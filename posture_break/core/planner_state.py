"""The planner's saved state: what survives a restart, as JSON-able data, and reading it back.

:meth:`Planner.to_state <posture_break.core.planner.Planner.to_state>` writes a
:class:`SavedState` with :func:`dump_state`; ``Planner(state=...)`` reads it with
:func:`load_state`, which raises ``KeyError``, ``TypeError`` or ``ValueError`` on anything it
cannot trust (another version, a time edited by hand): the planner then starts counting afresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from posture_break.core.limits import MAX_SNOOZES, MAX_YEAR, MIN_YEAR
from posture_break.core.model import KINDS

__all__ = ["STATE_VERSION", "NextBreak", "SavedState", "dump_state", "load_state"]

UTC = timezone.utc
STATE_VERSION = 1


@dataclass(frozen=True)
class NextBreak:
    """The next break as scheduled: kind, first due time, when it appears, snoozes (UTC)."""

    kind: str
    first_due: datetime
    at: datetime
    snoozes: int = 0


@dataclass(frozen=True)
class SavedState:
    """The anchors, the snoozed (pinned) break, the pause and the last wall time the planner saw.

    ``current`` (written, never read back as such) is the break on screen when the app quit:
    :func:`load_state` turns it into the pinned break, so it is offered again, once.
    """

    micro_anchor: datetime
    long_anchor: datetime
    pin: NextBreak | None
    paused_until: datetime | None
    paused_until_resumed: bool
    paused_at: datetime | None
    last_wall: datetime
    phase: str = ""  # for a person reading the file; the planner works its phase out afresh
    current: NextBreak | None = None


def dump_state(saved: SavedState) -> dict[str, Any]:
    """JSON-able: instants as ISO strings in UTC."""
    pin, cur = saved.pin, saved.current
    return {
        "version": STATE_VERSION,
        "micro_anchor": _iso(saved.micro_anchor),
        "long_anchor": _iso(saved.long_anchor),
        "pin": None
        if pin is None
        else {
            "kind": pin.kind,
            "first_due": _iso(pin.first_due),
            "at": _iso(pin.at),
            "snoozes": pin.snoozes,
        },
        "paused_until": _iso(saved.paused_until),
        "paused_until_resumed": saved.paused_until_resumed,
        "paused_at": _iso(saved.paused_at),
        "phase": saved.phase,
        "current": None
        if cur is None
        else {"kind": cur.kind, "first_due": _iso(cur.first_due), "snoozes": cur.snoozes},
        "last_wall": _iso(saved.last_wall),
    }


def load_state(state: Mapping[str, Any]) -> SavedState:
    """What :func:`dump_state` wrote, checked; a break that was on screen becomes the pin."""
    if state.get("version") != STATE_VERSION:
        raise ValueError("unknown state version")
    micro = _need(state["micro_anchor"])
    long_ = _need(state["long_anchor"])
    last_wall = _need(state["last_wall"])
    pin: NextBreak | None = None
    raw_pin = state.get("pin")
    if raw_pin is not None:
        pin = NextBreak(
            _kind(raw_pin["kind"]),
            _need(raw_pin["first_due"]),
            _need(raw_pin["at"]),
            _snoozes(raw_pin["snoozes"]),
        )
    raw_cur = state.get("current")
    if raw_cur is not None:
        # The break was on screen when the app quit: offer it again, once.
        first = _need(raw_cur["first_due"])
        pin = NextBreak(
            _kind(raw_cur["kind"]), first, min(first, last_wall), _snoozes(raw_cur["snoozes"])
        )
    return SavedState(
        micro_anchor=micro,
        long_anchor=long_,
        pin=pin,
        paused_until=_parse(state.get("paused_until")),
        # "paused_forever": what versions up to 0.1 called it
        paused_until_resumed=bool(
            state.get("paused_until_resumed", state.get("paused_forever", False))
        ),
        paused_at=_parse(state.get("paused_at")),
        last_wall=last_wall,
    )


def _iso(dt: datetime | None) -> str | None:
    return None if dt is None else dt.astimezone(UTC).isoformat()


def _parse(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("not a time")
    dt = datetime.fromisoformat(value)
    if dt.tzinfo is None:
        raise ValueError("naive time")
    if not MIN_YEAR < dt.year < MAX_YEAR:  # a saved state edited by hand: start afresh
        raise ValueError("a time outside the years the app handles")
    return dt.astimezone(UTC)


def _need(value: Any) -> datetime:
    dt = _parse(value)
    if dt is None:
        raise ValueError("missing time")
    return dt


def _snoozes(value: Any) -> int:
    number = int(value)
    if not 0 <= number <= MAX_SNOOZES:
        raise ValueError("snoozes out of range")
    return number


def _kind(value: Any) -> str:
    if value not in KINDS:
        raise ValueError("unknown kind")
    return str(value)
