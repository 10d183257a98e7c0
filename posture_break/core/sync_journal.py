"""One journal file read from where the last merge stopped: the new lines, parsed.

A file is checked against what was read before (its size, and hashes of its head and of the bytes
just before the offset) and read again from the start when it shrank or was replaced. A file of
canonical lines goes the bulk way (``sync_lines.fast_records``), anything else line by line, with
a reason for each line skipped. A half-written last line waits until it is complete. core/sync.py
commits what this reads, several files in one transaction.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from posture_break.core.sync_lines import FAST_MAX_LINE, fast_records, parse_header, parse_record

_HEAD_BYTES = 1024
_TAIL_BYTES = 256
_MAX_PROBLEMS_PER_FILE = 5


def file_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=12).hexdigest()


@dataclass
class JournalRead:
    """What one journal gave: rows to insert and where reading stopped."""

    rel: str
    machine: str
    rows: list[tuple[Any, ...]]
    header: dict[str, str] | None
    mark: tuple[int, os.stat_result, bytes, bytes]  # offset, stat, head bytes, tail bytes
    fast: bool = False  # rows are fast_records' strings (see fast_sql), not parse_record's


def read_new(
    path: Path,
    rel: str,
    machine: str,
    st: os.stat_result,
    row: tuple[Any, ...] | None,
    *,
    max_line: int,
    max_file: int,
    notices: list[str],
    problems: list[str],
) -> JournalRead | None:
    """What is new in one journal since ``row`` (its sync_files row), parsed; committed later,
    with other files'. What is said about it goes to ``notices`` and ``problems``."""
    if st.st_size > max_file:
        if row is None or row[3] != st.st_size:
            problems.append(
                f"sync: {rel} is {st.st_size} bytes, over the {max_file} byte limit; skipped"
            )
        return JournalRead(rel, machine, [], None, (0, st, b"", b""))
    try:
        with path.open("rb") as fh:
            offset = 0 if row is None else int(row[2])
            if row is not None and row[7]:
                notices.append(f"sync: {rel} is back in the sync folder")
            if offset:
                replaced = st.st_size < offset
                if not replaced:
                    head = fh.read(min(_HEAD_BYTES, offset))
                    fh.seek(offset - min(_TAIL_BYTES, offset))
                    tail = fh.read(min(_TAIL_BYTES, offset))
                    replaced = file_hash(head) != row[5] or file_hash(tail) != row[6]  # type: ignore[index]
                if replaced:
                    what = "shrank" if st.st_size < offset else "was replaced"
                    notices.append(
                        f"sync: {rel} {what}; the breaks already imported from it stay, "
                        "it is read again from the start"
                    )
                    offset = 0
            fh.seek(offset)
            data = fh.read(st.st_size - offset)
            fh.seek(0)
            head_bytes = fh.read(_HEAD_BYTES)
    except OSError as exc:
        problems.append(f"sync: {rel}: cannot read ({exc.strerror or exc})")
        return None
    end = data.rfind(b"\n") + 1  # a half-written last line waits until it is complete
    rows: list[tuple[Any, ...]] = []
    bad: list[str] = []
    position = offset
    header: dict[str, str] | None = None
    fast = None
    if end and max_line >= FAST_MAX_LINE:
        body = 0
        if offset == 0:  # the header, checked the same way as below
            first = data[: data.index(b"\n")]
            header = parse_header(first) if len(first) <= max_line else None
            if header is not None:
                body = len(first) + 1
                if header["machine"] != machine:
                    bad.append(f"header names machine {header['machine'][:40]!r}")
                    header = None
        try:
            fast = fast_records(data[body:end].decode("utf-8"), machine)
        except UnicodeDecodeError:
            fast = None
        if fast is None:
            bad, header = [], None  # read again, line by line
    lines = data[: end - 1].split(b"\n") if end and fast is None else ()
    for line in lines:
        start = position
        position += len(line) + 1
        if len(line) > max_line:
            bad.append(f"line at byte {start}: longer than {max_line} bytes")
            continue
        if start == 0:
            header = parse_header(line)
            if header is not None:
                if header["machine"] != machine:
                    bad.append(f"header names machine {header['machine'][:40]!r}")
                    header = None
                continue
        try:
            rows.append(parse_record(line, machine))
        except ValueError as exc:
            if line.strip():
                bad.append(f"line at byte {start}: {exc}")
    if end == 0 and len(data) > max_line:
        bad.append(f"{len(data)} bytes without a line end; skipped")
        end = len(data)
    for reason in bad[:_MAX_PROBLEMS_PER_FILE]:
        problems.append(f"sync: {rel}: {reason}; skipped")
    if len(bad) > _MAX_PROBLEMS_PER_FILE:
        problems.append(f"sync: {rel}: {len(bad) - _MAX_PROBLEMS_PER_FILE} more bad lines skipped")
    new_offset = offset + end
    tail = data[max(0, end - _TAIL_BYTES) : end]
    if len(tail) < min(_TAIL_BYTES, new_offset):  # the tail reaches back before this read
        try:
            with path.open("rb") as fh:
                fh.seek(new_offset - min(_TAIL_BYTES, new_offset))
                tail = fh.read(min(_TAIL_BYTES, new_offset))
        except OSError:
            tail = b""
    head_bytes = head_bytes[: min(_HEAD_BYTES, new_offset)]
    mark = (new_offset, st, head_bytes, tail)
    if fast is not None:
        return JournalRead(rel, machine, fast, header, mark, fast=True)
    return JournalRead(rel, machine, rows, header, mark)
