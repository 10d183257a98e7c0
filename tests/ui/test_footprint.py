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


def test_the_running_app_maps_no_openssl(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The real app, started and through one break, with sync off: neither ``ssl`` (asyncio,
    under apscheduler) nor ``hashlib`` (the sync journal's digests) has mapped OpenSSL."""
    import os
    import shutil
    import tempfile
    import time
    from pathlib import Path

    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.toml").write_text("[health]\nasked = true\n", encoding="utf-8")
    runtime = Path(tempfile.mkdtemp(prefix="pb-", dir="/tmp"))  # a socket path stays short
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(runtime)}
    cli = [sys.executable, "-m", "posture_break", "--data-dir", str(data)]
    app = subprocess.Popen(cli, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def command(name: str) -> None:
        deadline = time.monotonic() + 30
        while True:
            if app.poll() is not None and name != "quit":
                raise AssertionError(f"the app exited: {app.stderr.read().decode()[-2000:]}")
            done = subprocess.run([*cli, name], env=env, capture_output=True, timeout=30)
            if done.returncode == 0 or time.monotonic() > deadline:
                assert done.returncode == 0, done.stderr
                return
            time.sleep(0.1)

    def mapped() -> str:
        return Path(f"/proc/{app.pid}/maps").read_text()

    log = data / "logs" / "posture-break.log"
    try:
        command("status")
        command("break-now")
        deadline = time.monotonic() + 30
        while "break window exposed" not in (log.read_text() if log.exists() else ""):
            assert time.monotonic() < deadline, "no break window"
            time.sleep(0.05)
        command("done")
        command("status")
        maps = mapped()
        assert "libcrypto" not in maps and "libssl" not in maps
    finally:
        if app.poll() is None:
            command("quit")
            app.wait(30)
        shutil.rmtree(runtime, ignore_errors=True)


def test_start_up_modules_leave_tomlkit_and_uuid_out() -> None:
    """tomlkit (~1 MiB resident) is only for saving settings and uuid (with platform) was only
    for random ids: loading settings, opening the store and writing a record bring neither in;
    saving settings still does its job with tomlkit."""
    code = textwrap.dedent(
        """
        import sys, tempfile
        from datetime import datetime, timezone
        from pathlib import Path
        import posture_break.cli, posture_break.ui.launch, posture_break.ui.app
        from posture_break.core.settings import load_settings, save_settings
        from posture_break.core.store import new_record_id
        d = Path(tempfile.mkdtemp())
        loaded = load_settings(d / "settings.toml")
        rid = new_record_id(datetime.now(timezone.utc))
        print("tomlkit" in sys.modules, "uuid" in sys.modules, len(rid))
        save_settings(d / "settings.toml", loaded.settings)
        print("tomlkit" in sys.modules, load_settings(d / "settings.toml").problems)
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
    assert out[0] == "False False 32", out
    assert out[1] == "True []", out
