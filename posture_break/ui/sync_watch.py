"""The app side of sync: merge when a file in the sync folder changes (a file watcher, never a
poll), and write this machine's breaks to its journal as they are recorded.

The watcher follows the folder, ``posture-break/`` in it, each machine's folder (a sync tool
renames a finished temp file into place: a directory event) and the newest journals of the other
machines (a cloud client may append in place: a file event). Events are gathered for a moment and
then handled once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from posture_break.core import sync

log = logging.getLogger("posture_break.sync")
SETTLE_MS = 150  # a sync tool writes a temp file, then renames it: one merge for both
NEWEST_FILES_WATCHED = 2


class SyncWatcher(QObject):
    merged = Signal(object)  # the SyncReport of a merge that ran because something changed

    def __init__(
        self,
        syncer: sync.Syncer,
        run: Callable[[], sync.SyncReport],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.syncer = syncer
        self._run = run
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self._changed)
        self._watcher.directoryChanged.connect(self._poke)
        self._watcher.fileChanged.connect(self._poke)

    def watched(self) -> list[str]:
        return sorted(self._watcher.directories() + self._watcher.files())

    def rewatch(self) -> None:
        """Watch what exists now (a machine or month that appeared since is added)."""
        folder = self.syncer.folder
        want: list[str] = []
        if folder.is_dir():
            want.append(str(folder))
            root = self.syncer.root
            if root.is_dir():
                want.append(str(root))
                try:
                    entries = list(os.scandir(root))
                except OSError:
                    entries = []
                for entry in entries:
                    if not entry.is_dir():
                        continue
                    want.append(entry.path)
                    if entry.name == self.syncer.identity.machine_id:
                        continue  # our own appends are not news
                    try:
                        names = sorted(
                            e.name for e in os.scandir(entry.path) if sync.is_journal_name(e.name)
                        )
                    except OSError:
                        names = []
                    want += [str(Path(entry.path) / n) for n in names[-NEWEST_FILES_WATCHED:]]
        have = set(self._watcher.directories() + self._watcher.files())
        gone = [p for p in have if p not in want]
        if gone:
            self._watcher.removePaths(gone)
        new = [p for p in want if p not in have]
        if new:
            self._watcher.addPaths(new)

    def _poke(self, _path: str) -> None:
        self._timer.start()

    def _changed(self) -> None:
        report = self._run()
        self.rewatch()
        self.merged.emit(report)

    def stop(self) -> None:
        self._timer.stop()
        paths = self._watcher.directories() + self._watcher.files()
        if paths:
            self._watcher.removePaths(paths)
