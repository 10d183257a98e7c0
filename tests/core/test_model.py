"""The domain's vocabulary: enum values are the strings on the wire and in the history."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone

import pytest

from posture_break.core import model, store
from posture_break.core.model import BreakRecord, Kind, Outcome, PauseTarget


def test_values_are_the_strings_written_everywhere() -> None:
    assert model.KINDS == ("micro", "long") == store.KINDS
    assert model.OUTCOMES == ("done", "skipped", "missed", "natural", "unconfirmed")
    assert store.OUTCOMES == model.OUTCOMES
    assert model.PAUSE_TARGETS == ("tomorrow", "resumed")
    assert Kind.LONG == "long" and f"{Outcome.NATURAL}" == "natural"
    assert str(PauseTarget.RESUMED) == "resumed"
    assert store.BreakRecord is BreakRecord


def test_pause_words_are_the_targets_and_the_old_spellings_of_until_resumed() -> None:
    assert {w: str(t) for w, t in model.PAUSE_WORDS.items()} == {
        "tomorrow": "tomorrow",
        "resumed": "resumed",
        "forever": "resumed",
        "indefinite": "resumed",
        "resume-only": "resumed",
    }


def test_a_record_takes_members_and_strings_alike() -> None:
    at = datetime(2026, 11, 23, 10, tzinfo=timezone.utc)
    a = BreakRecord(at, at, Kind.MICRO, Outcome.DONE)
    b = BreakRecord(at, at, "micro", "done")
    assert a == b
    with pytest.raises(ValueError, match="unknown outcome"):
        BreakRecord(at, at, "micro", "forever")


def test_the_planner_imports_no_persistence() -> None:
    code = (
        "import sys, posture_break.core.planner; "
        "print(sorted(m for m in sys.modules if m.startswith('posture_break.core.store')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
