"""The outbox: outcomes written now, or kept (memory and journal) until the history takes them."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from posture_break.core.outbox import JOURNAL_NAME, Outbox, Saved
from posture_break.core.store import BreakRecord, Store, StoreError

T0 = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)


def rec(minute: int = 0, outcome: str = "done") -> BreakRecord:
    due = T0 + timedelta(minutes=minute)
    return BreakRecord(due, due + timedelta(seconds=40), "micro", outcome, 0, (), 30)


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = Store.open(tmp_path / "history.sqlite3")
    s.set_busy_timeout(0)
    yield s
    s.close()


def locked(store: Store) -> sqlite3.Connection:
    con = sqlite3.connect(store.path, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    return con


def outcomes(store: Store) -> list[tuple[datetime, str]]:
    return [(r.due_at, r.outcome) for r in store.all_records()]


def test_written_at_once_when_the_history_is_free(store: Store, tmp_path: Path) -> None:
    written: list[tuple[BreakRecord, bool]] = []
    box = Outbox(store, tmp_path / JOURNAL_NAME, on_written=lambda r, w: written.append((r, w)))
    assert box.record(rec()) is Saved.RECORDED
    assert outcomes(store) == [(T0, "done")] and written == [(rec(), False)]
    assert not (tmp_path / JOURNAL_NAME).exists()


def test_kept_in_order_while_locked_then_written_once(store: Store, tmp_path: Path) -> None:
    journal = tmp_path / JOURNAL_NAME
    written: list[tuple[BreakRecord, bool]] = []
    box = Outbox(store, journal, on_written=lambda r, w: written.append((r, w)))
    con = locked(store)
    assert box.record(rec(0)) is Saved.QUEUED
    assert box.last_error is not None and box.last_error.busy
    assert box.record(rec(30, "skipped")) is Saved.QUEUED
    assert box.set_state("planner", {"phase": "waiting"}) is Saved.QUEUED
    assert not box.flush() and box.pending == 2
    kept = json.loads(journal.read_text())
    assert [r[3] for r in kept["records"]] == ["done", "skipped"]
    assert kept["state"] == {"planner": {"phase": "waiting"}}
    con.execute("ROLLBACK")
    con.close()
    assert box.flush() and box.empty
    assert outcomes(store) == [(T0, "done"), (T0 + timedelta(minutes=30), "skipped")]
    assert [w for _r, w in written] == [True, True]
    assert store.get_state("planner") == {"phase": "waiting"}
    assert not journal.exists()


def test_two_breaks_in_one_second_both_kept(store: Store, tmp_path: Path) -> None:
    """break-now, Done, break-now in one second: both are written with their real due time (the
    history's key tells them apart; nothing is moved to a free second)."""
    box = Outbox(store, tmp_path / JOURNAL_NAME)
    quick = BreakRecord(T0, T0, "micro", "skipped", 0, ("walk",), 0)
    assert box.record(quick) is Saved.RECORDED
    assert box.record(rec()) is Saved.RECORDED
    assert sorted(outcomes(store)) == [(T0, "done"), (T0, "skipped")]
    assert box.empty


def test_journal_replayed_at_the_next_start_without_duplicates(
    store: Store, tmp_path: Path
) -> None:
    journal = tmp_path / JOURNAL_NAME
    con = locked(store)
    first = Outbox(store, journal)
    first.record(rec(0))
    first.record(rec(30))
    assert not first.close(wait_ms=10)
    con.execute("ROLLBACK")
    con.close()
    store.record(rec(0))  # written just before a crash removed the journal
    second = Outbox(store, journal)
    assert second.load_journal() == []
    assert second.pending == 2
    assert second.flush()
    assert outcomes(store) == [(T0, "done"), (T0 + timedelta(minutes=30), "done")]
    assert not journal.exists()


def test_an_unreadable_journal_is_kept_aside(store: Store, tmp_path: Path) -> None:
    journal = tmp_path / JOURNAL_NAME
    journal.write_text("[[[not json")
    box = Outbox(store, journal)
    problems = box.load_journal()
    assert len(problems) == 1 and "kept as pending-outcomes.json.unreadable" in problems[0]
    assert (tmp_path / (JOURNAL_NAME + ".unreadable")).read_text() == "[[[not json"
    assert box.empty


def test_a_journal_that_is_not_a_file_is_left_alone(store: Store, tmp_path: Path) -> None:
    (tmp_path / JOURNAL_NAME).mkdir()
    box = Outbox(store, tmp_path / JOURNAL_NAME)
    assert box.load_journal() == [
        f"{tmp_path / JOURNAL_NAME}: not a journal this app wrote; left alone"
    ]
    assert box.empty


def test_an_outcome_and_its_state_are_one_transaction(store: Store, tmp_path: Path) -> None:
    """A crash between the outcome and the state that follows from it (the break is over) would
    let the next start offer the break again and record it twice: both or neither are saved."""
    box = Outbox(store, tmp_path / JOURNAL_NAME)
    assert box.record(rec(0), {"planner": {"phase": "waiting", "n": 1}}) is Saved.RECORDED
    assert store.get_state("planner") == {"phase": "waiting", "n": 1}
    raw = sqlite3.connect(store.path, isolation_level=None)
    raw.execute("DROP TABLE state")  # the state's write fails after the outcome's insert
    raw.close()
    with pytest.raises(StoreError, match="cannot record the break"):
        store.record(rec(30), {"planner": {"phase": "waiting", "n": 2}})
    assert outcomes(store) == [(T0, "done")]  # the outcome was rolled back with it


def test_a_kept_outcome_keeps_its_state_in_the_journal(store: Store, tmp_path: Path) -> None:
    journal = tmp_path / JOURNAL_NAME
    box = Outbox(store, journal)
    con = locked(store)
    assert box.record(rec(0), {"planner": {"n": 1}}) is Saved.QUEUED
    assert json.loads(journal.read_text())["state"] == {"planner": {"n": 1}}
    box.set_state("planner", {"n": 2})  # newer state set on its own wins in the journal
    assert json.loads(journal.read_text())["state"] == {"planner": {"n": 2}}
    con.rollback()
    con.close()
    assert box.flush() and not journal.exists()
    assert outcomes(store) == [(T0, "done")] and store.get_state("planner") == {"n": 2}
