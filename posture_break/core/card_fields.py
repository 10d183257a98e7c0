"""The error a bad card file raises, and the readers of its TOML fields.

Each reader takes the parsed table and a key, checks the value's type and shape, and raises
:class:`CardError` with one line naming the file, the field and what is wrong (``where`` prefixes
the key of a nested table, such as ``de.``). core/cards.py builds a card from them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from posture_break.core.safe_read import (
    BadToml,
    NotRegularFile,
    TOMLDecodeError,
    TooLarge,
    parse_toml,
    read_capped,
)


class CardError(Exception):
    """A card file that cannot be used; ``str()`` is one line: ``<path>: <problem>``."""


def os_reason(err: OSError) -> str:
    return err.strerror or err.__class__.__name__


def _read_limited(path: Path, limit: int, what: str) -> bytes:
    """Read a regular file of at most ``limit`` bytes (checked on the opened descriptor)."""
    try:
        return read_capped(path, limit)
    except TooLarge as err:
        if err.size is None:
            raise CardError(f"{path}: {what} is more than the {limit // 1024} KB limit") from None
        raise CardError(
            f"{path}: {what} is {err.size} bytes, more than the {limit // 1024} KB limit"
        ) from None
    except NotRegularFile:
        raise CardError(f"{path}: {what} is not a regular file") from None
    except OSError as err:
        raise CardError(f"{path}: cannot read the {what}: {os_reason(err)}") from None


def read_toml(path: Path, limit: int) -> dict[str, Any]:
    """A card file's TOML as a table; CardError for a file too big, not UTF-8 or not TOML."""
    raw = _read_limited(path, limit, "card file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CardError(f"{path}: not UTF-8 text (byte {err.start})") from None
    try:
        return parse_toml(text)
    except TOMLDecodeError as err:
        message = " ".join(str(err).split())
        raise CardError(f"{path}: bad TOML: {message}") from None
    except BadToml as err:
        raise CardError(f"{path}: bad TOML: {err.reason}") from None


def type_name(value: object) -> str:
    names = {str: "a string", int: "an integer", bool: "a boolean", float: "a number"}
    names.update({list: "a list", dict: "a table"})
    return names.get(type(value), type(value).__name__)


def string_field(path: Path, data: Mapping[str, Any], key: str, where: str = "") -> str:
    value = data[key]
    if not isinstance(value, str):
        raise CardError(f"{path}: field {where}{key!r} must be a string, not {type_name(value)}")
    if not value.strip():
        raise CardError(f"{path}: field {where}{key!r} is empty")
    return value.strip()


def line_field(path: Path, data: Mapping[str, Any], key: str, where: str = "") -> str:
    value = string_field(path, data, key, where)
    if "\n" in value or "\r" in value:
        raise CardError(f"{path}: field {where}{key!r} must be one line")
    return value


def choice_field(path: Path, data: Mapping[str, Any], key: str, allowed: Sequence[str]) -> str:
    value = string_field(path, data, key)
    if value not in allowed:
        raise CardError(
            f"{path}: field {key!r}: unknown {key} {value!r} (expected one of {', '.join(allowed)})"
        )
    return value


def string_list_field(path: Path, data: Mapping[str, Any], key: str, where: str = "") -> list[str]:
    value = data[key]
    if not isinstance(value, list):
        raise CardError(f"{path}: field {where}{key!r} must be a list, not {type_name(value)}")
    for item in value:
        if not isinstance(item, str):
            raise CardError(
                f"{path}: field {where}{key!r} must hold strings, not {type_name(item)}"
            )
    return [str(item) for item in value]


def choices_field(
    path: Path, data: Mapping[str, Any], key: str, allowed: Sequence[str], *, allow_empty: bool
) -> tuple[str, ...]:
    values = string_list_field(path, data, key)
    if not values and not allow_empty:
        raise CardError(f"{path}: field {key!r} is empty")
    for value in values:
        if value not in allowed:
            raise CardError(
                f"{path}: field {key!r}: unknown value {value!r} "
                f"(expected one of {', '.join(allowed)})"
            )
    if len(set(values)) != len(values):
        raise CardError(f"{path}: field {key!r} lists a value twice")
    return tuple(values)


def steps_field(path: Path, data: Mapping[str, Any], key: str, where: str = "") -> tuple[str, ...]:
    steps = string_list_field(path, data, key, where)
    if not steps:
        raise CardError(f"{path}: field {where}{key!r} is empty")
    for number, step in enumerate(steps, start=1):
        if not step.strip():
            raise CardError(f"{path}: field {where}{key!r}: step {number} is empty")
    return tuple(step.strip() for step in steps)
