"""The history path holding something unusable, through the real CLI and the real app.

Each case asserts the exact one-line message, the exit code and that nothing the person had is
lost: the original bytes are unchanged in place, or moved aside byte for byte.
Read-only and full-disk cases use real mounts when run as root (root ignores mode bits), and are
skipped with the reason where mounting is not permitted.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from posture_break.core.store import BreakRecord, Store
from posture_break.core.store_schema import SCHEMA_VERSION
from tests.faults.apphelp import db_rows, run_cli, sha256, write_settings

DB = "history.sqlite3"
MOVED = re.compile(r"^history\.sqlite3\.corrupt-\d{8}T\d{6}Z(-\d+)?$")
DAMAGED = re.compile(
    r"^posture-break: The history file was damaged \((?P<why>[^)]*)\); it was kept as "
    r"(?P<name>history\.sqlite3\.corrupt-\d{8}T\d{6}Z(-\d+)?) and a new history was started\.$"
)


def make_history(path: Path, n: int = 40) -> None:
    """A real history with ``n`` done breaks in the ISO week 2026-W48."""
    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store.open(path)
    start = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
    for i in range(n):
        due = start + timedelta(minutes=30 * i)
        store.record(BreakRecord(due, due + timedelta(seconds=40), "micro", "done", 0, (), 30))
    store.close()
    assert not path.with_name(DB + "-wal").exists()  # closed cleanly: one self-contained file


def stats(data_dir: Path, runtime_dir: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(
        data_dir, "stats", "--week", "2026-W48", "--format", "json", runtime_dir=runtime_dir
    )


def start_app(data_dir: Path, runtime_dir: Path) -> subprocess.CompletedProcess[str]:
    """Start the app; for the cases where it must refuse to run, it exits at once."""
    return run_cli(data_dir, "run", runtime_dir=runtime_dir, timeout=30)


def one_line(stderr: str) -> list[str]:
    """The messages the person sees (Qt's offscreen notices filtered out)."""
    return [line for line in stderr.splitlines() if "does not support" not in line]


def fresh_history_is_valid(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("SELECT count(*) FROM breaks").fetchone() == (0,)
    finally:
        con.close()


# --- damaged files: moved aside (identical bytes), the person told, a new history started ----


def _truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(20_000))


def _zero_header(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.write(bytes(100))


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (_truncate, "database disk image is malformed"),
        (_random_bytes, "file is not a database"),
        (_zero_header, "file is not a database"),
    ],
    ids=["truncated", "random-bytes", "zeroed-header"],
)
@pytest.mark.parametrize("entry", ["stats", "app"])
def test_damaged_history_is_moved_aside_unchanged(
    damage, why: str, entry: str, app_factory, data_dir: Path, runtime_dir: Path
) -> None:
    db = data_dir / DB
    make_history(db)
    damage(db)
    before = sha256(db)
    size = db.stat().st_size

    if entry == "stats":
        result = stats(data_dir, runtime_dir)
        assert result.returncode == 0, result.stderr
        messages = one_line(result.stderr)
        assert len(messages) == 1, messages
        report = DAMAGED.match(messages[0])
        # The new history is empty: the week shows nothing (and no traceback anywhere).
        assert json.loads(result.stdout)["totals"]["done"] == 0
        assert "Traceback" not in result.stderr
    else:
        write_settings(data_dir)
        app = app_factory(data_dir).start()
        assert app.status()  # it runs, on a new history
        assert app.quit() == 0
        messages = one_line(app.stderr())
        assert messages and all(m == messages[0] for m in messages), messages
        report = DAMAGED.match(messages[0])
        assert f"WARNING posture-break: {messages[0][len('posture-break: ') :]}" in app.log()

    assert report is not None, messages
    assert report["why"] == why
    moved = data_dir / report["name"]
    assert sorted(p.name for p in data_dir.glob(DB + ".corrupt-*")) == [moved.name]
    assert moved.stat().st_size == size and sha256(moved) == before
    fresh_history_is_valid(db)


def test_damaged_twice_in_one_second_keeps_both_copies(data_dir: Path, runtime_dir: Path) -> None:
    db = data_dir / DB
    hashes = []
    for _ in range(2):
        _random_bytes(db)
        hashes.append(sha256(db))
        assert stats(data_dir, runtime_dir).returncode == 0
    kept = sorted(data_dir.glob(DB + ".corrupt-*"))
    assert len(kept) == 2 and all(MOVED.match(p.name) for p in kept)
    assert sorted(sha256(p) for p in kept) == sorted(hashes)


def test_history_path_is_a_folder(app_factory, data_dir: Path, runtime_dir: Path) -> None:
    folder = data_dir / DB
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n")
    expected = f"posture-break: {folder}: is a folder, not a history file; move it away and restart"
    for result in (stats(data_dir, runtime_dir), start_app(data_dir, runtime_dir)):
        assert result.returncode == 1
        assert one_line(result.stderr) == [expected]
        assert result.stdout == ""
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert (folder / "notes.txt").read_text() == "mine\n"
    assert not list(data_dir.glob(DB + "*-*"))  # nothing moved, no -wal/-shm beside it


def test_newer_schema_is_refused_without_writing(data_dir: Path, runtime_dir: Path) -> None:
    db = data_dir / DB
    make_history(db)
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 99")
    con.close()
    before = sha256(db)
    result = stats(data_dir, runtime_dir)
    assert result.returncode == 1
    assert one_line(result.stderr) == [
        f"posture-break: {db}: made by a newer posture-break (schema newer than "
        f"{SCHEMA_VERSION}); not touching it. Update posture-break to use it."
    ]
    assert sha256(db) == before
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith(DB)) == [DB]


# --- read-only: real read-only mounts as root, mode bits otherwise -----------------------------


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make ``path`` (file or folder) read-only for this process, then undo it."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if not shutil.which("mount"):
        pytest.skip("read-only case as root needs mount(8) for a read-only bind mount")
    bind = subprocess.run(["mount", "--bind", str(path), str(path)], capture_output=True, text=True)
    if bind.returncode != 0:
        pytest.skip(f"root ignores mode bits and a bind mount is not permitted: {bind.stderr}")
    try:
        ro = subprocess.run(
            ["mount", "-o", "remount,bind,ro", str(path)], capture_output=True, text=True
        )
        if ro.returncode != 0:
            pytest.skip(f"cannot remount read-only here: {ro.stderr.strip()}")
        yield
    finally:
        subprocess.run(["umount", str(path)], check=True)


def test_read_only_history_file(app_factory, data_dir: Path, runtime_dir: Path) -> None:
    db = data_dir / DB
    make_history(db)
    write_settings(data_dir)
    before = sha256(db)
    with read_only(db):
        # Reading still works: the week's 40 done breaks are there.
        result = stats(data_dir, runtime_dir)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["totals"]["done"] == 40
        assert one_line(result.stderr) == []

        # The app runs and tells the person, once a save fails, why.
        app = app_factory(data_dir).start()
        assert app.send({"cmd": "break-now"})["ok"]
        done = app.cli("done")
        assert app.quit() == 0
    assert sha256(db) == before
    messages = set(one_line(app.stderr()))
    assert messages >= {
        f"posture-break: {db}: cannot record the break (attempt to write a readonly database)",
        f"posture-break: {db}: cannot save the app state (attempt to write a readonly database)",
    }, messages
    assert len(db_rows(db)) == 40
    assert done.returncode == 1  # never acknowledge an outcome that was not saved
    assert "cannot record the break" in done.stderr


def test_history_in_a_read_only_folder(app_factory, data_dir: Path, runtime_dir: Path) -> None:
    db = data_dir / DB
    make_history(db)
    write_settings(data_dir)
    (data_dir / "logs").mkdir(mode=0o700)
    before = sha256(db)
    expected = f"posture-break: {data_dir}: the folder is not writable"
    with read_only(data_dir):
        for result in (stats(data_dir, runtime_dir), start_app(data_dir, runtime_dir)):
            assert result.returncode == 1
            assert one_line(result.stderr) == [expected]
    assert sha256(db) == before
    assert sorted(p.name for p in data_dir.iterdir()) == [DB, "logs", "settings.toml"]


# --- a full disk: a 64 KB tmpfs --------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("a full disk needs a small tmpfs, and mounting one needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def fill(folder: Path) -> None:
    """Fill the file system holding ``folder`` to the last byte."""
    fd = os.open(folder / "filler", os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        for chunk in (4096, 1):
            with contextlib.suppress(OSError):
                while os.write(fd, b"\0" * chunk):
                    pass
    finally:
        os.close(fd)
    assert shutil.disk_usage(folder).free == 0


def test_full_disk_with_no_history_yet(app_factory, small_disk: Path, runtime_dir: Path) -> None:
    write_settings(small_disk)
    (small_disk / "logs").mkdir(mode=0o700)
    fill(small_disk)
    db = small_disk / DB
    expected = f"posture-break: {db}: cannot write the history (database or disk is full)"
    for result in (stats(small_disk, runtime_dir), start_app(small_disk, runtime_dir)):
        assert result.returncode == 1, result.stderr
        assert one_line(result.stderr) == [expected]
        assert "Traceback" not in result.stderr


def test_full_disk_keeps_the_existing_history(
    app_factory, small_disk: Path, tmp_path: Path, runtime_dir: Path
) -> None:
    source = tmp_path / "made" / DB
    make_history(source, n=3)
    shutil.copy2(source, small_disk / DB)
    write_settings(small_disk)
    (small_disk / "logs").mkdir(mode=0o700)
    fill(small_disk)
    db = small_disk / DB
    before = sha256(db)
    # The first attempt cannot write; it leaves a stub -shm/-wal behind, so later ones cannot
    # even read: either way one line naming the file, and the history is never moved aside.
    prefixes = (
        f"posture-break: {db}: cannot write the history (",
        f"posture-break: {db}: cannot read the history (",
    )
    # Twice through the CLI, then the app.
    runs = [stats(small_disk, runtime_dir), stats(small_disk, runtime_dir)]
    runs.append(start_app(small_disk, runtime_dir))
    for result in runs:
        assert result.returncode == 1, result.stderr
        messages = one_line(result.stderr)
        assert len(messages) == 1 and messages[0].startswith(prefixes), messages
        assert "Traceback" not in result.stderr
    assert sorted(small_disk.glob(DB + ".corrupt-*")) == []  # a healthy file is never moved
    assert sha256(db) == before
