"""The idle backends that ask the machine directly: X11 (libXss through ctypes), Windows
(``GetLastInputInfo``) and macOS (``ioreg``). The D-Bus ones, the ``IdleBackend`` protocol these
follow and the detection order are in :mod:`posture_break.platform.idle`.

Like the D-Bus backends, each reading fails to None rather than raising, and the libraries and
the process runner are parameters so tests pass fakes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
from typing import Any

from posture_break.platform.command import Runner, run_command

# --------------------------------------------------------------------------------------------
# X11 (MIT-SCREEN-SAVER)
# --------------------------------------------------------------------------------------------


class XScreenSaverInfo(ctypes.Structure):
    """``XScreenSaverInfo`` from <X11/extensions/scrnsaver.h>; ``idle`` is in milliseconds."""

    _fields_ = (
        ("window", ctypes.c_ulong),  # Window (an XID)
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("eventMask", ctypes.c_ulong),
    )


def _find_library(name: str, fallback: str) -> ctypes.CDLL | None:
    for candidate in (ctypes.util.find_library(name), fallback):
        if not candidate:
            continue
        try:
            return ctypes.CDLL(candidate)
        except OSError:
            continue
    return None


def load_x11_libraries() -> tuple[Any, Any] | None:
    """libX11 and libXss with their prototypes declared, or None when either is missing."""
    xlib = _find_library("X11", "libX11.so.6")
    xss = _find_library("Xss", "libXss.so.1")
    if xlib is None or xss is None:
        return None
    display_p = ctypes.c_void_p
    info_p = ctypes.POINTER(XScreenSaverInfo)
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XOpenDisplay.restype = display_p
    xlib.XDefaultRootWindow.argtypes = [display_p]
    xlib.XDefaultRootWindow.restype = ctypes.c_ulong
    xlib.XCloseDisplay.argtypes = [display_p]
    xlib.XCloseDisplay.restype = ctypes.c_int
    xlib.XFree.argtypes = [ctypes.c_void_p]
    xlib.XFree.restype = ctypes.c_int
    xss.XScreenSaverQueryExtension.argtypes = [
        display_p,
        ctypes.POINTER(ctypes.c_int),
        ctypes.POINTER(ctypes.c_int),
    ]
    xss.XScreenSaverQueryExtension.restype = ctypes.c_int
    xss.XScreenSaverAllocInfo.argtypes = []
    xss.XScreenSaverAllocInfo.restype = info_p
    xss.XScreenSaverQueryInfo.argtypes = [display_p, ctypes.c_ulong, info_p]
    xss.XScreenSaverQueryInfo.restype = ctypes.c_int
    return xlib, xss


class X11IdleBackend:
    """The X server's own idle counter, through libXss on a private display connection.

    The extension is checked before the first query: Xlib's default error handler exits the
    process on a protocol error, which is what querying a server without MIT-SCREEN-SAVER would
    cause. ``xlib`` and ``xss`` are ctypes libraries as returned by :func:`load_x11_libraries`
    (tests pass objects with the same functions).
    """

    name = "x11 (MIT-SCREEN-SAVER)"

    def __init__(self, xlib: Any, xss: Any, display_name: str | None) -> None:
        self._xlib = xlib
        self._xss = xss
        self._display_name = display_name.encode() if display_name else None
        self._display: Any = None
        self._info: Any = None

    def _open(self) -> bool:
        display = self._xlib.XOpenDisplay(self._display_name)
        if not display:
            return False
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not self._xss.XScreenSaverQueryExtension(
            display, ctypes.byref(event_base), ctypes.byref(error_base)
        ):
            self._xlib.XCloseDisplay(display)
            return False
        info = self._xss.XScreenSaverAllocInfo()
        if not info:
            self._xlib.XCloseDisplay(display)
            return False
        self._display, self._info = display, info
        return True

    def _query(self) -> int | None:
        if self._display is None and not self._open():
            return None
        root = self._xlib.XDefaultRootWindow(self._display)
        if not self._xss.XScreenSaverQueryInfo(self._display, root, self._info):
            return None
        idle: int = self._info.contents.idle
        return idle

    def idle_seconds(self) -> float | None:
        idle = self._query()
        if idle is None and self._display is not None:
            self.close()  # reconnect once: the server may have been restarted
            idle = self._query()
        return None if idle is None else idle / 1000.0

    def close(self) -> None:
        if self._info is not None:
            self._xlib.XFree(self._info)
            self._info = None
        if self._display is not None:
            self._xlib.XCloseDisplay(self._display)
            self._display = None


# --------------------------------------------------------------------------------------------
# Windows
# --------------------------------------------------------------------------------------------


def tick_idle_ms(now_tick: int, last_input_tick: int) -> int:
    """Milliseconds between two 32-bit tick counts, correct across the 49.7-day wraparound.

    ``GetTickCount`` and ``LASTINPUTINFO.dwTime`` are both DWORD milliseconds since boot that wrap
    to 0 after 2**32 ms; unsigned subtraction modulo 2**32 gives the right difference as long as
    the real gap is under 49.7 days.
    """
    return (now_tick - last_input_tick) & 0xFFFFFFFF


class _LastInputInfo(ctypes.Structure):
    _fields_ = (("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint32))


class WindowsIdleBackend:
    """``GetLastInputInfo`` (user32) against ``GetTickCount`` (kernel32)."""

    name = "windows (GetLastInputInfo)"

    def __init__(self, user32: Any, kernel32: Any) -> None:
        self._user32 = user32
        self._kernel32 = kernel32

    def idle_seconds(self) -> float | None:
        info = _LastInputInfo()
        info.cbSize = ctypes.sizeof(_LastInputInfo)
        if not self._user32.GetLastInputInfo(ctypes.byref(info)):
            return None
        now = int(self._kernel32.GetTickCount()) & 0xFFFFFFFF
        return tick_idle_ms(now, int(info.dwTime)) / 1000.0

    def close(self) -> None:
        pass


def load_windows() -> WindowsIdleBackend | None:
    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return None
    user32, kernel32 = windll.user32, windll.kernel32
    user32.GetLastInputInfo.argtypes = [ctypes.POINTER(_LastInputInfo)]
    user32.GetLastInputInfo.restype = ctypes.c_int
    kernel32.GetTickCount.argtypes = []
    kernel32.GetTickCount.restype = ctypes.c_uint32
    return WindowsIdleBackend(user32, kernel32)


# --------------------------------------------------------------------------------------------
# macOS
# --------------------------------------------------------------------------------------------

_HID_IDLE = re.compile(r'"HIDIdleTime"\s*=\s*(\d+)')


class MacIoregBackend:
    """IOHIDSystem's ``HIDIdleTime`` (nanoseconds) as printed by ``ioreg``.

    A small process every poll (5 s) instead of IOKit through ctypes: simpler, no CoreFoundation
    reference counting to get wrong, and cheap at that rate.
    """

    name = "macos (IOHIDSystem HIDIdleTime)"
    argv = ("ioreg", "-c", "IOHIDSystem", "-d", "4")

    def __init__(self, run: Runner = run_command) -> None:
        self._run = run

    def idle_seconds(self) -> float | None:
        out = self._run(self.argv)
        if out is None:
            return None
        match = _HID_IDLE.search(out)
        return None if match is None else int(match.group(1)) / 1e9

    def close(self) -> None:
        pass
