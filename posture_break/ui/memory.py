"""What a break leaves behind, dropped once its window has closed.

- ``QPixmapCache`` (the style's and the break window's cached pixmaps): while it holds anything,
  Qt's cache runs a maintenance timer every 10-30 s on the GUI thread, the only thing that woke
  an idle app after its first break (found with gdb on ``QCoreApplication::notify``: timer
  events to ``QPMCache``). Clearing it stops that timer; whatever paints next refills it.
- the heap glibc keeps: ``malloc_trim`` (posture_break.platform.memory).

Measured with ``bench/memprobe.py --off --idle 60``.
"""

from __future__ import annotations

from PySide6.QtGui import QPixmapCache

from posture_break.platform.memory import return_memory

AFTER_BREAK_MS = 300  # the window's deleteLater has run by then


def after_break() -> None:
    QPixmapCache.clear()
    return_memory()
