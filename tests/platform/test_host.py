"""platform/host.py: the name and fingerprint sync gives this machine."""

from __future__ import annotations

import shutil
import socket

from posture_break.platform import host


def test_hostname_is_the_short_name(monkeypatch) -> None:
    monkeypatch.setattr(socket, "gethostname", lambda: "desk.example.org")
    assert host.hostname() == "desk"
    monkeypatch.setattr(socket, "gethostname", lambda: "")
    assert host.hostname() == "computer"


def test_fingerprint_is_stable_for_a_folder_and_differs_for_a_copy(tmp_path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "history.sqlite3").write_text("x")
    first = host.fingerprint(data)
    assert first == host.fingerprint(data)
    assert len(first) == 32 and int(first, 16) >= 0
    copy = tmp_path / "copy"
    shutil.copytree(data, copy)
    assert host.fingerprint(copy) != first
