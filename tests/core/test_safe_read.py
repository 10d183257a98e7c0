"""The one careful reader (core/safe_read.py): regular files only, capped, TOML depth-limited."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from posture_break.core.safe_read import (
    MAX_TOML_DEPTH,
    NotRegularFile,
    TooDeep,
    TooLarge,
    describe_size,
    parse_toml,
    read_capped,
)


def test_a_regular_file_is_read_whole_up_to_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 100)
    assert read_capped(path, 100) == b"x" * 100
    with pytest.raises(TooLarge) as err:
        read_capped(path, 99)
    assert err.value.size == 100
    assert err.value.reason == "is 100 bytes, more than the 99 bytes limit"


def test_size_is_judged_before_reading(tmp_path: Path) -> None:
    sparse = tmp_path / "sparse"
    with sparse.open("wb") as fh:
        fh.truncate(10 * 1024**3)  # 10 GB of nothing: refused at once, never read
    with pytest.raises(TooLarge, match=r"is 10737418240 bytes, more than the 1 MB limit"):
        read_capped(sparse, 1024 * 1024)


@pytest.mark.skipif(sys.platform != "linux", reason="Linux special files")
def test_special_files_are_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    result: list[BaseException] = []

    def attempt() -> None:
        try:
            read_capped(fifo, 100)
        except BaseException as exc:
            result.append(exc)

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "reading a FIFO blocked"
    assert isinstance(result[0], NotRegularFile) and result[0].kind == "a FIFO"
    for path, kind in (("/dev/zero", "a character device"), (str(tmp_path), "a folder")):
        with pytest.raises(NotRegularFile, match=kind):
            read_capped(Path(path), 100)
    link = tmp_path / "zero"
    link.symlink_to("/dev/zero")
    with pytest.raises(NotRegularFile, match="character device"):
        read_capped(link, 100)


def test_missing_files_are_oserror(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_capped(tmp_path / "nope", 10)


def nested(n: int) -> str:
    return "x = " + "[" * n + "]" * n + "\n"


def test_toml_nesting_limit_is_exact() -> None:
    assert parse_toml(nested(MAX_TOML_DEPTH))["x"]
    with pytest.raises(TooDeep, match=f"nested deeper than {MAX_TOML_DEPTH} levels"):
        parse_toml(nested(MAX_TOML_DEPTH + 1))
    with pytest.raises(TooDeep):
        parse_toml(nested(100_000))  # deep enough to exhaust the parser's stack
    tables = "[" + ".".join(f"t{i}" for i in range(40)) + "]\nk = 1\n"
    with pytest.raises(TooDeep):
        parse_toml(tables)  # dotted tables nest without recursion in the parser
    inline = "x = " + "{a = " * 40 + "1" + "}" * 40 + "\n"
    with pytest.raises(TooDeep):
        parse_toml(inline)


def test_describe_size() -> None:
    assert describe_size(1024 * 1024) == "1 MB"
    assert describe_size(256 * 1024) == "256 KB"
    assert describe_size(1_000_000) == "1000000 bytes"


def test_the_atomic_writer_keeps_symlinks_and_refuses_special_files(tmp_path: Path) -> None:
    """Settings kept in a dotfiles repository (a symlink): saving replaces the file it points to
    and the link stays. A path naming a device or FIFO is refused, never replaced by a file."""
    from posture_break.core.paths import write_private_atomic

    real = tmp_path / "dotfiles" / "settings.toml"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "settings.toml"
    link.symlink_to(real)
    write_private_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    assert oct(real.stat().st_mode & 0o777) == "0o600"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for special in (fifo, tmp_path):
        with pytest.raises(OSError, match="not a regular file"):
            write_private_atomic(special, "x")
    assert fifo.is_fifo()
