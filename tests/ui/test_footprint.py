"""What the running app keeps out of its process (issue 17: memory is a feature)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_apscheduler_comes_in_without_openssl() -> None:
    """apscheduler imports asyncio, asyncio imports ssl when it can: 4 MiB of OpenSSL in an app
    that never opens a network connection. The alarm keeps it out, and jobs still run."""
    code = textwrap.dedent(
        """
        import sys
        from datetime import datetime, timedelta, timezone
        from PySide6.QtCore import QCoreApplication, QTimer
        app = QCoreApplication([])
        from posture_break.ui.alarm import Alarm
        alarm = Alarm(timezone.utc)
        fired = []
        alarm.at(datetime.now(timezone.utc) + timedelta(milliseconds=50), lambda: fired.append(1))
        QTimer.singleShot(0, lambda: None)
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.timeout.connect(app.quit)
        deadline.start(5000)
        poll = QTimer()
        poll.timeout.connect(lambda: fired and app.quit())
        poll.start(10)
        app.exec()
        alarm.shutdown()
        maps = open("/proc/self/maps").read()
        print("asyncio" in sys.modules, "ssl" in sys.modules, "libcrypto" in maps, fired)
        import ssl  # still importable by anyone who needs it later
        print(bool(ssl.OPENSSL_VERSION))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
    ).stdout.split("\n")
    assert out[0] == "True False False [1]", out
    assert out[1] == "True"
