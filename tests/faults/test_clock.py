"""Clock jumps and a simulated suspend on the real app (a real process, offscreen).

libfaketime moves only the wall clock (DONT_FAKE_MONOTONIC=1, offset read from a file on every
call with FAKETIME_NO_CACHE=1), which is what a suspend looks like to a program: the wall clock
jumps ahead while CLOCK_MONOTONIC (and with it every Qt timer) stood still. Setting the clock back
is the same file moving the other way.

One seam: the app notices a jump at its next wake-up, which with no break due soon is the
once-a-minute heartbeat. The app is started through a two-line wrapper that sets that heartbeat
to one second (``posture_break.ui.app.HEARTBEAT_MS``) so the test takes seconds, not minutes;
everything else is the unmodified app, its real timers, socket, planner and database.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests import needs
from tests.faults.apphelp import PYTHON, db_rows, libfaketime, write_settings

HEARTBEAT_MS = 1000
WRAPPER = (
    "import sys\n"
    "import posture_break.ui.app as app\n"
    f"app.HEARTBEAT_MS = {HEARTBEAT_MS}\n"
    "from posture_break.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)
SETTINGS = {
    "micro": {"every_minutes": 2, "seconds": 30},
    "long": {"every_minutes": 480, "minutes": 1},  # a 3 h away spell counts as a long break
    "warning": {"seconds_before": 0},
    "idle": {"natural_breaks": True},
}
SOON = re.compile(r"^Micro-break in (\d+ s|[12] min)$")
ROWS = "SELECT due_at, ended_at, kind, outcome, duration_s FROM breaks ORDER BY id"


def rows(db: Path) -> list[tuple[datetime, datetime, str, str, int]]:
    if not db.exists():
        return []
    return [
        (datetime.fromisoformat(d), datetime.fromisoformat(e), k, o, s)
        for d, e, k, o, s in db_rows(db, ROWS)
    ]


def wait_for(predicate, timeout: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_suspend_and_clock_jumps_on_the_real_app(
    app_factory, data_dir: Path, tmp_path: Path
) -> None:
    lib = libfaketime()
    if lib is None:
        pytest.skip(needs.install_reason("libfaketime", ["faketime", "libfaketime"]))
    offset_file = tmp_path / "faketime"
    offset_file.write_text("+0\n")

    def set_wall_offset(hours: int) -> None:
        tmp = offset_file.with_suffix(".new")
        tmp.write_text(f"+{hours}h\n")
        tmp.replace(offset_file)  # atomic: the app never reads a half-written offset

    write_settings(data_dir, SETTINGS)
    app = app_factory(
        data_dir,
        argv=[PYTHON, "-c", WRAPPER, "--data-dir", str(data_dir)],
        env={
            "LD_PRELOAD": lib,
            "FAKETIME_TIMESTAMP_FILE": str(offset_file),
            "FAKETIME_NO_CACHE": "1",
            "DONT_FAKE_MONOTONIC": "1",
        },
    ).start()
    db = app.paths.db_file

    def prompts() -> int:
        return app.log().count("break window exposed")

    def settle() -> None:
        """Let a few heartbeats pass (the app must stay quiet through them)."""
        time.sleep(3.5 * HEARTBEAT_MS / 1000)

    assert app.status() == "Micro-break in 2 min"
    started_mono = time.monotonic()

    # 1. Suspend for 3 hours: the wall clock jumps, the monotonic clock did not move.
    set_wall_offset(3)
    natural = wait_for(lambda: rows(db), 10, "the natural break of the suspend")
    settle()
    assert rows(db) == natural and len(natural) == 1, rows(db)
    due, ended, kind, outcome, duration = natural[0]
    assert (kind, outcome) == ("long", "natural")
    away = (ended - due).total_seconds()
    assert 3 * 3600 - 60 <= away <= 3 * 3600 + (time.monotonic() - started_mono) + 60, away
    assert abs(duration - away) <= 1  # times are stored to the second
    assert prompts() == 0  # no prompt for the breaks "due" while the machine slept
    assert SOON.match(app.status()), app.status()  # counting afresh from the wake-up

    # 2. Suspend for 2 hours with a break on screen: it ends once (done: they were away), and
    # nothing else is prompted.
    assert app.send({"cmd": "break-now"})["ok"]
    wait_for(lambda: prompts() == 1, 10, "the break window")
    set_wall_offset(5)
    wait_for(lambda: len(rows(db)) == 2, 10, "the break on screen to end")
    settle()
    assert len(rows(db)) == 2 and prompts() == 1, (rows(db), prompts())
    due, ended, kind, outcome, duration = rows(db)[1]
    assert (kind, outcome) == ("micro", "done")
    assert 2 * 3600 - 60 <= (ended - due).total_seconds() <= 2 * 3600 + 120
    assert 0 <= duration < 60  # seconds really spent, by the monotonic clock
    assert SOON.match(app.status()), app.status()

    # 3. The clock is set back by an hour: no break repeats, no countdown of an extra hour.
    set_wall_offset(4)
    status = wait_for(lambda: SOON.match(app.status()) and app.status(), 10, "the shift back")
    settle()
    assert len(rows(db)) == 2 and prompts() == 1, (rows(db), prompts())
    assert SOON.match(app.status()), status

    # 4. A break after the jump back is recorded with sane times.
    assert app.send({"cmd": "break-now"})["ok"]
    wait_for(lambda: prompts() == 2, 10, "the break window")
    assert app.send({"cmd": "done"})["ok"]
    assert app.quit() == 0
    history = rows(db)
    assert [(k, o) for _d, _e, k, o, _s in history] == [
        ("long", "natural"),
        ("micro", "done"),
        ("micro", "done"),
    ]
    assert history[2][0] < history[1][1]  # due before the previous end: the clock went back
    for due, ended, _kind, _outcome, duration in history:
        assert ended >= due and duration >= 0
    assert timedelta(0) <= history[2][1] - history[2][0] < timedelta(seconds=30)
