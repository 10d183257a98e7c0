"""What the history knows of the machines it merged: who, how many breaks, per-machine views.

Read only: the machine list for the charts and ``posture-break machines``, a typed name resolved
to a machine id, the problems the last syncs kept, one machine's history for the stats, and
the records with their machine for the CSV export. core/sync.py does the writing and merging.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from posture_break.core.store import BreakRecord, Store
from posture_break.core.sync_identity import Identity

PROBLEMS_KEY = "sync_problems"  # the state key of the problems the last syncs kept


@dataclass(frozen=True)
class MachineSeen:
    machine_id: str  # '' for this machine
    name: str
    rows: int
    last_record: str | None  # the newest due time, as stored


def machines_seen(store: Store, identity: Identity | None) -> list[MachineSeen]:
    """This machine first, then every machine whose breaks are in the history."""
    names = {
        r[0]: r[1] for r in store.connection.execute("SELECT id, name FROM machines").fetchall()
    }
    out = []
    for machine, rows, last_ts in store.connection.execute(
        "SELECT machine, count(*), max(due_ts) FROM breaks GROUP BY machine ORDER BY machine"
    ).fetchall():
        last = store.connection.execute(
            "SELECT due_at FROM breaks WHERE machine = ? AND due_ts = ? LIMIT 1", (machine, last_ts)
        ).fetchone()
        if machine == "":
            name = identity.name if identity else "this machine"
        else:
            name = names.get(machine, machine)
        out.append(MachineSeen(machine, name, rows, last[0] if last else None))
    if not any(m.machine_id == "" for m in out):
        out.insert(0, MachineSeen("", identity.name if identity else "this machine", 0, None))
    return out


def resolve_machine(store: Store, identity: Identity | None, text: str) -> str | None:
    """The machine column value for a name or id the person typed; None if unknown."""
    if identity is not None and text in (identity.name, identity.machine_id):
        return ""
    for m in machines_seen(store, identity):
        if text in (m.name, m.machine_id):
            return m.machine_id
    return None


def kept_problems(store: Store) -> list[str]:
    kept = store.get_state(PROBLEMS_KEY)
    return [str(p) for p in kept] if isinstance(kept, list) else []


class MachineView:
    """The history of one machine, for ``stats.weekly_summary`` and the charts (read only)."""

    def __init__(self, store: Store, machine: str) -> None:
        self._store = store
        self.machine = machine

    @property
    def skipped(self) -> int:
        return self._store.skipped

    @skipped.setter
    def skipped(self, value: int) -> None:
        self._store.skipped = value

    def raw_between(self, start_ts: int, end_ts: int) -> list[tuple[Any, ...]]:
        """Like Store.raw_between, for this machine only."""
        return self._store.raw_between(start_ts, end_ts, machine=self.machine)

    def first_due_ts(self) -> int | None:
        return self._store.first_due_ts(self.machine)


def records_with_machines(store: Store, own: str) -> Iterator[tuple[BreakRecord, str]]:
    """(record, machine id) for the CSV export, oldest first; ``own`` for this machine's rows."""
    for row in store.connection.execute(
        "SELECT due_at, ended_at, kind, outcome, snoozes, card_ids, duration_s, machine "
        "FROM breaks ORDER BY due_ts, kind, machine"
    ):
        try:
            rec = Store._from_row(row[:7])
        except (ValueError, TypeError, OverflowError):
            store.skipped += 1  # malformed (edited by another tool): left out, counted
            continue
        yield rec, (row[7] or own)
