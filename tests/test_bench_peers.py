"""bench/peers.py: the summary and the budgets from measured samples, and the process tree."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import peers  # noqa: E402


def _sample(rss_mib: float, cpu: float, wakeups: float, start: float | None) -> dict:
    kb = int(rss_mib * 1024)
    return {
        "alive": True,
        "error": "",
        "start_ms": start,
        "seconds": 60.0,
        "wakeups_per_s": wakeups,
        "cpu_ms_per_min": cpu,
        "total_kb": {"VmRSS": kb, "Pss": kb // 2, "USS": kb // 3},
        "main_kb": {"VmRSS": kb},
        "processes": ["x"],
    }


def _rounds(app_rss: float) -> list[dict]:
    apps = {
        peers.APP: _sample(app_rss, 10.0, 0.4, 300),
        peers.APP_OFF: _sample(app_rss, 0.5, 0.02, 300),
        "bare tray": _sample(53, 0.1, 0.02, 250),
        "bare + apscheduler": _sample(68, 0.1, 0.02, 260),
        "workrave": _sample(68, 70, 12, 500),
        "safeeyes": _sample(75, 30, 4.5, 700),
    }
    return [{"order": list(apps), "apps": apps}, {"order": list(apps), "apps": apps}]


def test_every_budget_passes_when_the_app_is_lightest() -> None:
    verdicts = peers.budgets(peers.summarise(_rounds(app_rss=60)))
    assert [v for _b, _m, v in verdicts] == [True] * len(verdicts)
    assert any("below every peer" in b for b, _m, _v in verdicts)


def test_memory_above_the_lightest_peer_fails_and_names_it() -> None:
    verdicts = {b: (m, v) for b, m, v in peers.budgets(peers.summarise(_rounds(app_rss=70)))}
    measured, passed = verdicts["RSS with helpers below every peer"]
    assert passed is False and "workrave 68.0 MiB" in measured
    assert verdicts["RSS <= 1.3x bare + apscheduler"][1] is True


def test_a_peer_that_never_ran_is_left_out_with_its_reason() -> None:
    rounds = _rounds(app_rss=60)
    for r in rounds:
        r["apps"]["rsibreak"] = {**_sample(90, 20, 4, None), "alive": False, "error": "exited"}
    rows = {r.name: r for r in peers.summarise(rounds)}
    assert rows["rsibreak"].rss_mib is None and rows["rsibreak"].note == "exited"
    assert "rsibreak: exited" in peers.format_rows(list(rows.values()))


def test_descendants_finds_children_and_grandchildren() -> None:
    child = subprocess.Popen(
        ["sh", "-c", "sleep 30 & wait"], stdout=subprocess.DEVNULL, start_new_session=True
    )
    try:
        found: set[int] = set()
        for _ in range(200):  # the grandchild appears once sh has forked it
            found = peers.descendants([os.getpid()])
            if len(found & peers.descendants([child.pid])) >= 2:
                break
            time.sleep(0.01)
        assert child.pid in found and os.getpid() in found
        assert len(peers.descendants([child.pid], include_roots=False)) == 1
    finally:
        os.killpg(child.pid, signal.SIGKILL)  # sh and its sleep
        child.wait()
