"""What a test needs from the system, and the one command that installs it.

The Debian packages live in one list, tools/test-packages.txt (.ci/run installs it). A test that
lacks a program skips with a reason ending in ``install with: sudo apt-get install PACKAGES``;
tests/conftest.py counts those skips and ends the run with one line that installs them all.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES_FILE = REPO / "tools" / "test-packages.txt"
DESKTOP_SESSION = REPO / "tools" / "desktop-session"
MISSING_EXIT = 77  # tools/desktop-session: a program it needs is not installed
INSTALL = "sudo apt-get install"
INSTALL_RE = re.compile(re.escape("install with: " + INSTALL) + r" ([a-z0-9.+\- ]+)")


@functools.cache
def packages() -> dict[str, tuple[str, tuple[str, ...]]]:
    """package -> (group, programs) from tools/test-packages.txt."""
    table: dict[str, tuple[str, tuple[str, ...]]] = {}
    for line in PACKAGES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        group, package, *programs = line.split()
        table[package] = (group, tuple(programs))
    return table


def package_of(program: str) -> str:
    for package, (_, programs) in packages().items():
        if program in programs:
            return package
    raise KeyError(f"{program} is not in {PACKAGES_FILE.name}: add its package there")


def install_reason(what: str, pkgs: list[str]) -> str:
    return f"{what} missing; install with: {INSTALL} {' '.join(dict.fromkeys(pkgs))}"


def missing_programs(*programs: str) -> str | None:
    """A skip reason naming the packages of the ``programs`` not on PATH, or None."""
    gone = [p for p in programs if shutil.which(p) is None]
    if not gone:
        return None
    return install_reason(", ".join(gone), [package_of(p) for p in gone])


def missing_packages(*pkgs: str) -> str | None:
    """Like missing_programs, for packages named directly (libraries: asked of dpkg)."""
    gone = []
    for package in pkgs:
        programs = packages()[package][1]
        if programs:
            if any(shutil.which(p) is None for p in programs):
                gone.append(package)
        elif shutil.which("dpkg") is not None:
            done = subprocess.run(["dpkg", "-s", package], capture_output=True, check=False)
            if done.returncode != 0:
                gone.append(package)
    return install_reason(", ".join(gone), gone) if gone else None


@functools.cache
def desktop_problem() -> str | None:
    """Why tools/desktop-session cannot run here (a skip reason), or None."""
    if sys.platform != "linux":
        return "tools/desktop-session needs Linux (Xvfb)"
    if shutil.which("bash") is None:
        return "tools/desktop-session needs bash"
    done = subprocess.run(
        ["bash", str(DESKTOP_SESSION), "--check"], capture_output=True, text=True, check=False
    )
    if done.returncode == MISSING_EXIT:
        return done.stderr.strip()
    if done.returncode != 0:
        return f"tools/desktop-session --check failed: {done.stderr.strip()}"
    from posture_break.platform import qt_platform

    libs = qt_platform.missing_xcb_libraries()
    if libs:
        return install_reason(
            "libraries Qt's X11 plugin loads (" + ", ".join(s for s, _, _ in libs) + ")",
            [deb for _, deb, _ in libs],
        )
    return None


def run_session(
    cmd: Sequence[str],
    *,
    timeout: float,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a throw-away session (desktop-session, wayland-session...) in its own process group.

    On a timeout the whole group goes (Xvfb, the tray, dbus, the app), not only the shell at its
    top: a killed shell never runs its cleanup trap, and its children would outlive the test.
    """
    proc = subprocess.Popen(
        list(cmd),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=None if env is None else dict(env),
        cwd=cwd,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                proc.wait(timeout=5)
                break
            except subprocess.TimeoutExpired:
                continue
        out, err = proc.communicate()
        raise subprocess.TimeoutExpired(proc.args, timeout, out, err) from None
    finally:
        # whatever the session left behind in its group
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def summary(reasons: list[str]) -> str | None:
    """The closing line: how many tests were skipped for missing packages and how to get them."""
    wanted: dict[str, None] = {}
    count = 0
    for reason in reasons:
        m = INSTALL_RE.search(reason)
        if m:
            count += 1
            wanted.update(dict.fromkeys(m.group(1).split()))
    if not count:
        return None
    tests = "test was" if count == 1 else "tests were"
    return (
        f"{count} {tests} skipped for missing programs; to run them: {INSTALL} {' '.join(wanted)}"
    )
