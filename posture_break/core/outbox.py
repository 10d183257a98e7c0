"""Outcomes on their way to the history: never dropped, never waited for on the GUI thread.

The running app hands every outcome (and its small saved state) to an :class:`Outbox` instead of
writing the history directly. The outbox writes at once when it can. When another program holds
the history's write lock (an ``import`` of a big file) or the write fails for another reason, the
outcome stays in memory, in order, and the shell calls :meth:`Outbox.flush` again on a timer until
it is written. Only a short busy timeout is spent per attempt, so the app keeps answering.

While anything is pending it is also kept in a small journal file beside the history
(``pending-outcomes.json``), rewritten atomically on every change and removed once everything is
written: quitting while the history is still locked, or a crash, loses nothing; the next start
reads the journal back and writes it then. A journal entry that is already in the history
(written just before a crash removed the journal) is not written twice.
"""

from __future__ import annotations

import contextlib
import enum
import json
import os
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from posture_break.core.history_csv import parse_row, record_row
from posture_break.core.paths import write_private_atomic
from posture_break.core.store import BreakRecord, Store, StoreError

JOURNAL_NAME = "pending-outcomes.json"
JOURNAL_VERSION = 1
MAX_JOURNAL_BYTES = 4 * 1024 * 1024  # thousands of outcomes; anything larger is not ours


class Saved(enum.Enum):
    RECORDED = "recorded"  # in the history now
    QUEUED = "queued"  # kept (memory and journal); written when the history can be written


@dataclass
class _Pending:
    record: BreakRecord
    state: dict[str, Any] | None = None  # saved with the record, in its transaction
    replayed: bool = False  # read back from the journal: it may be in the history already
    waited: bool = False  # a write failed while it was pending


class Outbox:
    def __init__(
        self,
        store: Store,
        journal: Path,
        *,
        on_written: Callable[[BreakRecord, bool], None] | None = None,
    ) -> None:
        self._store = store
        self.journal = journal
        self._records: list[_Pending] = []
        self._state: dict[str, Any] = {}
        self._on_written = on_written  # (record, was_queued) once it is in the history
        self.last_error: StoreError | None = None  # why the last attempt failed
        self.journal_error: str | None = None  # why the journal could not be written
        self._journal_text: str | None = None  # what the journal file holds (None: no file)

    # --- what is waiting -----------------------------------------------------------------------

    @property
    def pending(self) -> int:
        """Outcomes not yet in the history."""
        return len(self._records)

    @property
    def empty(self) -> bool:
        return not self._records and not self._state

    def pending_state(self, key: str) -> Any:
        """A state value waiting to be written (newer than the history's), or None."""
        return self._state.get(key)

    # --- writing -------------------------------------------------------------------------------

    def record(self, rec: BreakRecord, state: dict[str, Any] | None = None) -> Saved:
        """Write ``rec`` now if nothing is ahead of it and the history takes it; else keep it.

        ``state`` (key -> value, as :meth:`set_state`) is the app state that follows from this
        outcome, committed in the same transaction: a crash between the two would otherwise let
        the next start offer the break again and record it a second time."""
        item = _Pending(rec, state)
        self._records.append(item)
        self.flush()
        return Saved.QUEUED if any(p is item for p in self._records) else Saved.RECORDED

    def set_state(self, key: str, value: Any) -> Saved:
        self._state[key] = value
        return Saved.RECORDED if self.flush() else Saved.QUEUED

    def flush(self) -> bool:
        """Write what is pending, oldest first; stop at the first failure. True when empty.

        Each written outcome is announced (``on_written``) only after the journal agrees with the
        history, so whoever hears of it never finds it still waiting on disk."""
        written: list[tuple[BreakRecord, bool]] = []
        try:
            return self._flush(written)
        finally:
            if self._on_written is not None:
                for rec, waited in written:
                    self._on_written(rec, waited)

    def _flush(self, written: list[tuple[BreakRecord, bool]]) -> bool:
        while self._records:
            item = self._records[0]
            try:
                rec = self._write(item)
            except StoreError as exc:
                return self._failed(exc)
            self._records.pop(0)
            if rec is not None:
                written.append((rec, item.waited or item.replayed))
        for key in list(self._state):
            try:
                self._store.set_state(key, self._state[key])
            except StoreError as exc:
                return self._failed(exc)
            del self._state[key]
        self.last_error = None
        self._save_journal()
        return True

    def _failed(self, exc: StoreError) -> bool:
        self.last_error = exc
        for item in self._records:
            item.waited = True
        self._save_journal()
        return False

    def _write(self, item: _Pending) -> BreakRecord | None:
        """Commit one outcome as it is (the history's key tells two breaks due in one second
        apart). None: this very record is in the history already (a replayed journal entry
        written just before a crash)."""
        rec = item.record
        if item.replayed and self._store.has(rec):
            return None
        return rec if self._store.record(rec, item.state) else None

    # --- the journal ---------------------------------------------------------------------------

    def _save_journal(self) -> None:
        if self.empty:
            if self._journal_text is not None:
                with contextlib.suppress(FileNotFoundError):
                    self.journal.unlink()
                self._journal_text = None
            self.journal_error = None
            return
        state: dict[str, Any] = {}
        for item in self._records:  # a record's state, then newer state set on its own
            state.update(item.state or {})
        state.update(self._state)
        data = {
            "version": JOURNAL_VERSION,
            "records": [record_row(p.record) for p in self._records],
            "state": state,
        }
        try:
            text = json.dumps(data, sort_keys=True) + "\n"
            if text != self._journal_text:  # retries every second must not rewrite it each time
                write_private_atomic(self.journal, text)
                self._journal_text = text
            self.journal_error = None
        except (OSError, TypeError, ValueError) as exc:
            self.journal_error = f"{self.journal}: cannot keep the unsaved outcomes ({exc})"

    def load_journal(self) -> list[str]:
        """Take back what a previous run could not write. Returns problems (one line each).

        A journal that cannot be understood is renamed aside (``.unreadable``), never deleted.
        """
        try:
            fd = os.open(self.journal, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return []
        except OSError as exc:
            return [f"{self.journal}: cannot read ({exc.strerror or exc})"]
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_JOURNAL_BYTES:
                return [f"{self.journal}: not a journal this app wrote; left alone"]
            with os.fdopen(fd, "rb", closefd=False) as fh:
                raw = fh.read(MAX_JOURNAL_BYTES + 1)
        finally:
            os.close(fd)
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict) or data.get("version") != JOURNAL_VERSION:
                raise ValueError("unknown format")
            rows, state = data.get("records", []), data.get("state", {})
            if not isinstance(rows, list) or not isinstance(state, dict):
                raise ValueError("unknown format")
            records = [parse_row([str(f) for f in row], None) for row in rows]
        except (ValueError, TypeError, RecursionError) as exc:
            aside = self.journal.with_name(self.journal.name + ".unreadable")
            with contextlib.suppress(OSError):
                os.replace(self.journal, aside)
            return [f"{self.journal}: unreadable ({str(exc)[:120]}); kept as {aside.name}"]
        self._records = [_Pending(r, replayed=True) for r in records] + self._records
        self._state = {**{str(k): v for k, v in state.items()}, **self._state}
        self._journal_text = raw.decode("utf-8")
        return []

    def close(self, wait_ms: int) -> bool:
        """Last attempt at quit, waiting up to ``wait_ms`` for the lock; what still cannot be
        written stays in the journal for the next start. True when nothing is left."""
        if self.empty:
            return True
        with contextlib.suppress(sqlite3.Error):
            self._store.set_busy_timeout(wait_ms)
        return self.flush()
