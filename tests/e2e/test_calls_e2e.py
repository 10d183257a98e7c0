"""A call holds the break, end to end: the real app on a throw-away X desktop beside a real
PipeWire graph (tools/desktop-session + tools/pipewire-session), a recorder as the call."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.e2e.pipewire import missing

REPO = Path(__file__).resolve().parents[2]
SCENARIO = Path(__file__).parent / "scenarios" / "calls.py"


@pytest.mark.e2e
def test_a_due_break_waits_for_the_recorder_and_shows_soon_after_it_stops(desktop, tmp_path):
    why = missing()
    if why:
        pytest.skip(why)
    out = tmp_path / "out"
    out.mkdir()
    cmd = [
        "bash",
        str(REPO / "tools" / "pipewire-session"),
        "--",
        sys.executable,
        str(SCENARIO),
        str(tmp_path / "data"),
        str(out),
    ]
    result = desktop(cmd, timeout=240)
    v = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    log = tmp_path / "data" / "logs" / "posture-break.log"
    details = f"{result.stdout}\n{result.stderr}\n{log.read_text() if log.exists() else ''}"
    assert v.get("recording") == "True", details
    assert v.get("held") == "True", details
    assert v["status_while_held"].startswith("Waiting: microphone in use by parecord"), details
    assert v.get("break_during_call") == "False", details
    assert v.get("break_after_call") == "True", details
    print(f"seconds from the recorder's end to the window: {v['seconds_to_show']}")
    assert float(v["seconds_to_show"]) <= 10, details  # re-checked on each 5 s poll while held
    assert v.get("log_held") == "True" and v.get("log_released") == "True", details
