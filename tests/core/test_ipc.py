"""The single-instance protocol: only well-formed commands get through parse_message."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posture_break.ipc import COMMANDS, MAX_MESSAGE, ProtocolError, encode, parse_message


def msg(obj: Any) -> bytes:
    return json.dumps(obj).encode("utf-8")


@pytest.mark.parametrize(
    ("request_obj", "expected"),
    [
        ({"cmd": "break-now"}, {"cmd": "break-now"}),
        ({"cmd": "resume"}, {"cmd": "resume"}),
        ({"cmd": "quit"}, {"cmd": "quit"}),
        ({"cmd": "ping"}, {"cmd": "ping"}),
        ({"cmd": "show-stats"}, {"cmd": "show-stats"}),
        ({"cmd": "show-settings"}, {"cmd": "show-settings"}),
        ({"cmd": "pause", "minutes": 1}, {"cmd": "pause", "minutes": 1}),
        ({"cmd": "pause", "minutes": 30}, {"cmd": "pause", "minutes": 30}),
        ({"cmd": "pause", "minutes": 1440}, {"cmd": "pause", "minutes": 1440}),
        ({"cmd": "pause", "until": "tomorrow"}, {"cmd": "pause", "until": "tomorrow"}),
        ({"cmd": "pause", "until": "resumed"}, {"cmd": "pause", "until": "resumed"}),
    ],
)
def test_valid_commands(request_obj: dict[str, Any], expected: dict[str, Any]) -> None:
    assert parse_message(msg(request_obj)) == expected
    # what the client actually sends (compact, newline-terminated) parses the same
    assert parse_message(encode(request_obj).rstrip(b"\n")) == expected


def test_every_command_is_covered() -> None:
    accepted = set()
    for cmd in COMMANDS:
        payload: dict[str, Any] = {"cmd": cmd}
        if cmd == "pause":
            payload["minutes"] = 5
        accepted.add(parse_message(msg(payload))["cmd"])
    assert accepted == set(COMMANDS)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   ",
        b"quit",
        b"{cmd: quit}",
        b'{"cmd": "quit"',
        b"\xff\xfe{}",
        b'{"cmd": "quit"}\x00',
        # valid JSON, not an object
        b'"quit"',
        b'["quit"]',
        b"null",
        b"42",
        # unknown or malformed command
        b"{}",
        b'{"cmd": "QUIT"}',
        b'{"cmd": "rm -rf"}',
        b'{"cmd": null}',
        b'{"cmd": ["quit"]}',
        b'{"cmd": {"quit": 1}}',
        b'{"command": "quit"}',
        # bad pause values
        b'{"cmd": "pause"}',
        b'{"cmd": "pause", "minutes": 0}',
        b'{"cmd": "pause", "minutes": -5}',
        b'{"cmd": "pause", "minutes": 1441}',
        b'{"cmd": "pause", "minutes": 10.5}',
        b'{"cmd": "pause", "minutes": 30.0}',
        b'{"cmd": "pause", "minutes": "30"}',
        b'{"cmd": "pause", "minutes": true}',
        b'{"cmd": "pause", "minutes": null}',
        b'{"cmd": "pause", "minutes": NaN}',
        b'{"cmd": "pause", "minutes": Infinity}',
        b'{"cmd": "pause", "minutes": 1e400}',
        b'{"cmd": "pause", "until": "never"}',
        b'{"cmd": "pause", "until": ["tomorrow"]}',
        b'{"cmd": "pause", "until": "tomorrow", "minutes": 5}',
        # extra fields
        b'{"cmd": "quit", "force": true}',
        b'{"cmd": "resume", "minutes": 5}',
        b'{"cmd": "ping", "until": "tomorrow"}',
        b'{"cmd": "pause", "minutes": 5, "exec": "sh"}',
        # deep nesting fits in MAX_MESSAGE and overflows the JSON decoder's recursion limit
        b"[" * 2000 + b"]" * 2000,
        b'{"cmd": "quit", "x": ' + b"[" * 1500 + b"]" * 1500 + b"}",
    ],
)
def test_malformed_messages_raise_protocol_error(data: bytes) -> None:
    with pytest.raises(ProtocolError):
        parse_message(data)


def test_size_limit() -> None:
    padding_ok = b" " * (MAX_MESSAGE - len(b'{"cmd": "quit"}'))
    assert parse_message(b'{"cmd": "quit"}' + padding_ok) == {"cmd": "quit"}
    with pytest.raises(ProtocolError, match="too large"):
        parse_message(b'{"cmd": "quit"}' + padding_ok + b" ")
    with pytest.raises(ProtocolError, match="too large"):
        parse_message(b"x" * 10_000_000)


def test_duplicate_keys_last_one_wins_but_is_still_validated() -> None:
    assert parse_message(b'{"cmd": "nope", "cmd": "quit"}') == {"cmd": "quit"}
    with pytest.raises(ProtocolError):
        parse_message(b'{"cmd": "quit", "cmd": "nope"}')


def test_protocol_error_is_a_value_error() -> None:
    # callers that catch ValueError for bad input keep working
    assert issubclass(ProtocolError, ValueError)


def test_encode_is_one_compact_line() -> None:
    data = encode({"ok": True, "message": "paused until 14:30\nsecond line"})
    assert data.endswith(b"\n") and data.count(b"\n") == 1
    assert json.loads(data) == {"ok": True, "message": "paused until 14:30\nsecond line"}


def check_outcome(data: bytes) -> None:
    try:
        result = parse_message(data)
    except ProtocolError:
        return
    assert set(result) <= {"cmd", "minutes", "until"}
    assert result["cmd"] in COMMANDS
    if result["cmd"] == "pause":
        assert ("minutes" in result) != ("until" in result)
        if "minutes" in result:
            assert type(result["minutes"]) is int and 1 <= result["minutes"] <= 1440
        else:
            assert result["until"] in ("tomorrow", "resumed")
    else:
        assert set(result) == {"cmd"}


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=MAX_MESSAGE + 64))
def test_arbitrary_bytes_only_ever_raise_protocol_error(data: bytes) -> None:
    check_outcome(data)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**6), max_value=10**6)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from([*COMMANDS, "tomorrow", "resumed", "cmd", "minutes", "until"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["cmd", "minutes", "until", "x"]) | st.text(max_size=8),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)

command_like = st.fixed_dictionaries(
    {"cmd": st.sampled_from(COMMANDS) | json_values},
    optional={
        "minutes": st.integers(min_value=-5, max_value=1500) | json_values,
        "until": st.sampled_from(["tomorrow", "resumed"]) | json_values,
        "extra": json_values,
    },
)


@settings(max_examples=500, deadline=None)
@given(json_values | command_like)
def test_arbitrary_json_only_ever_raises_protocol_error(value: Any) -> None:
    check_outcome(json.dumps(value).encode("utf-8"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_only_ever_raises_protocol_error(text: str) -> None:
    check_outcome(text.encode("utf-8", "surrogatepass"))


def test_a_runtime_folder_too_deep_for_a_socket_address_is_passed_over(
    tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A socket path longer than sun_path cannot be bound; the app once took that failure for
    "already running" and exited. Such a folder is passed over for the private /tmp one."""
    from posture_break import ipc
    from posture_break.core.paths import resolve_paths

    paths = resolve_paths(tmp_path / "data")
    import shutil
    import tempfile
    from pathlib import Path

    short = Path(tempfile.mkdtemp(prefix="rt-", dir="/tmp"))
    try:
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(short))
        assert ipc.server_name(paths).startswith(str(short) + "/")
    finally:
        shutil.rmtree(short)
    deep = tmp_path / ("d" * 120)
    deep.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(deep))
    name = ipc.server_name(paths)
    assert not name.startswith(str(deep))
    assert len(name.encode()) <= ipc.MAX_SOCKET_PATH
