"""Presets set the rhythm only, pass the settings checks, and are recognised again."""

from __future__ import annotations

import pytest

from posture_break.core import presets
from posture_break.core.settings import (
    CardSettings,
    LongSettings,
    MicroSettings,
    Settings,
    SnoozeSettings,
    cross_check,
    settings_from_dict,
    settings_to_dict,
)


def test_evidence_based_is_the_defaults() -> None:
    custom = Settings(micro=MicroSettings(20, 40), long=LongSettings(90, 8))
    assert presets.evidence_based(custom) == Settings()
    assert presets.detect_preset(Settings()) == "evidence"


def test_pomodoro_is_five_every_25_and_15_every_100() -> None:
    s = presets.pomodoro(Settings())
    assert (s.micro.every_minutes, s.micro.seconds) == (25, 300)
    assert (s.long.every_minutes, s.long.minutes) == (100, 15)
    # every fourth pause is the long one
    assert s.long.every_minutes == 4 * s.micro.every_minutes


def test_move_more_walks_five_minutes_every_half_hour() -> None:
    s = presets.move_more(Settings())
    assert (s.long.every_minutes, s.long.minutes) == (30, 5)
    assert s.micro.every_minutes <= s.long.every_minutes


@pytest.mark.parametrize("key", list(presets.BY_KEY))
def test_each_preset_is_valid_and_round_trips(key: str) -> None:
    s = presets.apply_preset(key, Settings())
    assert cross_check(s) == []
    loaded, problems = settings_from_dict(settings_to_dict(s))
    assert problems == []
    assert loaded == s
    assert presets.detect_preset(loaded) == key


@pytest.mark.parametrize("key", list(presets.BY_KEY))
def test_presets_keep_everything_but_the_rhythm(key: str) -> None:
    mine = Settings(
        snooze=SnoozeSettings(minutes=10, max_in_a_row=0),
        cards=CardSettings(focus_areas=("neck",), equipment=("ball",), animations=False),
        work_hours={"mon": ((480, 720),)},
    )
    s = presets.APPLY[key](mine)
    assert s.snooze == mine.snooze
    assert s.cards == mine.cards
    assert s.work_hours == mine.work_hours
    assert s.warning == mine.warning


def test_custom_values_match_no_preset() -> None:
    assert presets.detect_preset(Settings(micro=MicroSettings(20, 30))) is None
    # the long break alone differing is enough
    assert presets.detect_preset(Settings(long=LongSettings(60, 6))) is None


def test_unknown_preset_key() -> None:
    with pytest.raises(KeyError):
        presets.apply_preset("nap", Settings())
