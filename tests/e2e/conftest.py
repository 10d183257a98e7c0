"""End-to-end tests run the real app inside tools/desktop-session.

Each test hands a command to a throw-away X desktop (Xvfb, a tray, dunst, a D-Bus session bus)
and reads what it printed. Where a program the desktop needs is not installed, the tests are
skipped with the Debian packages to install (tests/needs.py), never silently passed; .ci/run
installs them.
"""

from __future__ import annotations

import os
import subprocess
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
        result = subprocess.run(
            ["bash", str(DESKTOP_SESSION), "--", *cmd],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=full_env,
            cwd=REPO,
        )
        if result.returncode == needs.MISSING_EXIT and "install with:" in result.stderr:
            pytest.skip(result.stderr.strip().splitlines()[-1])
        return result

    return run
