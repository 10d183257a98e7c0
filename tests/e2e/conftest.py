"""End-to-end tests run the real app inside tools/desktop-session.

Each test hands a command to a throw-away X desktop (Xvfb, a tray, dunst, a D-Bus session bus)
and reads what it printed. The tool ships beside the repository (and in CI); where it is missing
the tests are skipped with that reason, never silently passed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DESKTOP_SESSION = REPO / "tools" / "desktop-session"


def _available() -> str | None:
    if not DESKTOP_SESSION.exists():
        return f"{DESKTOP_SESSION} not found"
    if sys.platform != "linux":
        return "desktop-session needs Linux"
    if os.geteuid() != 0 and not shutil.which("Xvfb"):
        return "desktop-session needs root to install Xvfb"
    return None


@pytest.fixture
def desktop():
    """Run a command inside a fresh desktop session; returns subprocess.CompletedProcess."""
    why = _available()
    if why:
        pytest.skip(why)

    def run(cmd: Sequence[str], *, timeout: float = 180, env: dict[str, str] | None = None):
        full_env = dict(os.environ)
        full_env.pop("QT_QPA_PLATFORM", None)
        full_env["PYTHONPATH"] = str(REPO) + os.pathsep + full_env.get("PYTHONPATH", "")
        if env:
            full_env.update(env)
        return subprocess.run(
            ["bash", str(DESKTOP_SESSION), "--", *cmd],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=full_env,
            cwd=REPO,
        )

    return run
