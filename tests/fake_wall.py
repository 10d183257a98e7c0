"""A settable wall clock for apscheduler, which reads ``datetime.now`` in its own modules.

The timer itself stays real; a test sets the wall time and rings the timer (``alarm._timer``'s
``timeout``) to play what happens when it fires at that wall time.
"""

from __future__ import annotations

from datetime import datetime

import pytest


class Wall:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, start: datetime) -> None:
        self.t = start
        wall = self

        class FakeDatetime(datetime):
            @classmethod
            def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
                return wall.t.astimezone(tz) if tz else wall.t.replace(tzinfo=None)

        import apscheduler.executors.base
        import apscheduler.schedulers.base

        import posture_break.ui.scheduler

        for module in (
            apscheduler.schedulers.base,
            apscheduler.executors.base,
            posture_break.ui.scheduler,
        ):
            monkeypatch.setattr(module, "datetime", FakeDatetime)


def ring(alarm: object) -> None:
    """What the alarm's timer does when it fires (the wall clock says whether anything is due)."""
    alarm._timer.timeout.emit()  # type: ignore[attr-defined]
