"""Do not interrupt a presentation: a due break waits while a fullscreen window has focus."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests import needs

SCENARIO = Path(__file__).parent / "scenarios" / "fullscreen.py"


@pytest.mark.e2e
def test_due_break_waits_for_fullscreen_to_end(desktop, tmp_path):
    why = needs.missing_programs("openbox")  # a window manager that sets _NET_WM_STATE
    if why:
        pytest.skip(why)
    out = tmp_path / "out"
    out.mkdir()
    result = desktop([sys.executable, str(SCENARIO), str(tmp_path / "data"), str(out)], timeout=200)
    v = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    log = tmp_path / "data" / "logs" / "posture-break.log"
    details = f"{result.stdout}\n{result.stderr}\n{log.read_text() if log.exists() else ''}"
    assert v.get("fullscreen_state") == "True", details
    assert v.get("held") == "True", details
    assert v["status_while_held"].startswith("Waiting: a fullscreen window has focus"), details
    assert v.get("break_while_fullscreen") == "False", details
    assert v.get("break_after_leaving_fullscreen") == "True", details
    assert float(v["seconds_to_show"]) <= 12, details  # re-checked on each 5 s poll while held
    assert v.get("log_held") == "True", details
