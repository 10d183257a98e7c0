"""`posture-break doctor`: what works on this desktop, in plain lines.

Exit 0, or 1 where Qt cannot start here because a system library is missing (the line names the
package to install). With no display at all it reports everything that needs none.
"""

from __future__ import annotations

import os
import platform
import sys

from posture_break import __version__
from posture_break.core.paths import Paths


def settings_report(paths: Paths) -> str:
    """'fine', or how many problems the settings file has and the first few."""
    import re

    from posture_break.core.settings import load_settings

    problems = load_settings(paths.settings_file).problems
    if not problems:
        return "fine" if paths.settings_file.exists() else "none yet (defaults)"
    total = len(problems)
    counted = re.search(r": and (\d+) more problems$", problems[-1])
    if counted:
        total += int(counted.group(1)) - 1
    shown = "; ".join(p.replace(f"{paths.settings_file}: ", "") for p in problems[:3])
    more = f" (and {total - 3} more)" if total > 3 else ""
    return f"{total} problem(s): {shown}{more}"


def detectors() -> list[tuple[str, str]]:
    """Calls, locks, suspends and idle inhibitors: each detector, available or not and why."""
    if sys.platform != "linux":
        return [("Call detection", "not available on this system (Linux only)")]
    from posture_break.platform.away import AwayWatcher, IdleInhibitors
    from posture_break.platform.calls import CallDetector

    lines = [(f"Call: {name.lower()}", text) for name, text in CallDetector().report()]
    watcher = AwayWatcher()
    try:
        watcher.start()
        watched = "; ".join(watcher.watching) or "nothing"
        lines.append(("Locks and suspends", f"watching {watched}"))
        for problem in watcher.problems:
            lines.append(("", f"not watched: {problem} (suspends: the clock-jump check)"))
    finally:
        watcher.close()
    inhibitors = IdleInhibitors()
    try:
        lines.append(("Idle inhibitors", inhibitors.report()))
    finally:
        inhibitors.close()
    return lines


KEY_WIDTH = 20  # the longest usual key, "Call: screen sharing"; a longer one pushes its value on


def say(key: str, value: str) -> None:
    """One line of the report, printed at once: a slow probe shows where it is, not a blank."""
    print(f"{key:<{KEY_WIDTH}}  {value}", flush=True)


def run_doctor(paths: Paths) -> int:
    from posture_break.platform import qt_platform

    problem = qt_platform.check()
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    say("posture-break", __version__)
    say("Python", f"{platform.python_version()} ({sys.executable})")
    say("Qt", qVersion())
    say("PySide6", pyside_version)
    if problem is None:
        from PySide6.QtWidgets import QApplication, QSystemTrayIcon

        _app = QApplication.instance() or QApplication(sys.argv[:1])  # kept alive while asked
        say("Platform", f"{platform.platform()} / Qt platform {QApplication.platformName()}")
        say(
            "System tray",
            "available"
            if QSystemTrayIcon.isSystemTrayAvailable()
            else "NOT available: a small status window is shown instead",
        )
    else:  # creating the QApplication would abort the process: report the rest
        say("Platform", f"{platform.platform()} / Qt platform: cannot start: {problem.message}")
        say("System tray", "unknown (Qt cannot start here)")
    from posture_break.platform.notifications import describe_service

    say("Notifications", describe_service())
    from posture_break.platform import session
    from posture_break.platform.wayland_idle import detect_idle

    env = os.environ
    say("Session", f"{session.session_type(env)}, {session.compositor(env)}")
    backend, why_not = detect_idle(env)
    name = getattr(backend, "name", None)
    say("Idle backend", name or "none")
    for note in why_not:
        say("  not used", note)
    if backend is not None:
        say("Idle now", f"{backend.idle_seconds()} s")
        backend.close()
    for key, value in detectors():
        say(key, value)
    say("Breaks on top", session.on_top(env))
    say("The log", session.log_meaning(name))
    say("Settings", f"{paths.settings_file}: {settings_report(paths)}")
    say("History", str(paths.db_file))
    say("Own cards", str(paths.cards_dir))
    say("Logs", str(paths.log_dir))
    for key, value in _sync_lines(paths):
        say(key, value)
    if problem is not None and problem.kind == "missing-libraries":
        print(f"posture-break: {problem.message}", file=sys.stderr)
        return 1
    return 0


def _sync_lines(paths: Paths) -> list[tuple[str, str]]:
    """What ``posture-break sync status`` says, or why it cannot be said."""
    from posture_break.core.settings import load_settings

    settings = load_settings(paths.settings_file).settings
    if not settings.sync.folder.strip():
        return [("Sync folder", "off (set [sync] folder in the settings)")]
    if not paths.db_file.exists():
        return [("Sync folder", settings.sync.folder + " (no history yet)")]
    from posture_break import sync_host
    from posture_break.core.store import Store, StoreError

    try:
        store = Store.open(paths.db_file)
    except StoreError as exc:
        return [("Sync folder", f"{settings.sync.folder} (history unusable: {exc})")]
    try:
        return sync_host.status_lines(paths, settings, store)
    except Exception as exc:  # a finding, not a crash
        return [("Sync folder", f"{settings.sync.folder} (status failed: {exc})")]
    finally:
        store.close()
