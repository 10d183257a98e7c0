"""The X11 idle backend on a real X server, checked against xdotool input and xprintidle."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = textwrap.dedent(
    """
    import json, os, subprocess, time

    from posture_break.platform.idle import (
        DBusCaller, MutterIdleBackend, ScreenSaverIdleBackend, detect_backend, session_bus_address,
    )

    def xprintidle():
        return int(subprocess.run(["xprintidle"], capture_output=True, text=True,
                                  check=True).stdout) / 1000.0

    out = {"bus": os.environ.get("DBUS_SESSION_BUS_ADDRESS")}

    # Why GNOME/KDE are passed over here: ask them directly on the real session bus.
    address = session_bus_address(os.environ)
    out["dbus"] = {}
    for cls in (MutterIdleBackend, ScreenSaverIdleBackend):
        caller = DBusCaller(address)
        start = time.monotonic()
        try:
            caller(cls.bus_name, cls.path, cls.interface, cls.method)
            answer = "answered"
        except Exception as e:
            answer = f"{type(e).__name__}: {e}"
        out["dbus"][cls.name] = [answer, time.monotonic() - start]
        caller.close()

    start = time.monotonic()
    backend = detect_backend()
    out["detect_s"] = time.monotonic() - start
    out["name"] = backend.name if backend else None

    subprocess.run(["xdotool", "mousemove", "400", "400"], check=True)
    out["after_move"] = [backend.idle_seconds(), xprintidle()]
    time.sleep(1.5)  # no input for 1.5 s: this is the idle time being measured
    out["after_wait"] = [backend.idle_seconds(), xprintidle()]
    subprocess.run(["xdotool", "mousemove", "10", "10"], check=True)
    subprocess.run(["xdotool", "mousemove", "200", "200"], check=True)
    out["after_input"] = [backend.idle_seconds(), xprintidle()]

    start = time.perf_counter()
    for _ in range(200):
        backend.idle_seconds()
    out["reading_us"] = (time.perf_counter() - start) / 200 * 1e6
    backend.close()
    print("RESULT " + json.dumps(out))
    """
)


@pytest.mark.e2e
def test_x11_backend_follows_real_input(desktop, tmp_path: Path) -> None:
    script = tmp_path / "idle_probe.py"
    script.write_text(SCRIPT)
    done = desktop([sys.executable, str(script)], timeout=300)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    print(json.dumps(result, indent=2))  # shown with -s: the numbers for the report

    # This desktop has a session bus but no GNOME or KDE idle service: X11 must be chosen.
    assert result["bus"], "desktop-session should provide a session bus"
    for name, (answer, seconds) in result["dbus"].items():
        assert "NameHasNoOwner" in answer, (name, answer)  # a real bus reply, not a dead bus
        assert seconds < 0.5, (name, seconds)
    assert result["name"] == "x11 (MIT-SCREEN-SAVER)"
    assert result["detect_s"] < 1.0

    waited, waited_xprintidle = result["after_wait"]
    assert waited >= 1.0
    assert abs(waited - waited_xprintidle) < 0.25  # the same counter xprintidle reads

    moved, moved_xprintidle = result["after_input"]
    assert moved < 1.0
    assert moved < waited
    assert abs(moved - moved_xprintidle) < 0.25
    assert result["reading_us"] < 5_000  # cheap enough for a 5 s poll on the GUI thread
