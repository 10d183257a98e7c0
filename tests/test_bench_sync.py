"""bench/bench_sync.py runs (a small history) and its figures are sane."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_bench_sync_small_run() -> None:
    spec = importlib.util.spec_from_file_location("bench_sync", REPO / "bench" / "bench_sync.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_sync"] = module
    spec.loader.exec_module(module)
    figures = module.run(machines=2, per_machine=3000, repeats=3)
    assert figures["records"] == 6000
    assert figures["nothing_new_ms"] < 1000
    assert figures["new_record_ms"] < 5000
