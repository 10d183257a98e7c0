"""Start at login on Linux: the XDG autostart entry appears and disappears in a temporary home."""

from __future__ import annotations

import configparser
import plistlib
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from posture_break.platform import autostart

CMD = ["/opt/posture break/bin/posture-break", "--data-dir", "/home/me/100% sure"]


def _env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path / "home")}


def test_on_and_off_create_and_remove_the_entry(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert not autostart.is_enabled(platform="linux", env=env)

    path = autostart.set_autostart(True, platform="linux", env=env, command=CMD)
    assert path == tmp_path / "config" / "autostart" / "posture-break.desktop"
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert autostart.is_enabled(platform="linux", env=env)

    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(path, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Name"] == "posture-break"
    assert section["Icon"] == "posture-break"
    assert section["X-GNOME-Autostart-enabled"] == "true"
    # quoted per the Exec rules: spaces quoted, a literal % doubled
    assert (
        section["Exec"] == '"/opt/posture break/bin/posture-break" --data-dir "/home/me/100%% sure"'
    )

    again = autostart.set_autostart(False, platform="linux", env=env, command=CMD)
    assert again == path
    assert not path.exists()
    assert not autostart.is_enabled(platform="linux", env=env)
    # turning it off twice is fine
    autostart.set_autostart(False, platform="linux", env=env, command=CMD)


def test_default_config_home_is_dot_config(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path)}
    path = autostart.set_autostart(True, platform="linux", env=env, command=["posture-break"])
    assert path == tmp_path / ".config" / "autostart" / "posture-break.desktop"
    assert autostart.is_enabled(platform="linux", env=env)


def test_disabled_in_the_desktop_settings_counts_as_off(tmp_path: Path) -> None:
    env = _env(tmp_path)
    path = autostart.set_autostart(True, platform="linux", env=env, command=["posture-break"])
    assert path is not None
    path.write_text(
        path.read_text().replace("Autostart-enabled=true", "Autostart-enabled=false"),
        encoding="utf-8",
    )
    assert not autostart.is_enabled(platform="linux", env=env)


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils missing")
def test_entry_passes_desktop_file_validate(tmp_path: Path) -> None:
    path = autostart.set_autostart(True, platform="linux", env=_env(tmp_path), command=CMD)
    result = subprocess.run(
        ["desktop-file-validate", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_macos_launch_agent(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path)}
    path = autostart.set_autostart(True, platform="darwin", env=env, command=CMD)
    assert path == tmp_path / "Library" / "LaunchAgents" / "org.posture-break.app.plist"
    data = plistlib.loads(path.read_bytes())
    assert data["ProgramArguments"] == CMD
    assert data["RunAtLoad"] is True
    assert autostart.is_enabled(platform="darwin", env=env)
    autostart.set_autostart(False, platform="darwin", env=env, command=CMD)
    assert not path.exists()


def test_default_command_starts_this_app() -> None:
    cmd = autostart.default_command()
    assert cmd
    assert cmd[-1] in ("posture_break",) or cmd[0].endswith("posture-break")
