"""Where files live: platformdirs by default, everything under DIR with --data-dir DIR."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from posture_break.core.paths import (
    APP_NAME,
    DataDirError,
    Paths,
    ensure_dirs,
    ensure_private_dir,
    resolve_paths,
)


def test_data_dir_puts_everything_under_it(tmp_path: Path) -> None:
    root = tmp_path / "portable"
    paths = resolve_paths(root)
    assert paths.portable is True
    assert paths.settings_file == root / "settings.toml"
    assert paths.db_file == root / "history.sqlite3"
    assert paths.cards_dir == root / "cards"
    assert paths.log_dir == root / "logs"
    for p in (paths.settings_file, paths.db_file, paths.cards_dir, paths.log_dir):
        assert p.is_absolute()
        assert p.is_relative_to(root)


def test_relative_data_dir_is_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    paths = resolve_paths("rel")
    assert paths.data_dir == tmp_path / "rel"
    assert paths.settings_file == tmp_path / "rel" / "settings.toml"


@pytest.mark.skipif(sys.platform != "linux", reason="XDG variables are a Linux convention")
def test_default_paths_follow_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    paths = resolve_paths()
    assert paths.portable is False
    assert paths.settings_file == tmp_path / "cfg" / APP_NAME / "settings.toml"
    assert paths.db_file == tmp_path / "data" / APP_NAME / "history.sqlite3"
    assert paths.cards_dir == tmp_path / "data" / APP_NAME / "cards"
    assert paths.log_dir.is_relative_to(tmp_path / "state" / APP_NAME)
    # resolving creates nothing: only ensure_dirs does
    assert list(tmp_path.iterdir()) == []


def test_ensure_dirs_creates_private_folders(tmp_path: Path) -> None:
    root = tmp_path / "a" / "b"
    paths = resolve_paths(root)
    ensure_dirs(paths)
    for folder in (paths.config_dir, paths.data_dir, paths.log_dir):
        assert folder.is_dir()
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    ensure_dirs(paths)  # a second time is fine


def test_ensure_dirs_default_layout(tmp_path: Path) -> None:
    paths = Paths(
        config_dir=tmp_path / "cfg" / APP_NAME,
        data_dir=tmp_path / "data" / APP_NAME,
        log_dir=tmp_path / "state" / APP_NAME / "log",
    )
    ensure_dirs(paths)
    for folder in (paths.config_dir, paths.data_dir, paths.log_dir):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_path_under_a_regular_file_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DataDirError) as err:
        ensure_dirs(resolve_paths(blocker / "data"))
    message = str(err.value)
    assert "\n" not in message
    assert str(blocker / "data") in message
    assert blocker.read_text() == "not a folder"


def test_a_regular_file_at_the_folder_path_is_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(DataDirError) as err:
        ensure_private_dir(blocker)
    assert "not a folder" in str(err.value) and "\n" not in str(err.value)
    assert blocker.read_text() == "not a folder"


def test_instance_key_differs_per_data_dir_and_is_stable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a1 = resolve_paths(tmp_path / "a").instance_key
    a2 = resolve_paths(tmp_path / "a").instance_key
    b = resolve_paths(tmp_path / "b").instance_key
    assert a1 == a2
    assert a1 != b
    assert a1.startswith(f"{APP_NAME}-")
    # the same folder spelled differently is the same instance
    monkeypatch.chdir(tmp_path)
    assert resolve_paths("a").instance_key == a1
    assert resolve_paths(tmp_path / "x" / ".." / "a").instance_key == a1
    # short enough for a Unix socket name (sun_path is 108 bytes) with a folder in front
    assert len(a1) <= 48
    assert all(c.isalnum() or c == "-" for c in a1)
