"""core/sync.py's bulk path (one regex scan per journal, SQLite computing due_ts) gives exactly
what the general, line-by-line path gives: same rows, same skipped lines, same offsets."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from posture_break.core import sync, sync_identity, sync_journal, sync_lines
from posture_break.core.model import OUTCOMES
from posture_break.core.store import Store
from posture_break.core.sync import JOURNAL_ROOT, Syncer
from posture_break.core.sync_identity import Identity
from posture_break.core.sync_lines import (
    FAST_MAX_LINE,
    fast_records,
    header_line,
    parse_record,
    record_line,
)

M = "0123456789abcdef"
NOW = datetime(2026, 11, 2, 12, 0, tzinfo=timezone.utc)
ZONES = [ZoneInfo(z) for z in ("Europe/Berlin", "America/St_Johns", "Asia/Kathmandu", "UTC")]
COLUMNS = (
    "due_at, due_ts, ended_at, kind, outcome, snoozes, card_ids, duration_s, machine, record_id"
)


def line(**change: Any) -> str:
    rec: dict[str, Any] = {
        "id": "a1b2c3d4e5f60718",
        "due_at": "2026-03-02T09:00:00+01:00",
        "ended_at": "2026-03-02T09:00:40+01:00",
        "kind": "micro",
        "outcome": "done",
        "snoozes": 0,
        "card_ids": "chin_tuck",
        "duration_s": 30,
    }
    rec.update(change)
    row = tuple(rec[k] for k in ("id", "due_at", "ended_at", "kind", "outcome", "snoozes"))
    out = record_line(M, (*row, rec["card_ids"], rec["duration_s"]))
    return out.decode("utf-8").rstrip("\n")


def edge_lines() -> list[str]:
    times = [
        "2024-02-29T23:59:59+01:00",  # leap day
        "2000-02-29T00:00:00+00:00",  # leap (divisible by 400)
        "2100-02-28T12:00:00-05:00",  # MAX_YEAR
        "2100-12-31T23:59:59-12:00",
        "1970-01-01T00:30:00+01:00",  # before the epoch in UTC
        "1970-01-01T00:00:00-00:00",
        "2026-04-30T10:00:00+05:45",
        "2026-10-25T02:30:00+02:00",  # the DST hour, both offsets
        "2026-10-25T02:30:00+01:00",
        "2026-11-01T01:30:00-02:30",
        "2026-12-31T23:00:00+23:59",  # Python takes these, SQLite does not: the general way
        "2026-12-31T23:00:00+14:01",
        "2026-12-31T23:00:00+15:00",
        "2026-12-31T23:00:00+14:00",
        "2026-12-31T23:00:00-14:00",
        "2026-12-31T23:00:00-12:00",
        "2026-12-31T23:00:00-23:59",
        # not times that exist or that the history holds: the general path says why
        "2023-02-29T09:00:00+01:00",
        "2100-02-29T09:00:00+01:00",
        "1900-02-29T09:00:00+01:00",
        "2026-04-31T09:00:00+01:00",
        "2026-13-01T09:00:00+01:00",
        "2026-00-10T09:00:00+01:00",
        "2026-01-00T09:00:00+01:00",
        "2026-01-32T09:00:00+01:00",
        "2026-01-01T24:00:00+01:00",
        "2026-01-01T23:60:00+01:00",
        "2026-01-01T23:00:60+01:00",
        "2026-01-01T23:00:00+24:00",
        "2026-01-01T23:00:00+01:60",
        "1969-12-31T23:00:00+00:00",
        "2101-01-01T00:00:00+00:00",
        "2026-01-01T23:00:00Z",
        "2026-01-01 23:00:00+01:00",
        "2026-01-01T23:00:00.5+01:00",
        "٢٠٢٦-01-01T23:00:00+01:00",
    ]
    out = []
    for t in times:
        out += [line(due_at=t), line(ended_at=t)]
    for n in (0, 1, 999, 1000, 1001, 10**6):
        out += [line(snoozes=n)]
    for n in (0, 1, 86399, 86400, 86401, 99999, 10**6):
        out += [line(duration_s=n)]
    for cards in ("", "a", "a;b", "a;b;c", "ü-ß-漢字", "x" * 100, "x" * 101, ";".join("c" * 32)):
        out += [line(card_ids=cards)]
    out += [
        line(card_ids=";".join(f"card{i}" for i in range(32))),
        line(card_ids=";".join(f"card{i}" for i in range(33))),
        line(id="short"),
        line(id="x" * 64),
        line(id="x" * 65),
        line(id="with space-1234"),
        line(kind="medium"),
        line(outcome="unconfirmed"),
        line(outcome="later"),
        line().replace('"snoozes":0', '"snoozes":00'),
        line().replace('"snoozes":0', '"snoozes":-1'),
        line().replace('"duration_s":30', '"duration_s":30.0'),
        line().replace('"card_ids":["chin_tuck"]', '"card_ids":["a,b"]'),
        line().replace('"card_ids":["chin_tuck"]', '"card_ids":["a\\"b"]'),
        line().replace('"card_ids":["chin_tuck"]', '"card_ids":[""]'),
        line().replace(M, "fedcba9876543210"),
        line().replace(",", ", "),
        line() + " ",
        line() + "\r",
        "",
        "{}",
        "not json",
    ]
    return out


def random_lines(rng: random.Random, n: int) -> list[str]:
    out = []
    for i in range(n):
        zone = rng.choice(ZONES)
        due = datetime(1971, 1, 1, tzinfo=timezone.utc) + timedelta(
            seconds=rng.randrange(129 * 365 * 86400)
        )
        due = due.astimezone(zone)
        ended = due + timedelta(seconds=rng.randrange(4000))
        cards = ";".join(rng.choice(("walk", "ü", "neck_roll")) for _ in range(rng.randrange(4)))
        out.append(
            line(
                id=f"{i:016x}{rng.getrandbits(64):016x}",
                due_at=due.isoformat(timespec="seconds"),
                ended_at=ended.isoformat(timespec="seconds"),
                kind=rng.choice(("micro", "long")),
                outcome=rng.choice(OUTCOMES),
                snoozes=rng.choice((0, 1, 3, 1000)),
                card_ids=cards,
                duration_s=rng.choice((0, 30, 86400)),
            )
        )
    return out


def stored(store: Store) -> list[tuple[Any, ...]]:
    return store.connection.execute(f"SELECT {COLUMNS} FROM breaks ORDER BY id").fetchall()


def test_fast_pattern_takes_only_what_parse_record_takes_and_stores_the_same(
    tmp_path: Path,
) -> None:
    lines = edge_lines() + random_lines(random.Random(16), 3000)
    fast_store = Store.open(tmp_path / "fast.sqlite3")
    slow_store = Store.open(tmp_path / "slow.sqlite3")
    taken = refused = 0
    for i, text in enumerate(lines):
        fast = fast_records(text + "\n", M)
        try:
            slow = parse_record(text.encode("utf-8"), M)
        except ValueError:
            assert fast is None, f"the pattern takes a line the general path refuses: {text}"
            refused += 1
            continue
        if fast is None:
            continue  # taken by the general path alone (another writer's form)
        assert len(fast) == 1
        taken += 1
        assert fast[0] == slow_as_fast(slow)
        # a record id unique per line, so every line taken is stored by both
        rid = f"r{i:07d}{slow[9]}"[:64]
        fast_store.connection.executemany(sync_lines.fast_sql(M), [(rid, *fast[0][1:])])
        slow_store.connection.executemany(Store._INSERT, [(*slow[:9], rid)])
    assert stored(fast_store) == stored(slow_store)
    ts = [r[1] for r in stored(fast_store)]
    assert ts == [int(datetime.fromisoformat(r[0]).timestamp()) for r in stored(fast_store)]
    assert taken >= 3000 and refused >= 30
    # every line record_line writes, with times the history holds, goes the fast way
    assert all(fast_records(t + "\n", M) is not None for t in random_lines(random.Random(1), 500))
    fast_store.close()
    slow_store.close()


def slow_as_fast(row: tuple[Any, ...]) -> tuple[str, ...]:
    """A parse_record row in the shape of fast_records' groups."""
    due_at, _ts, ended_at, kind, outcome, snoozes, cards, duration, _machine, rid = row
    joined = ",".join(f'"{c}"' for c in cards.split(";") if c)
    return (rid, due_at, ended_at, kind, outcome, str(snoozes), joined, str(duration))


def test_fast_pattern_line_bound_and_wrong_machine() -> None:
    longest = line(id="x" * 64, card_ids=";".join("漢" * 100 for _ in range(32)))
    assert fast_records(longest + "\n", M) is not None
    assert len(longest.encode("utf-8")) <= FAST_MAX_LINE <= sync.MAX_LINE_BYTES
    assert fast_records(line() + "\n", "fedcba9876543210") is None
    assert fast_records(line() + "\n" + line() + "\n", M) is not None
    assert fast_records(line() + "\n\n", M) is None  # a blank line: the general way


def write_folder(folder: Path, rng: random.Random) -> None:
    """Three machines' journals as a sync folder really holds them."""
    machines = ["1111111111111111", "2222222222222222", "3333333333333333"]
    for n, machine in enumerate(machines):
        ident = Identity(machine, f"host{n}", "nonce", "2021-01-01T00:00:00Z", "fp")
        out = folder / JOURNAL_ROOT / machine
        out.mkdir(parents=True)
        zone = ZONES[n]
        start = datetime(2024, 1, 1, 9, tzinfo=zone)
        by_month: dict[str, list[bytes]] = {}
        for i in range(4000):
            due = (start + timedelta(minutes=367 * i + n)).astimezone(zone)
            due_s = due.isoformat(timespec="seconds")
            end_s = (due + timedelta(seconds=40)).isoformat(timespec="seconds")
            row = (
                f"{machine[:4]}{i:012x}{n}",
                due_s,
                end_s,
                "long" if i % 5 == 4 else "micro",
                rng.choice(OUTCOMES),
                i % 3,
                rng.choice(("", "walk", "walk;neck_roll")),
                rng.choice((0, 35, 600)),
            )
            month = due.astimezone(timezone.utc).strftime("%Y-%m")
            by_month.setdefault(month, []).append(record_line(machine, row))
        for month, lines in by_month.items():
            (out / f"{month}.jsonl").write_bytes(header_line(ident) + b"".join(lines))
    first = folder / JOURNAL_ROOT / machines[0]
    # a conflict copy holding the same records (and one more)
    base = (first / "2024-02.jsonl").read_bytes()
    due, end = "2024-02-10T10:00:00+01:00", "2024-02-10T10:00:40+01:00"
    extra = record_line(machines[0], ("conflict0001", due, end, "micro", "done", 0, "", 30))
    (first / "2024-02.sync-conflict-20240301-120000-ABCDEFG.jsonl").write_bytes(base + extra)
    # a damaged line, a foreign line, a torn last line, a blank line, another writer's spacing
    damaged = first / "2024-03.jsonl"
    data = damaged.read_bytes().split(b"\n")
    data[5] = data[5][:40]
    data[7] = data[7].replace(machines[0].encode(), machines[1].encode())
    damaged.write_bytes(b"\n".join(data))
    second = folder / JOURNAL_ROOT / machines[1]
    torn = second / "2024-04.jsonl"
    torn.write_bytes(torn.read_bytes() + b'{"id":"torn00000001","machine":"2222')
    blank = second / "2024-05.jsonl"
    blank.write_bytes(blank.read_bytes() + b"\n")
    spaced = folder / JOURNAL_ROOT / machines[2] / "2024-06.jsonl"
    lines = spaced.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b'","', b'", "')
    spaced.write_bytes(b"\n".join(lines))


def merged(tmp_path: Path, name: str, folder: Path, **kw: Any) -> tuple[Store, sync.SyncReport]:
    data = tmp_path / name
    data.mkdir()
    store = Store.open(data / "history.sqlite3")
    ident = sync_identity.new_identity("here", "fp-here", NOW)
    syncer = Syncer(store, folder, ident, data_dir=data, now=lambda: NOW, **kw)
    return store, syncer.merge()


def test_bulk_merge_equals_line_by_line_merge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "Sync"
    write_folder(folder, random.Random(7))
    monkeypatch.setattr(sync, "_MERGE_BATCH", 5000)  # several commits, as on years of history
    calls = 0
    general = sync_journal.parse_record

    def counted(line: bytes | str, machine: str) -> tuple[Any, ...]:
        nonlocal calls
        calls += 1
        return general(line, machine)

    monkeypatch.setattr(sync_journal, "parse_record", counted)
    bulk, bulk_report = merged(tmp_path, "bulk", folder)
    bulk_calls, calls = calls, 0
    # max_line under FAST_MAX_LINE: every line goes the general way (no line here is that long)
    lined, lined_report = merged(tmp_path, "lined", folder, max_line=FAST_MAX_LINE - 1)
    assert calls > 11_000
    assert bulk_calls < 1000  # only the files with a line the pattern does not take

    assert (
        bulk_report.added == lined_report.added == 3 * 4000 - 2 + 1
    )  # 2 bad lines, the copy's one more
    assert bulk_report.problems == lined_report.problems
    assert len(bulk_report.problems) == 2  # the damaged and the foreign line, with reasons
    assert stored(bulk) == stored(lined)
    files = "SELECT path, machine, offset, size, head_hash, tail_hash, gone FROM sync_files"
    assert bulk.connection.execute(files).fetchall() == lined.connection.execute(files).fetchall()
    assert bulk.connection.execute("SELECT * FROM machines").fetchall() == (
        lined.connection.execute("SELECT * FROM machines").fetchall()
    )
    # due_ts as Python computes it, for every zone's offsets
    for due_at, due_ts in bulk.connection.execute("SELECT due_at, due_ts FROM breaks"):
        assert due_ts == int(datetime.fromisoformat(due_at).timestamp())
    assert bulk.connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert bulk.connection.execute("PRAGMA ignore_check_constraints").fetchone() == (0,)
    with pytest.raises(sqlite3.IntegrityError):
        bulk.connection.execute(
            "INSERT INTO breaks (due_at, due_ts, ended_at, kind, outcome) "
            "VALUES ('x', 1, 'x', 'medium', 'done')"
        )


def test_failed_commit_keeps_nothing_and_checks_come_back(tmp_path: Path) -> None:
    folder = tmp_path / "Sync"
    write_folder(folder, random.Random(7))
    store, _ = merged(tmp_path, "a", folder)
    syncer = Syncer(
        store,
        folder,
        sync_identity.new_identity("h", "f", NOW),
        data_dir=tmp_path / "a",
        now=lambda: NOW,
    )
    count = store.count()
    st = (folder / JOURNAL_ROOT).stat()
    mark = (9, st, b"", b"")
    bad = sync_journal.JournalRead(
        "x/2030-01.jsonl", "4444444444444444", [("too", "few")], None, mark
    )
    good = sync_journal.JournalRead("y/2030-01.jsonl", "5555555555555555", [], None, mark)
    report = syncer._commit([good, bad])  # the general insert
    bad.fast = True
    report2 = syncer._commit([good, bad])  # the bulk insert
    for r in (report, report2):
        assert r.added == 0 and r.problems and "cannot import" in r.problems[0]
    assert store.count() == count
    assert store.connection.execute(
        "SELECT count(*) FROM sync_files WHERE path LIKE '%2030-01%'"
    ).fetchone() == (0,)
    assert store.connection.execute("PRAGMA ignore_check_constraints").fetchone() == (0,)
    assert not store.connection.in_transaction


def test_crash_in_the_middle_of_a_merge_redoes_only_what_was_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "Sync"
    write_folder(folder, random.Random(7))
    clean, clean_report = merged(tmp_path, "clean", folder)
    monkeypatch.setattr(sync, "_MERGE_BATCH", 3000)
    data = tmp_path / "crash"
    data.mkdir()
    store = Store.open(data / "history.sqlite3")
    ident = sync_identity.new_identity("here", "fp-here", NOW)
    syncer = Syncer(store, folder, ident, data_dir=data, now=lambda: NOW)
    saves = 0
    save = Syncer._save_file

    def dies(self: Syncer, *args: Any) -> None:
        nonlocal saves
        saves += 1
        if saves == 40:  # in the middle of the second or third transaction
            raise SystemExit("killed")
        save(self, *args)

    monkeypatch.setattr(Syncer, "_save_file", dies)
    with pytest.raises(SystemExit):
        syncer.merge()
    store.connection.close()  # the process is gone: what was not committed is not kept
    monkeypatch.setattr(Syncer, "_save_file", save)
    store = Store.open(data / "history.sqlite3")
    kept = store.count()
    assert 0 < kept < clean.count()
    again = Syncer(store, folder, ident, data_dir=data, now=lambda: NOW).merge()
    assert kept + again.added == clean_report.added
    assert sorted(r[1:] for r in stored(store)) == sorted(r[1:] for r in stored(clean))
    assert (
        store.connection.execute(
            "SELECT count(*) FROM breaks GROUP BY record_id HAVING count(*) > 1"
        ).fetchall()
        == []
    )


def test_fast_pattern_every_day_of_every_year_and_every_offset() -> None:
    """The pattern's calendar is Python's, for every day of the years the history holds (and
    one either side); its offsets are the ones SQLite turns into the same instant as Python."""

    def ok(text: str) -> bool:
        try:
            parse_record(text.encode("utf-8"), M)
        except ValueError:
            return False
        return True

    days = 0
    for year in range(1969, 2102):
        for month in range(0, 14):
            for day in (0, 1, 28, 29, 30, 31, 32):
                for field in ("due_at", "ended_at"):
                    text = line(**{field: f"{year:04d}-{month:02d}-{day:02d}T12:00:00+01:00"})
                    fast = fast_records(text + "\n", M) is not None
                    assert fast == ok(text), text
                    days += fast
    # 131 years of days 1, 28, 29, 30, 31 where they exist (12+12+11+11+7), 32 leap days
    assert days == 2 * (131 * 53 + 32)
    db = sqlite3.connect(":memory:")
    offsets = 0
    for sign in "+-":
        for hours in range(0, 25):
            for minutes in (0, 1, 30, 45, 59, 60):
                due = f"2026-06-15T12:00:00{sign}{hours:02d}:{minutes:02d}"
                text = line(due_at=due)
                if fast_records(text + "\n", M) is None:
                    continue
                offsets += 1
                assert ok(text)
                (ts,) = db.execute("SELECT CAST(strftime('%s', ?) AS INTEGER)", (due,)).fetchone()
                assert ts == int(datetime.fromisoformat(due).timestamp()), due
    assert offsets == 2 * (14 * 5 + 1)  # 00:00..13:59 (5 minute values each) and 14:00
