"""The reference the benchmarks divide by: a bare PySide6 tray app and nothing else.

QApplication + QSystemTrayIcon with an icon + a QMenu of a few actions. Its X11 WM_CLASS is
``bare-tray`` (from argv[0]), so bench/run.py can find its icon window under the tray.

    python bench/bare_tray.py                 # the bare app
    python bench/bare_tray.py --tick-ms 5000  # plus one cheap wake-up every 5 s (see README)
    python bench/bare_tray.py --apscheduler   # plus apscheduler's QtScheduler, started, no job

``--tick-ms`` is the "allowed" idle cost made concrete: a timer that, like an idle-time poll, asks
the X server how long the person has been idle (XScreenSaverQueryInfo: one round trip) and does
nothing else. The idle benchmark compares posture-break with both variants.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import sys
from collections.abc import Callable


def _idle_query() -> Callable[[], None]:
    """One XScreenSaverQueryInfo round trip on a private connection (what an idle poll costs)."""

    class _Info(ctypes.Structure):
        _fields_ = [
            ("window", ctypes.c_ulong),
            ("state", ctypes.c_int),
            ("kind", ctypes.c_int),
            ("til_or_since", ctypes.c_ulong),
            ("idle", ctypes.c_ulong),
            ("eventMask", ctypes.c_ulong),
        ]

    xlib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    xss = ctypes.CDLL(ctypes.util.find_library("Xss") or "libXss.so.1")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XDefaultRootWindow.restype = ctypes.c_ulong
    xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_Info)
    xss.XScreenSaverQueryInfo.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(_Info)]
    display = xlib.XOpenDisplay(None)
    if not display:
        raise SystemExit("bare-tray: cannot open the X display for --tick-ms")
    root = xlib.XDefaultRootWindow(display)
    info = xss.XScreenSaverAllocInfo()

    def query() -> None:
        xss.XScreenSaverQueryInfo(display, root, info)

    return query


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tick-ms", type=int, default=0, help="one idle query every N ms")
    parser.add_argument(
        "--apscheduler",
        action="store_true",
        help="import and start apscheduler's QtScheduler (the specified stack's floor)",
    )
    args = parser.parse_args(argv)

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

    app = QApplication(["bare-tray"])
    app.setQuitOnLastWindowClosed(False)

    pixmap = QPixmap(64, 64)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#1f8a70"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(4, 4, 56, 56, 12, 12)
    painter.end()

    menu = QMenu()
    menu.addAction("Take a break now")
    menu.addAction("Pause")
    menu.addSeparator()
    menu.addAction("Quit").triggered.connect(app.quit)

    tray = QSystemTrayIcon(QIcon(pixmap))
    tray.setContextMenu(menu)
    tray.setToolTip("bare-tray")
    tray.show()

    if args.apscheduler:
        from apscheduler.schedulers.qt import QtScheduler

        scheduler = QtScheduler()
        scheduler.start()

    if args.tick_ms > 0:
        query = _idle_query()
        timer = QTimer()
        timer.setInterval(args.tick_ms)
        timer.timeout.connect(query)
        timer.start()

    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
