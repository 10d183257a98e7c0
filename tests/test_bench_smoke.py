"""Cheap pieces of bench/run.py: the verdicts and the table, the settings it writes, the /proc
readings, and one short real run (bare app + posture-break start, icon, memory) on a desktop."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


run = _load("bench_run", REPO / "bench" / "run.py")
desktop = _load("e2e_conftest", REPO / "tests" / "e2e" / "conftest.py").desktop


def _window(seconds: float, wakeups: int, cpu_ms: float) -> dict[str, object]:
    return {
        "seconds": seconds,
        "wakeups": wakeups,
        "wakeups_per_s": wakeups / seconds,
        "cpu_s_stat": cpu_ms / 1000,
        "cpu_ms_schedstat": cpu_ms,
        "per_thread_wakeups": {},
    }


def _results(*, app_start: float, app_wakeups: int, latency: float) -> dict[str, object]:
    def mem(rss_mib: float) -> dict[str, int]:
        kb = int(rss_mib * 1024)
        return {"VmRSS": kb, "Rss": kb, "Pss": kb // 2, "USS": kb // 3, "Anonymous": kb // 4}

    return {
        "start_memory": {
            "bare": [{"start_ms": ms, "memory_kb": mem(50)} for ms in (100, 110, 120)],
            "app": [{"start_ms": ms, "memory_kb": mem(60)} for ms in (app_start, 140, 150)],
        },
        "idle": {
            "windows": [
                {
                    "app": _window(50, app_wakeups, 30),
                    "app30": _window(50, 20, 10),
                    "bare": _window(50, 0, 0),
                    "tick": _window(50, 20, 4),  # 2 switches per 5 s query
                }
            ],
            "latency_ms": [latency, 40.0],
        },
        "stats": {"stats_ms": [1.5, 2.0, 9.0], "stats_2023_ms": [1.0], "window_ms": [120.0, 30.0]},
    }


def _by_figure(rows):  # type: ignore[no-untyped-def]
    return {r.figure: r for r in rows}


def test_verdicts_follow_the_budgets():
    rows = _by_figure(run.build_rows(_results(app_start=130, app_wakeups=20, latency=60)))
    start = rows["start to tray icon"]
    assert start.app == 140 and start.bare == 110
    assert start.ratio == pytest.approx(140 / 110)
    assert start.spread == (130, 150)
    assert start.passed is True  # 1.27x <= 1.5x
    assert rows["memory VmRSS after a break"].passed is True  # 1.2x <= 1.3x
    assert rows["memory USS"].passed is None  # information only


def test_with_the_apscheduler_baseline_memory_is_judged_against_it():
    res = _results(app_start=130, app_wakeups=20, latency=60)
    res["start_memory"]["aps"] = [
        {"start_ms": 120, "memory_kb": {"VmRSS": 40 * 1024}} for _ in range(3)
    ]
    rows = _by_figure(run.build_rows(res))
    judged = rows["VmRSS after a break vs bare+aps"]
    assert judged.bare == 40 and judged.ratio == pytest.approx(60 / 40)
    assert judged.passed is False  # 1.5x > 1.3x
    assert rows["memory VmRSS after a break"].passed is None  # the bare ratio is information now
    # One cheap wake-up = 2 switches (tick - bare over 5 s), so 0.4 switches/s extra is allowed.
    assert rows["idle wake-ups, default schedule"].passed is True  # 0.4/s
    assert rows["idle wake-ups, 1-min schedule"].passed is True
    assert rows["idle CPU, default schedule"].passed is True  # 12 ms/min <= 24
    assert rows["idle CPU, 1-min schedule"].passed is False  # 36 ms/min > 24
    assert rows["break due -> window exposed"].passed is True
    assert rows["stats one week / 150k breaks"].app == 2.0
    assert rows["charts window open (first)"].app == 120.0


def test_verdicts_fail_when_over_budget():
    rows = _by_figure(run.build_rows(_results(app_start=400, app_wakeups=21, latency=250)))
    assert rows["start to tray icon"].app == 150
    # the median of (400, 140, 150) is 150 -> 1.36x: the median, not the worst, is judged
    assert rows["start to tray icon"].passed is True
    assert rows["idle wake-ups, 1-min schedule"].passed is False  # 0.42/s > 0.4/s
    assert rows["break due -> window exposed"].passed is False  # the worst break counts


def test_table_and_json_formatting():
    rows = run.build_rows(_results(app_start=130, app_wakeups=20, latency=60))
    table = run.format_table(rows)
    lines = table.splitlines()
    assert lines[0].split() == [
        "figure",
        "posture-break",
        "bare",
        "ratio",
        "spread",
        "(min-max)",
        "budget",
        "result",
    ]
    assert set(lines[1].replace(" ", "")) == {"-"}
    start = next(line for line in lines if line.startswith("start to tray icon"))
    assert "140 ms" in start and "110 ms" in start and "1.27x" in start
    assert "130-150 ms" in start and "<= 1.5x" in start and start.endswith("PASS")
    cpu = next(line for line in lines if line.startswith("idle CPU, 1-min schedule"))
    assert cpu.endswith("FAIL")
    assert "notes:" in lines
    data = run.rows_json(rows)
    json.dumps(data)  # serialisable
    first = data[0]
    assert first["figure"] == "start to tray icon" and first["result"] == "PASS"
    assert first["spread"] == [130, 150] and first["unit"] == "ms"


def test_bench_settings_are_valid_and_what_the_bench_assumes(tmp_path):
    from posture_break.core.settings import load_settings

    for schedule, every, warning in (("1min", 1, 0), ("default", 30, 30)):
        path = tmp_path / f"{schedule}.toml"
        path.write_text(run.settings_text(schedule), encoding="utf-8")
        loaded = load_settings(path)
        assert loaded.problems == []
        s = loaded.settings
        assert s.micro.every_minutes == every
        assert s.warning.seconds_before == warning
        assert s.health.asked is True
        assert s.idle.natural_breaks is True


def test_proc_readings_of_this_process():
    mem = run.memory_kb(os.getpid())
    assert mem["VmRSS"] > 1000 and mem["Rss"] > 0 and mem["Anonymous"] > 0
    assert run.cpu_seconds(os.getpid()) > 0

    window = run.IdleWindow(os.getpid())
    window.begin()
    done = threading.Event()

    def sleeper() -> None:  # a thread that appears mid-window and blocks a few times
        for _ in range(5):
            done.wait(0.01)

    t = threading.Thread(target=sleeper)
    t.start()
    window.sample()
    t.join()
    window.end()
    assert window.seconds > 0
    assert window.wakeups >= 1
    assert all(v >= 0 for v in window.per_thread().values())


@pytest.mark.e2e
def test_short_real_run_starts_both_apps_and_writes_json(desktop, tmp_path):
    out = tmp_path / "results.json"
    result = desktop(
        [sys.executable, "bench/run.py", "--only", "start", "--runs", "1", "--json", str(out)],
        timeout=300,  # three apps, a warm-up and a run each, on a busy machine
    )
    details = f"{result.stdout}\n{result.stderr}"
    assert result.returncode in (0, 1), details  # 1: a budget missed, still a complete run
    assert out.exists(), details
    data = json.loads(out.read_text())
    (bare,) = data["start_memory"]["bare"]
    (aps,) = data["start_memory"]["aps"]
    (app,) = data["start_memory"]["app"]
    assert aps["memory_kb"]["VmRSS"] > bare["memory_kb"]["VmRSS"]  # apscheduler costs something
    assert 0 < bare["start_ms"] < 10_000 and 0 < app["start_ms"] < 10_000
    assert bare["memory_kb"]["VmRSS"] > 10_000 and app["memory_kb"]["VmRSS"] > 10_000
    assert app["break_now_latency_ms"] >= 0
    figures = [row["figure"] for row in data["rows"]]
    assert figures[:3] == [
        "start to tray icon",
        "VmRSS after a break vs bare+aps",
        "memory VmRSS after a break",
    ]
    assert "start to tray icon" in result.stdout and "total time" in result.stdout
