"""Do-not-disturb and fullscreen detection, against recorded command outputs."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from posture_break.platform import command, dnd

ACTIVE = "_NET_ACTIVE_WINDOW(WINDOW): window id # 0x3a00007\n"
NO_ACTIVE = "_NET_ACTIVE_WINDOW:  not found.\n"
FULL = "_NET_WM_STATE(ATOM) = _NET_WM_STATE_FULLSCREEN, _NET_WM_STATE_FOCUSED\n"
MAXIMISED = (
    "_NET_WM_STATE(ATOM) = _NET_WM_STATE_MAXIMIZED_VERT, _NET_WM_STATE_MAXIMIZED_HORZ, "
    "_NET_WM_STATE_FOCUSED\n"
)


class FakeDesktop:
    """Answers the commands dnd runs; records them."""

    def __init__(
        self, outputs: dict[str, str | None], tools: Sequence[str] = ("gsettings", "xprop")
    ):
        self.outputs = outputs
        self.tools = set(tools)
        self.calls: list[list[str]] = []

    def run(self, cmd: Sequence[str]) -> str | None:
        self.calls.append(list(cmd))
        return self.outputs.get(" ".join(cmd))

    def which(self, name: str) -> str | None:
        return f"/usr/bin/{name}" if name in self.tools else None


GSETTINGS = "gsettings get org.gnome.desktop.notifications show-banners"
ROOT = "xprop -root _NET_ACTIVE_WINDOW"
STATE = "xprop -id 0x3a00007 _NET_WM_STATE"
ENV = {"DISPLAY": ":0"}


def check(desktop: FakeDesktop, bus: str | None = None, env=ENV) -> str | None:
    return dnd.do_not_disturb(
        platform="linux", env=env, run=desktop.run, which=desktop.which, bus_probe=lambda: bus
    )


@pytest.mark.parametrize(
    ("out", "expected"),
    [("false\n", False), ("true\n", True), ("", None), (None, None), ("No such schema", None)],
)
def test_parse_gsettings(out: str | None, expected: bool | None) -> None:
    assert dnd.parse_gsettings_bool(out) is expected


@pytest.mark.parametrize(
    ("out", "expected"),
    [
        (ACTIVE, "0x3a00007"),
        ("_NET_ACTIVE_WINDOW(WINDOW): window id # 0x0\n", None),
        (NO_ACTIVE, None),
        (None, None),
    ],
)
def test_parse_active_window(out: str | None, expected: str | None) -> None:
    assert dnd.parse_active_window(out) == expected


@pytest.mark.parametrize(
    ("out", "expected"),
    [
        (FULL, True),
        (MAXIMISED, False),
        ("_NET_WM_STATE(ATOM) = \n", False),
        ("_NET_WM_STATE:  not found.\n", False),
        (None, False),
        # an atom that merely starts with the name is not fullscreen
        ("_NET_WM_STATE(ATOM) = _NET_WM_STATE_FULLSCREEN_LIKE\n", False),
    ],
)
def test_parse_fullscreen(out: str | None, expected: bool) -> None:
    assert dnd.parse_fullscreen(out) is expected


def test_nothing_to_report() -> None:
    desk = FakeDesktop({GSETTINGS: "true\n", ROOT: ACTIVE, STATE: MAXIMISED})
    assert check(desk) is None
    assert [GSETTINGS.split(), ROOT.split(), STATE.split()] == desk.calls


def test_gnome_banners_off_is_do_not_disturb() -> None:
    desk = FakeDesktop({GSETTINGS: "false\n", ROOT: ACTIVE, STATE: MAXIMISED})
    assert check(desk) == dnd.DND_ON
    assert desk.calls == [GSETTINGS.split()]  # the cheapest answer stops the search


def test_notification_server_inhibited_is_do_not_disturb() -> None:
    desk = FakeDesktop({GSETTINGS: "true\n"})
    assert check(desk, bus=dnd.DND_ON) == dnd.DND_ON


def test_fullscreen_window_with_focus() -> None:
    desk = FakeDesktop({GSETTINGS: "true\n", ROOT: ACTIVE, STATE: FULL})
    assert check(desk) == dnd.FULLSCREEN


def test_no_window_manager_means_no_fullscreen() -> None:
    desk = FakeDesktop({ROOT: NO_ACTIVE})
    assert check(desk) is None
    assert ["xprop", "-id"] not in [c[:2] for c in desk.calls]


def test_without_a_display_or_tools_nothing_runs() -> None:
    desk = FakeDesktop({GSETTINGS: "false\n", ROOT: ACTIVE, STATE: FULL}, tools=())
    assert check(desk) is None
    assert desk.calls == []
    desk = FakeDesktop({ROOT: ACTIVE, STATE: FULL}, tools=("xprop",))
    assert check(desk, env={}) is None  # Wayland without DISPLAY: xprop not even tried
    assert desk.calls == []


def test_failing_commands_never_block_a_break() -> None:
    desk = FakeDesktop({})  # every command fails (None)
    assert check(desk) is None


def test_macos_has_no_cheap_probe() -> None:
    desk = FakeDesktop({GSETTINGS: "false\n"})
    assert (
        dnd.do_not_disturb(platform="darwin", run=desk.run, which=desk.which, bus_probe=lambda: "x")
        is None
    )


def test_probes_use_the_one_command_runner() -> None:
    assert dnd.do_not_disturb.__kwdefaults__["run"] is command.run_command


def test_bus_probe_without_a_session_bus(monkeypatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    assert dnd.notification_server_inhibited() is None
