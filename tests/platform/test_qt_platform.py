"""A missing system library or no display: a clear line naming the package, never Qt's abort.

The subprocess tests hide the real libxcb-cursor from the real app: in a private mount namespace
(unshare) /dev/null is bound over the library file, so the dynamic linker finds it broken, just as
on a desktop where libxcb-cursor0 was never installed. Qt 6.5+ would abort there.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from posture_break.platform import qt_platform
from tests.faults.apphelp import PYTHON, REPO, run_process

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="Qt's xcb plugin is Linux only")


def _without(*names: str):  # a probe that finds every library but ``names``
    return lambda soname: soname not in names


@linux_only
def test_a_missing_xcb_library_names_the_debian_and_fedora_packages() -> None:
    env = {"DISPLAY": ":0"}
    problem = qt_platform.check(env, probe=_without("libxcb-cursor.so.0", "libxcb-icccm.so.4"))
    assert problem is not None and problem.kind == "missing-libraries"
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4" in problem.message
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4" in problem.message
    assert "sudo dnf install xcb-util-cursor xcb-util-wm" in problem.message


@linux_only
@pytest.mark.parametrize(
    ("env", "xcb"),
    [
        ({"DISPLAY": ":0"}, True),  # Qt's default on Linux
        ({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, False),
        # a Wayland session without a compositor socket falls back to X11 (XWayland)
        ({"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}, True),
        ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, False),
    ],
)
def test_the_libraries_are_checked_only_where_qt_will_use_x11(
    env: dict[str, str], xcb: bool
) -> None:
    problem = qt_platform.check(env, probe=_without("libxcb-cursor.so.0"))
    assert (problem is not None) is xcb
    assert qt_platform.check(env, probe=lambda _: True) is None


@linux_only
def test_no_display_is_its_own_problem() -> None:
    problem = qt_platform.check({}, probe=lambda _: True)
    assert problem is not None and problem.kind == "no-display"
    assert "DISPLAY" in problem.message


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "WAYLAND", "DISPLAY"))}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env["PYTHONPATH"] = str(REPO)
    env.update(extra)
    return env


def _library_file(soname: str) -> Path | None:
    """The file the dynamic linker loads for ``soname`` here, or None where it is missing."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return None
    for line in Path("/proc/self/maps").read_text().splitlines():
        if f"/{soname}" in line:
            return Path(line.split(None, 5)[5]).resolve()
    pytest.skip(f"{soname} loads but /proc/self/maps does not show it")


def _hiding(soname: str) -> list[str]:
    """A command prefix that runs its command with ``soname`` unloadable."""
    real = _library_file(soname)
    if real is None:
        return []  # this machine lacks it already: nothing to hide
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare (util-linux) is needed to hide a library")
    prefix = [unshare, "--mount"] if os.geteuid() == 0 else [unshare, "--map-root-user", "--mount"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"no private mount namespace here: {probe.stderr.decode().strip()}")
    script = 'mount --bind /dev/null "$1" && shift && exec "$@"'
    return [*prefix, "sh", "-c", script, "hide", str(real)]


@linux_only
@pytest.mark.parametrize("command", [["doctor"], [], ["run"]], ids=["doctor", "start", "run"])
def test_without_libxcb_cursor_the_app_says_what_to_install(
    tmp_path: Path, command: list[str]
) -> None:
    prefix = _hiding("libxcb-cursor.so.0")
    done = run_process(
        [*prefix, PYTHON, "-m", "posture_break", "--data-dir", str(tmp_path), *command],
        timeout=60,
        env=_env(DISPLAY=":1", QT_QPA_PLATFORM="xcb", XDG_RUNTIME_DIR=str(tmp_path)),
        cwd=tmp_path,
    )
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("posture-break: Qt's X11 plugin needs libxcb-cursor.so.0"), last
    assert "sudo apt install libxcb-cursor0" in last and "sudo dnf install xcb-util-cursor" in last
    assert "Traceback" not in done.stderr and "Aborted" not in done.stderr
    if command == ["doctor"]:  # everything else is still reported
        for key in ("Python", "Qt", "Notifications", "Idle backend", "Settings", "History"):
            assert any(line.startswith(key) for line in done.stdout.splitlines()), done.stdout


@linux_only
def test_doctor_with_no_display_reports_what_it_can(tmp_path: Path) -> None:
    done = run_process(
        [PYTHON, "-m", "posture_break", "--data-dir", str(tmp_path), "doctor"],
        timeout=60,
        env=_env(),
        cwd=tmp_path,
    )
    assert done.returncode == 0, (done.returncode, done.stderr)
    assert done.stderr == ""
    report = dict(line.split(None, 1) for line in done.stdout.splitlines() if " " in line)
    assert "no display" in done.stdout
    for key in ("Qt", "PySide6", "Notifications", "Idle", "Settings", "History", "Logs"):
        assert key in report, done.stdout


@linux_only
def test_starting_with_no_display_says_so(tmp_path: Path) -> None:
    done = run_process(
        [PYTHON, "-m", "posture_break", "--data-dir", str(tmp_path)],
        timeout=60,
        env=_env(XDG_RUNTIME_DIR=str(tmp_path)),
        cwd=tmp_path,
    )
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert done.stderr.strip().endswith("start posture-break from your desktop session")
