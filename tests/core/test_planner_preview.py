"""The settings dialog's "Next break at" preview: Planner.preview(settings).

The planner answers what its status would be with the edited settings, and stays as it is.
FakeClock and exact datetimes; default settings: micro-break every 30 min, long every 60 min,
warning 30 s before, work 09:00-18:00 Mon-Fri; Mon 23 November 2026.
"""

from __future__ import annotations

from posture_break.core.planner import Phase
from posture_break.core.settings import LongSettings, MicroSettings, Settings
from tests.core.test_planner import Rig, t


def test_preview_shows_the_next_break_with_the_new_settings_and_changes_nothing() -> None:
    rig = Rig(t(23, 9))
    rig.at(t(23, 9, 10))
    before = rig.planner.to_state()
    status = rig.planner.preview(Settings(micro=MicroSettings(every_minutes=20)))
    assert (status.next_kind, status.next_due) == ("micro", t(23, 9, 20))
    # 09:45 is within half a micro interval of the long break at 10:00: the long one comes then.
    status = rig.planner.preview(Settings(micro=MicroSettings(every_minutes=45)))
    assert (status.next_kind, status.next_due) == ("long", t(23, 9, 45))
    status = rig.planner.preview(Settings(long=LongSettings(every_minutes=20)))
    assert (status.next_kind, status.next_due) == ("long", t(23, 9, 20))
    # The live planner keeps its own settings, schedule and state; nothing was recorded.
    live = rig.planner.status()
    assert (live.next_kind, live.next_due) == ("micro", t(23, 9, 30))
    assert rig.planner.to_state() == before and rig.records == []


def test_preview_outside_work_hours_and_during_a_break() -> None:
    rig = Rig(t(23, 9))
    no_hours = Settings(work_hours={d: () for d in ("mon", "tue", "wed", "thu", "fri")})
    status = rig.planner.preview(no_hours)
    assert status.phase is Phase.OFF and status.next_due is None
    rig.at(t(23, 9, 30))
    assert rig.planner.phase is Phase.BREAK
    status = rig.planner.preview(Settings(micro=MicroSettings(every_minutes=45)))
    assert status.phase is Phase.BREAK and status.next_due == t(23, 9, 30)
    assert rig.planner.phase is Phase.BREAK and rig.records == []
