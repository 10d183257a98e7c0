"""The history's schema: an ordered list of small migrations, recorded in ``PRAGMA user_version``.

Each step runs in its own transaction; a file at version n runs steps n+1 onwards. A step never
changes once released: a new need is a new step at the end. core/store.py opens the file and runs
``migrate``; a file with a version above ``SCHEMA_VERSION`` is refused there, untouched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


def _m1_breaks(db: sqlite3.Connection) -> None:
    db.execute(
        """
        CREATE TABLE breaks (
            id INTEGER PRIMARY KEY,
            due_at TEXT NOT NULL,
            due_ts INTEGER NOT NULL,
            ended_at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('micro', 'long')),
            outcome TEXT NOT NULL CHECK (outcome IN ('done', 'skipped', 'missed', 'natural')),
            snoozes INTEGER NOT NULL DEFAULT 0 CHECK (snoozes >= 0),
            card_ids TEXT NOT NULL DEFAULT '',
            duration_s INTEGER NOT NULL DEFAULT 0 CHECK (duration_s >= 0)
        )
        """
    )
    # Stats read a week by due time; the pair also makes importing the same break twice a no-op.
    db.execute("CREATE UNIQUE INDEX breaks_due ON breaks (due_ts, kind)")


def _m2_state(db: sqlite3.Connection) -> None:
    # Small JSON values the app must keep across restarts (planner state, recent cards).
    db.execute("CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _m3_outcome_index(db: sqlite3.Connection) -> None:
    # The streak walks back over done breaks only; without this it scans years of history.
    db.execute("CREATE INDEX breaks_outcome_due ON breaks (outcome, due_ts)")


def _m4_machines(db: sqlite3.Connection) -> None:
    # One history across machines (core/sync.py): ``machine`` is '' for breaks recorded here, else
    # the id of the machine whose journal they came from; ``record_id`` is unique everywhere, so
    # importing a record twice (or from a sync tool's conflict copy) is a no-op. A break is unique
    # per machine: two machines may each have a micro-break due at the same second.
    db.execute("ALTER TABLE breaks ADD COLUMN machine TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE breaks ADD COLUMN record_id TEXT")
    db.execute(
        "UPDATE breaks SET record_id = printf('%012x', due_ts * 1000) || lower(hex(randomblob(10)))"
    )
    db.execute("DROP INDEX breaks_due")
    db.execute("CREATE UNIQUE INDEX breaks_due ON breaks (due_ts, kind, machine)")
    db.execute("CREATE UNIQUE INDEX breaks_record ON breaks (record_id)")
    db.execute("CREATE INDEX breaks_machine ON breaks (machine, due_ts)")
    # What has been read of each journal file in the sync folder (path relative to the folder).
    db.execute(
        """
        CREATE TABLE sync_files (
            path TEXT PRIMARY KEY,
            machine TEXT NOT NULL,
            offset INTEGER NOT NULL DEFAULT 0,
            size INTEGER NOT NULL DEFAULT 0,
            mtime_ns INTEGER NOT NULL DEFAULT 0,
            head_hash TEXT NOT NULL DEFAULT '',
            tail_hash TEXT NOT NULL DEFAULT '',
            gone INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    # Machines seen in the sync folder: display name and the newest record time seen.
    db.execute(
        "CREATE TABLE machines (id TEXT PRIMARY KEY, name TEXT NOT NULL, nonce TEXT NOT NULL "
        "DEFAULT '', since TEXT NOT NULL DEFAULT '')"
    )


def _m5_unconfirmed(db: sqlite3.Connection) -> None:
    # ``unconfirmed``: ran out with nothing observed. SQLite cannot change a CHECK constraint in
    # place, so the rows move to a new table with the same columns, then the indexes come back.
    db.execute(
        """
        CREATE TABLE breaks_new (
            id INTEGER PRIMARY KEY,
            due_at TEXT NOT NULL,
            due_ts INTEGER NOT NULL,
            ended_at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('micro', 'long')),
            outcome TEXT NOT NULL
                CHECK (outcome IN ('done', 'skipped', 'missed', 'natural', 'unconfirmed')),
            snoozes INTEGER NOT NULL DEFAULT 0 CHECK (snoozes >= 0),
            card_ids TEXT NOT NULL DEFAULT '',
            duration_s INTEGER NOT NULL DEFAULT 0 CHECK (duration_s >= 0),
            machine TEXT NOT NULL DEFAULT '',
            record_id TEXT
        )
        """
    )
    db.execute(
        "INSERT INTO breaks_new (id, due_at, due_ts, ended_at, kind, outcome, snoozes, card_ids, "
        "duration_s, machine, record_id) SELECT id, due_at, due_ts, ended_at, kind, outcome, "
        "snoozes, card_ids, duration_s, machine, record_id FROM breaks"
    )
    db.execute("DROP TABLE breaks")
    db.execute("ALTER TABLE breaks_new RENAME TO breaks")
    db.execute("CREATE UNIQUE INDEX breaks_due ON breaks (due_ts, kind, machine)")
    db.execute("CREATE UNIQUE INDEX breaks_record ON breaks (record_id)")
    db.execute("CREATE INDEX breaks_machine ON breaks (machine, due_ts)")
    db.execute("CREATE INDEX breaks_outcome_due ON breaks (outcome, due_ts)")


def _m6_break_key(db: sqlite3.Connection) -> None:
    # A break is what its row says, not just its due second: two breaks of one kind can be due in
    # the same second (break-now, done, break-now within it). The unique key is the record's whole
    # identity (due second, kind, machine, end, outcome, cards), so both are kept, while importing
    # the same row again (a CSV, a sync tool's copy of a journal) stays a no-op.
    db.execute("DROP INDEX breaks_due")
    db.execute(
        "CREATE UNIQUE INDEX breaks_due "
        "ON breaks (due_ts, kind, machine, ended_at, outcome, card_ids)"
    )


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _m1_breaks,
    _m2_state,
    _m3_outcome_index,
    _m4_machines,
    _m5_unconfirmed,
    _m6_break_key,
)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection, target: int = SCHEMA_VERSION) -> None:
    """Bring ``db`` to schema ``target``, one migration a transaction, each recorded in
    ``PRAGMA user_version``; a step another process ran meanwhile is not run again."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version < 0:
        raise sqlite3.DatabaseError(f"impossible schema version {version}")
    for number in range(version + 1, target + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another process (the app and a CLI command started together) may have run this
            # step while we waited for the write lock.
            if db.execute("PRAGMA user_version").fetchone()[0] >= number:
                db.execute("COMMIT")
                continue
            MIGRATIONS[number - 1](db)
            db.execute(f"PRAGMA user_version = {number}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:  # SQLite already rolled back after e.g. a full disk
                db.execute("ROLLBACK")
            raise
