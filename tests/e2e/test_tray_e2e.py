"""The tray app on a real X desktop: icon shown, menu opens, one instance, clean quit."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

SCENARIO = Path(__file__).parent / "scenarios" / "tray.sh"


def _values(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


@pytest.mark.e2e
def test_tray_icon_menu_single_instance_and_quit(desktop, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = desktop(
        ["bash", str(SCENARIO), str(tmp_path / "data"), str(out)],
        env={"PYTHON": sys.executable},
    )
    v = _values(result.stdout)
    details = f"{result.stdout}\n{result.stderr}\n{(out / 'app.log').read_text()}"
    doctor = (out / "doctor.txt").read_text()
    assert v.get("doctor_rc") == "0", details
    tray_line = next(line for line in doctor.splitlines() if line.startswith("System tray"))
    assert tray_line.split(None, 2)[2] == "available", doctor
    assert v.get("icons_after_start") == "1", details
    assert int(v["windows_after_menu"]) > int(v["windows_before_menu"]), details
    assert v.get("second_rc") == "0", details
    assert "already running" in (out / "second.log").read_text()
    assert v.get("icons_after_second") == "1", details
    assert v.get("quit_rc") == "0", details
    assert v.get("app_exited") == "yes" and v.get("app_rc") == "0", details
    assert (out / "tray.png").stat().st_size > 0
