"""End-to-end tests run the real app inside tools/desktop-session.

Each test hands a command to a throw-away X desktop (Xvfb, a tray, dunst, a D-Bus session bus)
and reads what it printed. Where a program the desktop needs is not installed, the tests are
skipped with the Debian packages to install (tests/needs.py), never silently passed; .ci/run
installs them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests import needs

REPO = Path(__file__).resolve().parents[2]
DESKTOP_SESSION = needs.DESKTOP_SESSION


@pytest.fixture
def desktop():
    """Run a command inside a fresh desktop session; returns subprocess.CompletedProcess."""
    why = needs.desktop_problem()
    if why:
        pytest.skip(why)

    def run(cmd: Sequence[str], *, timeout: float = 180, env: dict[str, str] | None = None):
        full_env = dict(os.environ)
        full_env.pop("QT_QPA_PLATFORM", None)
        full_env["PYTHONPATH"] = str(REPO) + os.pathsep + full_env.get("PYTHONPATH", "")
        if env:
            full_env.update(env)
        result = needs.run_session(
            ["bash", str(DESKTOP_SESSION), "--", *cmd], timeout=timeout, env=full_env, cwd=REPO
        )
        if result.returncode == needs.MISSING_EXIT and "install with:" in result.stderr:
            pytest.skip(result.stderr.strip().splitlines()[-1])
        return result

    return run


WAYLAND_SESSION = REPO / "tools" / "wayland-session"


@pytest.fixture
def wayland():
    """Run a command inside a fresh headless sway or weston (tools/wayland-session)."""
    if sys.platform != "linux":
        pytest.skip("wayland-session needs Linux")

    def run(cmd: Sequence[str], *, compositor: str = "sway", timeout: float = 240):
        programs = (
            ("sway", "swaymsg", "wtype", "grim")
            if compositor == "sway"
            else ("weston", "weston-screenshooter")
        )
        why = needs.missing_programs(*programs, "dbus-daemon")
        if why:
            pytest.skip(why)
        env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
        env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
        return needs.run_session(
            ["bash", str(WAYLAND_SESSION), "--compositor", compositor, "--", *cmd],
            timeout=timeout,
            env=env,
            cwd=REPO,
        )

    return run
