"""Inside desktop-session + pipewire-session: a due break waits while another application records
from the microphone, and its window appears within seconds of the recorder stopping.
Prints key=value lines."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

DATA = Path(sys.argv[1])
OUT = Path(sys.argv[2])
PY = [sys.executable, "-m", "posture_break", "--data-dir", str(DATA)]
LOG = DATA / "logs" / "posture-break.log"


def out(key: str, value: object) -> None:
    print(f"{key}={value}", flush=True)


def sh(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()


def cli(*args: str) -> str:
    return subprocess.run([*PY, *args], capture_output=True, text=True, timeout=30).stdout.strip()


def break_on_screen() -> bool:
    return bool(sh("xdotool", "search", "--onlyvisible", "--name", "Time for a break"))


def busy_until(predicate, limit: float, step: float = 0.5) -> bool:
    """Move the mouse now and then (a person in a call) until predicate() or the limit."""
    end = time.monotonic() + limit
    i = 0
    while time.monotonic() < end:
        if predicate():
            return True
        i += 1
        sh("xdotool", "mousemove", str(400 + i % 9), str(400 + i % 7))
        time.sleep(step)
    return predicate()


DATA.mkdir(parents=True, exist_ok=True)
days = "\n".join(
    f'{d} = ["00:00-24:00"]' for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
)
(DATA / "settings.toml").write_text(
    "[micro]\nevery_minutes = 1\nseconds = 10\n[long]\nevery_minutes = 480\nminutes = 1\n"
    "[warning]\nseconds_before = 0\n[health]\nasked = true\n"
    f"[breaks]\nrespect_calls = true\nmax_wait_minutes = 30\n[work_hours]\n{days}\n"
)
recorder = subprocess.Popen(
    ["parecord", "--device=posture_break_test_mic", str(OUT / "call.wav")],
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
with open(OUT / "app.out", "wb") as log:
    app = subprocess.Popen(PY, stdout=log, stderr=subprocess.STDOUT)
try:
    out("recording", busy_until(lambda: "parecord" in sh("pactl", "list", "source-outputs"), 10))
    # past the due time (1 min after start) while the call goes on
    held = busy_until(lambda: "microphone in use" in cli("status"), 80)
    out("held", held)
    out("status_while_held", cli("status"))
    busy_until(lambda: False, 6)  # a few more polls while held: still no window
    out("break_during_call", break_on_screen())
    sh("import", "-window", "root", str(OUT / "held.png"))
    recorder.terminate()
    recorder.wait(timeout=10)
    ended_at = time.monotonic()
    shown = busy_until(break_on_screen, 30, step=0.2)
    out("break_after_call", shown)
    out("seconds_to_show", round(time.monotonic() - ended_at, 1))
    sh("import", "-window", "root", str(OUT / "shown.png"))
    text = LOG.read_text() if LOG.exists() else ""
    out("log_held", "break held: microphone in use by parecord" in text)
    out("log_released", "break released: microphone in use by parecord ended" in text)
    subprocess.run([*PY, "quit"], timeout=30)
    app.wait(timeout=15)
finally:
    for p in (app, recorder):
        if p.poll() is None:
            p.kill()
