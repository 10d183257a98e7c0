"""The sample month of breaks shared by the stats window, painter and text tests."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtGui import QColor, QPalette

from posture_break.core import stats
from posture_break.core.history_csv import parse_csv
from posture_break.core.settings import Settings
from posture_break.core.store import Store

ROOT = Path(__file__).resolve().parents[2]
BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 19)  # a Thursday in the sample month


def _bench():
    spec = importlib.util.spec_from_file_location("bench_stats", ROOT / "bench" / "bench_stats.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_stats"] = module
    spec.loader.exec_module(module)
    return module


CARD_AREAS = _bench().CARD_AREAS


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "history.sqlite3")
    records, problems = parse_csv((ROOT / "tests/data/sample_month.csv").read_text("utf-8"))
    assert not problems
    s.import_records(records)
    yield s
    s.close()


def expected(store: Store, monday: date) -> stats.WeekSummary:
    return stats.weekly_summary(
        store, Settings(), monday, BERLIN, today=TODAY, card_areas=CARD_AREAS
    )


def palette(window: str, text: str) -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(window))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    return palette
