"""The host side of sync (core/sync.py is pure): this machine's identity (its name and
fingerprint come from platform/host.py), a lock so the app and a CLI command never write the
journal at once, and the ``sync status`` text."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from datetime import datetime, timezone

from posture_break.core import sync, sync_identity, sync_machines
from posture_break.core.paths import Paths, ensure_private_dir
from posture_break.core.settings import Settings
from posture_break.core.store import Store
from posture_break.platform.host import fingerprint, hostname

log = logging.getLogger("posture_break.sync")


def load_identity(paths: Paths) -> tuple[sync_identity.Identity, list[str]]:
    ensure_private_dir(paths.data_dir)
    return sync_identity.load_identity(
        paths.data_dir,
        hostname=hostname(),
        fingerprint=fingerprint(paths.data_dir),
        now=datetime.now(timezone.utc),
    )


def make_syncer(
    paths: Paths, settings: Settings, store: Store
) -> tuple[sync.Syncer | None, list[str]]:
    """The syncer when ``[sync] folder`` is set, and notices about this machine's identity."""
    folder = sync.expand_folder(settings.sync.folder)
    if folder is None:
        return None, []
    identity, notices = load_identity(paths)
    syncer = sync.Syncer(
        store,
        folder,
        identity,
        data_dir=paths.data_dir,
        now=lambda: datetime.now(timezone.utc),
    )
    return syncer, notices


@contextlib.contextmanager
def journal_lock(paths: Paths) -> Iterator[None]:
    """One writer of this machine's journal at a time (the app, a CLI command)."""
    path = paths.data_dir / "sync.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - not on Linux/macOS
            pass
        yield
    finally:
        os.close(fd)


def run_sync(paths: Paths, syncer: sync.Syncer, *, publish: bool = True) -> sync.SyncReport:
    """Publish (under the journal lock) and merge; log what the person should know."""
    if publish:
        with journal_lock(paths):
            report = syncer.sync()
    else:
        report = syncer.merge()
    for line in report.notices:
        log.warning("%s", line)
    for line in report.problems:
        log.warning("%s", line)
    return report


def status_lines(paths: Paths, settings: Settings, store: Store) -> list[tuple[str, str]]:
    """``sync status``: the folder, this machine, every machine seen, problems found."""
    folder = sync.expand_folder(settings.sync.folder)
    identity, _notices = load_identity(paths)
    lines: list[tuple[str, str]] = [
        ("Sync folder", str(folder) if folder else "off (set [sync] folder in the settings)"),
        ("This machine", f"{identity.name} (id {identity.machine_id})"),
    ]
    if folder is not None:
        problem = sync.folder_problem(folder, writing=True)
        lines.append(("Folder state", problem or "ok"))
    for m in sync_machines.machines_seen(store, identity):
        mid = identity.machine_id if m.machine_id == "" else m.machine_id
        here = " (this machine)" if m.machine_id == "" else ""
        last = m.last_record or "never"
        lines.append(
            (
                "Machine",
                f"{m.name}{here}  id {mid}  {m.rows} break(s)  last record {last}",
            )
        )
    problems = sync_machines.kept_problems(store)
    if problems:
        for p in problems[-5:]:
            lines.append(("Problem", p))
    else:
        lines.append(("Problems", "none"))
    return lines
