"""Should a due break wait? Do-not-disturb and fullscreen detection, asked once per due break.

``do_not_disturb()`` returns a short reason ("do not disturb is on", "a fullscreen window has
focus") or None. The shell asks it only when a break (or its warning) falls due, so each probe may
cost a few milliseconds but nothing polls. Every probe fails quietly to None: a desktop we cannot
read never blocks a break, and the planner's hold has a cap anyway (``breaks.max_wait_minutes``).

Linux: GNOME's ``org.gnome.desktop.notifications show-banners`` (false = do not disturb), the
``Inhibited`` property of the notification server (KDE Plasma) and dunst's ``paused`` property, and
on X11 (and XWayland windows) the window manager's ``_NET_ACTIVE_WINDOW`` whose ``_NET_WM_STATE``
holds ``_NET_WM_STATE_FULLSCREEN``. Windows: ``SHQueryUserNotificationState`` (quiet hours,
presentation mode, a fullscreen Direct3D app). macOS: nothing cheap and reliable, so None.

Commands run through :func:`posture_break.platform.command.run_command` (the one runner).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable, Mapping

from posture_break.core.i18n import QT_TRANSLATE_NOOP
from posture_break.platform.command import Runner, run_command

# Hold reasons, translated by the shell in context "App" (ui/app.py).
DND_ON = QT_TRANSLATE_NOOP("App", "do not disturb is on")
FULLSCREEN = QT_TRANSLATE_NOOP("App", "a fullscreen window has focus")
PROBE_TIMEOUT_S = 0.5  # the D-Bus probe's bound; commands use command.DEFAULT_TIMEOUT_S (same)

#: asks the notification server over D-Bus; returns a reason or None
BusProbe = Callable[[], "str | None"]


# --- parsing (pure, unit-tested) ---------------------------------------------------------------


def parse_gsettings_bool(out: str | None) -> bool | None:
    """'false\\n' -> False; anything else unreadable -> None."""
    if out is None:
        return None
    value = out.strip()
    if value == "true":
        return True
    if value == "false":
        return False
    return None


_WINDOW_ID = re.compile(r"window id # (0x[0-9a-fA-F]+)")


def parse_active_window(out: str | None) -> str | None:
    """``xprop -root _NET_ACTIVE_WINDOW`` -> '0x1e00007', or None (no WM, nothing focused)."""
    if not out:
        return None
    m = _WINDOW_ID.search(out)
    if not m or int(m.group(1), 16) == 0:
        return None
    return m.group(1)


def parse_fullscreen(out: str | None) -> bool:
    """``xprop -id W _NET_WM_STATE`` output -> whether it lists _NET_WM_STATE_FULLSCREEN."""
    if not out or "=" not in out:
        return False
    atoms = [a.strip() for a in out.split("=", 1)[1].split(",")]
    return "_NET_WM_STATE_FULLSCREEN" in atoms


# --- probes -----------------------------------------------------------------------------------


def gnome_banners_off(run: Runner, which: Callable[[str], str | None]) -> bool:
    if not which("gsettings"):
        return False
    out = run(["gsettings", "get", "org.gnome.desktop.notifications", "show-banners"])
    return parse_gsettings_bool(out) is False


def x11_fullscreen(run: Runner, which: Callable[[str], str | None], env: Mapping[str, str]) -> bool:
    if not env.get("DISPLAY") or not which("xprop"):
        return False
    window = parse_active_window(run(["xprop", "-root", "_NET_ACTIVE_WINDOW"]))
    if window is None:
        return False
    return parse_fullscreen(run(["xprop", "-id", window, "_NET_WM_STATE"]))


def notification_server_inhibited(timeout: float = PROBE_TIMEOUT_S) -> str | None:
    """KDE's ``Inhibited`` and dunst's ``paused``, read without starting a server that is off."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return None
    try:
        from jeepney import DBusAddress, Properties
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection
        from jeepney.wrappers import DBusErrorResponse, unwrap_msg
    except ImportError:
        return None
    name = "org.freedesktop.Notifications"
    path = "/org/freedesktop/Notifications"
    try:
        with open_dbus_connection(bus="SESSION", auth_timeout=timeout) as conn:
            reply = conn.send_and_get_reply(message_bus.NameHasOwner(name), timeout=timeout)
            if not unwrap_msg(reply)[0]:
                return None
            for interface, prop in (
                ("org.freedesktop.Notifications", "Inhibited"),
                ("org.dunstproject.cmd0", "paused"),
            ):
                msg = Properties(DBusAddress(path, bus_name=name, interface=interface)).get(prop)
                try:
                    value = unwrap_msg(conn.send_and_get_reply(msg, timeout=timeout))[0]
                except DBusErrorResponse:
                    continue  # this server does not have that property
                if isinstance(value, tuple) and len(value) == 2 and value[1] is True:
                    return DND_ON
    except (OSError, TimeoutError, ValueError, KeyError, DBusErrorResponse):
        return None
    return None


def windows_quiet() -> str | None:  # pragma: no cover - Windows only
    import ctypes

    state = ctypes.c_int(0)
    try:
        ok = ctypes.windll.shell32.SHQueryUserNotificationState(ctypes.byref(state))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return None
    if ok != 0:
        return None
    if state.value in (3, 4):  # QUNS_RUNNING_D3D_FULL_SCREEN, QUNS_PRESENTATION_MODE
        return FULLSCREEN
    if state.value in (2, 6):  # QUNS_BUSY (fullscreen app), QUNS_QUIET_TIME
        return DND_ON if state.value == 6 else FULLSCREEN
    return None


def do_not_disturb(
    *,
    platform: str = sys.platform,
    env: Mapping[str, str] = os.environ,
    run: Runner = run_command,
    which: Callable[[str], str | None] = shutil.which,
    bus_probe: BusProbe = notification_server_inhibited,
) -> str | None:
    """Why a break should wait right now, or None."""
    if platform.startswith("win"):
        return windows_quiet()
    if platform == "darwin":
        return None
    if gnome_banners_off(run, which):
        return DND_ON
    reason = bus_probe()
    if reason:
        return reason
    if x11_fullscreen(run, which, env):
        return FULLSCREEN
    if env.get("SWAYSOCK"):
        from posture_break.platform.wayland_idle import sway_fullscreen

        if sway_fullscreen(env):
            return FULLSCREEN
    return None
