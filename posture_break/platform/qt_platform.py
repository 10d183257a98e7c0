"""Before Qt starts: will its platform plugin load here? Say so in words, not with Qt's abort.

Qt picks a platform plugin (xcb for X11, wayland, ...) when the QApplication is created. Where the
plugin cannot load (on X11 usually because ``libxcb-cursor0`` is not installed; Qt 6.5+ needs it)
or there is no display to connect to, Qt prints "no Qt platform plugin could be initialized" and
aborts the process. This module finds both cases first, without importing Qt, so that
`posture-break` and `posture-break doctor` can name the package to install and exit 1, and
`doctor` can still report everything that needs no display.
"""

from __future__ import annotations

import ctypes
import os
import re
import socket
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass

# The system libraries Qt's xcb plugin (libqxcb.so, libQt6XcbQpa.so) loads, with the packages
# that hold them: (soname, Debian/Ubuntu package, Fedora package). Qt's own libraries come with
# the PySide6 wheel; these come from the system.
XCB_LIBRARIES: tuple[tuple[str, str, str], ...] = (
    ("libxcb.so.1", "libxcb1", "libxcb"),
    ("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    ("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    ("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    ("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    ("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    ("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    ("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    ("libxcb-render.so.0", "libxcb-render0", "libxcb"),
    ("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    ("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    ("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    ("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    ("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    ("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    ("libEGL.so.1", "libegl1", "libglvnd-egl"),
    ("libGL.so.1", "libgl1", "libglvnd-glx"),
)

Probe = Callable[[str], bool]


def can_load(soname: str) -> bool:
    """True if the dynamic linker finds and loads ``soname`` (as Qt's plugin will)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class Problem:
    """Why Qt would abort here, in one line, and the command that fixes it (if any)."""

    kind: str  # "missing-libraries" or "no-display"
    message: str


def platform_order(env: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try, in order (as Qt 6 chooses them on Linux)."""
    requested = env.get("QT_QPA_PLATFORM", "").strip()
    if not requested:
        wayland_session = env.get("XDG_SESSION_TYPE", "") == "wayland"
        requested = "wayland;xcb" if wayland_session else "xcb"
    # "xcb:option=value" carries plugin options after a colon.
    return [p.split(":", 1)[0].strip() for p in requested.split(";") if p.strip()]


def needs_xcb(env: Mapping[str, str]) -> bool:
    """True if Qt will end up on the xcb plugin (X11, or XWayland as the fallback)."""
    for name in platform_order(env):
        if name.startswith("wayland") and env.get("WAYLAND_DISPLAY"):
            return False
        if name == "xcb":
            return True
        if not name.startswith("wayland"):
            return False  # offscreen, minimal, eglfs, vnc...: no X11 libraries needed
    return False


def has_display(env: Mapping[str, str]) -> bool:
    """True if the plugin Qt picks has a display to connect to (offscreen and co. need none)."""
    for name in platform_order(env):
        if name.startswith("wayland"):
            if env.get("WAYLAND_DISPLAY"):
                return True
            continue
        if name == "xcb":
            return bool(env.get("DISPLAY"))
        return True
    return False


def missing_xcb_libraries(probe: Probe = can_load) -> list[tuple[str, str, str]]:
    return [entry for entry in XCB_LIBRARIES if not probe(entry[0])]


def install_hint(missing: list[tuple[str, str, str]]) -> str:
    debian = " ".join(dict.fromkeys(deb for _, deb, _ in missing))
    fedora = " ".join(dict.fromkeys(fed for _, _, fed in missing))
    return (
        f"install it with `sudo apt install {debian}` (Debian, Ubuntu) "
        f"or `sudo dnf install {fedora}` (Fedora)"
    )


_LOCAL_X = re.compile(r"\A(?:unix)?:(\d+)(?:\.\d+)?\Z")


def x_display_answers(display: str) -> bool:
    """False when ``display`` names a local X server (":1") whose socket nobody listens on: a
    DISPLAY left over from an ended session (SSH, a container). Remote displays are not probed."""
    match = _LOCAL_X.match(display)
    if not match:
        return True
    path = f"/tmp/.X11-unix/X{match.group(1)}"
    for address in (path, "\0" + path):  # the socket file, or Linux's abstract name
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(1.0)
            try:
                sock.connect(address)
            except OSError:
                continue
            return True
    return False


def check(
    env: Mapping[str, str] | None = None,
    probe: Probe = can_load,
    reach: Callable[[str], bool] | None = None,
) -> Problem | None:
    """What would make Qt abort on this desktop, or None where it can start.

    ``reach`` tells whether an X display answers; by default the real one is probed when the
    real environment is checked (``env`` None), and not for an environment given by a test.
    """
    if not sys.platform.startswith("linux"):
        return None
    if reach is None:
        reach = x_display_answers if env is None else (lambda _display: True)
    env = os.environ if env is None else env
    if needs_xcb(env):
        missing = missing_xcb_libraries(probe)
        if missing:
            names = ", ".join(soname for soname, _, _ in missing)
            return Problem(
                "missing-libraries",
                f"Qt's X11 plugin needs {names}, which this system lacks; " + install_hint(missing),
            )
    if not has_display(env):
        return Problem(
            "no-display",
            "no display to show windows on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
            "start posture-break from your desktop session",
        )
    display = env.get("DISPLAY", "")
    if needs_xcb(env) and display and not reach(display):
        return Problem(
            "no-display",
            f"the X display {display!r} does not answer (a display left over from an ended "
            "session?); start posture-break from your desktop session",
        )
    return None
