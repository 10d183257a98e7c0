"""The pre-break warning reaches a real notification server (dunst) over the session bus."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

SCRIPT = textwrap.dedent(
    """
    import subprocess, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from posture_break.ui.notify import Notifier

    app = QApplication(sys.argv[:1])
    n = Notifier(timeout_ms=60_000)
    n.warn("Micro-break", "Micro-break in 30 seconds. Finish your sentence.",
           [("start", "Start now"), ("snooze", "Snooze")])
    print("backend", n.backend)
    print("caps", ",".join(sorted(n.capabilities)))
    QTimer.singleShot(500, app.quit)  # let dunst draw it
    app.exec()
    def dunstctl(*args):
        return subprocess.run(["dunstctl", *args], capture_output=True, text=True).stdout.strip()
    print("displayed", dunstctl("count", "displayed"))
    print("waiting", dunstctl("count", "waiting"))
    n.close()
    QTimer.singleShot(500, app.quit)
    app.exec()
    print("after_close_displayed", dunstctl("count", "displayed"))
    print("history", dunstctl("history").replace("\\n", " "))
    n.shutdown()
    """
)


def _values(stdout: str) -> dict[str, str]:
    out = {}
    for line in stdout.splitlines():
        key, _, value = line.partition(" ")
        out[key] = value
    return out


def test_warning_arrives_as_a_real_notification(desktop, tmp_path: Path) -> None:
    script = tmp_path / "warn.py"
    script.write_text(SCRIPT, encoding="utf-8")
    result = desktop([sys.executable, str(script)], timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    values = _values(result.stdout)
    assert values["backend"] == "dbus", result.stdout + result.stderr
    assert "actions" in values["caps"].split(",")
    assert int(values["displayed"]) + int(values["waiting"]) == 1, result.stdout
    # close() takes it away: dunst moves it to its history, with our text and app name
    assert values["after_close_displayed"] == "0"
    assert "Micro-break in 30 seconds" in values["history"]
    assert "posture-break" in values["history"]


TOAST_SCRIPT = textwrap.dedent(
    """
    import subprocess, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from posture_break.ui.notify import Notifier

    app = QApplication(sys.argv[:1])
    n = Notifier(timeout_ms=60_000)
    n.warn("Long break", "Long break in 30 seconds. Finish your sentence.",
           [("start", "Start now"), ("snooze", "Snooze")])
    print("backend", n.backend)

    def look():
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "Long break"],
                               capture_output=True, text=True).stdout.split()
        print("windows", len(found))
        if len(sys.argv) > 1:
            subprocess.run(["import", "-window", "root", sys.argv[1]], check=False)
        n.shutdown()
        app.quit()

    QTimer.singleShot(700, look)  # while the event loop runs, as in the app
    app.exec()
    """
)


def test_without_a_notification_service_the_toast_shows(desktop, tmp_path: Path) -> None:
    script = tmp_path / "toast.py"
    script.write_text(TOAST_SCRIPT, encoding="utf-8")
    shot = tmp_path / "toast.png"
    # no session bus at all for this process: nobody to send Notify to
    cmd = ["env", "-u", "DBUS_SESSION_BUS_ADDRESS", sys.executable, str(script), str(shot)]
    result = desktop(cmd, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    values = _values(result.stdout)
    assert values["backend"] == "toast", result.stdout + result.stderr
    assert values["windows"] == "1", result.stdout + result.stderr
