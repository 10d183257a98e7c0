"""One history across a person's machines, through a folder a file-sync tool keeps in step.

Every machine writes only its own files: ``<folder>/posture-break/<machine-id>/<YYYY-MM>.jsonl``,
an append-only journal (JSON lines, one per break, rotated by the UTC month of the due time). The
first line of each file is a header naming the machine and its instance nonce. No file is ever
written by two machines, so the sync tool never has a conflict of ours to resolve.

Reading merges: the other machines' journals are imported into the local SQLite history (machine
column = their id), idempotent by record id, reading only the bytes added since the last import
(offset, size and mtime per file, plus hashes of the file's head and of the bytes just before the
offset to notice a file that was replaced). What a sync folder really holds is expected: a
half-written last line waits until complete, temp files are ignored, conflict copies are merged
like any other file (by record id, nothing counted twice), a file that shrinks or disappears is
said once and what was imported stays, a damaged or foreign line is skipped with a reason.

Its parts: sync_identity.py (this machine's id), sync_lines.py (the line format),
sync_journal.py (reading one journal from where the last merge stopped), sync_machines.py (what
the history knows of the machines). This module writes the journal and merges: the Syncer.

Pure: paths, clock and the machine fingerprint are passed in; no Qt, no platform probing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from posture_break.core.store import Store, StoreError
from posture_break.core.sync_identity import (
    MACHINE_RE,
    MAX_NAME_CHARS,
    Identity,
    renew_identity,
    save_identity,
    stamp,
)
from posture_break.core.sync_journal import JournalRead, file_hash, read_new
from posture_break.core.sync_lines import fast_sql, header_line, parse_header, record_line
from posture_break.core.sync_machines import PROBLEMS_KEY

JOURNAL_ROOT = "posture-break"
MAX_LINE_BYTES = 16 * 1024  # a record is ~250 bytes; anything longer is not ours
MAX_FILE_BYTES = 64 * 1024 * 1024  # a month of one machine is tens of KiB
_BATCH = 20_000
_MERGE_BATCH = 50_000  # rows per transaction when merging: fewer, larger commits grow faster
_BIG_CACHE = -65536  # KiB: 64 MiB of page cache, only during a big merge
_PUBLISHED_KEY = "sync_published"
_MAX_PROBLEMS_KEPT = 20


def expand_folder(text: str) -> Path | None:
    """The sync folder of the ``[sync] folder`` setting: None when off, ``~`` expanded."""
    text = text.strip()
    if not text:
        return None
    return Path(text).expanduser()


def is_journal_name(name: str) -> bool:
    """A journal or a sync tool's conflict copy of one; never a temp or hidden file."""
    if name.startswith((".", "~")) or not name.endswith(".jsonl"):
        return False
    return not name.endswith((".tmp.jsonl", ".part.jsonl"))


# --- results ---------------------------------------------------------------------------------


@dataclass
class SyncReport:
    added: int = 0  # breaks imported from other machines
    written: int = 0  # breaks of this machine written to its journal
    notices: list[str] = field(default_factory=list)  # said once: a file shrank, disappeared...
    problems: list[str] = field(default_factory=list)  # skipped lines, unreadable files, folder
    new_id: str | None = None  # this machine took a new id (another data folder uses ours)

    def extend(self, other: SyncReport) -> None:
        self.added += other.added
        self.written += other.written
        self.notices += other.notices
        self.problems += other.problems
        self.new_id = other.new_id or self.new_id


def folder_problem(folder: Path, *, writing: bool) -> str | None:
    """Why the sync folder cannot be used (one line), or None."""
    if not folder.exists():
        return f"sync folder {folder} does not exist (is it mounted?); local history goes on"
    if not folder.is_dir():
        return f"sync folder {folder} is not a folder; local history goes on"
    if writing and not os.access(folder, os.W_OK | os.X_OK):
        return f"sync folder {folder} is read-only; this machine's breaks are not shared"
    return None


# --- the syncer ------------------------------------------------------------------------------


def _month(due_ts: int) -> str:
    return time.strftime("%Y-%m", time.gmtime(due_ts))


class Syncer:
    """Writes this machine's journal and merges the others' into ``store``.

    ``identity_changed`` is called with the new identity when this machine had to take a new id.
    """

    def __init__(
        self,
        store: Store,
        folder: Path,
        identity: Identity,
        *,
        data_dir: Path,
        now: Callable[[], datetime],
        max_line: int = MAX_LINE_BYTES,
        max_file: int = MAX_FILE_BYTES,
    ) -> None:
        self.store = store
        self.folder = folder
        self.identity = identity
        self.data_dir = data_dir
        self.now = now
        self.max_line = max_line
        self.max_file = max_file
        self.root = folder / JOURNAL_ROOT

    @property
    def _db(self) -> sqlite3.Connection:
        return self.store.connection

    @property
    def own_dir(self) -> Path:
        return self.root / self.identity.machine_id

    # --- writing -------------------------------------------------------------------------------

    def publish(self) -> SyncReport:
        """Append every local break not yet in this machine's journal (all of them the first
        time, or after the folder or the id changed), fsynced per file."""
        report = SyncReport()
        problem = folder_problem(self.folder, writing=True)
        if problem:
            report.problems.append(problem)
            return report
        mark = self.store.get_state(_PUBLISHED_KEY)
        key = {"folder": str(self.folder), "machine": self.identity.machine_id}
        last = 0
        if isinstance(mark, dict) and all(mark.get(k) == v for k, v in key.items()):
            last = int(mark.get("rowid", 0))
        try:
            self.own_dir.mkdir(parents=True, exist_ok=True)
            while True:
                rows = self._db.execute(
                    "SELECT id, record_id, due_at, ended_at, kind, outcome, snoozes, card_ids, "
                    "duration_s, due_ts FROM breaks WHERE machine = '' AND id > ? ORDER BY id "
                    "LIMIT ?",
                    (last, _BATCH),
                ).fetchall()
                if not rows:
                    break
                by_month: dict[str, list[bytes]] = {}
                for row in rows:
                    line = record_line(self.identity.machine_id, row[1:9])
                    by_month.setdefault(_month(row[9]), []).append(line)
                for month, lines in sorted(by_month.items()):
                    clash = self._append(self.own_dir / f"{month}.jsonl", lines)
                    if clash:
                        report.extend(self._clash(clash))
                        return report
                last = rows[-1][0]
                report.written += len(rows)
                self.store.set_state(_PUBLISHED_KEY, {**key, "rowid": last})
        except OSError as exc:
            report.problems.append(
                f"sync folder {self.folder}: cannot write ({exc.strerror or exc}); "
                "local history goes on"
            )
        except (sqlite3.Error, StoreError) as exc:
            report.problems.append(f"sync: cannot read the local history ({exc})")
        return report

    def _append(self, path: Path, lines: list[bytes]) -> dict[str, str] | None:
        """Append ``lines`` (a header first if the file is new). Returns the header of a file
        that another instance started under our id (nothing is written then), else None."""
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            size = os.fstat(fd).st_size
            data = b"".join(lines)
            if size == 0:
                data = header_line(self.identity) + data
            else:
                first = os.pread(fd, min(size, self.max_line), 0).split(b"\n", 1)[0]
                head = parse_header(first)
                if head is not None and head["nonce"] != self.identity.nonce:
                    return head
                if os.pread(fd, 1, size - 1) != b"\n":  # our own torn write before a crash
                    data = b"\n" + data
            view = memoryview(data)
            while view:
                n = os.write(fd, view)
                view = view[n:]
            os.fsync(fd)
        finally:
            os.close(fd)
        return None

    def _clash(self, head: dict[str, str]) -> SyncReport:
        """Another data folder writes as this machine (a cloned home). The newer one moves on."""
        report = SyncReport()
        mine = (self.identity.since, self.identity.nonce)
        theirs = (head.get("since", ""), head.get("nonce", ""))
        if mine > theirs:
            old = self.identity.machine_id
            self.identity = renew_identity(self.identity, self.identity.fingerprint, self.now())
            save_identity(self.data_dir, self.identity)
            report.new_id = self.identity.machine_id
            report.notices.append(
                f"another data folder uses this machine's sync id {old} (a copied home folder?); "
                f"this machine is now {self.identity.machine_id}"
            )
            again = self.publish()
            report.extend(again)
        else:
            report.problems.append(
                f"another data folder writes as this machine ({self.identity.machine_id}); "
                "it is the newer one and will take a new id when it runs"
            )
        return report

    # --- reading -------------------------------------------------------------------------------

    def merge(self) -> SyncReport:
        """Import what the other machines added to their journals since the last merge."""
        report = SyncReport()
        problem = folder_problem(self.folder, writing=False)
        if problem:
            report.problems.append(problem)
            return report
        if not self.root.is_dir():
            return report
        known = {
            row[0]: row
            for row in self._db.execute(
                "SELECT path, machine, offset, size, mtime_ns, head_hash, tail_hash, gone "
                "FROM sync_files"
            )
        }
        seen: set[str] = set()
        pending: list[JournalRead] = []
        pending_rows = 0
        try:
            machine_dirs = sorted(os.scandir(self.root), key=lambda e: e.name)
        except OSError as exc:
            report.problems.append(f"sync folder {self.root}: cannot read ({exc.strerror or exc})")
            return report
        journals: list[tuple[str, str, os.DirEntry[str]]] = []
        for entry in machine_dirs:
            if not entry.is_dir() or not MACHINE_RE.match(entry.name):
                continue
            try:
                files = list(os.scandir(entry.path))
            except OSError as exc:
                report.problems.append(f"{entry.path}: cannot read ({exc.strerror or exc})")
                continue
            journals += ((f.name, entry.name, f) for f in files if is_journal_name(f.name))
        # Month by month across machines (the names start with the month): a first merge of
        # years then adds to the end of the time indexes instead of all over them.
        journals.sort(key=lambda j: (j[0], j[1]))
        for name, machine, f in journals:
            if not f.is_file():
                continue
            rel = f"{machine}/{name}"
            seen.add(rel)
            try:
                st = f.stat()
            except OSError:
                continue
            row = known.get(rel)
            if row is not None and row[3] == st.st_size and row[4] == st.st_mtime_ns:
                continue  # nothing new: the usual case, no read at all
            if machine == self.identity.machine_id:
                clash = self._check_own(Path(f.path), rel, st)
                if clash:
                    report.extend(self._clash(clash))
                    return report
                continue
            got = read_new(
                Path(f.path),
                rel,
                machine,
                st,
                row,
                max_line=self.max_line,
                max_file=self.max_file,
                notices=report.notices,
                problems=report.problems,
            )
            if got is not None:
                pending.append(got)
                pending_rows += len(got.rows)
                if pending_rows >= _MERGE_BATCH:
                    report.extend(self._commit(pending))
                    pending, pending_rows = [], 0
        report.extend(self._commit(pending))
        for rel, row in known.items():
            if rel not in seen and not row[7]:
                self._db.execute("UPDATE sync_files SET gone = 1 WHERE path = ?", (rel,))
                if row[1] != self.identity.machine_id:
                    report.notices.append(
                        f"sync: {rel} disappeared from the sync folder; the breaks already "
                        "imported from it stay"
                    )
        if report.problems:
            self._keep_problems(report.problems)
        return report

    def _check_own(self, path: Path, rel: str, st: os.stat_result) -> dict[str, str] | None:
        try:
            with path.open("rb") as fh:
                first = fh.readline(self.max_line)
        except OSError:
            return None
        head = parse_header(first) if first.endswith(b"\n") else None
        if head is not None and head["nonce"] != self.identity.nonce:
            return head
        self._save_file(rel, self.identity.machine_id, st.st_size, st, b"", b"")
        return None

    def _save_file(
        self, rel: str, machine: str, offset: int, st: os.stat_result, head: bytes, tail: bytes
    ) -> None:
        self._db.execute(
            "INSERT INTO sync_files (path, machine, offset, size, mtime_ns, head_hash, tail_hash, "
            "gone) VALUES (?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (path) DO UPDATE SET "
            "machine = excluded.machine, offset = excluded.offset, size = excluded.size, "
            "mtime_ns = excluded.mtime_ns, head_hash = excluded.head_hash, "
            "tail_hash = excluded.tail_hash, gone = 0",
            (rel, machine, offset, st.st_size, st.st_mtime_ns, file_hash(head), file_hash(tail)),
        )

    def _commit(self, reads: list[JournalRead]) -> SyncReport:
        """Rows and offsets of several files in one transaction: both or neither are kept."""
        report = SyncReport()
        if not reads:
            return report
        db = self._db
        big = sum(len(r.rows) for r in reads) >= _MERGE_BATCH
        if big:  # a first merge of years: a larger page cache while the indexes grow
            cache = db.execute("PRAGMA cache_size").fetchone()[0]
            db.execute(f"PRAGMA cache_size = {_BIG_CACHE}")
        checks_off = False
        try:
            db.execute("BEGIN IMMEDIATE")
            before = db.total_changes
            # Every row was checked here, more strictly than the table's CHECK constraints
            # (kinds, outcomes, counts in range): SQLite need not check them again. Only for
            # these inserts; the setting is on this connection alone and goes back below.
            db.execute("PRAGMA ignore_check_constraints = ON")
            checks_off = True
            for read in reads:
                if read.fast:
                    db.executemany(fast_sql(read.machine), read.rows)
                else:
                    db.executemany(Store._INSERT, read.rows)
            db.execute("PRAGMA ignore_check_constraints = OFF")
            checks_off = False
            report.added += db.total_changes - before
            for read in reads:
                if read.header is not None:
                    h = read.header
                    db.execute(
                        "INSERT INTO machines (id, name, nonce, since) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
                        "nonce = excluded.nonce, since = excluded.since",
                        (read.machine, h["name"][:MAX_NAME_CHARS], h["nonce"], h["since"]),
                    )
                self._save_file(read.rel, read.machine, *read.mark)
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            report.problems.append(f"sync: cannot import from the sync folder ({exc})")
        finally:
            if checks_off:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("PRAGMA ignore_check_constraints = OFF")
            if big:
                db.execute(f"PRAGMA cache_size = {int(cache)}")  # the memory goes back
        return report

    def _keep_problems(self, problems: list[str]) -> None:
        kept = self.store.get_state(PROBLEMS_KEY)
        old = kept if isinstance(kept, list) else []
        when = stamp(self.now())
        new = old + [f"{when} {p}" for p in problems]
        with contextlib.suppress(StoreError):
            self.store.set_state(PROBLEMS_KEY, new[-_MAX_PROBLEMS_KEPT:])

    def sync(self) -> SyncReport:
        """Publish, then merge: what the app does at start and when the folder changes."""
        problem = folder_problem(self.folder, writing=False)
        if problem:
            self._keep_problems([problem])
            return SyncReport(problems=[problem])
        report = self.publish()
        if report.problems:
            self._keep_problems(report.problems)
        if report.new_id is None:
            report.extend(self.merge())
        return report
