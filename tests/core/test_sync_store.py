"""The store migration for sync: a machine column, unique record ids, per-machine break keys."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from posture_break.core.store import BreakRecord, Store
from posture_break.core.store_schema import MIGRATIONS

UTC = timezone.utc
T = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def rec(due: datetime, kind: str = "micro") -> BreakRecord:
    return BreakRecord(due, due + timedelta(seconds=40), kind, "done", 0, ("walk",), 30)


def test_v3_history_gains_machine_and_record_ids(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    for number, step in enumerate(MIGRATIONS[:3], start=1):
        step(db)
        db.execute(f"PRAGMA user_version = {number}")
    for i in range(3):
        db.execute(
            "INSERT INTO breaks (due_at, due_ts, ended_at, kind, outcome) VALUES (?, ?, ?, ?, ?)",
            (
                (T + timedelta(hours=i)).isoformat(),
                int(T.timestamp()) + 3600 * i,
                T.isoformat(),
                "micro",
                "done",
            ),
        )
    db.close()
    store = Store.open(path)
    try:
        rows = store.connection.execute("SELECT machine, record_id FROM breaks").fetchall()
        assert [m for m, _ in rows] == ["", "", ""]
        assert len({r for _, r in rows}) == 3 and all(len(r) == 32 for _, r in rows)
        # the same break (as the old row says it): a no-op here, a separate break on another
        # machine
        same = BreakRecord(T, T, "micro", "done", 0, (), 0)
        assert store.record(same) is False
        assert store.import_records([same], ["m-other"]) == 1
        assert store.import_records([same], ["m-other"]) == 0
        assert store.count() == 4
    finally:
        store.close()
