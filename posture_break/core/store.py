"""The history: a local SQLite file in WAL mode.

Every outcome is committed the moment it is decided, so a kill -9 loses nothing committed. The
schema grows through an ordered list of small migrations recorded in ``PRAGMA user_version``
(core/store_schema.py); a file made by a newer version is refused without writing to it. A file
that is not a database or fails ``PRAGMA quick_check`` is moved aside (never deleted) and a fresh
one is started (core/store_files.py).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from posture_break.core.limits import MAX_DURATION_S, MAX_SNOOZES, MAX_YEAR, MIN_YEAR, time_problem
from posture_break.core.model import KINDS, OUTCOMES, BreakRecord
from posture_break.core.safe_read import FileRefused, open_regular
from posture_break.core.store_files import create_private, is_busy, is_damage, move_aside, why
from posture_break.core.store_schema import SCHEMA_VERSION, migrate

__all__ = ["KINDS", "OUTCOMES", "BreakRecord", "Store", "StoreError", "new_record_id"]

_MARKS = ", ".join("?" * 10)
_SQLITE_MAGIC = b"SQLite format 3\x00"


# Instants of the years the history holds (limits.MIN_YEAR .. MAX_YEAR), as Unix seconds.
_TS_RANGE = (
    int(datetime(MIN_YEAR - 1, 12, 31, tzinfo=timezone.utc).timestamp()),
    int(datetime(MAX_YEAR + 1, 1, 2, tzinfo=timezone.utc).timestamp()),
)


# Text that is not UTF-8 (a row written by another tool) reads with U+FFFD in place of the bad
# bytes instead of failing the whole query; such a time then fails to parse and the row is skipped.
_lenient_text = functools.partial(str, encoding="utf-8", errors="replace")


def _plain_counts(snoozes: object, duration_s: object) -> bool:
    return (
        type(snoozes) is int
        and type(duration_s) is int
        and 0 <= snoozes <= MAX_SNOOZES
        and 0 <= duration_s <= MAX_DURATION_S
    )


def new_record_id(due_at: datetime) -> str:
    """A unique id for a break, the same on every machine that imports it: 32 hex digits, the
    due time in milliseconds first (ids of one machine sort by time, which keeps the unique index
    on them cheap to grow), then 80 random bits."""
    return f"{max(0, int(due_at.timestamp() * 1000)):012x}{os.urandom(10).hex()}"


class StoreError(Exception):
    """The history cannot be used; the message is one line for the person.

    ``busy``: another program holds the write lock (an import); trying again later will work.
    """

    def __init__(self, message: str, *, busy: bool = False) -> None:
        super().__init__(message)
        self.busy = busy


def _ordered_id(due_ts: int) -> str:
    """A record id like ``uuid4().hex`` (32 hex digits, 80 random bits) that starts with the
    due time, so a big import appends to the id index instead of writing all over it."""
    return f"{due_ts % (1 << 48):012x}{os.urandom(10).hex()}"


def _state_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


class Store:
    def __init__(self, db: sqlite3.Connection, path: Path, notices: list[str]) -> None:
        self._db = db
        self.path = path
        self.notices = notices  # things the person should be told (e.g. a file moved aside)
        self.skipped = 0  # malformed rows (edited by hand) left out of what was read so far
        self.last_import_lock_s = 0.0  # how long the last import held the write lock

    # --- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, now: datetime | None = None) -> Store:
        """Open (creating or migrating) the history at ``path``. Raises StoreError."""
        notices: list[str] = []
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not a history file; move it away and restart")
        if path.exists():
            problem = cls._check(path)
            if problem == "newer":
                raise StoreError(
                    f"{path}: made by a newer posture-break (schema newer than "
                    f"{SCHEMA_VERSION}); not touching it. Update posture-break to use it."
                )
            if problem:
                try:
                    moved = move_aside(path, now)
                except OSError as exc:
                    raise StoreError(
                        f"{path}: is damaged ({problem}) and cannot be moved aside "
                        f"({exc.strerror or exc})"
                    ) from None
                notices.append(
                    f"The history file was damaged ({problem}); it was kept as {moved.name} "
                    "and a new history was started."
                )
        try:
            create_private(path)
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            db.text_factory = _lenient_text
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{path}: cannot open the history ({why(exc)})") from None
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=5000")
            migrate(db)
        except sqlite3.Error as exc:
            db.close()
            raise StoreError(f"{path}: cannot write the history ({why(exc)})") from None
        return cls(db, path, notices)

    @classmethod
    def open_readonly(cls, path: Path) -> Store:
        """Open the history for reading only, changing nothing on disk (a backup of a read-only
        snapshot, a folder on a read-only mount). Raises StoreError; never moves a file aside."""
        problem = cls._check(path)
        if problem == "newer":
            raise StoreError(
                f"{path}: made by a newer posture-break (schema newer than {SCHEMA_VERSION})"
            )
        if problem:
            raise StoreError(f"{path}: is damaged ({problem})")
        wal = path.with_name(path.name + "-wal")
        uri = f"{path.absolute().as_uri()}?mode=ro" + ("" if wal.exists() else "&immutable=1")
        try:
            db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            db.text_factory = _lenient_text
            names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot read the history ({why(exc)})") from None
        if "breaks" not in names:  # an empty file: no schema yet, nothing to read
            db.execute(
                "CREATE TEMP TABLE breaks (due_at, due_ts, ended_at, kind, outcome, "
                "snoozes, card_ids, duration_s)"
            )
        return cls(db, path, [])

    @staticmethod
    def _check(path: Path) -> str | None:
        """None if usable, "newer" for a newer schema, else why the file is damaged."""
        # The schema version sits in the header (offset 60): read it as bytes first, so a file
        # from a newer version is refused before SQLite touches it (or creates -wal/-shm beside it).
        try:
            fd = open_regular(path)  # never blocks on a FIFO, never reads a device
            try:
                header = os.read(fd, 100)
            finally:
                os.close(fd)
        except FileRefused as exc:
            raise StoreError(f"{path}: {exc.reason}; move it away and restart") from None
        except OSError as exc:
            raise StoreError(f"{path}: cannot read the history ({exc.strerror or exc})") from None
        if header and not header.startswith(_SQLITE_MAGIC):
            # SQLite would take a short file of anything for an empty database and write over it.
            return "file is not a database"
        if len(header) == 100 and header.startswith(_SQLITE_MAGIC):
            version = int.from_bytes(header[60:64], "big", signed=True)
            if version > SCHEMA_VERSION:
                return "newer"
            if version < 0:
                return f"its schema version {version} is impossible"
        try:
            # Checking must never change anything. A read-only connection to a WAL-mode file still
            # creates -wal/-shm files; without a -wal no one else has the file open, so it may be
            # opened as immutable, which creates nothing.
            wal = path.with_name(path.name + "-wal")
            uri = f"{path.absolute().as_uri()}?mode=ro" + ("" if wal.exists() else "&immutable=1")
            db = sqlite3.connect(uri, uri=True)
        except sqlite3.Error as exc:
            if "unable to open" in str(exc) and not os.access(path, os.R_OK):
                raise StoreError(f"{path}: cannot read the history (permission denied)") from None
            if not is_damage(exc):
                raise StoreError(f"{path}: cannot read the history ({why(exc)})") from None
            return why(exc)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                return "newer"
            if version < 0:
                return f"its schema version {version} is impossible"
            try:
                rows = [r[0] for r in db.execute("PRAGMA quick_check").fetchall()]
            except UnicodeDecodeError:  # SQLite's report quotes the damaged bytes
                return "failed its integrity check"
            if rows != ["ok"]:
                return "failed its integrity check: " + "; ".join(map(str, rows[:3]))
            if version > 0:
                names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
                if "breaks" not in names:
                    return "the breaks table is missing"
            return None
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                # An I/O error, a full disk, a lock: the file may be fine. Never move it aside.
                raise StoreError(f"{path}: cannot read the history ({why(exc)})") from None
            return why(exc)
        finally:
            db.close()

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """For read-only aggregate queries (stats); writes go through the methods here."""
        return self._db

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    # --- breaks ------------------------------------------------------------------------------

    @staticmethod
    def _row(rec: BreakRecord, machine: str = "", record_id: str | None = None) -> tuple[Any, ...]:
        return (
            rec.due_at.isoformat(timespec="seconds"),
            int(rec.due_at.timestamp()),
            rec.ended_at.isoformat(timespec="seconds"),
            rec.kind,
            rec.outcome,
            rec.snoozes,
            ";".join(rec.card_ids),
            rec.duration_s,
            machine,
            record_id or new_record_id(rec.due_at),
        )

    _INSERT = (
        "INSERT OR IGNORE INTO breaks (due_at, due_ts, ended_at, kind, outcome, snoozes, "
        "card_ids, duration_s, machine, record_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )

    def record(self, rec: BreakRecord, state: Mapping[str, Any] | None = None) -> bool:
        """Commit one outcome now, with ``state`` (key -> value, as :meth:`set_state`) in the same
        transaction: a crash leaves both or neither, so a restart never offers a break again whose
        outcome is already in the history. False if this very record (due second, kind, end,
        outcome, cards) is in the history already; another break due in the same second is kept.
        """
        db = self._db
        try:
            if not state:
                return db.execute(self._INSERT, self._row(rec)).rowcount == 1
            db.execute("BEGIN IMMEDIATE")
            try:
                added = db.execute(self._INSERT, self._row(rec)).rowcount == 1
                db.executemany(self._SET_STATE, [(k, _state_json(v)) for k, v in state.items()])
                db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(
                f"{self.path}: cannot record the break ({why(exc)})", busy=is_busy(exc)
            ) from None
        return added

    def has(self, rec: BreakRecord) -> bool:
        """True if exactly this record (the history's key: due second, kind, end, outcome, cards)
        is in the history here."""
        try:
            row = self._db.execute(
                "SELECT 1 FROM breaks WHERE due_ts = ? AND kind = ? AND machine = '' "
                "AND ended_at = ? AND outcome = ? AND card_ids = ?",
                (
                    int(rec.due_at.timestamp()),
                    rec.kind,
                    rec.ended_at.isoformat(timespec="seconds"),
                    rec.outcome,
                    ";".join(rec.card_ids),
                ),
            ).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(
                f"{self.path}: cannot read the history ({why(exc)})", busy=is_busy(exc)
            ) from None
        return row is not None

    def set_busy_timeout(self, ms: int) -> None:
        """How long a write waits for another program's lock before StoreError(busy=True)."""
        self._db.execute(f"PRAGMA busy_timeout={max(0, int(ms))}")

    def import_records(
        self, records: Iterable[BreakRecord], machines: Iterable[str] | None = None
    ) -> int:
        """Add records in one transaction; those already present are left alone. Returns added.

        ``machines`` (parallel to ``records``) names the machine of each; '' or None is this one.

        The write lock is held as briefly as possible, since the running app waits for it to
        record outcomes: the rows are built, sorted and staged in a private temporary table
        first, then copied in one ``INSERT ... SELECT`` (one million rows: seconds, not the
        minute a row-by-row insert took).
        """
        if machines is None:
            rows = [self._row(rec, "", _ordered_id(int(rec.due_at.timestamp()))) for rec in records]
        else:
            rows = [
                self._row(rec, machine or "", _ordered_id(int(rec.due_at.timestamp())))
                for rec, machine in zip(records, machines, strict=True)
            ]
        rows.sort(key=lambda r: (r[1], r[3], r[8]))
        db = self._db
        cache = db.execute("PRAGMA cache_size").fetchone()[0]
        try:
            # The temp database belongs to this connection alone: filling it takes no lock.
            db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {self._STAGING} ({self._COLUMNS})")
            db.execute(f"DELETE FROM {self._STAGING}")
            db.executemany(f"INSERT INTO {self._STAGING} VALUES ({_MARKS})", rows)
            db.execute("PRAGMA cache_size=-65536")  # the indexes' pages stay in memory
            db.execute("BEGIN IMMEDIATE")
            locked_at = time.perf_counter()
            before = db.total_changes
            db.execute(
                f"INSERT OR IGNORE INTO main.breaks ({self._COLUMNS}) "
                f"SELECT {self._COLUMNS} FROM {self._STAGING} ORDER BY rowid"
            )
            added = db.total_changes - before
            db.execute("COMMIT")
            self.last_import_lock_s = time.perf_counter() - locked_at
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(
                    f"{self.path}: cannot import ({why(exc)})", busy=is_busy(exc)
                ) from None
            raise
        finally:
            with contextlib.suppress(sqlite3.Error):
                db.execute(f"DROP TABLE IF EXISTS {self._STAGING}")
                db.execute(f"PRAGMA cache_size={int(cache)}")
        return added

    _STAGING = "temp.import_staging"
    _COLUMNS = (
        "due_at, due_ts, ended_at, kind, outcome, snoozes, card_ids, duration_s, machine, record_id"
    )

    @staticmethod
    def _from_row(row: tuple[Any, ...]) -> BreakRecord:
        """A stored row as a record; ValueError for a row no version of the app could have written
        (edited by hand, or by another tool): a wrong type, a date outside the years, a count out
        of range."""
        due_at, ended_at, kind, outcome, snoozes, card_ids, duration_s = row
        if not (isinstance(due_at, str) and isinstance(ended_at, str)):
            raise ValueError("a time is not text")
        if not (isinstance(card_ids, str) and _plain_counts(snoozes, duration_s)):
            raise ValueError("a count is out of range")
        due, ended = datetime.fromisoformat(due_at), datetime.fromisoformat(ended_at)
        problem = time_problem(due) or time_problem(ended)
        if problem:
            raise ValueError(problem)
        return BreakRecord(
            due_at=due,
            ended_at=ended,
            kind=kind,
            outcome=outcome,
            snoozes=snoozes,
            card_ids=tuple(c for c in card_ids.split(";") if c),
            duration_s=duration_s,
        )

    _SELECT = "SELECT due_at, ended_at, kind, outcome, snoozes, card_ids, duration_s FROM breaks"

    def between(self, start: datetime, end: datetime) -> list[BreakRecord]:
        """Breaks due in [start, end), oldest first."""
        rows = self._db.execute(
            f"{self._SELECT} WHERE due_ts >= ? AND due_ts < ? ORDER BY due_ts, kind",
            (int(start.timestamp()), int(end.timestamp())),
        ).fetchall()
        return list(self._good(rows))

    def _good(self, rows: Iterable[tuple[Any, ...]]) -> Iterator[BreakRecord]:
        """The records of ``rows``; malformed ones are counted in :attr:`skipped`, not raised."""
        for row in rows:
            try:
                yield self._from_row(row)
            except (ValueError, TypeError, OverflowError):
                self.skipped += 1

    def raw_between(
        self, start_ts: int, end_ts: int, machine: str | None = None
    ) -> list[tuple[Any, ...]]:
        """(due_at, kind, outcome, snoozes, card_ids, duration_s) rows; for fast aggregation.
        With ``machine``, only that machine's rows ('' = this one).

        Rows with values of the wrong type or out of range are left out (and counted in
        :attr:`skipped`); ``due_at`` is text but may still fail to parse.
        """
        where = "due_ts >= ? AND due_ts < ?"
        args: tuple[Any, ...] = (start_ts, end_ts)
        if machine is not None:
            where, args = where + " AND machine = ?", (*args, machine)
        rows = self._db.execute(
            "SELECT due_at, kind, outcome, snoozes, card_ids, duration_s FROM breaks "
            f"WHERE {where} ORDER BY due_ts, kind",
            args,
        ).fetchall()
        good = [
            r
            for r in rows
            if isinstance(r[0], str) and isinstance(r[4], str) and _plain_counts(r[3], r[5])
        ]
        self.skipped += len(rows) - len(good)
        return good

    def all_records(self) -> Iterator[BreakRecord]:
        """Every record, oldest first; malformed rows are skipped and counted in :attr:`skipped`,
        so the good ones can always be exported."""
        yield from self._good(self._db.execute(f"{self._SELECT} ORDER BY due_ts, kind"))

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM breaks").fetchone()[0])

    def first_due_ts(self, machine: str | None = None) -> int | None:
        """The earliest due second in range; with ``machine``, of that machine's rows only."""
        where = "due_ts >= ? AND due_ts < ?"
        args: tuple[Any, ...] = _TS_RANGE
        if machine is not None:
            where, args = where + " AND machine = ?", (*args, machine)
        row = self._db.execute(f"SELECT min(due_ts) FROM breaks WHERE {where}", args).fetchone()
        return None if row[0] is None else int(row[0])

    def recent_card_ids(self, limit: int = 8) -> list[str]:
        """The card ids shown most recently, oldest first."""
        rows = self._db.execute(
            "SELECT card_ids FROM breaks WHERE card_ids != '' ORDER BY due_ts DESC LIMIT ?",
            (limit,),
        ).fetchall()
        ids: list[str] = []
        for (text,) in reversed(rows):
            if isinstance(text, str):  # a row edited by another tool may hold anything
                ids.extend(c for c in text.split(";") if c)
        return ids[-limit:]

    # --- small persistent state --------------------------------------------------------------

    def get_state(self, key: str) -> Any:
        row = self._db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return json.loads(row[0])
        except (ValueError, TypeError, RecursionError):  # edited by hand: as if never saved
            return None

    _SET_STATE = (
        "INSERT INTO state (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    )

    def set_state(self, key: str, value: Any) -> None:
        try:
            self._db.execute(self._SET_STATE, (key, _state_json(value)))
        except sqlite3.Error as exc:
            raise StoreError(
                f"{self.path}: cannot save the app state ({why(exc)})", busy=is_busy(exc)
            ) from None
