"""A real sync engine: two Syncthing instances on loopback only, each app with its own data dir and
its own copy of the shared folder. A break imported on the first shows in the second's `stats`
within 60 s, and the reverse.

Syncthing runs with global discovery, relays, NAT and local announcements off, each told the
other's device id and direct tcp://127.0.0.1 address in a config.xml written here (GUI/REST on a
random loopback port with our API key). Barriers: the REST API answering, then the journal file
appearing in the other copy, then `stats` (each with a deadline), never fixed sleeps.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.needs import missing_programs

REPO = Path(__file__).resolve().parents[2]
SYNCTHING = shutil.which("syncthing") or "syncthing"
_MISSING = missing_programs("syncthing")
pytestmark = pytest.mark.skipif(_MISSING is not None, reason=_MISSING or "")
DEADLINE_S = 60
HEADER = "due_at,ended_at,kind,outcome,snoozes,card_ids,duration_s"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Node:
    def __init__(self, root: Path, name: str) -> None:
        self.name = name
        self.home = root / f"st-{name}"
        self.folder = root / f"Sync-{name}"
        self.data = root / f"data-{name}"
        self.folder.mkdir()
        (self.folder / ".stfolder").mkdir()
        self.data.mkdir()
        (self.data / "settings.toml").write_text(
            f'[sync]\nfolder = "{self.folder}"\n', encoding="utf-8"
        )
        self.port = free_port()
        self.gui = free_port()
        self.key = secrets.token_hex(16)
        subprocess.run(
            [SYNCTHING, "generate", f"--home={self.home}", "--no-default-folder"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        out = subprocess.run(
            [SYNCTHING, "--device-id", f"--home={self.home}"],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.device = out.stdout.strip().splitlines()[-1]
        self.proc: subprocess.Popen[bytes] | None = None

    def configure(self, other: Node) -> None:
        devices = "".join(
            f'<device id="{n.device}" name="{n.name}" compression="metadata" introducer="false">'
            f"<address>tcp://127.0.0.1:{n.port}</address></device>"
            for n in (self, other)
        )
        generated = (self.home / "config.xml").read_text(encoding="utf-8")
        found = re.search(r'<configuration version="(\d+)"', generated)
        version = found.group(1) if found else "36"  # the version this syncthing writes
        config = f"""<configuration version="{version}">
  <folder id="posture-break-test" label="pb" path="{self.folder}" type="sendreceive"
          rescanIntervalS="3600" fsWatcherEnabled="true" fsWatcherDelayS="1">
    <filesystemType>basic</filesystemType>
    <device id="{self.device}"></device>
    <device id="{other.device}"></device>
    <minDiskFree unit="%">0</minDiskFree>
  </folder>
  {devices}
  <gui enabled="true" tls="false">
    <address>127.0.0.1:{self.gui}</address>
    <apikey>{self.key}</apikey>
  </gui>
  <options>
    <listenAddress>tcp://127.0.0.1:{self.port}</listenAddress>
    <globalAnnounceEnabled>false</globalAnnounceEnabled>
    <localAnnounceEnabled>false</localAnnounceEnabled>
    <relaysEnabled>false</relaysEnabled>
    <natEnabled>false</natEnabled>
    <urAccepted>-1</urAccepted>
    <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
    <crashReportingEnabled>false</crashReportingEnabled>
    <startBrowser>false</startBrowser>
    <minHomeDiskFree unit="%">0</minHomeDiskFree>
  </options>
</configuration>
"""
        (self.home / "config.xml").write_text(config, encoding="utf-8")

    def start(self) -> None:
        env = dict(os.environ, STNODEFAULTFOLDER="1", STNOUPGRADE="1", STNORESTART="1")
        self.proc = subprocess.Popen(
            [
                SYNCTHING,
                "serve",
                f"--home={self.home}",
                "--no-browser",
                "--no-restart",
                f"--gui-address=http://127.0.0.1:{self.gui}",
            ],
            env=env,
            stdout=(self.home / "syncthing.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def rest(self, path: str) -> object:
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.gui}{path}", headers={"X-API-Key": self.key}
        )
        with urllib.request.urlopen(req, timeout=5) as reply:
            return json.loads(reply.read())

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
        return subprocess.run(
            [sys.executable, "-m", "posture_break", "--data-dir", str(self.data), *args],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )


def wait_for(what: str, check, deadline: float):  # type: ignore[no-untyped-def]
    last: object = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except OSError as exc:  # the REST API not up yet
            last = exc
        if last:
            return last
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[tuple[Node, Node]]:
    a, b = Node(tmp_path, "a"), Node(tmp_path, "b")
    a.configure(b)
    b.configure(a)
    try:
        a.start()
        b.start()
        yield a, b
    finally:
        a.stop()
        b.stop()


def done_this_week(node: Node, week: str) -> int:
    result = node.cli("stats", "--week", week, "--format", "json")
    assert result.returncode == 0, result.stderr
    return int(json.loads(result.stdout)["totals"]["done"])


def test_a_break_on_one_machine_shows_in_the_others_stats_through_syncthing(
    nodes: tuple[Node, Node], tmp_path: Path
) -> None:
    a, b = nodes
    started = time.monotonic()
    for node in (a, b):  # barrier: both engines answer and see each other
        wait_for(
            f"{node.name}'s REST API", lambda n=node: n.rest("/rest/system/ping"), started + 30
        )
    week = "2026-W48"
    for src, dst, day in ((a, b, "2026-11-23"), (b, a, "2026-11-24")):
        csv = tmp_path / f"{src.name}.csv"
        csv.write_text(
            f"{HEADER}\n{day}T10:00:00+01:00,{day}T10:00:40+01:00,micro,done,0,,30\n",
            encoding="utf-8",
        )
        before = done_this_week(dst, week)
        t0 = time.monotonic()
        imported = src.cli("import", str(csv))
        assert imported.returncode == 0, imported.stderr
        machine = json.loads((src.data / "machine.json").read_text())["machine_id"]
        journal = dst.folder / "posture-break" / machine / "2026-11.jsonl"
        own = src.folder / "posture-break" / machine / "2026-11.jsonl"
        assert own.exists()
        wait_for(
            f"{journal} synced to {dst.name}",
            lambda j=journal, o=own: j.exists() and j.read_bytes() == o.read_bytes(),
            t0 + DEADLINE_S,
        )
        wait_for(
            f"the break in {dst.name}'s stats",
            lambda d=dst, n=before: done_this_week(d, week) == n + 1,
            t0 + DEADLINE_S,
        )
        assert time.monotonic() - t0 < DEADLINE_S
    assert done_this_week(a, week) == done_this_week(b, week) == 2
    status = b.cli("sync", "status")
    assert status.returncode == 0 and status.stdout.count("break(s)") >= 2
