"""The weekly review on a real desktop: dunst shows it and its action opens the charts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

SCENARIO = Path(__file__).parent / "scenarios" / "review.py"


@pytest.mark.e2e
def test_weekly_review_in_dunst_opens_the_charts(desktop, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = desktop([sys.executable, str(SCENARIO), str(tmp_path / "data"), str(out)], timeout=300)
    v = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    log = tmp_path / "data" / "logs" / "posture-break.log"
    details = f"{result.stdout}\n{result.stderr}\n{log.read_text() if log.exists() else ''}"
    assert result.returncode == 0, details
    assert v["shown"] == "True", details  # the calendar job ran at the end of the week's work
    assert v["displayed"] == "1", details  # one notification on the real server
    assert v["text"] == "3 breaks done, 100 %", details
    assert "3 breaks done, 100 %" in v["history"], details  # what dunst received
    assert v["stats_window"] == "True", details  # its action opened the charts window...
    assert v["opened_week"] == v["week"], details  # ...on the week reviewed
    assert v["displayed_after_action"] == "0", details  # and the answered notification went
    assert v["quit_rc"] == "0" and v["app_rc"] == "0", details
