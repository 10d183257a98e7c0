"""The app with a sync folder: its breaks go to its journal, the others' are merged at start and
when a file in the folder changes (file watcher), and the stats window follows with a filter."""

from __future__ import annotations

import json
import os
import random
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from posture_break.core import sync_identity, sync_lines
from posture_break.core.clock import FakeClock
from posture_break.core.paths import ensure_dirs, resolve_paths
from posture_break.core.settings import HealthSettings, Settings, SyncSettings
from posture_break.core.store import Store
from posture_break.ui.app import BreakApp
from posture_break.ui.tray import make_views
from tests.ui.test_app import ALL_DAY, BERLIN, FakeAlarm, FakeIdle, FakeNotifier

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
OTHER = "0123456789abcdef"


def other_journal(folder: Path, due: datetime, n: int, *, name: str = "desktop") -> bytes:
    ident = sync_identity.Identity(OTHER, name, "n" * 32, "2026-01-01T00:00:00+00:00", "x")
    lines = [sync_lines.header_line(ident)]
    for i in range(n):
        at = (due + timedelta(hours=i)).isoformat(timespec="seconds")
        row = (f"{i:032x}", at, at, "micro", "done", 0, "", 30)
        lines.append(sync_lines.record_line(OTHER, row))
    return b"".join(lines)


def put(path: Path, data: bytes) -> None:
    """As Syncthing does: a temp file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".syncthing.{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@pytest.fixture
def sync_app(qtbot, tmp_path):
    apps: list[BreakApp] = []
    folder = tmp_path / "Sync"
    folder.mkdir()

    def make() -> BreakApp:
        paths = resolve_paths(tmp_path / "data")
        ensure_dirs(paths)
        store = Store.open(paths.db_file)
        settings = Settings(
            work_hours=ALL_DAY,
            health=HealthSettings(asked=True),
            sync=SyncSettings(folder=str(folder)),
        )
        app = BreakApp(
            paths,
            settings,
            {},
            store,
            FakeClock(datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)),
            rng=random.Random(7),
            idle_backend=FakeIdle(),
            views=make_views(use_tray=False),
            alarm=FakeAlarm(),
            notifier=FakeNotifier(),
        )
        app.start()
        apps.append(app)
        return app

    yield make, folder
    for app in apps:
        app.sync.stop()
        app.presenter.close_break()
        app.idle_timer.stop()
        app.heartbeat.stop()
        for w in app.windows.open.values():
            w.close()
        if app.status_window:
            app.status_window.deleteLater()


def test_a_recorded_break_is_written_to_this_machines_journal(sync_app) -> None:
    make, folder = sync_app
    app = make()
    assert app.handle_command({"cmd": "break-now"})["ok"]
    assert app.handle_command({"cmd": "done"})["ok"]
    own = folder / "posture-break" / app.sync.syncer.identity.machine_id
    lines = (own / "2026-11.jsonl").read_text().splitlines()
    assert json.loads(lines[0])["machine"] == app.sync.syncer.identity.machine_id
    rec = json.loads(lines[1])
    assert rec["outcome"] == "done" and rec["due_at"].startswith("2026-11-23T10:00")


def test_other_machines_merge_at_start_and_on_change_and_stats_follow(sync_app, qtbot) -> None:
    make, folder = sync_app
    due = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)
    journal = folder / "posture-break" / OTHER / "2026-11.jsonl"
    put(journal, other_journal(folder, due, 2))
    app = make()
    assert app.store.count() == 2  # merged at start
    app.show_stats()
    window = app.windows.open["stats"]
    assert window.summary.totals.done == 2
    assert window.machine_box.isVisibleTo(window) is False  # this machine has no breaks yet
    assert app.handle_command({"cmd": "break-now"})["ok"]
    assert app.handle_command({"cmd": "done"})["ok"]
    app.show_stats()
    assert window.machine_box.isVisibleTo(window)
    assert [window.machine_box.itemText(i) for i in range(3)] == [
        "All machines",
        f"{app.sync.syncer.identity.name} (this one)",
        "desktop",
    ]
    # the other machine adds a break: the watcher merges it, the open window refreshes
    started = time.monotonic()
    with qtbot.waitSignal(app.sync.watcher.merged, timeout=2000):
        put(journal, other_journal(folder, due, 3))
    qtbot.waitUntil(lambda: window.summary.totals.done == 4, timeout=1000)
    assert time.monotonic() - started < 1.0
    window.machine_box.setCurrentIndex(2)
    assert window.summary.totals.done == 3
    window.machine_box.setCurrentIndex(1)
    assert window.summary.totals.done == 1
    # appended in place (a cloud client): the file watch sees it
    with qtbot.waitSignal(app.sync.watcher.merged, timeout=2000), journal.open("ab") as fh:
        at = (due + timedelta(hours=5)).isoformat(timespec="seconds")
        fh.write(sync_lines.record_line(OTHER, ("f" * 32, at, at, "long", "done", 0, "", 60)))
    assert app.store.count() == 5


def test_a_missing_sync_folder_is_said_and_breaks_are_still_recorded(
    sync_app, tmp_path: Path
) -> None:
    make, folder = sync_app
    folder.rmdir()
    app = make()
    assert app.handle_command({"cmd": "break-now"})["ok"]
    assert app.handle_command({"cmd": "done"})["ok"]
    assert app.store.count() == 1
    assert any("does not exist" in t for t in app._told)
