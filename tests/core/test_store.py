"""The history store: migrations, refusal of newer files, move-aside of damaged ones, queries."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from posture_break.core.store import BreakRecord, Store, StoreError
from posture_break.core.store_schema import MIGRATIONS, SCHEMA_VERSION, migrate

UTC = timezone.utc
CET = timezone(timedelta(hours=1), "CET")
NOW = datetime(2026, 11, 25, 14, 3, 7, tzinfo=UTC)
STAMP = "20261125T140307Z"


def rec(
    due: datetime,
    kind: str = "micro",
    outcome: str = "done",
    cards: tuple[str, ...] = ("chin_tuck",),
    snoozes: int = 0,
    duration_s: int = 30,
) -> BreakRecord:
    return BreakRecord(
        due_at=due,
        ended_at=due + timedelta(seconds=45),
        kind=kind,
        outcome=outcome,
        snoozes=snoozes,
        card_ids=cards,
        duration_s=duration_s,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def master(path: Path) -> list[tuple[str, str, str, str | None]]:
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    finally:
        db.close()
    return sorted(rows, key=lambda r: (r[0], r[1]))


def user_version(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


def make_v1(path: Path) -> None:
    """A history as the first released version left it: only migration 1, one break in it."""
    db = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO breaks (due_at, due_ts, ended_at, kind, outcome, snoozes, card_ids, "
        "duration_s) VALUES ('2026-01-05T10:00:00+01:00', ?, '2026-01-05T10:01:00+01:00', "
        "'long', 'skipped', 1, 'walk;chin_tuck', 12)",
        (int(datetime(2026, 1, 5, 10, tzinfo=CET).timestamp()),),
    )
    db.close()


def healthy_db_bytes(tmp_path: Path, rows: int = 400) -> bytes:
    """A real, multi-page history file, to damage in various ways."""
    src = tmp_path / "src" / "history.sqlite3"
    src.parent.mkdir()
    store = Store.open(src)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    store.import_records(rec(base + timedelta(minutes=30 * i)) for i in range(rows))
    store.close()
    data = src.read_bytes()
    assert len(data) > 8 * 4096
    return data


# --- creating and migrating -----------------------------------------------------------------


def test_fresh_db_is_at_schema_version_wal_and_private(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = Store.open(path)
    try:
        assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
        assert store.notices == []
        assert store.count() == 0
        mode = store._db.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
        store.record(rec(NOW))
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        for side in ("-wal", "-shm"):
            side_path = path.with_name(path.name + side)
            if side_path.exists():
                assert stat.S_IMODE(side_path.stat().st_mode) & 0o077 == 0
    finally:
        store.close()
    assert user_version(path) == SCHEMA_VERSION
    # WAL is a property of the file, so it survives closing
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_v1_db_is_migrated_row_kept_and_schema_identical_to_fresh(tmp_path: Path) -> None:
    old, fresh = tmp_path / "old.sqlite3", tmp_path / "fresh.sqlite3"
    make_v1(old)
    assert user_version(old) == 1
    store = Store.open(old)
    assert store.schema_version == SCHEMA_VERSION
    assert store.notices == []
    records = list(store.all_records())
    store.close()
    assert records == [
        BreakRecord(
            due_at=datetime(2026, 1, 5, 10, tzinfo=CET),
            ended_at=datetime(2026, 1, 5, 10, 1, tzinfo=CET),
            kind="long",
            outcome="skipped",
            snoozes=1,
            card_ids=("walk", "chin_tuck"),
            duration_s=12,
        )
    ]
    Store.open(fresh).close()
    assert master(old) == master(fresh)
    assert {r[1] for r in master(fresh)} >= {"breaks", "breaks_due", "state"}


def test_migrated_db_accepts_unconfirmed(tmp_path: Path) -> None:
    # Schema 1-3 refused any outcome but the four first ones in a CHECK constraint.
    old = tmp_path / "old.sqlite3"
    make_v1(old)
    store = Store.open(old)
    try:
        unconfirmed = dataclasses.replace(rec(NOW), outcome="unconfirmed")
        assert store.record(unconfirmed)
        assert [r.outcome for r in store.all_records()] == ["skipped", "unconfirmed"]
    finally:
        store.close()


def test_reopening_a_current_db_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = Store.open(path)
    store.record(rec(NOW))
    store.set_state("planner", {"phase": "waiting"})
    store.close()
    before = master(path)
    store = Store.open(path)
    assert store.notices == []
    assert store.count() == 1 and store.get_state("planner") == {"phase": "waiting"}
    store.close()
    assert master(path) == before
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_migration_is_skipped_when_another_process_already_ran_it(tmp_path: Path) -> None:
    """The app and a CLI command open a v1 file at once; the loser of the race must not re-run a
    step (it would fail with "table state already exists")."""
    path = tmp_path / "history.sqlite3"
    make_v1(path)
    winner = sqlite3.connect(path, isolation_level=None)
    loser = sqlite3.connect(path, isolation_level=None)

    class RaceAfterFirstRead:
        """Delegates to ``loser``; right after it reads the version, the winner migrates."""

        def __init__(self) -> None:
            self.raced = False

        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            cur = loser.execute(sql, *args)
            if sql == "PRAGMA user_version" and not self.raced:
                self.raced = True
                stale = cur.fetchall()
                migrate(winner)
                return loser.execute("SELECT ?", (stale[0][0],))
            return cur

    try:
        migrate(RaceAfterFirstRead())  # type: ignore[arg-type]
        assert loser.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        winner.close()
        loser.close()
    assert master(path) == master_of_fresh(tmp_path)


def master_of_fresh(tmp_path: Path) -> list[tuple[str, str, str, str | None]]:
    fresh = tmp_path / "fresh-for-compare.sqlite3"
    Store.open(fresh).close()
    return master(fresh)


# --- refusing and moving aside --------------------------------------------------------------


@pytest.mark.parametrize("wal", [False, True])
def test_newer_schema_is_refused_and_not_touched(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "history.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    if wal:
        db.execute("PRAGMA journal_mode=WAL")
    MIGRATIONS[0](db)
    db.execute("CREATE TABLE from_the_future (x)")
    db.execute("PRAGMA user_version = 99")
    db.close()
    before = sha256(path)
    listing = sorted(os.listdir(tmp_path))
    with pytest.raises(StoreError) as err:
        Store.open(path)
    message = str(err.value)
    assert "\n" not in message
    assert str(path) in message and "newer" in message
    assert sha256(path) == before
    assert sorted(os.listdir(tmp_path)) == listing  # no -wal/-shm, nothing moved aside


def damaged_variants(good: bytes) -> dict[str, bytes]:
    return {
        "random": os.urandom(16384),
        "text": b"this is my shopping list, not a database\n" * 100,
        "truncated_half": good[: len(good) // 2],
        "truncated_page": good[:4096],
        "truncated_header": good[:60],
        "zeroed_header": bytes(100) + good[100:],
    }


@pytest.mark.parametrize(
    "variant",
    ["random", "text", "truncated_half", "truncated_page", "truncated_header", "zeroed_header"],
)
def test_damaged_file_is_moved_aside_byte_for_byte_and_a_fresh_one_started(
    tmp_path: Path, variant: str
) -> None:
    data = damaged_variants(healthy_db_bytes(tmp_path))[variant]
    path = tmp_path / "history.sqlite3"
    path.write_bytes(data)
    store = Store.open(path, now=NOW)
    try:
        kept = tmp_path / f"history.sqlite3.corrupt-{STAMP}"
        assert kept.read_bytes() == data
        assert store.count() == 0
        assert store.schema_version == SCHEMA_VERSION
        assert len(store.notices) == 1
        assert kept.name in store.notices[0] and "\n" not in store.notices[0]
        store.record(rec(NOW))
    finally:
        store.close()
    assert Store.open(path).count() == 1
    # nothing else appeared beside the kept file (no stray -wal/-shm of the damaged one)
    assert sorted(p.name for p in tmp_path.glob("history.sqlite3.corrupt-*")) == [kept.name]


def test_failed_integrity_check_is_moved_aside(tmp_path: Path) -> None:
    """A file SQLite opens fine but whose pages are inconsistent (quick_check fails)."""
    good = bytearray(healthy_db_bytes(tmp_path))
    # scribble over the middle of the data pages, keep page 1 (header + schema) intact
    for i in range(3 * 4096, 6 * 4096, 7):
        good[i] = 0xFF
    path = tmp_path / "history.sqlite3"
    path.write_bytes(bytes(good))
    store = Store.open(path, now=NOW)
    store.close()
    assert (tmp_path / f"history.sqlite3.corrupt-{STAMP}").read_bytes() == bytes(good)
    assert len(store.notices) == 1


def test_second_move_aside_in_the_same_second_does_not_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"first damaged file" * 10)
    Store.open(path, now=NOW).close()
    path.unlink()
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    path.write_bytes(b"second damaged file" * 10)
    store = Store.open(path, now=NOW)
    store.close()
    first = tmp_path / f"history.sqlite3.corrupt-{STAMP}"
    second = tmp_path / f"history.sqlite3.corrupt-{STAMP}-2"
    assert first.read_bytes() == b"first damaged file" * 10
    assert second.read_bytes() == b"second damaged file" * 10
    assert second.name in store.notices[0]


def test_empty_file_is_a_valid_empty_db(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.touch()
    store = Store.open(path)
    assert store.notices == [] and store.schema_version == SCHEMA_VERSION
    store.close()


def test_a_directory_at_the_path_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.mkdir()
    (path / "precious.txt").write_text("mine")
    with pytest.raises(StoreError) as err:
        Store.open(path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)
    assert (path / "precious.txt").read_text() == "mine"


def test_cannot_create_when_the_parent_is_a_file(tmp_path: Path) -> None:
    parent = tmp_path / "not-a-folder"
    parent.write_text("x")
    with pytest.raises(StoreError) as err:
        Store.open(parent / "history.sqlite3")
    assert "cannot open the history" in str(err.value) and "\n" not in str(err.value)


def test_missing_parent_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        Store.open(tmp_path / "nowhere" / "history.sqlite3")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read and write any file")
def test_unreadable_file_is_refused_not_moved(tmp_path: Path) -> None:  # pragma: no cover
    path = tmp_path / "history.sqlite3"
    Store.open(path).close()
    path.chmod(0)
    try:
        with pytest.raises(StoreError) as err:
            Store.open(path)
        assert "cannot read" in str(err.value)
        assert not list(tmp_path.glob("*.corrupt-*"))
    finally:
        path.chmod(0o600)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write a read-only file")
def test_read_only_file_fails_on_write_with_a_clear_message(
    tmp_path: Path,
) -> None:  # pragma: no cover
    path = tmp_path / "history.sqlite3"
    Store.open(path).close()
    path.chmod(0o400)
    try:
        try:
            store = Store.open(path)
        except StoreError as exc:
            assert str(path) in str(exc)
            return
        with pytest.raises(StoreError) as err:
            store.record(rec(NOW))
        assert "cannot record" in str(err.value)
        store.close()
    finally:
        path.chmod(0o600)


# --- records and queries --------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "history.sqlite3")
    yield s
    s.close()


def test_record_and_between_half_open_in_due_order(store: Store) -> None:
    t = datetime(2026, 3, 2, 9, 0, tzinfo=CET)
    later = rec(t + timedelta(hours=2), kind="long", outcome="skipped", cards=("walk",))
    first = rec(t, snoozes=2)
    natural = rec(t + timedelta(hours=1), outcome="natural", cards=(), duration_s=0)
    assert store.record(later) and store.record(first) and store.record(natural)
    assert store.between(t, t + timedelta(hours=3)) == [first, natural, later]
    assert store.between(t, t + timedelta(hours=2)) == [first, natural]  # end is exclusive
    assert store.between(t + timedelta(seconds=1), t + timedelta(hours=5)) == [natural, later]
    # the zone a record was written in survives the round trip
    assert store.between(t, t + timedelta(hours=1))[0].due_at.utcoffset() == timedelta(hours=1)


def test_recording_the_same_break_twice_is_a_no_op(store: Store) -> None:
    r = rec(NOW)
    assert store.record(r) is True
    assert store.record(r) is False
    assert store.record(rec(NOW, kind="long")) is True
    assert store.count() == 2
    assert store.has(r) and not store.has(rec(NOW, outcome="skipped"))


def test_two_breaks_due_in_the_same_second_are_both_kept_as_they_are(store: Store) -> None:
    """break-now, Done, break-now within one second: two micro-breaks due at 14:03:07. Both are
    recorded with their real due time (nothing moved to a free second)."""
    first = dataclasses.replace(rec(NOW, duration_s=0), ended_at=NOW)
    second = rec(NOW, cards=("walk",))
    skipped = rec(NOW, outcome="skipped")
    assert store.record(first) and store.record(second) and store.record(skipped)
    assert store.record(second) is False  # the very same record again
    got = store.between(NOW, NOW + timedelta(seconds=1))
    assert sorted(got, key=repr) == sorted([first, second, skipped], key=repr)
    assert all(r.due_at == NOW for r in got)


def test_schema_5_file_migrates_to_the_new_break_key(tmp_path: Path) -> None:
    """A history written by schema 5 (unique on due second + kind + machine) keeps its rows and
    takes a second break due in the same second after the migration."""
    path = tmp_path / "v5.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    migrate(db, target=5)
    db.execute(
        "INSERT INTO breaks (due_at, due_ts, ended_at, kind, outcome, snoozes, card_ids, "
        "duration_s, machine, record_id) VALUES (?, ?, ?, 'micro', 'done', 0, 'chin_tuck', 30, "
        "'', ?)",
        (
            NOW.isoformat(),
            int(NOW.timestamp()),
            (NOW + timedelta(seconds=45)).isoformat(),
            "0" * 32,
        ),
    )
    with pytest.raises(sqlite3.IntegrityError):  # the old key: one micro-break per second
        db.execute(
            "INSERT INTO breaks (due_at, due_ts, ended_at, kind, outcome, record_id) "
            "VALUES (?, ?, ?, 'micro', 'skipped', ?)",
            (NOW.isoformat(), int(NOW.timestamp()), NOW.isoformat(), "1" * 32),
        )
    db.close()
    assert user_version(path) == 5
    store = Store.open(path)
    try:
        assert store.schema_version == SCHEMA_VERSION == 6
        assert list(store.all_records()) == [rec(NOW)]
        assert store.record(rec(NOW)) is False  # the row already there
        other = dataclasses.replace(rec(NOW, outcome="skipped"), ended_at=NOW, duration_s=0)
        assert store.record(other) is True
        assert store.count() == 2
        assert store.import_records([rec(NOW), other]) == 0  # importing again: nothing new
        index = store.connection.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'breaks_due'"
        ).fetchone()[0]
        assert "ended_at, outcome, card_ids" in index and "UNIQUE" in index
    finally:
        store.close()


def test_import_is_idempotent(store: Store) -> None:
    base = datetime(2026, 2, 1, 8, tzinfo=UTC)
    batch = [rec(base + timedelta(minutes=30 * i)) for i in range(50)]
    assert store.import_records(batch) == 50
    assert store.import_records(batch) == 0
    assert store.import_records(iter(batch)) == 0
    assert store.count() == 50
    assert list(store.all_records()) == batch


def test_import_is_all_or_nothing(store: Store) -> None:
    base = datetime(2026, 2, 1, 8, tzinfo=UTC)

    def rows() -> Iterator[BreakRecord]:
        yield rec(base)
        yield rec(base + timedelta(hours=1))
        raise ValueError("row 3 is bad")

    with pytest.raises(ValueError):
        store.import_records(rows())
    assert store.count() == 0
    assert store.import_records([rec(base)]) == 1  # the store still works afterwards


def test_recent_card_ids_oldest_first_and_limited(store: Store) -> None:
    base = datetime(2026, 2, 1, 8, tzinfo=UTC)
    store.record(rec(base, cards=("a", "b")))
    store.record(rec(base + timedelta(minutes=60), outcome="natural", cards=()))
    store.record(rec(base + timedelta(minutes=30), cards=("c",)))
    store.record(rec(base + timedelta(minutes=90), cards=("d", "e")))
    assert store.recent_card_ids() == ["a", "b", "c", "d", "e"]
    assert store.recent_card_ids(limit=3) == ["c", "d", "e"]
    assert store.recent_card_ids(limit=1) == ["e"]


def test_state_round_trips_and_overwrites(store: Store, tmp_path: Path) -> None:
    assert store.get_state("planner") is None
    store.set_state("planner", {"phase": "paused", "until": "2026-02-01T18:00:00+00:00"})
    store.set_state("planner", {"phase": "waiting", "n": [1, 2]})
    store.set_state("other", 3)
    assert store.get_state("planner") == {"phase": "waiting", "n": [1, 2]}
    store.close()
    again = Store.open(tmp_path / "history.sqlite3")
    assert again.get_state("planner") == {"phase": "waiting", "n": [1, 2]}
    assert again.get_state("other") == 3
    again.close()


def test_record_is_committed_immediately(store: Store, tmp_path: Path) -> None:
    """What a kill -9 right after record() would leave: another connection sees it."""
    store.record(rec(NOW))
    other = sqlite3.connect(tmp_path / "history.sqlite3")
    assert other.execute("SELECT count(*) FROM breaks").fetchone()[0] == 1
    other.close()


def test_local_day_boundary(store: Store) -> None:
    zone = timezone(timedelta(hours=1))
    before_midnight = rec(datetime(2026, 3, 2, 23, 59, 59, tzinfo=zone))
    at_midnight = rec(datetime(2026, 3, 3, 0, 0, 0, tzinfo=zone))
    store.record(before_midnight)
    store.record(at_midnight)
    monday = datetime(2026, 3, 2, tzinfo=zone)
    tuesday = monday + timedelta(days=1)
    assert store.between(monday, tuesday) == [before_midnight]
    assert store.between(tuesday, tuesday + timedelta(days=1)) == [at_midnight]
    # the same records, stored in UTC, still fall on the right local day
    assert [r.due_at for r in store.between(monday.astimezone(UTC), tuesday.astimezone(UTC))] == [
        before_midnight.due_at
    ]


def test_records_reject_nonsense() -> None:
    naive = datetime(2026, 1, 1, 9, 0)
    with pytest.raises(ValueError):
        BreakRecord(naive, naive, "micro", "done")
    with pytest.raises(ValueError):
        rec(NOW, kind="medium")
    with pytest.raises(ValueError):
        rec(NOW, outcome="ignored")
    with pytest.raises(ValueError):
        rec(NOW, snoozes=-1)
