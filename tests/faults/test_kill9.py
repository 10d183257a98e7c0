"""kill -9 the running app at random moments while it records 200 break outcomes.

The app runs as a real process (offscreen) against a throw-away data folder; the test drives it
over its real single-instance socket (the CLI's own ``send_command``; a few outcomes go through the
``posture-break`` CLI itself) and SIGKILLs it at seeded random moments, restarting it each time.
The promise checked (docs/architecture.md: every outcome is committed at once): an outcome whose
command was acknowledged is in the database, in order, and the file passes
``PRAGMA integrity_check`` after every crash.

Break-now sets the due time to "now", and break-nows here are spaced more than a (fake) second
apart, so every break has its own due second: two rows with one due second are one break recorded
twice (a restart offering again a break whose outcome was committed just before the kill; the
outcome and the planner state that follows from it are one transaction for that reason).

To fit 200 of them in well under a minute the app runs under libfaketime at 10x speed (wall and
monotonic clocks alike, so the planner sees no clock jumps); each restart continues the fake clock
where the killed process left it, so time never runs backwards across a crash.
"""

from __future__ import annotations

import math
import os
import random
import signal
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests import needs
from tests.faults.apphelp import AppProcess, db_rows, libfaketime, run_cli, write_settings

SEED = int(os.environ.get("POSTURE_BREAK_FAULT_SEED", "20261125"))  # rerun with other seeds
OUTCOMES = 200
RATE = 10  # fake seconds per real second
SETTINGS = {
    # Long countdowns so no break ends by itself while the test is between two commands; natural
    # breaks off so a restart's gap is never credited as one.
    "micro": {"every_minutes": 30, "seconds": 300},
    "long": {"every_minutes": 60, "minutes": 10},
    "idle": {"natural_breaks": False},
}


def matches(attempts: list[tuple[str, bool]], recorded: list[str]) -> bool:
    """Can ``recorded`` be the attempts in order, with only unacknowledged ones left out?

    An acknowledged outcome must be there; one whose command died with the app may or may not
    have been committed before the kill (either is fine); nothing may be recorded that was never
    asked for.
    """
    reachable = {0}  # positions in `recorded` consistent with the attempts so far
    for outcome, acked in attempts:
        nxt: set[int] = set()
        for j in reachable:
            if j < len(recorded) and recorded[j] == outcome:
                nxt.add(j + 1)
            if not acked:
                nxt.add(j)
        reachable = nxt
        if not reachable:
            return False
    return len(recorded) in reachable


def test_matches_oracle() -> None:
    assert matches([("done", True), ("skipped", True)], ["done", "skipped"])
    assert not matches([("done", True), ("skipped", True)], ["done"])  # an acked one lost
    assert not matches([("done", True)], ["done", "done"])  # something never asked for
    assert matches([("done", False), ("done", True)], ["done"])  # died before committing
    assert matches([("done", False), ("done", True)], ["done", "done"])  # died after
    assert not matches([("done", True), ("skipped", True)], ["skipped", "done"])  # order


class FakeClockApp:
    """The app under libfaketime: each start continues the fake clock past where it was."""

    def __init__(self, app: AppProcess, lib: str, start: datetime) -> None:
        self.app = app
        self.lib = lib
        self.fake_start = start
        self.real_start = time.monotonic()

    def fake_now_upper_bound(self) -> datetime:
        elapsed = (time.monotonic() - self.real_start) * RATE
        return self.fake_start + timedelta(seconds=math.ceil(elapsed))

    def start(self) -> None:
        stamp = self.fake_start.strftime("%Y-%m-%d %H:%M:%S")
        self.app._env.update({"LD_PRELOAD": self.lib, "FAKETIME": f"@{stamp} x{RATE}"})
        self.real_start = time.monotonic()
        self.app.start()

    def restart(self) -> None:
        self.fake_start = self.fake_now_upper_bound() + timedelta(seconds=2)
        self.start()


def test_kill9_at_random_moments_loses_no_acknowledged_outcome(
    app_factory, data_dir: Path, runtime_dir: Path
) -> None:
    lib = libfaketime()
    if lib is None:
        pytest.skip(
            "200 outcomes one wall-clock second apart would take over 200 s in real time: "
            + needs.install_reason("libfaketime", ["faketime", "libfaketime"])
        )
    rng = random.Random(SEED)
    write_settings(data_dir, SETTINGS)
    kill_at = set(rng.sample(range(5, OUTCOMES - 5), rng.randint(4, 6)))
    now = datetime.now(timezone.utc).replace(microsecond=0)
    runner = FakeClockApp(app_factory(data_dir), lib, now)
    app = runner.app
    runner.start()

    attempts: list[tuple[str, bool]] = []  # (outcome, acknowledged), in the order sent
    kills = 0
    cli_calls = 0
    last_break = -10.0
    armed: set[int] = set()
    killer: threading.Timer | None = None

    def restart_if_dead() -> None:
        nonlocal killer
        if killer is not None:
            killer.join()
            killer = None
        if not app.alive():
            app.proc.wait(10)  # type: ignore[union-attr]
            assert app.proc.returncode == -signal.SIGKILL  # type: ignore[union-attr]
            check = db_rows(app.paths.db_file, "PRAGMA integrity_check")
            assert check == [("ok",)], check
            runner.restart()

    t0 = time.monotonic()
    while sum(acked for _, acked in attempts) < OUTCOMES:
        assert time.monotonic() - t0 < 120, "the run is far over its time budget"
        if killer is not None and not killer.is_alive():
            restart_if_dead()
        n = sum(acked for _, acked in attempts)
        outcome = "done" if n % 2 == 0 else "skip"
        # Break-nows more than one (fake) second apart: see the module docstring.
        # Measured from the previous break-now's reply, so the app's handling of two break-nows
        # is at least that far apart whatever its latency.
        wait = 1.2 / RATE - (time.monotonic() - last_break)
        if wait > 0:
            time.sleep(wait)
        if n in kill_at and n not in armed:
            armed.add(n)
            kills += 1
            # A random moment inside the coming break-now / outcome exchange (or just after).
            killer = threading.Timer(rng.uniform(0.0, 0.025), app.kill9)
            killer.start()
        via_cli = n < 3 or n == OUTCOMES - 1
        if via_cli:
            cli_calls += 2
            started = app.cli("break-now").returncode == 0
        else:
            reply = app.try_send({"cmd": "break-now"})
            started = reply is not None and bool(reply.get("ok"))
        last_break = time.monotonic()
        if not started:
            assert not app.alive() or killer is not None, app.stderr()
            restart_if_dead()
            continue
        if via_cli:
            result = app.cli(outcome)
            acked = result.returncode == 0
            if not acked and app.alive() and killer is None:
                pytest.fail(f"`{outcome}` failed with the app running: {result.stderr}")
        else:
            reply = app.try_send({"cmd": outcome})
            acked = reply is not None and bool(reply.get("ok"))
            if reply is not None and not acked:
                pytest.fail(f"{outcome} refused with the app running: {reply}")
        attempts.append(({"done": "done", "skip": "skipped"}[outcome], acked))
    elapsed = time.monotonic() - t0

    # One more crash after the last acknowledged outcome, then read what is on disk.
    if killer is not None:
        killer.join()
    app.kill9()
    assert db_rows(app.paths.db_file, "PRAGMA integrity_check") == [("ok",)]
    rows = db_rows(app.paths.db_file)
    recorded = [outcome for _due, _ended, _kind, outcome in rows]
    acked_n = sum(acked for _, acked in attempts)
    in_flight = len(attempts) - acked_n
    print(
        f"kill9: {kills} kills, {in_flight} outcomes in flight, {len(rows)} recorded, "
        f"{elapsed:.1f} s"
    )

    assert kills >= 4 and app.starts == kills + 1
    assert cli_calls >= 8
    assert acked_n == OUTCOMES
    assert set(recorded) <= {"done", "skipped"}, rows
    diagnosis = f"attempts {attempts}\nrecorded {rows}\nlog:\n{app.log()[-4000:]}"
    assert acked_n <= len(recorded) <= len(attempts), diagnosis
    assert matches(attempts, recorded), diagnosis
    dues = [row[0] for row in rows]
    assert len(set(dues)) == len(dues), f"a break recorded twice:\n{diagnosis}"
    assert all(ended >= due for due, ended, _k, _o in rows)
    # The CLI reads the same history after the crash (the Store opens a file with a live -wal).
    export = run_cli(data_dir, "export", runtime_dir=runtime_dir)
    assert export.returncode == 0, export.stderr
    assert len(export.stdout.strip().splitlines()) == len(rows) + 1
    assert elapsed < 60, f"{elapsed:.1f} s"


def test_outcomes_within_one_second_are_all_recorded(
    app_factory, data_dir: Path, runtime_dir: Path
) -> None:
    """Break-now then done, five times in a row as fast as the socket allows: every acknowledged
    outcome must be in the history, although records are keyed on (due second, kind)."""
    write_settings(data_dir, SETTINGS)
    app = app_factory(data_dir).start()
    acked = 0
    for _ in range(5):
        assert app.send({"cmd": "break-now"})["ok"]
        acked += bool(app.send({"cmd": "done"})["ok"])
    assert app.quit() == 0
    assert acked == 5
    assert len(db_rows(app.paths.db_file)) == acked
