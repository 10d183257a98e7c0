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

Pure: paths, clock and the machine fingerprint are passed in; no Qt, no platform probing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from posture_break.core.limits import MAX_DURATION_S, MAX_SNOOZES, MAX_YEAR, MIN_YEAR
from posture_break.core.paths import write_private_atomic
from posture_break.core.safe_read import FileRefused, read_capped
from posture_break.core.store import (
    _TS_RANGE,
    KINDS,
    OUTCOMES,
    BreakRecord,
    Store,
    StoreError,
)

JOURNAL_ROOT = "posture-break"
JOURNAL_FORMAT = 1
IDENTITY_FILE = "machine.json"
MAX_LINE_BYTES = 16 * 1024  # a record is ~250 bytes; anything longer is not ours
MAX_FILE_BYTES = 64 * 1024 * 1024  # a month of one machine is tens of KiB
MAX_NAME_CHARS = 64
_HEAD_BYTES = 1024
_TAIL_BYTES = 256
_BATCH = 20_000
_MERGE_BATCH = 50_000  # rows per transaction when merging: fewer, larger commits grow faster
_BIG_CACHE = -65536  # KiB: 64 MiB of page cache, only during a big merge
_MACHINE_RE = re.compile(r"^[0-9a-f]{8,32}$")
_PUBLISHED_KEY = "sync_published"
_PROBLEMS_KEY = "sync_problems"
_MAX_PROBLEMS_KEPT = 20
_MAX_PROBLEMS_PER_FILE = 5


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


# --- this machine ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    machine_id: str  # stable, random; names this machine's folder in the sync folder
    name: str  # for people: the host name unless changed
    nonce: str  # random per data folder: tells two copies of one data folder apart
    since: str  # when this id was taken (ISO-8601 UTC); the newer of two claimants moves on
    fingerprint: str  # where this data folder lives (machine + folder); a copy does not match

    def to_json(self) -> dict[str, str]:
        return {
            "machine_id": self.machine_id,
            "name": self.name,
            "nonce": self.nonce,
            "since": self.since,
            "fingerprint": self.fingerprint,
        }


def _new_id() -> str:
    return uuid.uuid4().hex[:16]


def _stamp(now: datetime) -> str:
    return now.astimezone(tz=None).isoformat(timespec="seconds")


def new_identity(name: str, fingerprint: str, now: datetime) -> Identity:
    return Identity(_new_id(), name[:MAX_NAME_CHARS], uuid.uuid4().hex, _stamp(now), fingerprint)


def load_identity(
    data_dir: Path, *, hostname: str, fingerprint: str, now: datetime
) -> tuple[Identity, list[str]]:
    """This machine's identity from ``data_dir`` (made on first use). Returns it and notices.

    A data folder copied to another machine or place (a cloned home) has a fingerprint that does
    not match: the copy is the newer instance and takes a new id, so two machines never write as
    one. Raises OSError only if the identity cannot be saved.
    """
    path = data_dir / IDENTITY_FILE
    notices: list[str] = []
    raw: Any = None
    with contextlib.suppress(OSError, ValueError, FileRefused):
        raw = json.loads(read_capped(path, 64 * 1024).decode("utf-8"))
    identity: Identity | None = None
    if isinstance(raw, dict):
        try:
            identity = Identity(**{k: str(raw[k]) for k in Identity.__dataclass_fields__})
        except (KeyError, TypeError):
            identity = None
        if identity is not None and not _MACHINE_RE.match(identity.machine_id):
            identity = None
    if identity is None:
        if path.exists():
            notices.append(f"{path}: unreadable; this machine takes a new sync id")
        identity = new_identity(hostname or "computer", fingerprint, now)
        save_identity(data_dir, identity)
    elif identity.fingerprint != fingerprint:
        renewed = renew_identity(identity, fingerprint, now)
        notices.append(
            f"this data folder was copied from another place or machine: sync id "
            f"{identity.machine_id} -> {renewed.machine_id}"
        )
        if hostname:  # a copy on another machine is named after it
            renewed = replace(renewed, name=hostname[:MAX_NAME_CHARS])
        identity = renewed
        save_identity(data_dir, identity)
    return identity, notices


def renew_identity(identity: Identity, fingerprint: str, now: datetime) -> Identity:
    fresh = new_identity(identity.name, fingerprint, now)
    return replace(fresh, name=identity.name)


def save_identity(data_dir: Path, identity: Identity) -> None:
    write_private_atomic(data_dir / IDENTITY_FILE, json.dumps(identity.to_json(), indent=1) + "\n")


# --- the journal format ----------------------------------------------------------------------


def header_line(identity: Identity) -> bytes:
    head = {
        "journal": "posture-break",
        "format": JOURNAL_FORMAT,
        "machine": identity.machine_id,
        "name": identity.name,
        "nonce": identity.nonce,
        "since": identity.since,
    }
    return (json.dumps(head, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def record_line(machine: str, row: Sequence[Any]) -> bytes:
    """One journal line from a breaks row (record_id, due_at, ended_at, kind, outcome, snoozes,
    card_ids, duration_s)."""
    record_id, due_at, ended_at, kind, outcome, snoozes, card_ids, duration_s = row
    rec = {
        "id": record_id,
        "machine": machine,
        "due_at": due_at,
        "ended_at": ended_at,
        "kind": kind,
        "outcome": outcome,
        "snoozes": snoozes,
        "card_ids": [c for c in card_ids.split(";") if c],
        "duration_s": duration_s,
    }
    return (json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


_RECORD_ID_RE = re.compile(r"^[0-9A-Za-z-]{8,64}$")
# Times as the app writes them (isoformat, seconds, with offset); they are stored as they come.
_TIME_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
_KINDS = frozenset(KINDS)
_OUTCOMES = frozenset(OUTCOMES)
_decode = json.JSONDecoder().decode


def _time(value: object, name: str) -> datetime:
    if not isinstance(value, str) or not _TIME_RE.match(value):
        raise ValueError(f"{name} is not a time like 2026-03-02T09:00:00+01:00")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} is not a time that exists") from None


_T = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"
_CARD = r'"[^"\\;,\x00-\x1f]{1,100}"'
# A line exactly as record_line writes it: one C-speed match instead of a JSON parse. Anything
# else (another writer's spacing, a newer field) goes the slower, general way below.
_CANONICAL = re.compile(
    rf'\{{"id":"([0-9A-Za-z-]{{8,64}})","machine":"([0-9a-f]{{8,32}})",'
    rf'"due_at":"({_T})","ended_at":"({_T})","kind":"(micro|long)",'
    rf'"outcome":"({"|".join(OUTCOMES)})","snoozes":(0|[1-9]\d{{0,6}}),'
    rf'"card_ids":\[((?:{_CARD}(?:,{_CARD})*)?)\],"duration_s":(0|[1-9]\d{{0,6}})\}}'
)


# --- the bulk path: a whole file of canonical lines in one C-speed regex scan ---------------
#
# Every field is checked by the pattern itself, as strictly as parse_record checks it: times of
# years MIN_YEAR..MAX_YEAR that exist (days of each month, 29 February of leap years only), hours
# 00-23, offsets up to 14 h; snoozes 0..MAX_SNOOZES, duration_s 0..MAX_DURATION_S; at most
# _FAST_MAX_CARDS card ids. The matched strings go to SQLite as they are: it computes due_ts
# (strftime('%s') reads the offset) and joins the card ids with ';'. A file with any line the
# pattern does not take (a foreign writer, a damaged or torn line, a blank line) is read the
# general way, line by line, with a reason for each line skipped.
_D2 = "(?:0[1-9]|1[0-9]|2[0-8])"
_YEAR = "(?:19[7-9][0-9]|20[0-9][0-9])"  # 2100 (MAX_YEAR) separately: it is not a leap year
_LEAP = "(?:19[79][26]|198[048]|20(?:[02468][048]|[13579][26]))"
_DATE = (
    rf"(?:(?:{_YEAR}|2100)-(?:(?:0[1-9]|1[0-2])-{_D2}|(?:0[13-9]|1[0-2])-(?:29|30)"
    rf"|(?:0[13578]|1[02])-31)|{_LEAP}-02-29)"
)
# Offsets up to 14:00, the widest in use and the widest SQLite reads (a larger one goes the
# general way, which takes up to 23:59 as Python does).
_CLOCK = "(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9][+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00)"
_FAST_TIME = rf"{_DATE}T{_CLOCK}"
_FAST_MAX_CARDS = 32
_FAST_CARD = r'"[^"\\;,\x00-\x1f\n]{1,100}"'
_SNOOZES_RE = "0|[1-9][0-9]{0,2}|1000"  # MAX_SNOOZES
_DURATION_RE = "0|[1-9][0-9]{0,3}|[1-7][0-9]{4}|8[0-5][0-9]{3}|86[0-3][0-9]{2}|86400"  # 24 h
# The longest line the pattern takes (record id 64, 32 cards of 100 characters in UTF-8): a
# journal read with a smaller max_line goes the general way, which says which lines are too long.
FAST_MAX_LINE = 300 + 64 + _FAST_MAX_CARDS * (100 * 4 + 3)
_FAST_SQL: dict[str, str] = {}
_FAST_RE: dict[str, re.Pattern[str]] = {}


def _fast_pattern(machine: str) -> re.Pattern[str]:
    pattern = _FAST_RE.get(machine)
    if pattern is None:
        pattern = re.compile(
            rf'^\{{"id":"([0-9A-Za-z-]{{8,64}})","machine":"{machine}",'
            rf'"due_at":"({_FAST_TIME})","ended_at":"({_FAST_TIME})","kind":"(micro|long)",'
            rf'"outcome":"({"|".join(OUTCOMES)})","snoozes":({_SNOOZES_RE}),'
            rf'"card_ids":\[((?:{_FAST_CARD}(?:,{_FAST_CARD}){{0,{_FAST_MAX_CARDS - 1}}})?)\],'
            rf'"duration_s":({_DURATION_RE})\}}$',
            re.MULTILINE,
        )
        _FAST_RE[machine] = pattern
    return pattern


def _fast_sql(machine: str) -> str:
    """The insert for rows of _fast_pattern (machine is checked by _MACHINE_RE: hex only)."""
    sql = _FAST_SQL.get(machine)
    if sql is None:
        assert _MACHINE_RE.match(machine), machine
        sql = (
            "INSERT OR IGNORE INTO breaks (record_id, due_at, ended_at, kind, outcome, snoozes, "
            "card_ids, duration_s, due_ts, machine) VALUES (?1, ?2, ?3, ?4, ?5, "
            "CAST(?6 AS INTEGER), replace(replace(?7, '\"', ''), ',', ';'), "
            f"CAST(?8 AS INTEGER), CAST(strftime('%s', ?2) AS INTEGER), '{machine}')"
        )
        _FAST_SQL[machine] = sql
    return sql


def fast_records(text: str, machine: str) -> list[tuple[str, ...]] | None:
    """The records of ``text`` (whole lines, each ending in a line end) when every line is a
    canonical record of ``machine`` the pattern takes, else None (read it line by line)."""
    found = _fast_pattern(machine).findall(text)
    if len(found) != text.count("\n"):
        return None
    return found


_MIDNIGHTS: dict[str, int] = {}


def _epoch(text: str) -> int:
    """Unix seconds of a time shaped like _T; a day's midnight is computed once per offset."""
    key = text[:10] + text[19:]
    base = _MIDNIGHTS.get(key)
    if base is None:
        if not MIN_YEAR <= int(text[:4]) <= MAX_YEAR:
            raise ValueError(f"{text} is outside the years {MIN_YEAR}-{MAX_YEAR}")
        try:
            base = int(datetime.fromisoformat(text[:10] + "T00:00:00" + text[19:]).timestamp())
        except ValueError:
            raise ValueError("a time that does not exist") from None
        if len(_MIDNIGHTS) > 100_000:
            _MIDNIGHTS.clear()
        _MIDNIGHTS[key] = base
    h, m, sec = int(text[11:13]), int(text[14:16]), int(text[17:19])
    if h > 23 or m > 59 or sec > 59:
        raise ValueError("a time that does not exist")
    return base + h * 3600 + m * 60 + sec


def parse_record(line: bytes | str, machine: str) -> tuple[Any, ...]:
    """A journal line -> a breaks row (due_at, due_ts, ended_at, kind, outcome, snoozes,
    card_ids, duration_s, machine, record_id). Raises ValueError with the reason."""
    text = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
    m = _CANONICAL.fullmatch(text)
    if m is not None and m.group(2) == machine:
        rid, _m, due_s, ended_s, kind, outcome, snoozes, cards, duration = m.groups()
        due_ts = _epoch(due_s)
        _epoch(ended_s)
        if int(snoozes) > MAX_SNOOZES or int(duration) > MAX_DURATION_S:
            raise ValueError("snoozes and duration_s out of range")
        return (
            due_s,
            due_ts,
            ended_s,
            kind,
            outcome,
            int(snoozes),
            cards.replace('"', "").replace(",", ";"),
            int(duration),
            machine,
            rid,
        )
    try:
        rec = _decode(line if isinstance(line, str) else line.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise ValueError("not JSON") from None
    if type(rec) is not dict:
        raise ValueError("not a JSON object")
    if rec.get("machine") != machine:
        raise ValueError(f"written for machine {str(rec.get('machine'))[:40]!r}, not {machine}")
    record_id = rec.get("id")
    if type(record_id) is not str or not _RECORD_ID_RE.match(record_id):
        raise ValueError("no valid record id")
    due_s, ended_s = rec.get("due_at"), rec.get("ended_at")
    _time(due_s, "due_at")
    _time(ended_s, "ended_at")
    assert isinstance(due_s, str) and isinstance(ended_s, str)
    due_ts = _epoch(due_s)
    _epoch(ended_s)
    kind, outcome = rec.get("kind"), rec.get("outcome")
    if kind not in _KINDS or outcome not in _OUTCOMES:
        raise ValueError("unknown kind or outcome")
    snoozes, duration = rec.get("snoozes", 0), rec.get("duration_s", 0)
    if type(snoozes) is not int or type(duration) is not int:
        raise ValueError("snoozes and duration_s must be whole numbers")
    if not (0 <= snoozes <= MAX_SNOOZES and 0 <= duration <= MAX_DURATION_S):
        raise ValueError("snoozes and duration_s out of range")
    cards = rec.get("card_ids", [])
    if type(cards) is not list:
        raise ValueError("card_ids must be a list of card ids")
    for c in cards:
        if type(c) is not str or ";" in c or len(c) > 100:
            raise ValueError("card_ids must be a list of card ids")
    return (
        due_s,
        due_ts,
        ended_s,
        kind,
        outcome,
        snoozes,
        ";".join(cards),
        duration,
        machine,
        record_id,
    )


def parse_header(line: bytes) -> dict[str, str] | None:
    try:
        head = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(head, dict) or head.get("journal") != "posture-break":
        return None
    return {k: str(head.get(k, ""))[:200] for k in ("machine", "name", "nonce", "since")}


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


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=12).hexdigest()


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
        pending: list[_Read] = []
        pending_rows = 0
        try:
            machine_dirs = sorted(os.scandir(self.root), key=lambda e: e.name)
        except OSError as exc:
            report.problems.append(f"sync folder {self.root}: cannot read ({exc.strerror or exc})")
            return report
        journals: list[tuple[str, str, os.DirEntry[str]]] = []
        for entry in machine_dirs:
            if not entry.is_dir() or not _MACHINE_RE.match(entry.name):
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
                clash = self._check_own(Path(f.path), rel, st, row)
                if clash:
                    report.extend(self._clash(clash))
                    return report
                continue
            part, got = self._read_file(Path(f.path), rel, machine, st, row)
            report.extend(part)
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

    def _check_own(
        self, path: Path, rel: str, st: os.stat_result, row: tuple[Any, ...] | None
    ) -> dict[str, str] | None:
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
            (rel, machine, offset, st.st_size, st.st_mtime_ns, _hash(head), _hash(tail)),
        )

    def _read_file(
        self,
        path: Path,
        rel: str,
        machine: str,
        st: os.stat_result,
        row: tuple[Any, ...] | None,
    ) -> tuple[SyncReport, _Read | None]:
        """What is new in one journal, parsed (committed later, with other files')."""
        report = SyncReport()
        if st.st_size > self.max_file:
            if row is None or row[3] != st.st_size:
                report.problems.append(
                    f"sync: {rel} is {st.st_size} bytes, over the {self.max_file} byte limit; "
                    "skipped"
                )
            return report, _Read(rel, machine, [], None, (0, st, b"", b""))
        try:
            with path.open("rb") as fh:
                offset = 0 if row is None else int(row[2])
                if row is not None and row[7]:
                    report.notices.append(f"sync: {rel} is back in the sync folder")
                if offset:
                    replaced = st.st_size < offset
                    if not replaced:
                        head = fh.read(min(_HEAD_BYTES, offset))
                        fh.seek(offset - min(_TAIL_BYTES, offset))
                        tail = fh.read(min(_TAIL_BYTES, offset))
                        replaced = _hash(head) != row[5] or _hash(tail) != row[6]  # type: ignore[index]
                    if replaced:
                        what = "shrank" if st.st_size < offset else "was replaced"
                        report.notices.append(
                            f"sync: {rel} {what}; the breaks already imported from it stay, "
                            "it is read again from the start"
                        )
                        offset = 0
                fh.seek(offset)
                data = fh.read(st.st_size - offset)
                fh.seek(0)
                head_bytes = fh.read(_HEAD_BYTES)
        except OSError as exc:
            report.problems.append(f"sync: {rel}: cannot read ({exc.strerror or exc})")
            return report, None
        end = data.rfind(b"\n") + 1  # a half-written last line waits until it is complete
        rows: list[tuple[Any, ...]] = []
        bad: list[str] = []
        position = offset
        header: dict[str, str] | None = None
        max_line = self.max_line
        fast = None
        if end and max_line >= FAST_MAX_LINE:
            body = 0
            if offset == 0:  # the header, checked the same way as below
                first = data[: data.index(b"\n")]
                header = parse_header(first) if len(first) <= max_line else None
                if header is not None:
                    body = len(first) + 1
                    if header["machine"] != machine:
                        bad.append(f"header names machine {header['machine'][:40]!r}")
                        header = None
            try:
                fast = fast_records(data[body:end].decode("utf-8"), machine)
            except UnicodeDecodeError:
                fast = None
            if fast is None:
                bad, header = [], None  # read again, line by line
        lines = data[: end - 1].split(b"\n") if end and fast is None else ()
        for line in lines:
            start = position
            position += len(line) + 1
            if len(line) > max_line:
                bad.append(f"line at byte {start}: longer than {self.max_line} bytes")
                continue
            if start == 0:
                header = parse_header(line)
                if header is not None:
                    if header["machine"] != machine:
                        bad.append(f"header names machine {header['machine'][:40]!r}")
                        header = None
                    continue
            try:
                rows.append(parse_record(line, machine))
            except ValueError as exc:
                if line.strip():
                    bad.append(f"line at byte {start}: {exc}")
        if end == 0 and len(data) > self.max_line:
            bad.append(f"{len(data)} bytes without a line end; skipped")
            end = len(data)
        for reason in bad[:_MAX_PROBLEMS_PER_FILE]:
            report.problems.append(f"sync: {rel}: {reason}; skipped")
        if len(bad) > _MAX_PROBLEMS_PER_FILE:
            report.problems.append(
                f"sync: {rel}: {len(bad) - _MAX_PROBLEMS_PER_FILE} more bad lines skipped"
            )
        new_offset = offset + end
        tail = data[max(0, end - _TAIL_BYTES) : end]
        if len(tail) < min(_TAIL_BYTES, new_offset):  # the tail reaches back before this read
            try:
                with path.open("rb") as fh:
                    fh.seek(new_offset - min(_TAIL_BYTES, new_offset))
                    tail = fh.read(min(_TAIL_BYTES, new_offset))
            except OSError:
                tail = b""
        head_bytes = head_bytes[: min(_HEAD_BYTES, new_offset)]
        if fast is not None:
            return report, _Read(
                rel, machine, fast, header, (new_offset, st, head_bytes, tail), fast=True
            )
        return report, _Read(rel, machine, rows, header, (new_offset, st, head_bytes, tail))

    def _commit(self, reads: list[_Read]) -> SyncReport:
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
                    db.executemany(_fast_sql(read.machine), read.rows)
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
        kept = self.store.get_state(_PROBLEMS_KEY)
        old = kept if isinstance(kept, list) else []
        stamp = _stamp(self.now())
        new = old + [f"{stamp} {p}" for p in problems]
        with contextlib.suppress(StoreError):
            self.store.set_state(_PROBLEMS_KEY, new[-_MAX_PROBLEMS_KEPT:])

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


@dataclass
class _Read:
    """What one journal gave: rows to insert and where reading stopped."""

    rel: str
    machine: str
    rows: list[tuple[Any, ...]]
    header: dict[str, str] | None
    mark: tuple[int, os.stat_result, bytes, bytes]  # offset, stat, head bytes, tail bytes
    fast: bool = False  # rows are fast_records' strings (see _fast_sql), not parse_record's


# --- what is known -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MachineSeen:
    machine_id: str  # '' for this machine
    name: str
    rows: int
    last_record: str | None  # the newest due time, as stored


def machines_seen(store: Store, identity: Identity | None) -> list[MachineSeen]:
    """This machine first, then every machine whose breaks are in the history."""
    names = {
        r[0]: r[1] for r in store.connection.execute("SELECT id, name FROM machines").fetchall()
    }
    out = []
    for machine, rows, last_ts in store.connection.execute(
        "SELECT machine, count(*), max(due_ts) FROM breaks GROUP BY machine ORDER BY machine"
    ).fetchall():
        last = store.connection.execute(
            "SELECT due_at FROM breaks WHERE machine = ? AND due_ts = ? LIMIT 1", (machine, last_ts)
        ).fetchone()
        if machine == "":
            name = identity.name if identity else "this machine"
        else:
            name = names.get(machine, machine)
        out.append(MachineSeen(machine, name, rows, last[0] if last else None))
    if not any(m.machine_id == "" for m in out):
        out.insert(0, MachineSeen("", identity.name if identity else "this machine", 0, None))
    return out


def resolve_machine(store: Store, identity: Identity | None, text: str) -> str | None:
    """The machine column value for a name or id the person typed; None if unknown."""
    if identity is not None and text in (identity.name, identity.machine_id):
        return ""
    for m in machines_seen(store, identity):
        if text in (m.name, m.machine_id):
            return m.machine_id
    return None


def kept_problems(store: Store) -> list[str]:
    kept = store.get_state(_PROBLEMS_KEY)
    return [str(p) for p in kept] if isinstance(kept, list) else []


class MachineView:
    """The history of one machine, for ``stats.weekly_summary`` and the charts (read only)."""

    def __init__(self, store: Store, machine: str) -> None:
        self._store = store
        self.machine = machine

    @property
    def skipped(self) -> int:
        return self._store.skipped

    @skipped.setter
    def skipped(self, value: int) -> None:
        self._store.skipped = value

    def raw_between(self, start_ts: int, end_ts: int) -> list[tuple[Any, ...]]:
        """Like Store.raw_between, for this machine only."""
        return self._store.raw_between(start_ts, end_ts, machine=self.machine)

    def first_due_ts(self) -> int | None:
        row = self._store.connection.execute(
            "SELECT min(due_ts) FROM breaks WHERE due_ts >= ? AND due_ts < ? AND machine = ?",
            (*_TS_RANGE, self.machine),
        ).fetchone()
        return None if row[0] is None else int(row[0])


def records_with_machines(store: Store, own: str) -> Iterator[tuple[BreakRecord, str]]:
    """(record, machine id) for the CSV export, oldest first; ``own`` for this machine's rows."""
    for row in store.connection.execute(
        "SELECT due_at, ended_at, kind, outcome, snoozes, card_ids, duration_s, machine "
        "FROM breaks ORDER BY due_ts, kind, machine"
    ):
        try:
            rec = Store._from_row(row[:7])
        except (ValueError, TypeError, OverflowError):
            store.skipped += 1  # malformed (edited by another tool): left out, counted
            continue
        yield rec, (row[7] or own)
