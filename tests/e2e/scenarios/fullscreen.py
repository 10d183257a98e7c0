"""Inside desktop-session (+ openbox for _NET_WM_STATE): a due break waits while a fullscreen
window has focus, and shows once that window leaves fullscreen. Prints key=value lines."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(sys.argv[1])
OUT = Path(sys.argv[2])
PY = [sys.executable, "-m", "posture_break", "--data-dir", str(DATA)]
LOG = DATA / "logs" / "posture-break.log"
FULLSCREEN_APP = """
import sys
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
w = QLabel("A presentation (F11 leaves fullscreen)")
w.setAlignment(Qt.AlignmentFlag.AlignCenter)
w.setWindowTitle("presentation")
def key(event):
    if event.key() == Qt.Key.Key_F11:
        w.showNormal()
        w.resize(500, 300)
w.keyPressEvent = key
w.showFullScreen()
app.exec()
"""


def out(key: str, value: object) -> None:
    print(f"{key}={value}", flush=True)


def sh(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()


def cli(*args: str) -> str:
    return subprocess.run([*PY, *args], capture_output=True, text=True, timeout=30).stdout.strip()


def break_on_screen() -> bool:
    return bool(sh("xdotool", "search", "--onlyvisible", "--name", "Time for a break"))


def wait_until(predicate, limit: float = 20.0) -> bool:
    """Poll ``predicate`` (a barrier on what the X server or the app says) until true or limit."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return bool(predicate())


def wm_running() -> bool:
    return "window id" in sh("xprop", "-root", "_NET_SUPPORTING_WM_CHECK")


def active_state() -> str:
    wid = re.search(r"0x[0-9a-f]+", sh("xprop", "-root", "_NET_ACTIVE_WINDOW"))
    return sh("xprop", "-id", wid.group(0), "_NET_WM_STATE") if wid else ""


def busy_until(predicate, limit: float) -> bool:
    """Move the mouse now and then (a person at work) until predicate() or the limit."""
    end = time.monotonic() + limit
    i = 0
    while time.monotonic() < end:
        if predicate():
            return True
        i += 1
        sh("xdotool", "mousemove", str(400 + i % 9), str(400 + i % 7))
        time.sleep(0.5)
    return predicate()


wm = subprocess.Popen(["openbox"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wait_until(wm_running)  # openbox announces itself on the root window
DATA.mkdir(parents=True, exist_ok=True)
days = "\n".join(
    f'{d} = ["00:00-24:00"]' for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
)
(DATA / "settings.toml").write_text(
    "[micro]\nevery_minutes = 1\nseconds = 10\n[long]\nevery_minutes = 480\nminutes = 1\n"
    "[warning]\nseconds_before = 0\n[health]\nasked = true\n"
    f"[breaks]\nrespect_do_not_disturb = true\nmax_wait_minutes = 30\n[work_hours]\n{days}\n"
)
with open(OUT / "app.out", "wb") as log:
    app = subprocess.Popen(PY, stdout=log, stderr=subprocess.STDOUT)
try:
    wait_until(lambda: subprocess.run([*PY, "status"], capture_output=True).returncode == 0)
    with open(OUT / "fs.out", "wb") as log:
        fs = subprocess.Popen([sys.executable, "-c", FULLSCREEN_APP], stdout=log, stderr=log)
    wait_until(lambda: "FULLSCREEN" in active_state())  # the presentation has the screen
    out("fullscreen_state", "FULLSCREEN" in active_state())
    # past the due time (1 min after start) while the presentation is fullscreen
    held = busy_until(lambda: "fullscreen" in cli("status"), 75)
    out("held", held)
    out("status_while_held", cli("status"))
    out("break_while_fullscreen", break_on_screen())
    sh("import", "-window", "root", str(OUT / "held.png"))
    sh("xdotool", "search", "--name", "presentation", "windowactivate", "--sync")
    sh("xdotool", "key", "F11")
    left_at = time.monotonic()
    shown = busy_until(break_on_screen, 30)
    out("break_after_leaving_fullscreen", shown)
    out("seconds_to_show", round(time.monotonic() - left_at, 1))
    sh("import", "-window", "root", str(OUT / "shown.png"))
    out("log_held", "break held: a fullscreen window has focus" in LOG.read_text())
    subprocess.run([*PY, "quit"], timeout=30)
    app.wait(timeout=15)
    fs.kill()
finally:
    for p in (app, wm):
        if p.poll() is None:
            p.kill()
