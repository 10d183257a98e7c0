"""The history file on disk: moving a damaged file aside and telling damage from other errors.

A damaged history is never deleted: it is renamed ``<name>.corrupt-<UTC time>`` (with its -wal
and -shm) and a fresh one is started. Only SQLite's own "corrupt" and "not a database" count as
damage; a lock, a full disk or an I/O error leaves the file where it is. Used by core/store.py.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path


def _utc_stamp(now: datetime | None = None) -> str:
    return (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def move_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename a damaged history (and its -wal, -shm) out of the way; returns the new name."""
    target = path.with_name(f"{path.name}.corrupt-{_utc_stamp(now)}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{_utc_stamp(now)}-{n}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


def create_private(path: Path) -> None:
    """Create an empty file readable by the user alone (SQLite gives -wal/-shm the same mode)."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


def is_damage(exc: sqlite3.Error) -> bool:
    """True only when SQLite says the file itself is not a sound database."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc)
    return "not a database" in text or "malformed" in text


def is_busy(exc: sqlite3.Error) -> bool:
    """True when another connection holds the lock: the write can succeed later."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    return "database is locked" in str(exc)


def why(exc: BaseException) -> str:
    """The first line of an error, for a one-line message."""
    text = str(exc) or exc.__class__.__name__
    return text.splitlines()[0]
