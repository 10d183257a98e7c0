"""Inside tools/wayland-session (sway): a due break waits while the focused window is fullscreen
(sway IPC get_tree), and shows once it leaves fullscreen. Prints key=value lines."""

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
LOG = DATA / "logs" / "posture-break.log"
EDITOR = Path(__file__).with_name("editor.py")


def out(key: str, value: object) -> None:
    print(f"{key}={value}", flush=True)


def log_text() -> str:
    return LOG.read_text("utf-8") if LOG.exists() else ""


def wait_for(what: str, check, limit: float) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.2)
    out("timeout", what)
    return False


def break_on_screen() -> bool:
    tree = subprocess.run(["swaymsg", "-t", "get_tree"], capture_output=True, text=True).stdout
    return "Time for a break" in json.dumps(json.loads(tree))


DATA.mkdir(parents=True, exist_ok=True)
days = "\n".join(
    f'{d} = ["00:00-24:00"]' for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
)
(DATA / "settings.toml").write_text(
    "[micro]\nevery_minutes = 1\nseconds = 10\n"
    "[long]\nevery_minutes = 480\nminutes = 1\n"
    "[warning]\nseconds_before = 0\n"
    "[health]\nasked = true\n"
    "[idle]\nnatural_breaks = false\n"  # nobody types here: no natural break may stand in
    f"[work_hours]\n{days}\n"
)
procs = []
try:
    with open(OUT / "editor.out", "wb") as fh:
        procs.append(subprocess.Popen([sys.executable, str(EDITOR), str(OUT / "e.txt")],
                                      stdout=fh, stderr=subprocess.STDOUT))  # fmt: skip
    time.sleep(1)
    subprocess.run(["swaymsg", '[app_id="^pb-editor$"] fullscreen enable'], capture_output=True)
    with open(OUT / "app.out", "wb") as fh:
        procs.append(subprocess.Popen(PY, stdout=fh, stderr=subprocess.STDOUT))
    held = wait_for("break held", lambda: "break held: " in log_text(), 90)
    out("held", held)
    out("held_reason", (re.findall(r"break held: (.+)", log_text()) or [""])[-1])
    out("shown_while_fullscreen", break_on_screen())
    subprocess.run(["grim", str(OUT / "fullscreen-holds-break.png")], timeout=20)
    subprocess.run(["swaymsg", '[app_id="^pb-editor$"] fullscreen disable'], capture_output=True)
    out("shown_after", wait_for("break after fullscreen", break_on_screen, 20))
finally:
    subprocess.run([*PY, "quit"], capture_output=True, timeout=30)
    for p in procs:
        if p.poll() is None:
            p.terminate()
        p.wait(timeout=10)
