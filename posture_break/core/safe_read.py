"""One careful way to read a file the app did not write: settings, cards, pictures, imports.

The file is opened with ``O_NONBLOCK`` (a FIFO with no writer cannot hang the open), then checked on
the opened descriptor (no race between a check and the open): it must be a regular file, not a
FIFO, a device or a socket, and no bigger than the caller's limit. At most ``limit + 1`` bytes are
ever read, so a file that grows while it is read, or a special file that lies about its size,
costs no more memory than the limit.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

#: Tables and arrays nested deeper than this are refused in every TOML file the app reads.
MAX_TOML_DEPTH = 32


class FileRefused(Exception):
    """A file that is not read; ``reason`` is one line without the path."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotRegularFile(FileRefused):
    def __init__(self, kind: str) -> None:
        super().__init__(f"is {kind}, not a regular file")
        self.kind = kind


class TooLarge(FileRefused):
    def __init__(self, size: int | None, limit: int) -> None:
        shown = f"{size} bytes" if size is not None else "bigger"
        super().__init__(f"is {shown}, more than the {describe_size(limit)} limit")
        self.size = size
        self.limit = limit


def describe_size(limit: int) -> str:
    """1048576 -> '1 MB', 262144 -> '256 KB', 1000000 -> '1000000 bytes'."""
    for unit, name in ((1024 * 1024 * 1024, "GB"), (1024 * 1024, "MB"), (1024, "KB")):
        if limit % unit == 0:
            return f"{limit // unit} {name}"
    return f"{limit} bytes"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def open_regular(path: Path) -> int:
    """A read-only descriptor on ``path`` once it is known to be a regular file.

    Raises :class:`NotRegularFile`, or ``OSError`` when it cannot be opened at all.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(_kind(info.st_mode))
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of regular file ``path``, refused when it is larger than ``limit``.

    Raises :class:`NotRegularFile`, :class:`TooLarge` or ``OSError``.
    """
    fd = open_regular(path)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise TooLarge(size, limit)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > limit:  # it grew while we read
        raise TooLarge(None, limit)
    return raw


class BadToml(FileRefused):
    """TOML that parses, or would, but that the app will not take (see :func:`parse_toml`)."""


class TooDeep(BadToml):
    def __init__(self, limit: int) -> None:
        super().__init__(f"is nested deeper than {limit} levels")
        self.limit = limit


def _too_deep(value: object, limit: int) -> bool:
    """True when ``value`` nests lists/tables more than ``limit`` levels (iteratively)."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:  # the document itself is depth 0; x = [[1]] reaches depth 2
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def parse_toml(text: str, max_depth: int = MAX_TOML_DEPTH) -> dict[str, Any]:
    """``tomllib.loads`` with a nesting limit: raises ``tomllib.TOMLDecodeError`` for bad TOML,
    :class:`TooDeep` for arrays or tables nested more than ``max_depth`` levels (which would
    otherwise exhaust the stack here or in whatever walks the result later) and :class:`BadToml`
    for a value Python will not convert (an integer of more than 4300 digits)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise
    except RecursionError:
        raise TooDeep(max_depth) from None
    except ValueError as exc:  # an integer of thousands of digits (Python's conversion limit)
        raise BadToml(f"has a value that cannot be read ({str(exc).split(':')[0]})") from None
    if _too_deep(data, max_depth):
        raise TooDeep(max_depth)
    return data


TOMLDecodeError = tomllib.TOMLDecodeError
