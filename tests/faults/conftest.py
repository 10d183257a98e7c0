"""Fixtures for the fault suite: a private runtime folder, a data folder and real app processes
that are always stopped at teardown (helpers live in tests/faults/apphelp.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.faults.apphelp import AppProcess, private_dir

if sys.platform != "linux":  # pragma: no cover
    pytest.skip("the fault suite drives Linux processes and mounts", allow_module_level=True)


@pytest.fixture
def runtime_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the single-instance socket lives (like $XDG_RUNTIME_DIR: 0700, this test only)."""
    folder = private_dir(tmp_path / "run")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def app_factory(runtime_dir: Path) -> Iterator[Callable[..., AppProcess]]:
    started: list[AppProcess] = []

    def make(data_dir: Path, **kwargs: Any) -> AppProcess:
        app = AppProcess(data_dir, runtime_dir, **kwargs)
        started.append(app)
        return app

    yield make
    for app in started:
        app.stop()
