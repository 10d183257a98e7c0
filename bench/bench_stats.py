"""Weekly stats on years of history: seed 150,000 breaks (5 years), time one week's summary.

    python bench/bench_stats.py            # prints the figures, exit 1 if over budget
    python bench/bench_stats.py --write-sample tests/data/sample_month.csv

Budgets (DESIGN.md): ``stats`` for any week under 10 ms in process (median of 50 runs), the charts
window constructed and first painted under 300 ms on that history. The same seeded generator
writes the realistic sample month in tests/data (a test checks the file still matches it).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from posture_break.core import stats  # noqa: E402
from posture_break.core.history_csv import export_csv  # noqa: E402
from posture_break.core.settings import Settings  # noqa: E402
from posture_break.core.store import BreakRecord, Store  # noqa: E402

BERLIN = ZoneInfo("Europe/Berlin")
STATS_BUDGET_MS = 10.0
WINDOW_BUDGET_MS = 300.0

# The catalogue of DOMAIN.md: id -> (seconds, slot, areas).
CATALOGUE: dict[str, tuple[int, str, tuple[str, ...]]] = {
    "chin_tuck": (30, "micro", ("neck",)),
    "neck_side_bend": (40, "micro", ("neck",)),
    "shoulder_rolls": (30, "micro", ("shoulders",)),
    "cross_body_shoulder": (40, "micro", ("shoulders",)),
    "shoulder_blade_squeeze": (30, "micro", ("chest",)),
    "doorway_chest_stretch": (60, "long", ("chest",)),
    "chair_back_extension": (30, "micro", ("upper_back",)),
    "upper_back_round": (30, "micro", ("upper_back",)),
    "standing_back_extension": (30, "micro", ("lower_back",)),
    "seated_twist": (40, "micro", ("lower_back",)),
    "standing_twist": (40, "micro", ("lower_back",)),
    "wrist_flexor_stretch": (30, "micro", ("wrists",)),
    "wrist_extensor_stretch": (30, "micro", ("wrists",)),
    "standing_hip_flexor": (60, "long", ("hips_legs",)),
    "standing_calf_stretch": (60, "long", ("hips_legs",)),
    "eye_far_focus": (20, "micro", ("eyes",)),
    "eye_blink_reset": (40, "micro", ("eyes",)),
    "deep_breathing": (40, "micro", ("chest",)),
    "neck_stroke": (40, "micro", ("neck",)),
    "upper_trap_knead": (40, "micro", ("shoulders",)),
    "skull_base_circles": (30, "micro", ("neck",)),
    "chest_knead": (40, "micro", ("chest",)),
    "forearm_knuckle_glide": (40, "micro", ("wrists",)),
    "palm_thumb_circles": (30, "micro", ("wrists",)),
    "low_back_fist_rub": (40, "micro", ("lower_back",)),
    "ball_wall_upper_back": (90, "long", ("upper_back",)),
    "ball_seated_glute": (60, "long", ("hips_legs",)),
    "roller_thoracic_extension": (120, "long", ("upper_back",)),
}
CARD_AREAS: Mapping[str, Sequence[str]] = {k: v[2] for k, v in CATALOGUE.items()}
_MICRO = sorted(k for k, v in CATALOGUE.items() if v[1] == "micro")
_LONG = sorted(k for k, v in CATALOGUE.items() if v[1] == "long")


def generate(
    first: date,
    last: date,
    tz: tzinfo,
    seed: int,
    *,
    per_day: tuple[int, int] = (8, 14),
    hours: tuple[int, int] = (9, 18),
    weekdays: Sequence[int] = (0, 1, 2, 3, 4),
    day_off_chance: float = 0.0,
) -> Iterator[BreakRecord]:
    """Plausible breaks, oldest first: mostly done, some skipped / missed / natural, snoozes."""
    rng = random.Random(seed)
    day = first
    while day <= last:
        if day.weekday() in weekdays and rng.random() >= day_off_chance:
            n = rng.randint(*per_day)
            start = datetime(day.year, day.month, day.day, hours[0], tzinfo=tz)
            span = (hours[1] - hours[0]) * 3600
            offsets = sorted(rng.sample(range(0, span, 20), n))
            for offset in offsets:
                due = (start + timedelta(seconds=offset)).astimezone(tz)
                yield _one(rng, due)
        day += timedelta(days=1)


def _one(rng: random.Random, due: datetime) -> BreakRecord:
    kind = "long" if rng.random() < 0.22 else "micro"
    outcome = rng.choices(("done", "skipped", "missed", "natural"), (70, 12, 6, 12))[0]
    snoozes = 0
    if outcome != "natural":
        snoozes = rng.choices((0, 1, 2), (78, 16, 6))[0]
    cards: tuple[str, ...] = ()
    duration = 0
    if outcome != "natural":
        cards = (rng.choice(_MICRO),) if kind == "micro" else tuple(rng.sample(_LONG, 2))
        full = sum(CATALOGUE[c][0] for c in cards)
        if outcome == "done":
            duration = full + rng.randint(-5, 10)
        elif outcome == "skipped":
            duration = rng.randint(0, 8)
    length = (300 if kind == "long" else 30) if outcome == "natural" else duration
    ended = due + timedelta(seconds=snoozes * 300 + length + rng.randint(1, 20))
    return BreakRecord(due, ended, kind, outcome, snoozes, cards, max(0, duration))


def sample_month_csv() -> str:
    """tests/data/sample_month.csv: November 2026, Mon-Fri 09-18 in Berlin, 8-14 breaks a day."""
    return export_csv(generate(date(2026, 11, 1), date(2026, 11, 30), BERLIN, seed=2026_11))


def seed_store(path: Path, total: int = 150_000) -> Store:
    """A store holding ``total`` breaks over the 5 years before 2026-11-30."""
    store = Store.open(path)
    last = date(2026, 11, 29)
    first = last - timedelta(days=5 * 365)
    records = generate(
        first,
        last,
        BERLIN,
        seed=5,
        per_day=(112, 132),
        hours=(7, 21),
        day_off_chance=0.04,
    )
    store.import_records(list(records)[-total:])  # the newest ``total``: the last weeks are full
    return store


def time_stats(
    store: Store, monday: date, runs: int = 50, clock: Callable[[], float] = time.perf_counter
) -> float:
    """Median milliseconds of ``weekly_summary`` for one week. ``clock`` = ``time.thread_time``
    counts the CPU the query used, which other busy processes on the machine do not inflate."""
    settings = Settings()
    today = monday + timedelta(days=4)
    times = []
    for _ in range(runs):
        t0 = clock()
        stats.weekly_summary(store, settings, monday, BERLIN, today=today, card_areas=CARD_AREAS)
        times.append((clock() - t0) * 1000)
    return statistics.median(times)


def time_window(store: Store, monday: date) -> float:
    """Milliseconds to construct the charts window on ``store`` and paint it once."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    t0 = time.perf_counter()
    from posture_break.ui.charts import StatsWindow

    window = StatsWindow(store, Settings(), BERLIN, lambda: monday + timedelta(days=4), CARD_AREAS)
    window.resize(980, 760)
    window.grab()
    elapsed = (time.perf_counter() - t0) * 1000
    window.close()
    window.deleteLater()
    app.processEvents()
    return elapsed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-sample", type=Path, help="write the sample month CSV and exit")
    parser.add_argument("--no-window", action="store_true", help="skip the charts window timing")
    args = parser.parse_args(argv)
    if args.write_sample:
        args.write_sample.write_text(sample_month_csv(), encoding="utf-8", newline="")
        print(f"wrote {args.write_sample}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        store = seed_store(Path(tmp) / "history.sqlite3")
        print(f"seeded {store.count()} breaks in {time.perf_counter() - t0:.1f} s")
        monday = date(2026, 11, 16)
        summary = stats.weekly_summary(
            store, Settings(), monday, BERLIN, today=date(2026, 11, 20), card_areas=CARD_AREAS
        )
        fast = hasattr(store, "connection")
        print(
            f"week {summary.week}: {summary.totals.total} breaks, streak {summary.streak_days} "
            f"work days; streak via {'Store.connection' if fast else 'raw_between'}"
        )
        stats_ms = time_stats(store, monday)
        ok = stats_ms <= STATS_BUDGET_MS
        print(f"weekly_summary one week: {stats_ms:.2f} ms median of 50 (budget 10 ms)")
        old = time_stats(store, date(2023, 3, 20))
        print(f"weekly_summary a week in 2023: {old:.2f} ms median of 50")
        ok = ok and old <= STATS_BUDGET_MS
        if not args.no_window:
            window_ms = time_window(store, monday)
            print(f"charts window construct + first paint: {window_ms:.0f} ms (budget 300 ms)")
            ok = ok and window_ms <= WINDOW_BUDGET_MS
        store.close()
    print("OK" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
