"""The wheel stands on its own: built from this checkout, installed into a fresh virtual
environment, run from a folder outside the repository, it finds its cards, illustrations, icons
and translations (top-level assets/ ships as posture_break/assets) and never the source tree.

Fast and offline: the wheel is built without build isolation (hatchling is a test dependency),
and the fresh venv borrows the already installed dependencies (PySide6, platformdirs, ...) through
a .pth line naming this environment's site-packages, while posture-break itself comes only from
the wheel: a .pth line adds a folder but never runs the .pth files inside it, so the editable
install's pointer at the checkout stays out.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="venv layout differs on Windows")


def _run(cmd: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV") and not k.startswith("PYTEST")
    }
    clean.update(env)
    return subprocess.run(
        cmd, cwd=cwd, env=clean, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "--disable-pip-version-check", "-w", str(out), str(REPO)],
        cwd=out,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    (found,) = out.glob("posture_break-*.whl")
    return found


def test_the_wheel_carries_the_assets_once(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    source = REPO / "assets"
    expected = {
        "posture_break/assets/" + p.relative_to(source).as_posix()
        for p in source.rglob("*")
        if p.is_file()
    }
    assert expected and expected <= set(names), sorted(expected - set(names))[:5]
    assert not [n for n in names if n.startswith("assets/")]  # not beside the package too
    assert any(n.endswith(".qm") for n in names)  # the compiled translations
    assert not [n for n in names if n.startswith("tests/")]


def test_nothing_in_the_package_duplicates_assets() -> None:
    assert not (REPO / "posture_break" / "assets").exists()
    assert (REPO / "assets" / "cards").is_dir()
    # no card, illustration or icon copied into the package (its code and translations only)
    assets = {p.name for p in (REPO / "assets").rglob("*") if p.is_file()}
    in_package = {
        p.name
        for p in (REPO / "posture_break").rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc", ".ts", ".qm")
    }
    assert not (assets & in_package), sorted(assets & in_package)


def test_the_installed_wheel_runs_from_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False, symlinks=True).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            cwd=tmp_path,
        ).stdout.strip()
    )
    # The dependencies, borrowed from the environment running the tests (no network, no copy).
    (site / "zz_borrowed_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    done = _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
         "--disable-pip-version-check", "--no-index", str(wheel)],
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    where = _run(
        [
            str(python),
            "-c",
            "import json, sys, posture_break; from posture_break.core import paths; "
            "print(json.dumps([posture_break.__file__, str(paths.assets_dir()), sys.path]))",
        ],
        cwd=outside,
    )
    assert where.returncode == 0, where.stderr
    module, assets, path = json.loads(where.stdout)
    assert Path(module).is_relative_to(site), module
    assert Path(assets) == site / "posture_break" / "assets"
    assert not [p for p in path if p and Path(p).resolve() == REPO], path

    exe = str(env_dir / "bin" / "posture-break")
    data = tmp_path / "data"
    cards = site / "posture_break" / "assets" / "cards"
    check = _run([exe, "--data-dir", str(data), "cards", "--check", str(cards)], cwd=outside)
    assert check.returncode == 0, check.stdout + check.stderr
    listing = _run([exe, "--data-dir", str(data), "cards"], cwd=outside)
    assert listing.returncode == 0, listing.stderr
    assert len([line for line in listing.stdout.splitlines() if line.strip()]) >= 30
    doctor = _run(
        [exe, "--data-dir", str(data), "doctor"],
        cwd=outside,
        QT_QPA_PLATFORM="offscreen",
        DBUS_SESSION_BUS_ADDRESS="",
    )
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "Qt platform offscreen" in doctor.stdout
    assert str(env_dir) in doctor.stdout  # the Python line: the fresh venv's interpreter
