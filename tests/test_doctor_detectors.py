"""`posture-break doctor` lists each call/lock/suspend/inhibitor detector: available or not, why."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fake_login1 import PrivateBus

REPO = Path(__file__).resolve().parents[1]


def doctor(tmp_path: Path, **env: str) -> dict[str, list[str]]:
    full = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    for key in ("PULSE_SERVER", "PIPEWIRE_REMOTE", "PIPEWIRE_RUNTIME_DIR"):
        full.pop(key, None)
    full.update(env)
    result = subprocess.run(
        [sys.executable, "-m", "posture_break", "--data-dir", str(tmp_path / "d"), "doctor"],
        capture_output=True,
        text=True,
        timeout=60,
        env=full,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    lines: dict[str, list[str]] = {}
    key = ""
    for line in result.stdout.splitlines():
        head, _, value = line.partition("  ")
        key = head.strip() or key  # continuation lines belong to the key above
        lines.setdefault(key, []).append(value.strip())
    return lines


@pytest.mark.skipif(sys.platform != "linux", reason="the detectors are Linux only")
def test_doctor_says_what_is_missing_and_why(tmp_path):
    runtime = tmp_path / "run"
    runtime.mkdir()
    out = doctor(
        tmp_path,
        XDG_RUNTIME_DIR=str(runtime),
        DBUS_SESSION_BUS_ADDRESS="",
        DBUS_SYSTEM_BUS_ADDRESS=f"unix:path={tmp_path}/none",
    )
    assert out["Call: microphone"][0].startswith("not available: no pulse server")
    assert out["Call: screen sharing"][0].startswith("not available: ")
    assert out["Call: camera"][0].startswith("available (/dev/video*")
    locks = out["Locks and suspends"]
    assert locks[0] == "watching nothing"
    assert any("no D-Bus session bus" in line for line in locks[1:])
    assert any("no system bus" in line for line in locks[1:])
    assert out["Idle inhibitors"][0].startswith("not available")


@pytest.mark.skipif(not shutil.which("dbus-daemon"), reason="needs dbus-daemon")
def test_doctor_with_logind_and_a_screensaver(tmp_path):
    bus = PrivateBus(tmp_path)
    try:
        out = doctor(tmp_path, **bus.env())
    finally:
        bus.close()
    watching = out["Locks and suspends"][0]
    assert "screensaver (session bus ActiveChanged)" in watching
    assert "suspend (logind PrepareForSleep)" in watching
    assert "lock (logind /org/freedesktop/login1/session/_31)" in watching
    inhibitors = out["Idle inhibitors"][0]
    assert inhibitors.startswith("available (logind ListInhibitors)")
    assert "GNOME IsInhibited:" in inhibitors  # not on this bus: said, with the reason
