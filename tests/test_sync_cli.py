"""The CLI with a sync folder: stats/export merge first, --machine, sync status, the CSV column."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from posture_break.cli import main
from posture_break.core import sync_identity
from posture_break.platform import host

ROWS = [
    "2026-11-16T09:30:00+01:00,2026-11-16T09:30:40+01:00,micro,done,0,chin_tuck,35",
    "2026-11-16T10:30:00+01:00,2026-11-16T10:30:40+01:00,micro,done,0,chin_tuck,35",
    "2026-11-17T10:30:00+01:00,2026-11-17T10:31:00+01:00,long,skipped,1,,0",
]
HEADER = "due_at,ended_at,kind,outcome,snoozes,card_ids,duration_s"


def machine(tmp_path: Path, name: str, folder: Path) -> Path:
    data = tmp_path / name
    data.mkdir()
    (data / "settings.toml").write_text(f'[sync]\nfolder = "{folder}"\n', encoding="utf-8")
    # the display name is the host name by default; both "machines" run on this host here
    identity = sync_identity.new_identity(name, host.fingerprint(data), datetime.now(timezone.utc))
    sync_identity.save_identity(data, identity)
    return data


def run(data: Path, *args: str) -> int:
    return main(["--data-dir", str(data), *args])


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path, Path]:
    folder = tmp_path / "Sync"
    folder.mkdir()
    return machine(tmp_path, "laptop", folder), machine(tmp_path, "desktop", folder), folder


def week_json(data: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, object]:
    capsys.readouterr()
    assert run(data, "stats", "--week", "2026-W47", "--format", "json", *extra) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_breaks_of_one_machine_show_in_the_others_stats(
    pair: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, folder = pair
    csv_a = tmp_path / "a.csv"
    csv_a.write_text(HEADER + "\n" + "\n".join(ROWS[:2]) + "\n", encoding="utf-8")
    csv_b = tmp_path / "b.csv"
    csv_b.write_text(HEADER + "\n" + ROWS[2] + "\n" + ROWS[0] + "\n", encoding="utf-8")
    assert run(a, "import", str(csv_a)) == 0
    assert run(b, "import", str(csv_b)) == 0
    ids = {json.loads((a / "machine.json").read_text())["machine_id"]}
    ids.add(json.loads((b / "machine.json").read_text())["machine_id"])
    assert {p.name for p in (folder / "posture-break").iterdir()} == ids
    for data in (a, b):
        week = week_json(data, capsys)
        totals = week["totals"]
        assert isinstance(totals, dict)
        # both machines' 09:30 breaks count, each once
        assert (totals["done"], totals["skipped"], totals["snoozes"]) == (3, 1, 1)
    assert week_json(a, capsys, "--machine", "desktop")["totals"]["done"] == 1  # type: ignore[index]
    assert week_json(a, capsys, "--machine", "laptop")["totals"]["done"] == 2  # type: ignore[index]
    assert run(a, "stats", "--machine", "nobody") == 2
    assert "no such machine" in capsys.readouterr().err
    # status: folder, both machines with row counts, no problems
    assert run(a, "sync", "status") == 0
    out = capsys.readouterr().out
    assert str(folder) in out
    assert "laptop (this machine)" in out and "2 break(s)" in out
    assert "desktop  id" in out and "last record 2026-11-17T10:30:00+01:00" in out
    assert "Problems      none" in out or "none" in out.splitlines()[-1]


def test_export_has_the_machine_column_and_import_takes_it_back(
    pair: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, _folder = pair
    csv_a = tmp_path / "a.csv"
    csv_a.write_text(HEADER + "\n" + ROWS[0] + "\n", encoding="utf-8")
    csv_b = tmp_path / "b.csv"
    csv_b.write_text(HEADER + "\n" + ROWS[0] + "\n", encoding="utf-8")
    assert run(a, "import", str(csv_a)) == 0 and run(b, "import", str(csv_b)) == 0
    capsys.readouterr()
    out = tmp_path / "all.csv"
    assert run(a, "export", "--out", str(out)) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    id_a = json.loads((a / "machine.json").read_text())["machine_id"]
    id_b = json.loads((b / "machine.json").read_text())["machine_id"]
    assert lines[0] == HEADER + ",machine"
    assert sorted(lines[1:]) == sorted([f"{ROWS[0]},{id_a}", f"{ROWS[0]},{id_b}"])
    # into a fresh history without sync: both breaks, each under its machine
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert run(fresh, "import", str(out)) == 0
    assert "Imported 2 breaks" in capsys.readouterr().out
    assert run(fresh, "import", str(out)) == 0
    assert "Imported 0 breaks (2 already there)" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + ",machine\n" + ROWS[0] + ",Not An Id\n", encoding="utf-8")
    assert run(fresh, "import", str(bad)) == 1
    assert "is not a machine id" in capsys.readouterr().err


def test_missing_sync_folder_is_one_clear_line_and_stats_still_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = machine(tmp_path, "laptop", tmp_path / "not-mounted")
    assert run(data, "stats", "--week", "2026-W47") == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"posture-break: sync folder {tmp_path / 'not-mounted'} does not exist (is it mounted?);"
        " local history goes on"
    ]
    assert run(data, "sync", "status") == 0
    out = capsys.readouterr().out
    assert "does not exist" in out


def test_doctor_includes_sync_status(
    pair: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, _b, folder = pair
    csv_a = tmp_path / "a.csv"
    csv_a.write_text(HEADER + "\n" + ROWS[0] + "\n", encoding="utf-8")
    assert run(a, "import", str(csv_a)) == 0
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DBUS_SESSION_BUS_ADDRESS="")
    result = subprocess.run(
        [sys.executable, "-m", "posture_break", "--data-dir", str(a), "doctor"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"Sync folder    {folder}" in result.stdout or str(folder) in result.stdout
    assert "laptop (this machine)" in result.stdout and "1 break(s)" in result.stdout
