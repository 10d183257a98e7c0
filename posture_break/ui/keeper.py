"""Keeps what the planner decided: its state and every outcome, through the outbox (core/outbox.py).

One job: nothing acknowledged is lost and the GUI never waits for the disk. A write waits briefly
for another program's lock; then the outcome stays in the outbox (and its journal beside the
history) and is retried until the history takes it; at quit a last, longer wait. For a command's
reply it remembers whether an outcome was only queued or could not be saved at all.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from posture_break.core.clock import Clock
from posture_break.core.model import BreakRecord
from posture_break.core.outbox import JOURNAL_NAME, Outbox, Saved
from posture_break.core.paths import Paths
from posture_break.core.store import Store

log = logging.getLogger("posture_break")

# Writes to the history: a short wait for another program's lock (never the GUI's seconds), then
# the outcome waits in the outbox and is retried; at quit a last, longer wait, then the journal.
WRITE_WAIT_MS = 100
RETRY_MS = 1_000
RETRY_FAILING_MS = 30_000  # not a lock (a read-only or full disk): try now and then
QUIT_WAIT_MS = 3_000
STATE_EVERY_S = 60  # the planner's state when only its clock moved


class Keeper(QObject):
    def __init__(
        self,
        store: Store,
        paths: Paths,
        clock: Clock,
        *,
        notify: Callable[[str, str], None],
        on_written: Callable[[], None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self._notify = notify
        self._on_written = on_written
        # Every write goes through the outbox: a locked history never blocks, never loses.
        self.outbox = Outbox(store, paths.data_dir / JOURNAL_NAME, on_written=self._written)
        self.journal_problems = self.outbox.load_journal()
        self._unsaved: list[str] = []  # outcomes that could not be committed, for the reply
        self._queued: list[str] = []  # outcomes kept for later during a command, for the reply
        self._last_state: str | None = None
        self._last_state_at = 0.0
        store.set_busy_timeout(WRITE_WAIT_MS)
        self.save_retry = QTimer(self)
        self.save_retry.setSingleShot(True)
        self.save_retry.timeout.connect(self.flush)

    def planner_state(self) -> Any:
        """The planner's state as last kept: the outbox's newer one if it has one."""
        return self.outbox.pending_state("planner") or self._store.get_state("planner")

    def start(self) -> None:
        if not self.outbox.empty:
            log.info("%d outcome(s) kept from the last run: writing them", self.outbox.pending)
            self.flush()

    def persist(
        self, state: dict[str, Any], recent_cards: list[str] | None, force: bool = False
    ) -> None:
        # "last_wall" moves on every poll; on its own it is written once a minute (a restart
        # after a crash then misjudges the time away by at most that), anything else at once.
        rest = self._kept(state)
        mono = self._clock.monotonic()
        if not force and rest == self._last_state and mono - self._last_state_at < STATE_EVERY_S:
            return
        self.outbox.set_state("planner", state)
        if recent_cards is not None:
            self.outbox.set_state("recent_cards", recent_cards)
        self._last_state, self._last_state_at = rest, mono
        self._trouble()

    @staticmethod
    def _kept(state: dict[str, Any]) -> str:
        """The state as compared between writes: all but "last_wall"."""
        return json.dumps({k: v for k, v in state.items() if k != "last_wall"}, sort_keys=True)

    def record(self, record: BreakRecord, state: dict[str, Any]) -> None:
        """Hand an outcome to the outbox: written now, or kept and retried until it is (never
        dropped). A kept one is remembered for the command's reply, with the honest reason.

        ``state`` is the planner's state after the outcome, committed with it in one transaction:
        a crash between the two would let the next start offer the break again."""
        saved = self.outbox.record(record, {"planner": state})
        # that state is kept now (or queued with the record): persist() need not write it again
        self._last_state, self._last_state_at = self._kept(state), self._clock.monotonic()
        if saved is Saved.QUEUED:
            error = self.outbox.last_error
            log.info(
                "%s %s break due %s kept, not yet in the history (%s)",
                record.kind,
                record.outcome,
                record.due_at.isoformat(timespec="seconds"),
                error,
            )
            if error is not None and not error.busy:
                self._unsaved.append(str(error))
            else:
                self._queued.append(str(error))
        self._trouble()

    def flush(self) -> None:
        self.outbox.flush()
        self._trouble()

    def close(self) -> None:
        """At quit, after the last ``persist(force=True)``: a last wait, else the journal."""
        self.save_retry.stop()
        if not self.outbox.close(QUIT_WAIT_MS):
            log.warning(
                "quit with %d outcome(s) not yet in the history (%s); kept in %s, written at "
                "the next start",
                self.outbox.pending,
                self.outbox.last_error,
                self.outbox.journal,
            )

    # --- a command's reply --------------------------------------------------------------------

    def begin_command(self) -> None:
        self._unsaved.clear()
        self._queued.clear()

    def reply(self, reply: dict[str, Any]) -> dict[str, Any]:
        """The command's reply with what saving its outcome adds: an error, or a queued note."""
        if self._unsaved:
            return {"ok": False, "error": self._unsaved[-1]}
        if self._queued and reply.get("ok"):
            note = QCoreApplication.translate(
                "App",
                "Queued, will be saved: the history is busy (another program is writing to it); "
                "the outcome is kept and written as soon as it is free.",
            )
            reply["message"] = f"{note}\n{reply.get('message', '')}".rstrip()
        return reply

    # --- internals ----------------------------------------------------------------------------

    def _trouble(self) -> None:
        """Something is waiting to be written: retry soon (a lock) or now and then (a failure),
        and tell the person when it is not just another program's lock."""
        if self.outbox.empty:
            self.save_retry.stop()
            return
        error = self.outbox.last_error
        busy = error is None or error.busy
        if error is not None and not busy:
            self._notify(QCoreApplication.translate("App", "posture-break cannot save"), str(error))
        if self.outbox.journal_error:
            self._notify(
                QCoreApplication.translate("App", "posture-break cannot save"),
                self.outbox.journal_error,
            )
        if not self.save_retry.isActive():
            self.save_retry.start(RETRY_MS if busy else RETRY_FAILING_MS)

    def _written(self, record: BreakRecord, waited: bool) -> None:
        log.info(
            "recorded %s %s due %s snoozes %d cards %s" + (" (after waiting)" if waited else ""),
            record.kind,
            record.outcome,
            record.due_at.isoformat(timespec="seconds"),
            record.snoozes,
            ",".join(record.card_ids),
        )
        self._on_written()
