"""History CSV: byte-identical round trip, idempotent and all-or-nothing import, the CLI verbs."""

from __future__ import annotations

import importlib.util
import json
import os
import stat
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

import pytest

from posture_break import cli_stats
from posture_break.core import history_csv, stats
from posture_break.core.paths import write_private_atomic
from posture_break.core.settings import Settings
from posture_break.core.store import Store

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "sample_month.csv"
BERLIN = ZoneInfo("Europe/Berlin")


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_stats", ROOT / "bench" / "bench_stats.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_stats"] = module
    spec.loader.exec_module(module)
    return module


BENCH = load_bench()
KNOWN = frozenset(BENCH.CARD_AREAS)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    (tmp_path / "a").mkdir()
    s = Store.open(tmp_path / "a" / "history.sqlite3")
    yield s
    s.close()


def test_sample_month_is_what_the_seeded_generator_makes() -> None:
    assert SAMPLE.read_text(encoding="utf-8") == BENCH.sample_month_csv()
    records, problems = history_csv.parse_csv(SAMPLE.read_text(encoding="utf-8"), KNOWN)
    assert problems == []
    assert 150 < len(records) < 320
    outcomes = {r.outcome for r in records}
    assert outcomes == {"done", "skipped", "missed", "natural"}
    assert any(r.snoozes for r in records)


def test_export_import_export_is_byte_identical(tmp_path: Path, capsys) -> None:
    first = Store.open(tmp_path / "first.sqlite3")
    assert cli_stats.run_import(first, SAMPLE, KNOWN) == 0
    out1 = tmp_path / "export1.csv"
    assert cli_stats.run_export(first, out1) == 0
    assert out1.read_bytes() == SAMPLE.read_bytes()

    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    second = Store.open(empty_dir / "history.sqlite3")
    assert cli_stats.run_import(second, out1, KNOWN) == 0
    capsys.readouterr()
    assert cli_stats.run_export(second, None) == 0
    assert capsys.readouterr().out.encode("utf-8") == out1.read_bytes()
    first.close()
    second.close()


def test_export_file_is_private_and_written_atomically(tmp_path: Path, store: Store) -> None:
    assert cli_stats.run_import(store, SAMPLE, KNOWN) == 0
    out = tmp_path / "backup.csv"
    out.write_text("old content", encoding="utf-8")
    assert cli_stats.run_export(store, out) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes() == SAMPLE.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "backup.csv"]


def test_export_into_a_missing_folder_fails_cleanly(tmp_path: Path, store: Store, capsys) -> None:
    assert cli_stats.run_export(store, tmp_path / "nope" / "x.csv") == 1
    err = capsys.readouterr().err
    assert "cannot write" in err
    assert len(err.strip().splitlines()) == 1


def test_importing_twice_adds_nothing(store: Store, capsys) -> None:
    n = len(SAMPLE.read_text(encoding="utf-8").splitlines()) - 1
    assert cli_stats.run_import(store, SAMPLE, KNOWN) == 0
    assert capsys.readouterr().out.strip() == f"Imported {n} breaks (0 already there)."
    assert cli_stats.run_import(store, SAMPLE, KNOWN) == 0
    assert capsys.readouterr().out.strip() == f"Imported 0 breaks ({n} already there)."
    assert store.count() == n


GOOD = "2026-11-16T09:30:00+01:00,2026-11-16T09:30:40+01:00,micro,done,0,chin_tuck,35"


def row(**changes: str) -> str:
    """A data row at 10:30 with some columns changed (``extra`` adds a column)."""
    fields = dict(
        zip(
            history_csv.HEADER,
            [
                "2026-11-16T10:30:00+01:00",
                "2026-11-16T10:31:00+01:00",
                "micro",
                "done",
                "0",
                "chin_tuck",
                "35",
            ],
            strict=True,
        )
    )
    extra = changes.pop("extra", None)
    fields.update(changes)
    values = [v for v in fields.values() if v is not None]
    if extra is not None:
        values.append(extra)
    return ",".join(values)


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        (row(due_at="2026-11-16 9:30"), "bad timestamp in due_at"),
        (row(due_at="2026-11-16T10:30:00"), "no UTC offset"),
        (row(ended_at="yesterday"), "bad timestamp in ended_at"),
        (row(kind="short"), "unknown kind 'short'"),
        (row(outcome="great"), "unknown outcome 'great'"),
        (row(duration_s="-5"), "negative duration"),
        (row(duration_s="lots"), "whole number"),
        (row(snoozes="-1"), "negative snoozes"),
        (row(card_ids="chin_tuck;moon_walk"), "unknown card id 'moon_walk'"),
        (row(duration_s=None), "wrong column count: expected 7, found 6"),
        (row(extra="x"), "wrong column count: expected 7, found 8"),
    ],
)
def test_each_bad_row_is_refused_with_its_number_and_nothing_written(
    tmp_path: Path, store: Store, capsys, bad_row: str, reason: str
) -> None:
    path = tmp_path / "edited.csv"
    later = GOOD.replace("09:30", "11:30")
    path.write_text(f"{','.join(history_csv.HEADER)}\n{GOOD}\n{bad_row}\n{later}\n", "utf-8")
    assert cli_stats.run_import(store, path, KNOWN) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert any("row 3: " in line and reason in line for line in lines), lines
    assert not any("row 2" in line or "row 4" in line for line in lines)
    assert lines[-1].endswith("nothing imported")
    assert store.count() == 0


def test_every_bad_row_is_listed(tmp_path: Path, store: Store, capsys) -> None:
    path = tmp_path / "edited.csv"
    bad = GOOD.replace("micro", "mega")
    path.write_text(f"{','.join(history_csv.HEADER)}\n{bad}\n\n{GOOD}\n{bad}\n", "utf-8")
    assert cli_stats.run_import(store, path, KNOWN) == 1
    err = capsys.readouterr().err
    assert "row 2: unknown kind" in err
    assert "row 5: unknown kind" in err  # the blank line 3 still counts as a line
    assert "2 bad row(s)" in err
    assert store.count() == 0


def test_wrong_header_and_empty_file_and_not_utf8(tmp_path: Path, store: Store, capsys) -> None:
    path = tmp_path / "x.csv"
    path.write_text("when,what\n" + GOOD + "\n", "utf-8")
    assert cli_stats.run_import(store, path, KNOWN) == 1
    assert "row 1: the header should be" in capsys.readouterr().err
    path.write_text("", "utf-8")
    assert cli_stats.run_import(store, path, KNOWN) == 1
    assert "row 1: the file is empty" in capsys.readouterr().err
    path.write_bytes(b"due_at\xff\n")
    assert cli_stats.run_import(store, path, KNOWN) == 1
    assert "not UTF-8" in capsys.readouterr().err
    assert cli_stats.run_import(store, tmp_path / "missing.csv", KNOWN) == 1
    assert "cannot read" in capsys.readouterr().err
    assert store.count() == 0


def test_spreadsheet_bom_and_crlf_are_accepted(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" + ",".join(history_csv.HEADER) + "\r\n" + GOOD + "\r\n").encode())
    assert cli_stats.run_import(store, path, KNOWN) == 0
    (rec,) = store.all_records()
    assert rec.card_ids == ("chin_tuck",)
    assert rec.duration_s == 35


# --- stats CLI -------------------------------------------------------------------------------


def run_stats(store: Store, capsys, **kw) -> tuple[int, str, str]:
    args = {
        "week": "2026-W47",
        "fmt": "json",
        "tz": BERLIN,
        "today": date(2026, 11, 20),
        "card_areas": BENCH.CARD_AREAS,
    }
    args.update(kw)
    code = cli_stats.run_stats(store, Settings(), **args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_stats_json_matches_the_summary(store: Store, capsys) -> None:
    cli_stats.run_import(store, SAMPLE, KNOWN)
    capsys.readouterr()
    code, out, _ = run_stats(store, capsys)
    assert code == 0
    data = json.loads(out)
    expected = stats.weekly_summary(
        store,
        Settings(),
        date(2026, 11, 16),
        BERLIN,
        today=date(2026, 11, 20),
        card_areas=BENCH.CARD_AREAS,
    ).to_json()
    assert data == expected
    assert data["totals"]["done"] > 20
    assert data["streak_days"] > 0
    assert sum(data["areas"].values()) >= data["totals"]["done"]


def test_stats_table_and_csv(store: Store, capsys) -> None:
    cli_stats.run_import(store, SAMPLE, KNOWN)
    capsys.readouterr()
    code, table, _ = run_stats(store, capsys, fmt="table")
    assert code == 0
    assert table.startswith("Week 2026-W47  (Mon 16 Nov - Sun 22 Nov 2026)")
    assert "completion rate" in table
    code, text, _ = run_stats(store, capsys, fmt="csv")
    lines = text.splitlines()
    assert lines[0] == "date,done,skipped,missed,natural,unconfirmed,snoozes,active_minutes"
    assert lines[1].startswith("2026-11-16,")
    assert lines[-1].startswith("total,")
    assert len(lines) == 9


def test_stats_defaults_to_this_week(store: Store, capsys) -> None:
    code, out, _ = run_stats(store, capsys, week=None, today=date(2027, 1, 2))
    assert code == 0
    assert json.loads(out)["week"] == "2026-W53"


@pytest.mark.parametrize("week", ["2026-47", "2025-W53", "next", "2026-W54"])
def test_stats_malformed_week_is_a_usage_error(store: Store, capsys, week: str) -> None:
    code, out, err = run_stats(store, capsys, week=week)
    assert code == 2
    assert out == ""
    assert err.startswith("posture-break: --week")
    assert "Traceback" not in err


def test_private_write_never_leaves_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_private_atomic(target, "a\n")
    assert target.read_text() == "a\n"
    assert os.listdir(tmp_path) == ["out.csv"]
