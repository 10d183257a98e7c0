"""The history locked by another program (an import), through the real app and the real CLI.

Issue 11.1: an outcome decided while a big ``import`` held the write lock was lost, and the app
stopped answering for five seconds. Now a write that meets the lock waits a short moment, then the
outcome stays in the app's outbox (and its journal beside the history) and is retried until it is
written; the command is answered at once, honestly ("Queued, will be saved").

The barrier is deterministic: the test holds the write lock itself (``BEGIN IMMEDIATE`` on its
own connection), or, for the real import, waits until the importer holds it (read with F_GETLK on
SQLite's write-lock byte in the ``-shm`` file) and freezes it there with SIGSTOP.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import sqlite3
import struct
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

from posture_break.core.outbox import JOURNAL_NAME
from tests.faults.apphelp import PYTHON, REPO, base_env, db_rows, run_cli, write_settings

QUEUED = "Queued, will be saved"
PROMPT_S = 2.0
ROWS = "SELECT kind, outcome FROM breaks WHERE machine = '' ORDER BY due_ts"


def wait_for(predicate, timeout: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


@contextlib.contextmanager
def write_lock(db: Path) -> Iterator[sqlite3.Connection]:
    """Hold the history's write lock from this process until the block ends."""
    con = sqlite3.connect(db, isolation_level=None, timeout=10)
    try:
        con.execute("BEGIN IMMEDIATE")
        yield con
        con.execute("ROLLBACK")
    finally:
        con.close()


def timed(app, payload):  # type: ignore[no-untyped-def]
    start = time.monotonic()
    reply = app.send(payload, timeout=10)
    return reply, time.monotonic() - start


def outcomes(db: Path) -> list[tuple[str, str]]:
    return [tuple(r) for r in db_rows(db, ROWS)]  # type: ignore[misc]


def start_break(app) -> None:  # type: ignore[no-untyped-def]
    assert app.send({"cmd": "break-now"})["ok"]
    wait_for(lambda: "break window exposed" in app.log(), 15, "the break window")


def test_done_while_the_history_is_locked_is_answered_and_saved_later(
    app_factory, data_dir: Path
) -> None:
    write_settings(data_dir)
    app = app_factory(data_dir).start()
    db = app.paths.db_file
    journal = data_dir / JOURNAL_NAME
    start_break(app)
    with write_lock(db):
        reply, took = timed(app, {"cmd": "done"})
        assert reply["ok"], reply
        assert took < PROMPT_S, took
        assert reply["message"].startswith(QUEUED), reply
        # It is kept on disk too, while it waits.
        kept = json.loads(journal.read_text())
        assert [row[2:4] for row in kept["records"]] == [["micro", "done"]]
        # The app answers meanwhile, through the real CLI too.
        reply, took = timed(app, {"cmd": "status"})
        assert reply["ok"] and took < PROMPT_S, (reply, took)
        status = app.cli("status")
        assert status.returncode == 0, status.stderr
        # Retries (each second) met the lock meanwhile: nothing written, nothing dropped.
        assert outcomes(db) == [] and journal.exists()
    wait_for(lambda: "(after waiting)" in app.log(), 10, "the kept outcome to be written")
    assert outcomes(db) == [("micro", "done")]
    assert not journal.exists()
    assert app.quit() == 0
    assert outcomes(db) == [("micro", "done")]  # once, not twice
    assert "cannot save" not in app.log() and "Traceback" not in app.stderr()


def test_cli_done_says_queued_and_quit_while_locked_keeps_it_for_the_next_start(
    app_factory, data_dir: Path
) -> None:
    write_settings(data_dir)
    app = app_factory(data_dir).start()
    db = app.paths.db_file
    journal = data_dir / JOURNAL_NAME
    start_break(app)
    with write_lock(db):
        done = app.cli("done")
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(QUEUED), done.stdout
        assert app.quit() == 0  # waits a bounded moment for the lock, then keeps the journal
        assert "written at the next start" in app.log()
        kept = json.loads(journal.read_text())
        assert [row[2:4] for row in kept["records"]] == [["micro", "done"]]
        assert kept["state"]["planner"]["phase"] == "waiting"
        assert outcomes(db) == []
    app.start()
    wait_for(lambda: not journal.exists(), 10, "the journal to be written and removed")
    assert outcomes(db) == [("micro", "done")]
    assert "kept from the last run" in app.log()
    assert app.quit() == 0
    app.start()  # nothing left to replay: no duplicate
    assert app.quit() == 0
    assert outcomes(db) == [("micro", "done")]


# --- the real import ----------------------------------------------------------------------------

WAL_WRITE_LOCK = 120  # SQLite's WAL write lock: byte 120 of the -shm file (WALINDEX_LOCK_OFFSET)


def write_lock_holder(db: Path) -> int | None:
    """The pid holding the history's write lock, or None (POSIX F_GETLK on the -shm file)."""
    shm = db.with_name(db.name + "-shm")
    try:
        fd = os.open(shm, os.O_RDWR)
    except FileNotFoundError:
        return None
    try:
        probe = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, WAL_WRITE_LOCK, 1, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, probe)
    finally:
        os.close(fd)
    kind, _whence, _start, _len, pid = struct.unpack("hhqqi4x", answer)
    return None if kind == fcntl.F_UNLCK else pid


def big_csv(path: Path, rows: int) -> None:
    start = datetime(2021, 1, 4, 8, 0, tzinfo=timezone.utc)
    lines = ["due_at,ended_at,kind,outcome,snoozes,card_ids,duration_s"]
    for i in range(rows):
        due = start + timedelta(minutes=3 * i)
        lines.append(
            f"{due.isoformat()},{(due + timedelta(seconds=40)).isoformat()},micro,done,0,,30"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_done_during_a_real_import_is_answered_at_once_and_recorded(
    app_factory, data_dir: Path, tmp_path: Path
) -> None:
    rows = 100_000
    csv_file = tmp_path / "big.csv"
    big_csv(csv_file, rows)
    write_settings(data_dir)
    app = app_factory(data_dir).start()
    db = app.paths.db_file
    start_break(app)
    importer = subprocess.Popen(
        [PYTHON, "-m", "posture_break", "--data-dir", str(data_dir), "import", str(csv_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=base_env(app.runtime_dir),
        cwd=REPO,
    )
    try:
        # Catch the importer inside its write transaction and freeze it there.
        deadline = time.monotonic() + 120
        while write_lock_holder(db) != importer.pid:
            assert importer.poll() is None, ("import ended before it was caught", importer.stderr)
            assert time.monotonic() < deadline, "the import never took the write lock"
            time.sleep(0.002)
        os.kill(importer.pid, signal.SIGSTOP)
        assert write_lock_holder(db) == importer.pid
        reply, took = timed(app, {"cmd": "done"})
        assert reply["ok"] and took < PROMPT_S, (reply, took)
        assert reply["message"].startswith(QUEUED), reply
        reply, took = timed(app, {"cmd": "status"})
        assert reply["ok"] and took < PROMPT_S, (reply, took)
    finally:
        os.kill(importer.pid, signal.SIGCONT)
    out, err = importer.communicate(timeout=120)
    assert importer.returncode == 0, err
    assert out == f"Imported {rows} breaks (0 already there).\n"
    wait_for(lambda: "(after waiting)" in app.log(), 15, "the kept outcome to be written")
    assert app.quit() == 0
    assert db_rows(db, "SELECT count(*) FROM breaks") == [(rows + 1,)]
    today = db_rows(
        db, "SELECT kind, outcome FROM breaks WHERE due_ts > strftime('%s', 'now', '-1 day')"
    )
    assert today == [("micro", "done")]
    assert "cannot save" not in app.log() and "Traceback" not in app.stderr()


def test_export_never_overwrites_the_journal(data_dir: Path, runtime_dir: Path) -> None:
    journal = data_dir / JOURNAL_NAME
    journal.write_text('{"version": 1, "records": [], "state": {}}\n')
    before = journal.read_bytes()
    result = run_cli(data_dir, "export", "--out", str(journal), runtime_dir=runtime_dir)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == (
        f"posture-break: --out {journal}: that is posture-break's own file; choose another name"
    )
    assert journal.read_bytes() == before
