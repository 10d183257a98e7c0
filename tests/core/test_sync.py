"""core/sync.py: journals in a shared folder, merged into each machine's history."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from posture_break.core import stats
from posture_break.core.settings import Settings, load_settings
from posture_break.core.store import BreakRecord, Store
from posture_break.core.sync import JOURNAL_ROOT, Syncer, expand_folder, is_journal_name
from posture_break.core.sync_identity import Identity, load_identity
from posture_break.core.sync_lines import parse_record, record_line
from posture_break.core.sync_machines import MachineView, machines_seen, resolve_machine

UTC = timezone.utc
CET = timezone(timedelta(hours=1))
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=CET)


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.t = now

    def now(self) -> datetime:
        return self.t


class Machine:
    """One computer: its data dir, its own copy of the shared folder, its history."""

    def __init__(self, root: Path, name: str, clock: FakeClock) -> None:
        self.data = root / name / "data"
        self.folder = root / name / "Sync"
        self.data.mkdir(parents=True)
        self.folder.mkdir(parents=True)
        self.clock = clock
        self.store = Store.open(self.data / "history.sqlite3")
        self.identity, self.notices = load_identity(
            self.data, hostname=name, fingerprint=f"fp-{name}", now=clock.now()
        )
        self.syncer = Syncer(
            self.store, self.folder, self.identity, data_dir=self.data, now=clock.now
        )

    def record(self, due: datetime, kind: str = "micro", outcome: str = "done") -> None:
        rec = BreakRecord(due, due + timedelta(seconds=40), kind, outcome, 0, ("walk",), 30)
        assert self.store.record(rec)
        report = self.syncer.publish()
        assert report.problems == [] and report.written == 1

    def rows(self) -> list[tuple[object, ...]]:
        return self.store.connection.execute(
            "SELECT record_id, due_at, ended_at, kind, outcome FROM breaks ORDER BY record_id"
        ).fetchall()

    def journal(self) -> Path:
        return self.syncer.own_dir


def sync_copy(src: Machine, dst: Machine, *, torn: bool = False) -> None:
    """What a sync tool does: bring src's copy of its own journal files into dst's folder."""
    for path in sorted(src.journal().glob("*.jsonl")):
        target = dst.folder / path.relative_to(src.folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = path.read_bytes()
        if torn:  # mid-sync: the bytes so far, cut inside the last line
            data = data[: len(data) - 7]
        target.write_bytes(data)


@pytest.fixture
def machines(tmp_path: Path) -> Iterator[list[Machine]]:
    clock = FakeClock(T0)
    ms = [Machine(tmp_path, n, clock) for n in ("laptop", "desktop", "office")]
    yield ms
    for m in ms:
        m.store.close()


def test_three_machines_every_record_exactly_once_and_equal_stats(
    machines: list[Machine],
) -> None:
    a, b, c = machines
    for day in range(10):
        base = T0 + timedelta(days=day)
        a.record(base)
        b.record(base)  # the same due second on two machines: two breaks
        c.record(base + timedelta(minutes=30), kind="long")
    # torn writes first, then the full files, then a conflict copy of a's current month
    for src in machines:
        for dst in machines:
            if src is not dst:
                sync_copy(src, dst, torn=True)
    for m in machines:
        assert m.syncer.merge().problems == []
    for src in machines:
        for dst in machines:
            if src is not dst:
                sync_copy(src, dst)
    month = a.journal() / "2026-03.jsonl"
    conflict = (
        b.folder
        / JOURNAL_ROOT
        / a.identity.machine_id
        / ("2026-03.sync-conflict-20260302-101010-ABCDEFG.jsonl")
    )
    shutil.copyfile(month, conflict)
    dropbox = (
        c.folder / JOURNAL_ROOT / a.identity.machine_id / "2026-03 (b's conflicted copy).jsonl"
    )
    shutil.copyfile(month, dropbox)
    for m in machines:
        report = m.syncer.merge()
        assert report.problems == []
        assert m.syncer.merge().added == 0
    expected = a.rows()
    assert len(expected) == 30
    for m in machines:
        assert m.rows() == expected
        assert m.store.count() == 30
    today = date(2026, 3, 11)
    settings = Settings()
    summaries = [
        stats.weekly_summary(
            m.store, settings, T0.date(), CET, today=today, card_areas={}
        ).to_json()
        for m in machines
    ]
    assert summaries[0] == summaries[1] == summaries[2]
    assert summaries[0]["totals"]["done"] == 21  # 7 days of the week x 3 machines
    # one machine only
    view = MachineView(a.store, resolve_machine(a.store, a.identity, "desktop") or "?")
    one = stats.weekly_summary(view, settings, T0.date(), CET, today=today, card_areas={})  # type: ignore[arg-type]
    assert one.totals.done == 7
    names = {m.name: m.rows for m in machines_seen(a.store, a.identity)}
    assert names == {"laptop": 10, "desktop": 10, "office": 10}


def test_half_written_line_waits_until_complete(machines: list[Machine]) -> None:
    a, b, _ = machines
    a.record(T0)
    a.record(T0 + timedelta(hours=1))
    src = a.journal() / "2026-03.jsonl"
    data = src.read_bytes()
    dst = b.folder / src.relative_to(a.folder)
    dst.parent.mkdir(parents=True)
    dst.write_bytes(data[:-20])
    assert b.syncer.merge().added == 1
    assert b.store.count() == 1
    dst.write_bytes(data)
    report = b.syncer.merge()
    assert report.added == 1 and report.problems == [] and report.notices == []
    assert b.store.count() == 2


def test_temp_and_hidden_files_are_ignored() -> None:
    assert is_journal_name("2026-03.jsonl")
    assert is_journal_name("2026-03.sync-conflict-20260302-101010-ABCDEFG.jsonl")
    assert is_journal_name("2026-03 (Bob's conflicted copy 2026-03-02).jsonl")
    assert not is_journal_name(".syncthing.2026-03.jsonl.tmp")
    assert not is_journal_name("~syncthing~2026-03.jsonl.tmp")
    assert not is_journal_name(".2026-03.jsonl.swp")
    assert not is_journal_name("notes.txt")


def test_temp_file_with_records_is_not_imported(machines: list[Machine]) -> None:
    a, b, _ = machines
    a.record(T0)
    src = a.journal() / "2026-03.jsonl"
    dst_dir = b.folder / JOURNAL_ROOT / a.identity.machine_id
    dst_dir.mkdir(parents=True)
    shutil.copyfile(src, dst_dir / ".syncthing.2026-03.jsonl.tmp")
    assert b.syncer.merge().added == 0
    assert b.store.count() == 0


def test_shrinking_and_disappearing_journal_keeps_history_and_says_so_once(
    machines: list[Machine],
) -> None:
    a, b, _ = machines
    for i in range(3):
        a.record(T0 + timedelta(hours=i))
    sync_copy(a, b)
    assert b.syncer.merge().added == 3
    dst = b.folder / JOURNAL_ROOT / a.identity.machine_id / "2026-03.jsonl"
    lines = dst.read_bytes().splitlines(keepends=True)
    dst.write_bytes(b"".join(lines[:2]))  # an older version brought back by the sync tool
    report = b.syncer.merge()
    assert report.added == 0 and len(report.notices) == 1 and "shrank" in report.notices[0]
    assert b.syncer.merge().notices == []
    assert b.store.count() == 3
    dst.unlink()
    report = b.syncer.merge()
    assert len(report.notices) == 1 and "disappeared" in report.notices[0]
    assert b.syncer.merge().notices == []
    assert b.store.count() == 3


def test_replaced_journal_of_same_size_is_read_again(machines: list[Machine]) -> None:
    a, b, _ = machines
    a.record(T0)
    sync_copy(a, b)
    assert b.syncer.merge().added == 1
    dst = b.folder / JOURNAL_ROOT / a.identity.machine_id / "2026-03.jsonl"
    text = dst.read_text()
    first_id = json.loads(text.splitlines()[1])["id"]
    other = text.replace(first_id, "f" * 32)
    dst.write_text(other + other.splitlines(keepends=True)[1].replace("f" * 32, "e" * 32))
    report = b.syncer.merge()
    assert any("replaced" in n for n in report.notices)
    assert b.store.count() == 1  # same break (due second + kind + machine): not counted twice


def test_damaged_and_foreign_lines_are_skipped_with_a_reason(machines: list[Machine]) -> None:
    a, b, _ = machines
    a.record(T0)
    a.record(T0 + timedelta(hours=1))
    sync_copy(a, b)
    dst = b.folder / JOURNAL_ROOT / a.identity.machine_id / "2026-03.jsonl"
    good = dst.read_bytes().splitlines(keepends=True)
    foreign = json.loads(good[1])
    foreign["machine"] = "0123456789abcdef"
    foreign["id"] = "1" * 32
    damaged = good[1][:30] + b"\xff\xfe garbage\n"
    bad_kind = json.loads(good[1])
    bad_kind.update(id="2" * 32, kind="nap")
    dst.write_bytes(
        good[0]
        + damaged
        + (json.dumps(foreign) + "\n").encode()
        + (json.dumps(bad_kind) + "\n").encode()
        + b"[1, 2]\n"
        + good[2]
    )
    report = b.syncer.merge()
    assert report.added == 1
    reasons = " | ".join(report.problems)
    assert "not JSON" in reasons
    assert "written for machine '0123456789abcdef'" in reasons
    assert "unknown kind or outcome" in reasons
    assert "not a JSON object" in reasons
    assert b.syncer.merge().problems == []  # said once: the offset moved past them


def test_line_and_file_caps(machines: list[Machine], tmp_path: Path) -> None:
    a, b, _ = machines
    a.record(T0)
    sync_copy(a, b)
    dst = b.folder / JOURNAL_ROOT / a.identity.machine_id / "2026-03.jsonl"
    with dst.open("ab") as fh:
        fh.write(b'{"pad": "' + b"x" * 20_000 + b'"}\n')
    report = b.syncer.merge()
    assert report.added == 1
    assert any("longer than" in p for p in report.problems)
    big = dst.with_name("2026-04.jsonl")
    big.write_bytes(b"x" * 2000)
    small = Syncer(b.store, b.folder, b.identity, data_dir=b.data, now=b.clock.now, max_file=1000)
    report = small.merge()
    assert any("over the 1000 byte limit" in p for p in report.problems)
    assert small.merge().problems == []


def test_disagreeing_clocks_keep_their_own_times(machines: list[Machine]) -> None:
    a, b, _ = machines
    b.clock.t = T0 + timedelta(days=400)  # b's clock is a year ahead: irrelevant to records
    skewed = T0 - timedelta(days=3, minutes=7)  # a's record is "in the past" for b
    a.record(skewed)
    a.record(T0 + timedelta(hours=2))
    sync_copy(a, b)
    assert b.syncer.merge().added == 2
    got = b.store.connection.execute("SELECT due_at FROM breaks ORDER BY due_ts").fetchall()
    assert [r[0] for r in got] == [
        skewed.isoformat(timespec="seconds"),
        (T0 + timedelta(hours=2)).isoformat(timespec="seconds"),
    ]


def test_missing_and_read_only_folder_give_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock(T0)
    m = Machine(tmp_path, "laptop", clock)
    m.store.record(BreakRecord(T0, T0, "micro", "done"))
    gone = Syncer(m.store, tmp_path / "nope", m.identity, data_dir=m.data, now=clock.now)
    report = gone.sync()
    assert report.problems == [
        f"sync folder {tmp_path / 'nope'} does not exist (is it mounted?); local history goes on"
    ]
    assert m.store.count() == 1
    m.folder.chmod(0o500)
    if os.geteuid() == 0:  # root writes anywhere: make the folder look as a read-only mount does
        real_access = os.access
        monkeypatch.setattr(
            os, "access", lambda p, mode: False if Path(p) == m.folder else real_access(p, mode)
        )
    try:
        report = m.syncer.sync()
        assert report.problems[0] == (
            f"sync folder {m.folder} is read-only; this machine's breaks are not shared"
        )
        assert m.store.count() == 1
    finally:
        m.folder.chmod(0o700)
        monkeypatch.undo()
    # once the folder is there and writable, everything recorded meanwhile is written
    assert m.syncer.publish().written == 1
    m.store.close()


def test_backfill_on_first_enable_then_only_new_records(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    m = Machine(tmp_path, "laptop", clock)
    old = [BreakRecord(T0 - timedelta(days=40 * i), T0, "micro", "done") for i in range(5)]
    assert m.store.import_records(old) == 5
    assert m.syncer.publish().written == 5
    months = sorted(p.name for p in m.journal().iterdir())
    assert months == [f"{m}.jsonl" for m in ("2025-09", "2025-11", "2025-12", "2026-01", "2026-03")]
    assert m.syncer.publish().written == 0
    first = (m.journal() / "2026-03.jsonl").read_text().splitlines()
    head = json.loads(first[0])
    assert head["machine"] == m.identity.machine_id and head["nonce"] == m.identity.nonce
    m.store.close()


def test_copied_data_folder_takes_a_new_id(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    a = Machine(tmp_path, "laptop", clock)
    clone = tmp_path / "clone"
    shutil.copytree(a.data, clone)
    ident, notices = load_identity(clone, hostname="laptop2", fingerprint="fp-other", now=T0)
    assert ident.machine_id != a.identity.machine_id and ident.name == "laptop2"
    assert len(notices) == 1 and "copied" in notices[0]
    again, notices = load_identity(clone, hostname="laptop2", fingerprint="fp-other", now=T0)
    assert again == ident and notices == []
    a.store.close()


def test_two_data_folders_writing_as_one_machine_newer_moves_on(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    a = Machine(tmp_path, "laptop", clock)
    b = Machine(tmp_path, "desktop", clock)
    # b claims a's id with its own nonce, taken later (what a copied home with the same
    # fingerprint but a re-made nonce looks like)
    twin = Identity(a.identity.machine_id, "desktop", "n" * 32, "2026-03-03T00:00:00+00:00", "x")
    b.syncer.identity = twin
    a.record(T0)
    sync_copy(a, b)
    b.store.record(BreakRecord(T0 + timedelta(hours=1), T0, "micro", "done"))
    report = b.syncer.publish()
    assert report.new_id is not None and report.new_id != a.identity.machine_id
    assert any("another data folder uses this machine's sync id" in n for n in report.notices)
    saved = json.loads((b.data / "machine.json").read_text())
    assert saved["machine_id"] == report.new_id
    assert report.written == 1
    # the older one keeps its id and says who will move
    a.syncer.identity = a.identity
    sync_copy(b, a)
    assert a.syncer.merge().added == 1


def test_idempotent_and_nothing_read_when_nothing_changed(
    machines: list[Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, _ = machines
    a.record(T0)
    sync_copy(a, b)
    assert b.syncer.merge().added == 1
    opened: list[str] = []
    real = Path.open

    def spy(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self.name)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", spy)
    assert b.syncer.merge().added == 0
    assert opened == []


def test_sync_folder_setting_expands_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert expand_folder("") is None and expand_folder("  ") is None
    assert expand_folder("~/Sync") == tmp_path / "Sync"
    f = tmp_path / "settings.toml"
    f.write_text('[sync]\nfolder = "~/Sync"\n')
    result = load_settings(f)
    assert result.problems == [] and result.settings.sync.folder == "~/Sync"
    f.write_text("[sync]\nfolder = 3\n")
    result = load_settings(f)
    assert result.settings.sync.folder == "" and "should be a folder path" in result.problems[0]


def test_fast_and_general_parsing_agree() -> None:
    row = (
        "0123456789abcdef0123456789abcdef",
        "2026-03-29T01:59:59+01:00",
        "2026-03-29T03:00:40+02:00",
        "long",
        "skipped",
        2,
        "chin_tuck;walk",
        0,
    )
    line = record_line("0123456789abcdef", row)
    fast = parse_record(line, "0123456789abcdef")
    spaced = json.dumps(json.loads(line), indent=None, separators=(", ", ": ")).encode()
    assert spaced != line.rstrip(b"\n")
    assert parse_record(spaced, "0123456789abcdef") == fast
    assert fast[1] == int(datetime.fromisoformat(row[1]).timestamp())
    bad = line.replace(b"T01:59:59", b"T25:59:59")
    with pytest.raises(ValueError, match="does not exist"):
        parse_record(bad.rstrip(b"\n"), "0123456789abcdef")
