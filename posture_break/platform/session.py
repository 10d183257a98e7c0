"""What kind of desktop session this is, and what that means for breaks: for `doctor`.

Pure functions of the environment (and of the idle backend found), so tests feed them any desktop.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["break_may_be_covered", "compositor", "log_meaning", "on_top", "session_type"]


def session_type(env: Mapping[str, str]) -> str:
    kind = env.get("XDG_SESSION_TYPE", "").strip().lower()
    if kind in ("wayland", "x11"):
        return kind
    if env.get("WAYLAND_DISPLAY"):
        return "wayland"
    if env.get("DISPLAY"):
        return "x11"
    return kind or "unknown"


def compositor(env: Mapping[str, str]) -> str:
    """The compositor or desktop by name, where it says so."""
    if env.get("SWAYSOCK"):
        return "sway"
    desktop = env.get("XDG_CURRENT_DESKTOP", "").strip()
    if desktop:
        return desktop.split(":")[-1] if desktop.startswith("ubuntu:") else desktop
    return env.get("DESKTOP_SESSION", "").strip() or "unknown"


def on_top(env: Mapping[str, str]) -> str:
    """Whether a break window can stay above other windows here, in one line."""
    kind, name = session_type(env), compositor(env).lower()
    if kind == "x11":
        return "yes: the window manager keeps it above (stays-on-top)"
    if kind != "wayland":
        return "unknown (no graphical session found)"
    if name == "sway":
        return (
            "yes: sway floats it above tiled windows and does not focus it (rules sent over "
            "SWAYSOCK); breaks wait while a window is fullscreen"
        )
    if "gnome" in name:
        return (
            "no: GNOME on Wayland lets no app keep a window on top; it can be covered, so each "
            "break is also a notification with Done and Skip"
        )
    if "kde" in name:
        return "untested: KWin on Wayland may honour keep-above"
    return (
        "not guaranteed: this compositor decides; a window opened during a break can cover it, "
        "so each break is also a notification with Done and Skip"
    )


def log_meaning(backend_name: str | None) -> str:
    if backend_name:
        return (
            "a break that runs out is done if idle time showed you away for half of it, "
            "missed if you kept working; natural breaks are credited"
        )
    return (
        "no idle time here: a break that runs out is recorded unconfirmed (not done) unless you "
        "press Done; natural breaks are not detected"
    )


def break_may_be_covered(env: Mapping[str, str]) -> bool:
    """True where nothing keeps the break window above others (Wayland but not sway): the break
    is then also sent as a notification with Done and Skip."""
    return session_type(env) == "wayland" and compositor(env).lower() != "sway"
