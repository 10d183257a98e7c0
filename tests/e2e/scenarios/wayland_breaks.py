"""Inside tools/wayland-session: real breaks on a headless Wayland compositor, typed at with wtype.

    python wayland_breaks.py DATA OUT

Prints `key=value` lines for tests/e2e/test_wayland_e2e.py. Under sway:
  1. the idle backend the app chose (the log's "idle backend:" line);
  2. an editor has focus; a person types a sentence, word by word, and a break appears in the
     middle of it (`break-now`): every character must reach the editor, the break must not be
     snoozed, skipped or done by the typing, and typing on through the break records `missed`;
  3. the next break: nobody touches anything -> `done`;
  4. window tree facts: the break window floating, sticky, not focused, sizes.
Under weston (no idle protocol): one break runs out -> `unconfirmed`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

DATA = Path(sys.argv[1])
OUT = Path(sys.argv[2])
PY = [sys.executable, "-m", "posture_break", "--data-dir", str(DATA)]
LOG = DATA / "logs" / "posture-break.log"
EDITOR = Path(__file__).with_name("editor.py")
SWAY = os.environ.get("WAYLAND_SESSION_COMPOSITOR") == "sway"
SENTENCE = "this is a sentence typed while a break appears so nothing may eat it "


def out(key: str, value: object) -> None:
    print(f"{key}={value}", flush=True)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PY, *args], capture_output=True, text=True, timeout=30)


def log_text() -> str:
    return LOG.read_text("utf-8") if LOG.exists() else ""


def wait_for(what: str, check: Any, limit: float = 30) -> Any:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {what}\n{log_text()}")


def outcomes() -> list[str]:
    return re.findall(r"recorded micro (\w+)", log_text())


def tree() -> dict[str, Any]:
    return json.loads(subprocess.run(["swaymsg", "-t", "get_tree"], capture_output=True,
                                     text=True, timeout=10).stdout)  # fmt: skip


def views(node: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    node = node if node is not None else tree()
    found = []
    for child in node.get("nodes", []) + node.get("floating_nodes", []):
        if child.get("pid"):
            found.append(child)
        found += views(child)
    return found


def view(name: str) -> dict[str, Any] | None:
    """The window titled ``name`` (Qt adds " — posture-break" to titles on Wayland)."""
    return next((v for v in views() if v.get("name", "").split(" \u2014 ")[0] == name), None)


DATA.mkdir(parents=True, exist_ok=True)
days = "\n".join(
    f'{d} = ["00:00-24:00"]' for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
)
(DATA / "settings.toml").write_text(
    "[micro]\nevery_minutes = 60\nseconds = 12\n"
    "[long]\nevery_minutes = 480\nminutes = 1\n"
    "[warning]\nseconds_before = 0\n"
    "[health]\nasked = true\n"
    f"[work_hours]\n{days}\n"
)
procs: list[subprocess.Popen[bytes]] = []
try:
    with open(OUT / "app.out", "wb") as fh:
        procs.append(subprocess.Popen(PY, stdout=fh, stderr=subprocess.STDOUT))
    backend = wait_for("idle detection", lambda: re.search(r"idle backend: (.+)", log_text()))
    out("idle_backend", backend.group(1))
    doctor = cli("doctor").stdout
    (OUT / "doctor.txt").write_text(doctor)
    for key in ("Session", "Idle backend", "not used", "Breaks on top", "The log"):
        found = re.search(rf"^\s*{key}\s+(.+)$", doctor, re.M)
        out("doctor_" + key.strip().lower().replace(" ", "_"), found and found.group(1))
    if not SWAY:
        out("break_now_rc", cli("break-now").returncode)
        wait_for("the break window", lambda: "break window exposed" in log_text(), limit=20)
        time.sleep(0.5)
        shot = subprocess.run(["weston-screenshooter"], cwd=OUT, capture_output=True, timeout=20)
        out("screenshot", shot.returncode == 0 and any(OUT.glob("wayland-screenshot*.png")))
        wait_for("a recorded break", outcomes, limit=40)
        out("outcome", outcomes()[-1])
        raise SystemExit(0)

    # the no-tray status window: small, floating, closable, back with `show`
    status = wait_for("the status window", lambda: view("posture-break"))
    out("status_floating", status.get("type") == "floating_con")
    out("status_size", "{width}x{height}".format(**status["rect"]))
    subprocess.run(["swaymsg", '[title="^posture-break$"] kill'], capture_output=True, timeout=10)
    out("status_closed", wait_for("status closed", lambda: view("posture-break") is None, 5))
    out("show_rc", cli("show").returncode)
    out("status_back", bool(wait_for("status back", lambda: view("posture-break"), 5)))

    # 2. typing a sentence into an editor while a break appears
    typed_file = OUT / "editor.txt"
    with open(OUT / "editor.out", "wb") as fh:
        procs.append(subprocess.Popen([sys.executable, str(EDITOR), str(typed_file)],
                                      stdout=fh, stderr=subprocess.STDOUT))  # fmt: skip
    wait_for("the editor focused", lambda: (v := view("pb-editor")) and v.get("focused"))
    status = view("posture-break") or {}
    out("status_focused", status.get("focused"))
    # One wtype process for the whole text: each new wtype uploads a keymap, and Qt drops the
    # first key after such a change (measured: "is a" arrives as "s ", with no break at all).
    words = [" " + w for w in SENTENCE.split()] * 4
    typed = ["".join(words)]
    argv = ["wtype", "-d", "25", "-k", "Shift_L"]  # the first key after a keymap is unreliable
    for word in words:
        argv += [word, "-s", "150"]

    def typist() -> None:
        subprocess.run(argv, timeout=120)

    worker = threading.Thread(target=typist, daemon=True)
    worker.start()
    time.sleep(1.0)
    out("break_now_rc", cli("break-now").returncode)
    win = wait_for("the break window", lambda: view("Time for a break"), limit=10)
    time.sleep(1.5)
    subprocess.run(["grim", str(OUT / "typing-through-break.png")], timeout=20)
    win = view("Time for a break") or win
    out("break_focused_while_typing", win.get("focused"))
    out("break_floating", win.get("type") == "floating_con")
    out("break_sticky", win.get("sticky"))
    out("break_size", "{width}x{height}".format(**win["rect"]))
    editor = view("pb-editor") or {}
    out("editor_focused_while_typing", editor.get("focused"))
    # a window opened during the break: tiled under the floating break, which stays in view
    with open(OUT / "other.out", "wb") as fh:
        procs.append(subprocess.Popen([sys.executable, str(EDITOR), str(OUT / "other.txt")],
                                      stdout=fh, stderr=subprocess.STDOUT))  # fmt: skip

    def editors() -> list[dict[str, Any]]:
        return [v for v in views() if v.get("name") == "pb-editor"]

    wait_for("a second window", lambda: len(editors()) == 2)
    time.sleep(0.5)  # let sway lay it out
    others = editors()
    win = view("Time for a break") or {}
    out("other_window_tiled", all(v.get("type") == "con" for v in others))
    out("break_still_floating", win.get("type") == "floating_con")
    subprocess.run(["grim", str(OUT / "window-opened-over-break.png")], timeout=20)
    wait_for("the first break's outcome", outcomes, limit=40)
    worker.join()
    out("first", outcomes()[-1])

    def editors_text() -> str:
        return typed_file.read_text("utf-8") + (OUT / "other.txt").read_text("utf-8")

    # wtype returns once the compositor has the keys; the editor may still be writing the last
    # one (a busy machine once read 275 of 276). Wait for the whole text, then judge it.
    end = time.monotonic() + 10
    while (text := editors_text()) != "".join(typed) and time.monotonic() < end:
        time.sleep(0.1)
    out("typed_chars", len("".join(typed)))
    out("editor_chars", len(text))
    out("editor_intact", text == "".join(typed))
    if text != "".join(typed):
        out("editor_text", repr(text))

    # 3. away for the whole next break -> done
    time.sleep(6)  # the idle notification comes 5 s after the last key
    cli("break-now")
    wait_for("the second break's outcome", lambda: len(outcomes()) >= 2, limit=40)
    out("second", outcomes()[-1])
finally:
    with_quit = cli("quit").returncode
    out("quit_rc", with_quit)
    for p in procs:
        if p.poll() is None:
            p.terminate()
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
