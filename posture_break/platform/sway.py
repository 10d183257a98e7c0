"""sway's IPC (``SWAYSOCK``, the i3 IPC protocol): window rules for our windows, and fullscreen.

On sway a Wayland client cannot keep itself above others or refuse focus: the compositor
decides. sway takes rules at run time over its IPC socket, so the app tells it, once at start:

* the break window floats (floating windows stay above tiled ones, so a window opened during the
  break does not cover it), is sticky (follows the person to another workspace), and is not
  focused when it appears (``no_focus``: typing goes on into the window the person was in);
* the no-tray status window floats at its own small size and is not focused either.

And before a break: is the focused window fullscreen (a video, a presentation)? Then the break
waits, as the X11 check does elsewhere.

The protocol: ``i3-ipc`` + payload length (u32) + message type (u32) + JSON payload, each way.
"""

from __future__ import annotations

import json
import socket
import struct
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["SwayError", "command", "focused_fullscreen", "get_tree", "window_rules"]

MAGIC = b"i3-ipc"
RUN_COMMAND = 0
GET_TREE = 4
TIMEOUT_S = 0.5
_HEAD = struct.Struct("=6sII")


class SwayError(Exception):
    """The IPC socket did not answer as sway does."""


def socket_path(env: Mapping[str, str]) -> str | None:
    return env.get("SWAYSOCK", "").strip() or None


def _request(path: str, kind: int, payload: str = "", timeout: float = TIMEOUT_S) -> Any:
    body = payload.encode()
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(path)
            sock.sendall(_HEAD.pack(MAGIC, len(body), kind) + body)
            head = _read(sock, _HEAD.size)
            magic, length, _kind = _HEAD.unpack(head)
            if magic != MAGIC:
                raise SwayError("not an i3/sway IPC socket")
            return json.loads(_read(sock, length))
    except (OSError, ValueError) as exc:
        raise SwayError(str(exc) or exc.__class__.__name__) from None


def _read(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise SwayError("sway closed the connection")
        data += chunk
    return data


def command(path: str, text: str) -> list[dict[str, Any]]:
    """Run one sway command; its per-command results (``success``, ``error``)."""
    result = _request(path, RUN_COMMAND, text)
    return result if isinstance(result, list) else []


def get_tree(path: str) -> dict[str, Any]:
    tree = _request(path, GET_TREE)
    if not isinstance(tree, dict):
        raise SwayError("get_tree did not return a tree")
    return tree


def _walk(node: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    yield node
    for child in [*node.get("nodes", []), *node.get("floating_nodes", [])]:
        yield from _walk(child)


def focused_fullscreen(tree: Mapping[str, Any]) -> bool:
    """True when the focused window (or its container) is fullscreen."""
    for node in _walk(tree):
        if node.get("focused"):
            return bool(node.get("fullscreen_mode"))
    return False


def _pattern(text: str, *, suffix: bool = False) -> str:
    """A PCRE for a double-quoted criteria value matching ``text`` (plus the `` — app name`` Qt
    appends to window titles on Wayland, when ``suffix``). sway does not unescape backslashes
    in criteria values, so a regex special character (or a quote) stands for itself as ``.``."""
    body = "".join("." if not (c.isalnum() or c in " -_,:;'") else c for c in text)
    return "^" + body + ("( \u2014 .*)?" if suffix else "") + "$"


def window_rules(
    app_id: str, break_titles: Iterable[str], small_titles: Iterable[str]
) -> list[str]:
    """The sway commands that float, pin and leave unfocused our break and small windows.

    One command per rule: sway splits a ``for_window`` command list at commas, so each action
    is its own ``for_window``.
    """
    rules: list[str] = []
    app = f'app_id="{_pattern(app_id)}"'
    for title in dict.fromkeys(break_titles):
        crit = f'[{app} title="{_pattern(title, suffix=True)}"]'
        rules += [
            f"no_focus {crit}",
            f"for_window {crit} floating enable",
            f"for_window {crit} sticky enable",
            f"for_window {crit} border none",
        ]
    for title in dict.fromkeys(small_titles):
        crit = f'[{app} title="{_pattern(title, suffix=True)}"]'
        rules += [f"no_focus {crit}", f"for_window {crit} floating enable"]
    return rules


def apply_rules(path: str, rules: Iterable[str]) -> list[str]:
    """Send each rule; the ones sway refused, with its reason."""
    refused = []
    for rule in rules:
        for result in command(path, rule):
            if not result.get("success"):
                refused.append(f"{rule}: {result.get('error', 'refused')}")
    return refused
