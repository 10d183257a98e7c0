"""The one runner for external commands the desktop probes ask (``gsettings``, ``xprop``,
``pw-dump``, ``ioreg``): stdout, or None when the command failed, timed out or does not exist.

Probes take a :data:`Runner` parameter defaulting to :func:`run_command`, so tests hand them
canned output instead of processes.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Sequence

DEFAULT_TIMEOUT_S = 0.5
"""Seconds a probe's command may take: far above what a healthy desktop needs, short enough that
a hung one costs the GUI thread no more than a moment."""

#: argv -> stdout, or None when the command failed, timed out or does not exist
Runner = Callable[[Sequence[str]], "str | None"]


def run_command(argv: Sequence[str], timeout: float = DEFAULT_TIMEOUT_S) -> str | None:
    """``argv``'s stdout (text), or None when it failed, timed out or does not exist.

    No shell, no stdin (a command that waits for input fails by its timeout instead of hanging).
    """
    try:
        result = subprocess.run(
            list(argv),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return result.stdout
