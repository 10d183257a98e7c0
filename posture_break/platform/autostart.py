"""Start at login: one small, isolated writer per platform.

Linux uses the XDG autostart spec (a desktop entry in ``$XDG_CONFIG_HOME/autostart``), Windows the
per-user ``HKCU\\...\\Run`` key, macOS a LaunchAgent plist in ``~/Library/LaunchAgents``. Everything
the code reads from the outside world (platform, environment, home, the command) is a parameter, so
the Linux path is tested against a temporary config home and the others stay small enough to read.
Turning autostart off removes only what this module wrote.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import plistlib
import shlex
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from posture_break.core.paths import write_private_atomic
from posture_break.core.safe_read import FileRefused, read_capped

APP_ID = "posture-break"
DESKTOP_FILE = f"{APP_ID}.desktop"
LAUNCH_AGENT = "org.posture-break.app"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "posture-break"


def default_command() -> list[str]:
    """How to start this app again: the frozen bundle, the installed script, or ``python -m``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script = shutil.which(APP_ID)
    if script:
        return [script]
    return [sys.executable, "-m", "posture_break"]


def _config_home(env: Mapping[str, str]) -> Path:
    value = env.get("XDG_CONFIG_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / ".config"


def desktop_entry_path(env: Mapping[str, str]) -> Path:
    return _config_home(env) / "autostart" / DESKTOP_FILE


def _exec_arg(arg: str) -> str:
    """Quote one argument for a desktop entry's Exec key (Desktop Entry spec, "The Exec key")."""
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    arg = arg.replace("%", "%%")
    if not arg or any(c in reserved for c in arg):
        escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`")
        escaped = escaped.replace("$", "\\$")
        return f'"{escaped}"'
    return arg


def _desktop_string(value: str) -> str:
    """Escape a value for the desktop entry file format (the outer level of escaping)."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def desktop_entry(command: Sequence[str]) -> str:
    exec_line = " ".join(_exec_arg(a) for a in command)
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Version=1.0\n"
        "Name=posture-break\n"
        "GenericName=Break reminder\n"
        "Comment=Reminds you to take short stretch and posture breaks\n"
        f"Exec={_desktop_string(exec_line)}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "Categories=Utility;\n"
        "X-GNOME-Autostart-enabled=true\n"
        "X-GNOME-Autostart-Delay=10\n"
        "X-KDE-autostart-after=panel\n"
    )


def launch_agent_path(env: Mapping[str, str]) -> Path:
    return (
        Path(env.get("HOME") or Path.home()) / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT}.plist"
    )


def set_autostart(
    enabled: bool,
    *,
    platform: str = sys.platform,
    env: Mapping[str, str] = os.environ,
    command: Sequence[str] | None = None,
) -> Path | None:
    """Turn start-at-login on or off. Returns the file written or removed (None on Windows).

    Raises OSError when the entry cannot be written (the caller shows it to the person).
    """
    cmd = list(command) if command else default_command()
    if platform.startswith("win"):
        _set_windows(enabled, cmd)
        return None
    if platform == "darwin":
        path = launch_agent_path(env)
        if enabled:
            plist = {
                "Label": LAUNCH_AGENT,
                "ProgramArguments": cmd,
                "RunAtLoad": True,
                "ProcessType": "Interactive",
            }
            path.parent.mkdir(parents=True, exist_ok=True)
            write_private_atomic(path, plistlib.dumps(plist))
        else:
            path.unlink(missing_ok=True)
        return path
    path = desktop_entry_path(env)
    if enabled:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_private_atomic(path, desktop_entry(cmd).encode("utf-8"))
    else:
        path.unlink(missing_ok=True)
    return path


def is_enabled(
    *,
    platform: str = sys.platform,
    env: Mapping[str, str] = os.environ,
) -> bool:
    if platform.startswith("win"):
        return _windows_value() is not None
    if platform == "darwin":
        return launch_agent_path(env).exists()
    path = desktop_entry_path(env)
    try:
        text = read_capped(path, 64 * 1024).decode("utf-8", errors="replace")
    except (OSError, FileRefused):
        return False
    # A person can switch it off in their desktop's startup settings instead of deleting it.
    return "X-GNOME-Autostart-enabled=false" not in text and "Hidden=true" not in text


def _winreg() -> Any:
    """winreg, typed loosely: its stubs exist only when type-checking for Windows."""
    return importlib.import_module("winreg")


def _set_windows(enabled: bool, command: Sequence[str]) -> None:  # pragma: no cover - Windows
    winreg = _winreg()

    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
        if enabled:
            line = " ".join(f'"{a}"' if " " in a else a for a in command)
            winreg.SetValueEx(key, RUN_VALUE, 0, winreg.REG_SZ, line)
        else:
            with contextlib.suppress(FileNotFoundError):
                winreg.DeleteValue(key, RUN_VALUE)


def _windows_value() -> str | None:  # pragma: no cover - Windows
    try:
        winreg = _winreg()
    except ImportError:
        return None
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            value, _ = winreg.QueryValueEx(key, RUN_VALUE)
            return str(value)
    except OSError:
        return None


def describe_command(command: Sequence[str]) -> str:
    """The command as a shell line, for logs and the doctor."""
    return shlex.join(command)
