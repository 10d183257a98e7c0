"""The command line as a person types it: exit codes, one-line errors, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from posture_break import __version__
from posture_break.cli import main

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO), **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "posture_break", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=full,
    )


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"posture-break {__version__}"


def test_usage_errors_exit_2_with_one_line(tmp_path):
    result = run("--data-dir", str(tmp_path), "pause", "soon")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "posture-break: pause 'soon': give minutes (1-1440), 'tomorrow' or 'resumed'"
    ]
    bad_day = run("--data-dir", str(tmp_path), "plan", "--day", "2026-13-01")
    assert bad_day.returncode == 2 and "Traceback" not in bad_day.stderr


def test_instance_command_without_a_running_app_says_so(tmp_path):
    result = run("--data-dir", str(tmp_path), "break-now")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "posture-break: posture-break is not running (start it with `posture-break`)"
    )


def test_a_data_dir_that_cannot_be_created_is_one_line_and_exit_1(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    for command in ([], ["stats"], ["export"]):
        result = run("--data-dir", str(blocker / "data"), *command)
        assert result.returncode == 1, command
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("posture-break: "), result.stderr
        assert "Traceback" not in result.stderr


def test_doctor_names_what_works(tmp_path):
    result = run("--data-dir", str(tmp_path), "doctor", env={"DBUS_SESSION_BUS_ADDRESS": ""})
    assert result.returncode == 0, result.stderr
    keys = [line.split("  ")[0] for line in result.stdout.splitlines()]
    for key in (
        "posture-break",
        "Python",
        "Qt",
        "PySide6",
        "System tray",
        "Notifications",
        "Idle backend",
        "Settings",
        "History",
    ):
        assert key in keys
    assert str(tmp_path / "history.sqlite3") in result.stdout


def test_plan_stats_export_on_an_empty_data_dir(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "plan", "--day", "2026-11-23"]) == 0
    plan = capsys.readouterr().out
    assert "09:30" in plan and "micro" in plan and "long" in plan
    assert (
        main(["--data-dir", str(tmp_path), "stats", "--week", "2026-W48", "--format", "json"]) == 0
    )
    week = json.loads(capsys.readouterr().out)
    assert week["week"] == "2026-W48" and week["completion_rate"] is None
    assert main(["--data-dir", str(tmp_path), "export"]) == 0
    assert capsys.readouterr().out == ("due_at,ended_at,kind,outcome,snoozes,card_ids,duration_s\n")


@pytest.mark.parametrize("week", ["2026-W54", "26-W01", "2025-W53"])
def test_a_week_that_does_not_exist_is_a_usage_error(tmp_path, week, capsys):
    assert main(["--data-dir", str(tmp_path), "stats", "--week", week]) == 2
    assert week in capsys.readouterr().err
