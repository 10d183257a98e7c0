"""A gentle sound when a break starts and ends (off by default).

Uses the desktop's own event sounds (freedesktop sound theme) through the player the desktop
already has, so no audio library is loaded into the app: canberra-gtk-play, else paplay or pw-play
with the theme's file, else the system beep. Playing never blocks and never raises.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

THEME = Path("/usr/share/sounds/freedesktop/stereo")
EVENTS = {"start": "bell", "end": "complete"}


def command_for(
    event: str,
    which: Callable[[str], str | None] = shutil.which,
    theme: Path = THEME,
) -> list[str] | None:
    name = EVENTS[event]
    if which("canberra-gtk-play"):
        return ["canberra-gtk-play", "--id", name, "--description", "posture-break"]
    sound = theme / f"{name}.oga"
    if sound.exists():
        for player in ("pw-play", "paplay"):
            if which(player):
                return [player, str(sound)]
    return None


def play(
    event: str,
    *,
    which: Callable[[str], str | None] = shutil.which,
    spawn: Callable[[Sequence[str]], object] | None = None,
    beep: Callable[[], None] | None = None,
) -> str:
    """Play the sound for ``event`` ("start" or "end"); returns what was used."""
    cmd = command_for(event, which)
    if cmd is None:
        if beep is None:
            from PySide6.QtWidgets import QApplication

            beep = QApplication.beep
        beep()
        return "beep"
    try:
        (spawn or _spawn)(cmd)
    except OSError:
        return "failed"
    return cmd[0]


def _spawn(cmd: Sequence[str]) -> None:
    subprocess.Popen(
        list(cmd),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
