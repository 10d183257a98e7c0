"""Starting the tray app: the icon first, everything else right after.

The person's proof that the app started is the tray icon, so it goes up before the heavier
parts are even imported (planner, history, cards, idle detection); the menu is wired to them
a moment later, well before anyone could click it. The rest of the composition is in app.py.
"""

from __future__ import annotations

import os
import sys
import time

from posture_break.core.paths import DataDirError, Paths, ensure_dirs
from posture_break.ipc import InstanceUnreachable, NotRunning, send_command


def run_app(paths: Paths, lang: str | None = None) -> int:
    t0 = time.perf_counter()
    try:
        ensure_dirs(paths)
    except DataDirError as exc:
        print(f"posture-break: {exc}", file=sys.stderr)
        return 1
    try:
        send_command(paths, {"cmd": "ping"}, timeout=2.0)
    except NotRunning:
        pass  # nobody there (or a stale socket from a crash): this start is the one that runs
    except InstanceUnreachable as exc:
        # Someone holds the socket but is busy: it is running, and its socket stays its own.
        print(f"posture-break is already running ({exc}).", file=sys.stderr)
        return 0
    else:
        print("posture-break is already running.", file=sys.stderr)
        return 0

    from posture_break.platform import qt_platform

    problem = qt_platform.check()
    if problem is not None:  # Qt would abort ("no Qt platform plugin could be initialized")
        print(f"posture-break: {problem.message}", file=sys.stderr)
        return 1

    # Qt only now: a second start that hands over to the running app never pays for it.
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from posture_break.core.settings import load_settings

    loaded = load_settings(paths.settings_file)
    for line in loaded.problems:
        print(f"posture-break: {line}", file=sys.stderr)

    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    # argv[0] names the X11 WM_CLASS: "posture-break", not "__main__.py" under `python -m`.
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["posture-break"])
    app.setApplicationName("posture-break")
    app.setApplicationDisplayName("posture-break")
    app.setDesktopFileName("posture-break")
    app.setQuitOnLastWindowClosed(False)
    language = lang or loaded.settings.app.language or _system_language()
    from posture_break.ui.i18n import install

    install(app, language)
    sway_note = None
    if os.environ.get("SWAYSOCK"):  # before any window shows: sway applies rules to new ones
        from posture_break.platform.wayland_idle import sway_setup

        sway_note = sway_setup()

    from posture_break.ui.tray import make_views

    views = make_views()  # the composition starts here, with what the person sees first
    _, tray, status = views
    if tray is not None:
        tray.show()
    elif status is not None:
        status.show()
    app.processEvents()  # put the icon on screen now
    shown_ms = (time.perf_counter() - t0) * 1000

    from posture_break.core.store import Store, StoreError
    from posture_break.ipc import server_name
    from posture_break.platform.clock import SystemClock
    from posture_break.ui.app import APP_STYLE, BreakApp, after_start, log, setup_logging
    from posture_break.ui.instance import InstanceServer

    app.setStyleSheet(APP_STYLE)
    setup_logging(paths)
    if sway_note:
        log.info("%s", sway_note)
    try:
        store = Store.open(paths.db_file)
    except StoreError as exc:
        print(f"posture-break: {exc}", file=sys.stderr)
        return 1
    # store.notices (a damaged file moved aside) are told by controller.start(): tray or stderr.
    unreadable = paths.settings_file.exists() and not loaded.raw and bool(loaded.problems)
    controller = BreakApp(
        paths,
        loaded.settings,
        loaded.raw,
        store,
        SystemClock(),
        lang=language,
        settings_writable=not unreadable,
        views=views,
    )
    server = InstanceServer(server_name(paths), controller.handle_command, controller)
    if not server.listen():
        # Another instance won the start race: it is the one that runs.
        controller.alarm.shutdown()
        store.close()
        print("posture-break is already running.", file=sys.stderr)
        return 0
    controller.start()
    log.info(
        "started in %.0f ms, tray icon after %.0f ms (tray: %s)",
        (time.perf_counter() - t0) * 1000,
        shown_ms,
        controller.tray is not None,
    )
    for line in loaded.problems:
        controller.notify(QApplication.translate("App", "Settings file problem"), line)
    QTimer.singleShot(0, lambda: after_start(controller))
    code = app.exec()
    server.close()
    # Tear down widgets before the interpreter does, or PySide may crash on exit.
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    app.processEvents()
    return int(code)


def _system_language() -> str:
    from PySide6.QtCore import QLocale

    return QLocale.system().name().split("_")[0] or "en"
