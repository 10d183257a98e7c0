"""What a break leaves behind is dropped after it (posture_break/ui/memory.py)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPixmap, QPixmapCache

from posture_break.ui import memory


def test_after_break_empties_the_pixmap_cache(qapp) -> None:  # type: ignore[no-untyped-def]
    """A pixmap left in QPixmapCache keeps Qt's cache timer waking the idle app every 10-30 s;
    after a break the cache is empty (the timer stops with it) and the next paint refills it."""
    pixmap = QPixmap(64, 64)
    pixmap.fill(QColor("#1f8a70"))
    assert QPixmapCache.insert("break-card", pixmap)
    assert QPixmapCache.find("break-card") is not None
    memory.after_break()
    assert QPixmapCache.find("break-card") is None
    assert QPixmapCache.insert("break-card", pixmap)  # usable again straight away
    assert QPixmapCache.find("break-card") is not None
