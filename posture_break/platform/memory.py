"""Give freed heap memory back to the system.

glibc keeps the pages a large, short-lived allocation used (the break window's pictures) for the
process's next allocations; ``malloc_trim(0)`` hands them back, so a tray app that showed a break
returns to its idle footprint. Elsewhere (another libc, Windows, macOS) this does nothing.
"""

from __future__ import annotations

import contextlib
import sys


def return_memory(platform: str = sys.platform) -> None:
    """``malloc_trim(0)`` on Linux with glibc; nothing elsewhere, and never an exception."""
    if platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)
