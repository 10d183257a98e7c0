"""A clone without the e2e programs: the tests that need them skip, and the run's last line says
how many and the one command that installs what they need (tools/test-packages.txt)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import needs

REPO = Path(__file__).resolve().parents[1]


def test_every_program_the_tests_look_up_has_its_package_listed() -> None:
    table = needs.packages()
    for program in ("Xvfb", "trayer", "dunst", "xdotool", "openbox", "pactl", "appstreamcli"):
        assert needs.package_of(program) in table
    groups = {group for group, _ in table.values()}
    assert {"qt", "desktop"} <= groups
    assert "libxcb-cursor0" in table  # the library Qt 6.5+ aborts without


def test_the_summary_line_adds_up_the_skips() -> None:
    reasons = [
        needs.install_reason("Xvfb, trayer", ["xvfb", "trayer"]),
        needs.install_reason("trayer", ["trayer"]),
        "root can read any file",  # skipped for another reason: not counted
    ]
    assert needs.summary(reasons) == (
        "2 tests were skipped for missing programs; to run them: sudo apt-get install xvfb trayer"
    )
    assert needs.summary(["no reason to install anything"]) is None


@pytest.mark.skipif(sys.platform != "linux", reason="the e2e tests need Linux")
def test_without_the_desktop_programs_the_last_line_says_what_to_install(tmp_path: Path) -> None:
    bare = tmp_path / "bin"  # a PATH with a shell and nothing of the desktop
    bare.mkdir()
    for tool in ("bash", "grep", "dirname", "sh"):
        found = shutil.which(tool)
        assert found, tool
        (bare / tool).symlink_to(found)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["PATH"] = str(bare)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/e2e"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=REPO,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    last = lines[-1]
    assert " skipped for missing programs; to run them: sudo apt-get install " in last, last
    count = int(last.split()[0])
    assert f"{count} skipped" in lines[-2], lines[-2]  # every e2e test, each counted
    for package in ("xvfb", "trayer", "dunst", "dbus-x11", "pipewire"):
        assert f" {package}" in last.split("install", 1)[1], last


def test_the_harness_never_installs_anything_itself() -> None:
    # Installing is .ci/run's job (as root, from tools/test-packages.txt); the harness only names
    # the packages. A line that runs apt-get or dpkg -i would install behind the person's back.
    for tool in (REPO / "tools" / "desktop-session", REPO / "tools" / "pipewire-session"):
        for n, line in enumerate(tool.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            assert "apt-get install" not in code or "echo" in code, f"{tool.name}:{n}: {line}"
            assert "dpkg -i" not in code and "apt install" not in code, f"{tool.name}:{n}"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "tools/test-packages.txt" in ci and "apt-get install" in ci
