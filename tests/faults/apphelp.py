"""Helpers for the fault and security suites: run the real app and the real CLI as subprocesses.

Everything here starts real processes (``python -m posture_break``) against a throw-away
``--data-dir`` and a private runtime folder (where the single-instance socket lives), so a test
sees exactly what a person would: exit codes, the one-line messages on stderr, the files left on
disk. Imported by tests/faults/ and tests/test_security.py as ``tests.faults.apphelp``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from posture_break.core.paths import resolve_paths
from posture_break.ipc import InstanceUnreachable, send_command

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
LIBFAKETIME_CANDIDATES = (
    "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
    "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
    "/usr/lib/faketime/libfaketime.so.1",
    "/usr/local/lib/faketime/libfaketime.so.1",
)

ALL_DAY = {day: ["00:00-24:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def libfaketime() -> str | None:
    for candidate in LIBFAKETIME_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(value)


def write_settings(data_dir: Path, sections: Mapping[str, Mapping[str, Any]] | None = None) -> Path:
    """settings.toml with the health check answered and breaks possible at any hour, plus
    ``sections`` (e.g. ``{"micro": {"every_minutes": 2}}``)."""
    merged: dict[str, dict[str, Any]] = {"health": {"asked": True}, "work_hours": dict(ALL_DAY)}
    for name, values in (sections or {}).items():
        merged.setdefault(name, {}).update(values)
    lines: list[str] = []
    for name, values in merged.items():
        lines.append(f"[{name}]")
        lines.extend(f"{key} = {_toml_value(value)}" for key, value in values.items())
        lines.append("")
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "settings.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def base_env(runtime_dir: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of an app or CLI process: offscreen, no desktop, private runtime folder."""
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "LD_PRELOAD"):
        env.pop(name, None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_RUNTIME_DIR"] = str(runtime_dir)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["LANG"] = env["LC_ALL"] = "C.UTF-8"
    if extra:
        env.update(extra)
    return env


def run_process(
    argv: Sequence[str],
    *,
    timeout: float,
    env: Mapping[str, str],
    cwd: Path,
    stdin: int | None = subprocess.DEVNULL,
) -> subprocess.CompletedProcess[str]:
    """``subprocess.run`` that says where a Python child hung instead of only that it did.

    The child runs with ``PYTHONFAULTHANDLER=1``; past ``timeout`` it gets SIGABRT, which makes
    faulthandler print every thread's stack to its stderr, and the AssertionError carries that.
    """
    env = {**env, "PYTHONFAULTHANDLER": "1"}
    with subprocess.Popen(
        list(argv),
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=cwd,
    ) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGABRT)
            try:
                out, err = proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, err = proc.communicate()
            raise AssertionError(
                f"{' '.join(argv)} did not finish within {timeout} s.\n"
                f"stdout so far:\n{out}\nits stacks when stopped:\n{err}"
            ) from None
    return subprocess.CompletedProcess(list(argv), proc.returncode, out, err)


def run_cli(
    data_dir: Path,
    *args: str,
    runtime_dir: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
    prefix: Sequence[str] = (),
) -> subprocess.CompletedProcess[str]:
    """``posture-break --data-dir DATA_DIR ARGS`` as a real process."""
    return run_process(
        [*prefix, PYTHON, "-m", "posture_break", "--data-dir", str(data_dir), *args],
        timeout=timeout,
        env=base_env(runtime_dir, env),
        cwd=REPO,
    )


def db_rows(
    db_file: Path,
    sql: str = "SELECT due_at, ended_at, kind, outcome FROM breaks ORDER BY due_ts, kind",
) -> list[tuple[Any, ...]]:
    """Read the history with plain sqlite3 (not the Store: it must not repair anything)."""
    con = sqlite3.connect(f"{db_file.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


class AppProcess:
    """The tray app (offscreen: its small status window) running as a real subprocess."""

    def __init__(
        self,
        data_dir: Path,
        runtime_dir: Path,
        *,
        env: Mapping[str, str] | None = None,
        argv: Sequence[str] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.runtime_dir = runtime_dir
        self.paths = resolve_paths(data_dir)
        self._env = dict(env or {})
        self._argv = list(argv) if argv is not None else None
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        log_dir = data_dir.parent / f"{data_dir.name}-proc"
        log_dir.mkdir(parents=True, exist_ok=True)
        self.out_file = log_dir / "stdout.txt"
        self.err_file = log_dir / "stderr.txt"

    # --- life cycle -------------------------------------------------------------------------

    def start(self, *, wait: bool = True, timeout: float = 20.0) -> AppProcess:
        argv = self._argv or [PYTHON, "-m", "posture_break", "--data-dir", str(self.data_dir)]
        self.starts += 1
        with self.out_file.open("ab") as out, self.err_file.open("ab") as err:
            self.proc = subprocess.Popen(
                argv,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                env=base_env(self.runtime_dir, self._env),
                cwd=REPO,
            )
        if wait:
            self.wait_ready(timeout)
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait_ready(self, timeout: float = 20.0) -> None:
        """Until the app answers a ping on its socket (it listens only once it is built)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise AssertionError(
                    f"the app exited with {self.proc.returncode} while starting:\n{self.stderr()}"
                )
            reply = self.try_send({"cmd": "ping"}, timeout=2.0)
            if reply is not None and reply.get("ok"):
                return
            time.sleep(0.02)
        self.stop()  # never leave a deaf app running behind a failed test
        raise AssertionError(f"the app did not answer within {timeout} s:\n{self.stderr()}")

    def kill9(self) -> None:
        assert self.proc is not None
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def quit(self, timeout: float = 15.0) -> int:
        """Ask the app to quit over its socket and wait; returns its exit code."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.try_send({"cmd": "quit"})
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill9()
                raise AssertionError("the app did not quit when asked") from None
        return int(self.proc.returncode)

    def stop(self) -> None:
        """Teardown: quit politely, else kill; never raises."""
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(AssertionError):
            self.quit(timeout=5.0)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)

    # --- talking to it ----------------------------------------------------------------------

    def send(self, payload: Mapping[str, Any], timeout: float = 10.0) -> dict[str, Any]:
        """One command over the real socket (what the CLI does, without starting Python)."""
        old = os.environ.get("XDG_RUNTIME_DIR")
        os.environ["XDG_RUNTIME_DIR"] = str(self.runtime_dir)
        try:
            return send_command(self.paths, payload, timeout=timeout)
        finally:
            if old is None:
                os.environ.pop("XDG_RUNTIME_DIR", None)
            else:
                os.environ["XDG_RUNTIME_DIR"] = old

    def try_send(self, payload: Mapping[str, Any], timeout: float = 10.0) -> dict[str, Any] | None:
        try:
            return self.send(payload, timeout=timeout)
        except InstanceUnreachable:
            return None

    def status(self) -> str:
        reply = self.send({"cmd": "status"})
        assert reply.get("ok"), reply
        return str(reply.get("message", ""))

    def cli(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return run_cli(self.data_dir, *args, runtime_dir=self.runtime_dir, timeout=timeout)

    # --- what it left behind ----------------------------------------------------------------

    def stderr(self) -> str:
        return self.err_file.read_text(encoding="utf-8", errors="replace")

    def log(self) -> str:
        path = self.paths.log_dir / "posture-break.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def wait_for_log(self, text: str, count: int = 1, timeout: float = 20.0) -> None:
        """Until the app's log holds ``text`` at least ``count`` times (a barrier, not a sleep)."""
        deadline = time.monotonic() + timeout
        while self.log().count(text) < count:
            if not self.alive():
                raise AssertionError(f"the app exited while waiting for {text!r}:\n{self.stderr()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} in the log within {timeout} s:\n{self.log()}")
            time.sleep(0.02)


def private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def have(tool: str) -> bool:
    return shutil.which(tool) is not None
