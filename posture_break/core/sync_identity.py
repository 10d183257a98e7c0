"""This machine's identity for sync: a stable random id, a display name and a per-data-folder nonce.

The identity lives in ``<data dir>/machine.json``. A data folder copied to another place or
machine (a cloned home) is told apart by its fingerprint and takes a new id, so two machines never
write one journal. core/sync.py uses it to name this machine's folder in the sync folder.

Pure: the host name, the fingerprint and the time are passed in.
"""

from __future__ import annotations

import contextlib
import json
import re
import uuid
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from posture_break.core.paths import write_private_atomic
from posture_break.core.safe_read import FileRefused, read_capped

IDENTITY_FILE = "machine.json"
MAX_NAME_CHARS = 64
MACHINE_RE = re.compile(r"^[0-9a-f]{8,32}$")  # a machine id: names its folder, checked as such


@dataclass(frozen=True)
class Identity:
    machine_id: str  # stable, random; names this machine's folder in the sync folder
    name: str  # for people: the host name unless changed
    nonce: str  # random per data folder: tells two copies of one data folder apart
    since: str  # when this id was taken (ISO-8601 UTC); the newer of two claimants moves on
    fingerprint: str  # where this data folder lives (machine + folder); a copy does not match

    def to_json(self) -> dict[str, str]:
        return asdict(self)


def _new_id() -> str:
    return uuid.uuid4().hex[:16]


def stamp(now: datetime) -> str:
    return now.astimezone(tz=None).isoformat(timespec="seconds")


def new_identity(name: str, fingerprint: str, now: datetime) -> Identity:
    return Identity(_new_id(), name[:MAX_NAME_CHARS], uuid.uuid4().hex, stamp(now), fingerprint)


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
        if identity is not None and not MACHINE_RE.match(identity.machine_id):
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
