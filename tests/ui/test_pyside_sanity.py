"""Guards against a Qt binding that would crash a tray app that runs all day.

PySide6 6.12.0 on Python < 3.12 drops one reference to None on every call of a method that
returns nothing; None's count starts in the thousands, so after a few thousand such calls (a
minute or two of timers and tooltips) the interpreter aborts with "deallocating None".
pyproject.toml keeps PySide6 below 6.12 for that reason; this test fails on a binding with it.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer


def test_void_calls_keep_the_reference_count_of_none(qapp):
    before = sys.getrefcount(None)
    timer = QTimer()
    obj = QObject()
    for _ in range(500):
        timer.start(1000)
        timer.stop()
        obj.setObjectName("x")
        qapp.processEvents()
    drift = sys.getrefcount(None) - before
    assert abs(drift) < 50, f"None lost {-drift} references over 2000 void calls"
