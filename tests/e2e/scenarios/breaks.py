"""Inside desktop-session: real breaks on a real X desktop, driven with xdotool.

Prints `key=value` lines for tests/e2e/test_breaks_e2e.py. Steps:
  1. a 1-minute micro-break schedule; keep the mouse busy until the break window appears and
     measure its lateness (the app logs due time -> first paint);
  2. keep working (mouse moves) through the whole break -> recorded `missed`;
  3. next break: stay away from keyboard and mouse -> recorded `done`;
  4. next break: click its Done button -> recorded `done` well before the countdown ends;
  5. pause from the tray menu (right-click, keyboard through the menu) -> `status` says paused;
  6. `stats --format json` shows today's breaks; quit; restart: still paused at the same time;
     resume, quit and restart within seconds: the count continues (not reset to a full minute).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(sys.argv[1])
OUT = Path(sys.argv[2])
PY = [sys.executable, "-m", "posture_break", "--data-dir", str(DATA)]
TITLE = "Time for a break"
LOG = DATA / "logs" / "posture-break.log"


def start(name: str) -> subprocess.Popen[bytes]:
    with open(OUT / name, "wb") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(PY, stdout=log, stderr=subprocess.STDOUT)


def out(key: str, value: object) -> None:
    print(f"{key}={value}", flush=True)


def sh(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PY, *args], capture_output=True, text=True, timeout=30)


def break_window() -> str | None:
    ids = sh("xdotool", "search", "--onlyvisible", "--name", TITLE).split()
    return ids[0] if ids else None


def jiggle(i: int) -> None:
    sh("xdotool", "mousemove", str(300 + (i % 7) * 9), str(300 + (i % 5) * 7))


def wait_for_break(limit: float = 90) -> str:
    """Keep 'working' (moving the mouse) until a break window is on screen."""
    end = time.monotonic() + limit
    i = 0
    while time.monotonic() < end:
        wid = break_window()
        if wid:
            return wid
        i += 1
        if i % 10 == 0:
            jiggle(i)
        time.sleep(0.2)
    raise SystemExit("no break window appeared")


def wait_gone(limit: float = 40, busy: bool = False) -> None:
    end = time.monotonic() + limit
    i = 0
    while time.monotonic() < end and break_window():
        if busy:
            i += 1
            jiggle(i)
        time.sleep(0.5)


def wait_until(predicate, limit: float = 15.0) -> bool:
    """Poll ``predicate`` (a barrier on what the app or the X server says) until true or limit."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return bool(predicate())


def exposed() -> int:
    return LOG.read_text().count("break window exposed") if LOG.exists() else 0


def visible_windows() -> int:
    return len(sh("xdotool", "search", "--onlyvisible", "--classname", "posture-break").split())


def outcomes() -> list[str]:
    return re.findall(r"recorded micro (\w+)", LOG.read_text())


def latencies() -> list[int]:
    return [int(x) for x in re.findall(r"latency_ms=(-?\d+)", LOG.read_text())]


def seconds_left(message: str) -> int | None:
    m = re.search(r"in (\d+) s\b", message)
    if m:
        return int(m.group(1))
    m = re.search(r"in (\d+) min\b", message)
    return int(m.group(1)) * 60 if m else None


DATA.mkdir(parents=True, exist_ok=True)
days = "\n".join(
    f'{d} = ["00:00-24:00"]' for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
)
(DATA / "settings.toml").write_text(
    "[micro]\nevery_minutes = 1\nseconds = 10\n"
    "[long]\nevery_minutes = 480\nminutes = 1\n"
    "[warning]\nseconds_before = 0\n"
    "[health]\nasked = true\n"
    f"[work_hours]\n{days}\n"
)
app = start("app.out")
try:
    # 1-2: a break on time; working through it -> missed
    wait_for_break()
    wait_until(lambda: exposed() >= 1)  # painted, not only mapped
    sh("import", "-window", "root", str(OUT / "break.png"))
    wait_gone(busy=True)
    out("first", outcomes()[-1:] and outcomes()[-1])
    # 3: away for the whole break -> done
    wait_for_break()
    wait_gone()
    out("second", outcomes()[-1])
    # 4: click Done (bottom-right button of the window)
    wid = wait_for_break()
    wait_until(lambda: exposed() >= 3)
    geo = dict(
        line.split("=") for line in sh("xdotool", "getwindowgeometry", "--shell", wid).split()
    )
    x = int(geo["X"]) + int(geo["WIDTH"]) - 76
    y = int(geo["Y"]) + int(geo["HEIGHT"]) - 64
    sh("xdotool", "mousemove", "--sync", str(x), str(y))
    recorded = len(outcomes())
    # The window ignores input for its first 0.6 s (a stray Enter): click until the outcome
    # is recorded (the barrier), not after a guessed pause.
    for _ in range(20):
        sh("xdotool", "click", "1")
        if wait_until(lambda: len(outcomes()) > recorded, 0.5):
            break
    wait_until(lambda: break_window() is None, 5)
    out("third", outcomes()[-1])
    out("window_after_click", "gone" if break_window() is None else "still there")
    out("latencies_ms", ",".join(map(str, latencies())))
    # 5: pause from the tray menu
    panel = sh("xdotool", "search", "--classname", "panel").split()[0]
    tree = sh("xwininfo", "-tree", "-id", panel)
    icon = next(
        ln.split()[0] for ln in tree.splitlines() if '"posture-break" "posture-break"' in ln
    )
    g = dict(
        line.split("=") for line in sh("xdotool", "getwindowgeometry", "--shell", icon).split()
    )
    sh("xdotool", "mousemove", "--sync", str(int(g["X"]) + 8), str(int(g["Y"]) + 8))
    windows = visible_windows()
    sh("xdotool", "click", "3")
    wait_until(lambda: visible_windows() > windows)  # the menu is up
    sh("import", "-window", "root", str(OUT / "menu.png"))
    windows = visible_windows()
    sh("xdotool", "key", "Down", "Down", "Right")  # Take a break now, Pause >
    wait_until(lambda: visible_windows() > windows)  # the submenu is up
    sh("xdotool", "key", "Return")  # For 30 minutes
    wait_until(lambda: cli("status").stdout.startswith("Paused"))
    paused = cli("status").stdout.strip()
    out("status_after_pause", paused)
    # 6: history, quit, restart
    stats = json.loads(cli("stats", "--format", "json").stdout)
    out("stats_done", stats["totals"]["done"])
    out("stats_missed", stats["totals"]["missed"])
    out("quit_rc", cli("quit").returncode)
    app.wait(timeout=15)
    out("app_rc", app.returncode)
    app = start("app2.out")
    for _ in range(100):
        if cli("status").returncode == 0:
            break
        time.sleep(0.1)
    out("status_after_restart", cli("status").stdout.strip())
    cli("resume")
    # until the count is visibly running (below a full minute), so a restart that reset it
    # would show
    wait_until(lambda: (seconds_left(cli("status").stdout) or 60) < 60, 20)
    before = cli("status").stdout.strip()
    cli("quit")
    app.wait(timeout=15)
    app = start("app3.out")
    for _ in range(100):
        if cli("status").returncode == 0:
            break
        time.sleep(0.1)
    after = cli("status").stdout.strip()
    out("left_before_restart", seconds_left(before))
    out("left_after_restart", seconds_left(after))
    out("final_quit_rc", cli("quit").returncode)
    app.wait(timeout=15)
finally:
    if app.poll() is None:
        app.kill()
