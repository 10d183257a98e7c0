"""The app's link to the sync folder: the syncer (core/sync.py through sync_host.py) and its watcher
(ui/sync_watch.py), alive while ``[sync] folder`` is set.

One job: write this machine's new breaks to the folder and merge the other machines' into the
history, saying folder trouble once. Off, nothing of sync is imported (hashlib alone maps
OpenSSL, 3 MiB).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from posture_break.core.paths import Paths
from posture_break.core.settings import Settings
from posture_break.core.store import Store


class SyncLink(QObject):
    merged = Signal(object)  # a SyncReport, after a merge the watcher started

    def __init__(
        self,
        paths: Paths,
        store: Store,
        *,
        notify: Callable[[str, str], None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._paths = paths
        self._store = store
        self._notify = notify
        self.syncer: Any = None  # core.sync.Syncer while [sync] folder is set
        self.watcher: Any = None  # ui.sync_watch.SyncWatcher, likewise

    @property
    def identity(self) -> Any:
        return self.syncer.identity if self.syncer is not None else None

    def start(self, settings: Settings) -> None:
        """Build the syncer for ``[sync] folder``, merge once, then merge on every change."""
        if not settings.sync.folder.strip():
            return
        from posture_break import sync_host

        try:
            self.syncer, notices = sync_host.make_syncer(self._paths, settings, self._store)
        except OSError as exc:
            self._tell(f"{self._paths.data_dir}: {exc.strerror or exc}")
            return
        for notice in notices:
            self._tell(notice)
        from posture_break.ui.sync_watch import SyncWatcher

        self.watcher = SyncWatcher(self.syncer, self.sync_now, self)
        self.watcher.merged.connect(self.merged)
        self.sync_now()
        self.watcher.rewatch()

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher.deleteLater()
        self.syncer = self.watcher = None

    def sync_now(self) -> Any:
        """Write our new breaks, merge the others'. Problems are logged; folder trouble shown."""
        from posture_break import sync_host
        from posture_break.core.sync import SyncReport

        if self.syncer is None:
            return SyncReport()
        report = sync_host.run_sync(self._paths, self.syncer)
        self._tell_report(report)
        return report

    def written(self) -> None:
        """An outcome reached the history: publish it to the folder (if syncing)."""
        if self.syncer is None:
            return
        from posture_break import sync_host

        with sync_host.journal_lock(self._paths):
            report = self.syncer.publish()
        self._tell_report(report)

    def merge_now(self) -> None:
        """The other machines' newest breaks into the history (before the charts show it)."""
        if self.syncer is None:
            return
        from posture_break import sync_host

        self._tell_report(sync_host.run_sync(self._paths, self.syncer, publish=False))

    def _tell_report(self, report: Any) -> None:
        for line in report.notices + [p for p in report.problems if p.startswith("sync folder")]:
            self._tell(line)

    def _tell(self, text: str) -> None:
        self._notify(QCoreApplication.translate("App", "Sync"), text)
