"""The Wayland idle watcher against a scripted compositor on a socket pair (real wire format),
and the sway IPC rules."""

from __future__ import annotations

import socket
import struct
import threading

import pytest

from posture_break.platform.sway import focused_fullscreen, window_rules
from posture_break.platform.wayland import IdleWatcher, WaylandUnavailable, socket_path


def _string(text: str) -> bytes:
    raw = text.encode() + b"\0"
    return struct.pack("=I", len(raw)) + raw + b"\0" * (-len(raw) % 4)


def _msg(obj: int, opcode: int, payload: bytes = b"") -> bytes:
    return struct.pack("=II", obj, ((8 + len(payload)) << 16) | opcode) + payload


def _read_msg(sock: socket.socket) -> tuple[int, int, bytes]:
    head = sock.recv(8, socket.MSG_WAITALL)
    obj, word = struct.unpack("=II", head)
    size = word >> 16
    body = sock.recv(size - 8, socket.MSG_WAITALL) if size > 8 else b""
    return obj, word & 0xFFFF, body


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Compositor:
    """Answers get_registry + sync with ``interfaces`` and records every request."""

    def __init__(self, interfaces: list[str]) -> None:
        self.client, self.server = socket.socketpair()
        self.interfaces = interfaces
        self.requests: list[tuple[int, int, bytes]] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        registry = None
        try:
            while True:
                obj, opcode, body = _read_msg(self.server)
                self.requests.append((obj, opcode, body))
                if (obj, opcode) == (1, 1):  # get_registry
                    (registry,) = struct.unpack("=I", body)
                elif (obj, opcode) == (1, 0):  # sync
                    (callback,) = struct.unpack("=I", body)
                    if registry is not None and len(self.requests) == 2:
                        for name, iface in enumerate(self.interfaces, 1):
                            payload = (
                                struct.pack("=I", name) + _string(iface) + struct.pack("=I", 1)
                            )
                            self.server.sendall(_msg(registry, 0, payload))
                    self.server.sendall(_msg(callback, 0, struct.pack("=I", 0)))
        except (OSError, struct.error):
            return

    def send(self, obj: int, opcode: int) -> None:
        self.server.sendall(_msg(obj, opcode))


def watcher(interfaces: list[str], clock: FakeClock) -> tuple[IdleWatcher, Compositor]:
    comp = Compositor(interfaces)
    w = IdleWatcher("/fake", connect=lambda _p: comp.client, monotonic=clock, timeout_ms=5000)
    return w, comp


@pytest.mark.parametrize(
    ("offered", "protocol", "opcode_wanted"),
    [
        (["wl_seat", "ext_idle_notifier_v1", "org_kde_kwin_idle"], "ext_idle_notifier_v1", 1),
        (["wl_seat", "org_kde_kwin_idle"], "org_kde_kwin_idle", 0),
    ],
)
def test_picks_the_standard_protocol_first_and_turns_events_into_idle_seconds(
    offered: list[str], protocol: str, opcode_wanted: int
) -> None:
    clock = FakeClock()
    w, comp = watcher(offered, clock)
    try:
        assert w.protocol == protocol
        # bind(seat)=3? ids: 2 registry, 3 sync, 4 seat, 5 manager, 6 notification
        obj, opcode, body = comp.requests[-2]
        assert (obj, opcode) == (5, opcode_wanted)
        args = struct.unpack("=III", body)
        expected = (6, 5000, 4) if protocol == "ext_idle_notifier_v1" else (6, 4, 5000)
        assert args == expected
        assert w.idle_seconds() == 0.0
        comp.send(6, 0)  # idled: the last input was 5 s before it arrived
        comp.send(6, 0)
        clock.now += 0.0
        _wait_readable(w)
        assert w.idle_seconds() == pytest.approx(5.0)
        clock.now += 30
        assert w.idle_seconds() == pytest.approx(35.0)
        comp.send(6, 1)  # resumed
        _wait_readable(w)
        assert w.idle_seconds() == 0.0
    finally:
        w.close()


def _wait_readable(w: IdleWatcher) -> None:
    import select

    select.select([w.fileno()], [], [], 2)
    import time

    time.sleep(0.05)  # both messages of a pair are in
    assert w.dispatch()


def test_no_idle_protocol_is_a_one_line_reason() -> None:
    with pytest.raises(WaylandUnavailable, match="neither ext-idle-notify-v1 nor org_kde"):
        watcher(["wl_seat", "wl_compositor"], FakeClock())


def test_compositor_gone_reads_none_not_an_exception() -> None:
    clock = FakeClock()
    w, comp = watcher(["wl_seat", "org_kde_kwin_idle"], clock)
    comp.server.shutdown(socket.SHUT_RDWR)  # the compositor exits
    assert select_ready(w)
    assert w.idle_seconds() is None
    assert "closed" in (w.broken or "")
    w.close()


def select_ready(w: IdleWatcher) -> bool:
    import select

    return bool(select.select([w.fileno()], [], [], 2)[0])


def test_no_compositor_socket() -> None:
    with pytest.raises(WaylandUnavailable, match="cannot connect"):
        IdleWatcher("/nonexistent/wayland-9")


def test_socket_path_follows_libwayland() -> None:
    assert socket_path({}) is None
    assert socket_path({"WAYLAND_DISPLAY": "/run/x/wl"}) == "/run/x/wl"
    env = {"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": "/run/user/1000"}
    assert socket_path(env) == "/run/user/1000/wayland-1"


def test_sway_rules_and_fullscreen() -> None:
    rules = window_rules("posture-break", ["Time for a break"], ["posture-break"])
    assert 'no_focus [app_id="^posture-break$" title="^Time for a break( — .*)?$"]' in rules
    assert all("," not in r for r in rules)  # sway would split a command list at commas
    assert all("\\" not in r for r in rules)  # sway keeps backslashes in criteria literally
    assert any(r.endswith("sticky enable") for r in rules)
    tree = {"nodes": [{"nodes": [{"focused": True, "fullscreen_mode": 1}]}]}
    assert focused_fullscreen(tree)
    tree["nodes"][0]["nodes"][0]["fullscreen_mode"] = 0
    assert not focused_fullscreen(tree)


def test_session_facts_for_doctor() -> None:
    from posture_break.platform import session

    sway = {"XDG_SESSION_TYPE": "wayland", "SWAYSOCK": "/run/s.sock", "WAYLAND_DISPLAY": "w"}
    assert (session.session_type(sway), session.compositor(sway)) == ("wayland", "sway")
    assert session.on_top(sway).startswith("yes")
    gnome = {"XDG_SESSION_TYPE": "wayland", "XDG_CURRENT_DESKTOP": "ubuntu:GNOME"}
    assert session.compositor(gnome) == "GNOME" and session.on_top(gnome).startswith("no")
    assert session.on_top({"DISPLAY": ":0"}).startswith("yes")
    assert "unconfirmed" in session.log_meaning(None)
    assert "missed" in session.log_meaning("wayland org_kde_kwin_idle")


def test_the_qt_backend_reads_each_event_as_it_arrives(qtbot) -> None:
    from posture_break.platform.wayland_idle import WaylandIdleBackend

    clock = FakeClock()
    w, comp = watcher(["wl_seat", "org_kde_kwin_idle"], clock)
    backend = WaylandIdleBackend(w)
    try:
        assert backend.name == "wayland org_kde_kwin_idle"
        comp.send(6, 0)  # idled, read by the socket notifier: nobody asks for a reading
        qtbot.waitUntil(lambda: w._idle_since is not None, timeout=2000)
        clock.now += 10
        assert backend.idle_seconds() == pytest.approx(15.0)
        comp.send(6, 1)  # resumed
        qtbot.waitUntil(lambda: w._idle_since is None, timeout=2000)
        assert backend.idle_seconds() == 0.0
    finally:
        backend.close()
