"""Inside desktop-session: the weekly review reaches dunst and its action opens the charts.

Prints `key=value` lines for tests/e2e/test_review_e2e.py. The week's only work range ends at the
next whole minute (at least 20 s away), so the review's calendar job comes within ~80 s; the
history holds three done breaks from this week. Steps:
  1. start the app; wait for its log line "weekly review shown" (the job ran);
  2. dunst shows one notification; `dunstctl action 0` invokes its action;
  3. the "Weekly stats" window appears (xdotool) and the log names the week it opened on;
  4. the app closed the notification: dunst's history holds the summary text; quit.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from posture_break.core.paths import ensure_dirs, resolve_paths
from posture_break.core.review import reviewed_week
from posture_break.core.store import BreakRecord, Store
from posture_break.platform.clock import local_zone

DATA = Path(sys.argv[1])
OUT = Path(sys.argv[2])
PY = [sys.executable, "-m", "posture_break", "--data-dir", str(DATA)]
LOG = DATA / "logs" / "posture-break.log"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def out(key: str, value: object) -> None:
    print(f"{key}={value}", flush=True)


def sh(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()


def log_text() -> str:
    return LOG.read_text(encoding="utf-8") if LOG.exists() else ""


def wait_for(what: str, test, limit: float) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if test():
            return True
        time.sleep(0.2)
    out("timeout", what)
    return False


tz = local_zone()
now = datetime.now(tz)
end = (now + timedelta(seconds=20 + 59)).replace(second=0, microsecond=0)
if end.date() != now.date():  # too close to midnight for a range ending today: wait it out
    time.sleep((end - now).total_seconds() + 1)
    now = datetime.now(tz)
    end = (now + timedelta(seconds=20 + 59)).replace(second=0, microsecond=0)
day = DAYS[now.weekday()]
paths = resolve_paths(DATA)
ensure_dirs(paths)
(DATA / "settings.toml").write_text(
    "[micro]\nevery_minutes = 480\n[long]\nevery_minutes = 480\n[health]\nasked = true\n"
    f'[work_hours]\n{day} = ["00:00-{end:%H:%M}"]\n'
    + "".join(f"{d} = []\n" for d in DAYS if d != day),
    encoding="utf-8",
)
store = Store.open(paths.db_file)
for i in range(3):
    due = max(now - timedelta(minutes=1 + i), now.replace(hour=0, minute=0, second=i))
    store.record(BreakRecord(due, due + timedelta(seconds=20), "micro", "done", 0, (), 20))
store.close()
out("review_at", end.isoformat())
out("week", reviewed_week(end).isoformat())

with open(OUT / "app.out", "wb") as app_out:
    app = subprocess.Popen(PY, stdout=app_out, stderr=subprocess.STDOUT)
try:
    ok = wait_for("review", lambda: "weekly review shown" in log_text(), 150)
    out("shown", ok)
    wait_for("dunst", lambda: sh("dunstctl", "count", "displayed") == "1", 10)
    out("displayed", sh("dunstctl", "count", "displayed"))
    sh("import", "-window", "root", str(OUT / "review.png"))
    sh("dunstctl", "action", "0")
    wait_for("opened", lambda: "weekly review: opening the charts" in log_text(), 20)

    def stats_window() -> bool:
        return bool(sh("xdotool", "search", "--onlyvisible", "--name", "Weekly stats"))

    out("stats_window", wait_for("stats window", stats_window, 30))
    wait_for("closed", lambda: sh("dunstctl", "count", "displayed") == "0", 10)
    out("displayed_after_action", sh("dunstctl", "count", "displayed"))
    sh("import", "-window", "root", str(OUT / "charts.png"))
    m = re.search(r"opening the charts on (\S+)", log_text())
    out("opened_week", m.group(1) if m else "")
    found = re.search(r"weekly review shown for \S+: (.*)", log_text())
    out("text", found.group(1) if found else "")
    history = json.loads(sh("dunstctl", "history") or "{}")
    bodies = [n.get("body", {}).get("data", "") for n in (history.get("data") or [[]])[0]]
    out("history", " | ".join(bodies).replace("\n", " "))
    quit_rc = subprocess.run([*PY, "quit"], capture_output=True, timeout=30).returncode
    out("quit_rc", quit_rc)
    out("app_rc", app.wait(timeout=30))
finally:
    if app.poll() is None:
        app.kill()
        app.wait()
