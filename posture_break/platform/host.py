"""This machine as sync names it: its host name, and a fingerprint of where a data folder lives.

Asked by ``posture_break.sync_host`` when it loads this machine's sync identity;
core/sync_identity.py takes both as plain strings.
"""

from __future__ import annotations

import contextlib
import hashlib
import socket
from pathlib import Path


def hostname() -> str:
    name = socket.gethostname().split(".")[0].strip()
    return name or "computer"


def fingerprint(data_dir: Path) -> str:
    """Where this data folder lives: the machine and the folder itself. A copied data folder
    (a cloned home, a restored backup) does not match and so takes a new sync id."""
    machine = ""
    for candidate in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        with contextlib.suppress(OSError):
            machine = Path(candidate).read_text(encoding="ascii").strip()
            if machine:
                break
    if not machine:
        machine = socket.gethostname()
    resolved = data_dir.resolve()
    try:
        inode = str(resolved.stat().st_ino)
    except OSError:
        inode = ""
    raw = f"{machine}|{resolved}|{inode}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]
