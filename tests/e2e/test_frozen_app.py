"""A frozen app (SIGSTOP) must not count in the person's favour (issue 11.12), on a real X desktop.

Inside tools/desktop-session the real app runs with its real X11 idle backend while xdotool keeps
moving the mouse. The app is stopped with SIGSTOP and continued: the time it did not observe is
not time away. Barriers are the app's log lines and replies, never fixed sleeps; the freezes
themselves are the scenario (each just longer than the 12 s an unobserved idle spell may last).
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest

DRIVER = textwrap.dedent(
    """
    import json, os, signal, sqlite3, subprocess, sys, time
    from pathlib import Path

    data = Path(sys.argv[1])
    data.mkdir(parents=True, exist_ok=True)
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    (data / "settings.toml").write_text(
        "[health]\\nasked = true\\n"
        "[micro]\\nevery_minutes = 2\\nseconds = 8\\n"
        "[long]\\nevery_minutes = 480\\nminutes = 1\\n"
        "[warning]\\nseconds_before = 0\\n"
        "[snooze]\\nminutes = 1\\n"
        "[idle]\\nnatural_breaks = true\\n"
        "[work_hours]\\n" + "".join(f'{d} = ["00:00-24:00"]\\n' for d in days)
    )
    log = data / "logs" / "posture-break.log"
    cli = [sys.executable, "-m", "posture_break", "--data-dir", str(data)]
    out = {}

    def text():
        return log.read_text() if log.exists() else ""

    def wait(pred, what, timeout=20):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if pred():
                return
            time.sleep(0.05)
        raise SystemExit(f"timed out waiting for {what}\\n{text()}")

    def send(*args):
        return subprocess.run(cli + list(args), capture_output=True, text=True, timeout=30)

    def rows():
        con = sqlite3.connect(f"file:{data / 'history.sqlite3'}?mode=ro", uri=True)
        try:
            sql = "SELECT kind, outcome, duration_s FROM breaks ORDER BY id"
            return con.execute(sql).fetchall()
        finally:
            con.close()

    def pin():
        con = sqlite3.connect(f"file:{data / 'history.sqlite3'}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM state WHERE key = 'planner'").fetchone()
        finally:
            con.close()
        return json.loads(row[0]).get("pin") if row else None

    # The person: the mouse moves every 0.3 s for the whole test.
    mover = subprocess.Popen(["bash", "-c",
        "while :; do xdotool mousemove_relative -- 3 0; sleep 0.15; "
        "xdotool mousemove_relative -- -3 0; sleep 0.15; done"])
    app = subprocess.Popen(cli, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait(lambda: "idle backend: x11" in text(), "the X11 idle backend")

        # 1. A snoozed break, then frozen 15 s while the mouse moves.
        assert send("break-now").returncode == 0
        wait(lambda: text().count("break window exposed") == 1, "the first break")
        assert send("snooze").returncode == 0
        wait(lambda: pin() is not None, "the snoozed break in the saved state")
        # The app has seen the person at work since the snooze: then it freezes.
        wait(lambda: "idle readings while waiting" in text(), "a reading after the snooze")
        before = text().count("idle reading after")
        os.kill(app.pid, signal.SIGSTOP)
        time.sleep(15)  # the freeze is the scenario
        os.kill(app.pid, signal.SIGCONT)
        wait(lambda: text().count("idle reading after") > before, "the reading after the freeze")
        assert send("status").returncode == 0  # answered after that reading: state is current
        out["after_freeze"] = {"rows": rows(), "pin": pin()}

        # 2. A break on screen, frozen 12 s (past its 8 s) while the mouse moves.
        assert send("break-now").returncode == 0
        wait(lambda: text().count("break window exposed") == 2, "the second break")
        os.kill(app.pid, signal.SIGSTOP)
        time.sleep(12)
        os.kill(app.pid, signal.SIGCONT)
        wait(lambda: len(rows()) >= 1, "the frozen break's outcome")
        out["frozen_break"] = rows()
        assert send("quit").returncode == 0
        app.wait(20)
    finally:
        mover.kill()
        if app.poll() is None:
            os.kill(app.pid, signal.SIGCONT)
            app.kill()
    out["log"] = [l for l in text().splitlines() if "recorded" in l or "idle reading" in l
                  or "natural" in l]
    out["stderr_traceback"] = "Traceback" in (app.stderr.read() if app.stderr else "")
    print("RESULT " + json.dumps(out))
    """
)


@pytest.mark.e2e
def test_sigstop_while_the_mouse_moves_is_not_a_break(desktop, tmp_path: Path) -> None:
    script = tmp_path / "frozen_driver.py"
    script.write_text(DRIVER)
    done = desktop([sys.executable, str(script), str(tmp_path / "data")], timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    print(json.dumps(result, indent=2))

    # 1. No natural break for the freeze, and the snoozed break is still coming (once snoozed).
    after = result["after_freeze"]
    assert after["rows"] == [], after
    assert after["pin"] is not None and after["pin"]["snoozes"] == 1, after
    # 2. The break frozen on screen while the person worked is missed, as without the freeze.
    assert [tuple(r) for r in result["frozen_break"]] == [("micro", "missed", 0)], result
    assert not any("natural" in line for line in result["log"]), result["log"]
    assert not result["stderr_traceback"]
