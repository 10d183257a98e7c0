"""The packaging files validate, the icons exist at every size, and the build recipes parse.

The validators are the real ones (desktop-file-utils, appstream); CI installs them, and these tests
skip with the reason only where the tool is missing. The PyInstaller build itself is too slow for
CI: packaging/build_bundle.sh does it, these tests only check its inputs.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests import needs

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / "posture-break.desktop"
AUTOSTART = PACKAGING / "posture-break-autostart.desktop"
METAINFO = PACKAGING / "io.github.posture_break.PostureBreak.metainfo.xml"
SPEC = PACKAGING / "posture-break.spec"
FLATPAK = PACKAGING / "flatpak" / "io.github.posture_break.PostureBreak.yml"
ICONS = PACKAGING / "icons" / "hicolor"
APP_ID = "io.github.posture_break.PostureBreak"
SIZES = (16, 32, 48, 64, 128, 256)


def _tool(name: str) -> str:
    why = needs.missing_programs(name)
    if why:
        pytest.skip(why)
    return str(shutil.which(name))


def _desktop_entry(path: Path) -> dict[str, str]:
    entry: dict[str, str] = {}
    group = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            group = line.strip("[]")
        elif group == "Desktop Entry" and "=" in line:
            key, value = line.split("=", 1)
            entry[key] = value
    return entry


@pytest.mark.parametrize("path", [DESKTOP, AUTOSTART], ids=lambda p: p.name)
def test_desktop_files_validate(path: Path) -> None:
    tool = _tool("desktop-file-validate")
    done = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    # desktop-file-validate exits 0 on hints and warnings; keep those out too.
    assert done.stdout.strip() == "", done.stdout


def test_desktop_entries_launch_the_app() -> None:
    app = _desktop_entry(DESKTOP)
    assert app["Exec"] == "posture-break"
    assert app["Icon"] == "posture-break"
    assert app["Type"] == "Application"
    assert "Name[de]" not in app or app["Name[de]"]  # a German name, if any, is not empty
    assert app["Comment[de]"]

    autostart = _desktop_entry(AUTOSTART)
    assert autostart["Exec"].split()[0] == "posture-break"
    assert autostart["Icon"] == "posture-break"
    # An autostart entry must not show up as a second launcher in menus.
    assert autostart["NoDisplay"] == "true"


def test_metainfo_validates() -> None:
    tool = _tool("appstreamcli")
    done = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # Infos are allowed (older appstream does not know <developer>); warnings and errors are not.
    assert not re.search(r"^[WE]: ", done.stdout, re.MULTILINE), done.stdout


def test_metainfo_content() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    launchable = root.find("launchable")
    assert launchable is not None and launchable.text == DESKTOP.name
    assert root.find("content_rating") is not None
    assert root.find("developer/name") is not None
    assert root.findall("screenshots/screenshot/image")
    releases = root.findall("releases/release")
    assert releases, "at least one release"

    from posture_break import __version__

    assert releases[0].get("version") == __version__, "newest release = the package version"


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("size", SIZES)
def test_icon_png_at_each_size(size: int) -> None:
    png = ICONS / f"{size}x{size}" / "apps" / "posture-break.png"
    assert png.is_file(), f"run packaging/make_icons.py ({png} missing)"
    assert _png_size(png) == (size, size)


def test_scalable_icon_matches_the_app_icon() -> None:
    source = ROOT / "assets" / "icons" / "posture-break.svg"
    copy = ICONS / "scalable" / "apps" / "posture-break.svg"
    assert copy.read_bytes() == source.read_bytes(), "run packaging/make_icons.py"


def test_pyinstaller_spec_is_python_and_ships_the_data() -> None:
    text = SPEC.read_text(encoding="utf-8")
    compile(text, str(SPEC), "exec")
    for needed in (
        '"posture_break/assets"',
        '"posture_break/i18n"',
        'collect_submodules("jeepney")',
        '"PySide6.QtWebEngineCore"',
        '"PySide6.QtQml"',
    ):
        assert needed in text, needed
    assert (PACKAGING / "pyinstaller_entry.py").is_file()


def test_build_script_is_valid_bash() -> None:
    script = PACKAGING / "build_bundle.sh"
    assert script.stat().st_mode & 0o111, "build_bundle.sh must be executable"
    done = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _finish_args(text: str) -> list[str]:
    args: list[str] = []
    inside = False
    for line in text.splitlines():
        if line.startswith("finish-args:"):
            inside = True
        elif inside and line.startswith("  - "):
            args.append(line[4:].strip())
        elif inside and line and not line.startswith(" "):
            break
    return args


def test_flatpak_manifest_permissions() -> None:
    text = FLATPAK.read_text(encoding="utf-8")
    assert re.search(rf"^app-id: {re.escape(APP_ID)}$", text, re.MULTILINE)
    args = _finish_args(text)
    for needed in (
        "--socket=x11",
        "--socket=wayland",
        "--share=ipc",
        "--talk-name=org.freedesktop.Notifications",
        "--talk-name=org.gnome.Mutter.IdleMonitor",
        "--talk-name=org.freedesktop.ScreenSaver",
    ):
        assert needed in args, needed
    assert not any("network" in a for a in args), "the app opens no network connection"
    assert "\t" not in text, "YAML must be indented with spaces"
    # Every downloaded source is pinned.
    urls = re.findall(r"^\s+url: (\S+)$", text, re.MULTILINE)
    hashes = re.findall(r"^\s+sha256: ([0-9a-f]{64})$", text, re.MULTILINE)
    assert urls and len(urls) == len(hashes)
    assert all(u.startswith("https://") for u in urls)


def test_autostart_entry_written_by_the_app_validates(tmp_path: Path) -> None:
    """What "start at login" writes is held to the same standard as the shipped template."""
    tool = _tool("desktop-file-validate")
    from posture_break.platform.autostart import desktop_entry

    entry = tmp_path / "posture-break.desktop"
    entry.write_text(
        desktop_entry(["/opt/posture break/posture-break", "--data-dir", "/tmp/50% $HOME"]),
        encoding="utf-8",
    )
    done = subprocess.run([tool, str(entry)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "", done.stdout


def test_metainfo_screenshots_are_committed_with_their_sizes() -> None:
    """Each screenshot URL names a file in packaging/screenshots/ (make_screenshots.py) and says
    its true size; German screenshots are the localized images."""
    root = ET.parse(METAINFO).getroot()
    images = root.findall("screenshots/screenshot/image")
    langs = {img.get("{http://www.w3.org/XML/1998/namespace}lang") for img in images}
    assert langs == {None, "de"}
    for img in images:
        url = img.text or ""
        rel = url.split("/packaging/screenshots/", 1)[1]
        png = PACKAGING / "screenshots" / rel
        assert png.is_file(), f"{png} missing: run packaging/make_screenshots.py"
        assert _png_size(png) == (int(img.get("width", 0)), int(img.get("height", 0))), rel


def test_flatpak_pins_follow_pyproject() -> None:
    """Every runtime dependency is pinned in the manifest, at a version pyproject.toml accepts."""
    import sys

    from packaging.requirements import Requirement

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    text = FLATPAK.read_text(encoding="utf-8")
    pins = {
        name.lower().replace("_", "-"): version
        for name, version in re.findall(r"([A-Za-z][\w.-]*)==([\w.]+)", text)
    }
    for spec in deps["dependencies"]:
        req = Requirement(spec)
        if req.marker is not None and not req.marker.evaluate({"python_version": "3.12"}):
            continue  # e.g. tomli, only for Python < 3.11 (the runtime has 3.12)
        name = req.name.lower().replace("_", "-")
        assert name in pins, f"{req.name} is not pinned in the Flatpak manifest"
        assert req.specifier.contains(pins[name]), f"{req.name}=={pins[name]} vs {req.specifier}"
