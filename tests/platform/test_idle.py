"""Idle backends against fake platform boundaries: D-Bus replies, ctypes libraries, ioreg."""

from __future__ import annotations

import ctypes
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jeepney import HeaderFields, MessageFlag, new_error, new_method_return

from posture_break.platform import idle
from posture_break.platform.idle import (
    DBusCaller,
    DBusCallError,
    MacIoregBackend,
    MutterIdleBackend,
    ScreenSaverIdleBackend,
    WindowsIdleBackend,
    X11IdleBackend,
    XScreenSaverInfo,
    detect_backend,
    session_bus_address,
    tick_idle_ms,
    unit_from_growth,
)

BUS = "unix:path=/run/user/1000/bus"


# ---------------------------------------------------------------------------------------------
# fakes
# ---------------------------------------------------------------------------------------------


class FakeBus:
    """Stands for the bus: answers method calls by destination name, records what was asked."""

    def __init__(self, services: dict[str, tuple[str, Any]] | None = None) -> None:
        # destination -> (signature, value) for a method return, or ("error", error_name)
        self.services = services or {}
        self.calls: list[Any] = []
        self.connects = 0
        self.closed = 0
        self.fail_next_send: list[BaseException] = []
        self.fail_connect: BaseException | None = None

    def connect(self, address: str, timeout: float) -> FakeConnection:
        assert address == BUS
        assert 0 < timeout <= 1.0
        if self.fail_connect is not None:
            raise self.fail_connect
        self.connects += 1
        return FakeConnection(self)


class FakeConnection:
    def __init__(self, bus: FakeBus) -> None:
        self.bus = bus
        self.open = True

    def send_and_get_reply(self, message: Any, *, timeout: float | None = None) -> Any:
        assert self.open
        assert timeout is not None and 0 < timeout <= 1.0
        self.bus.calls.append(message)
        if self.bus.fail_next_send:
            raise self.bus.fail_next_send.pop(0)
        dest = message.header.fields[HeaderFields.destination]
        if dest not in self.bus.services:
            return new_error(
                message,
                "org.freedesktop.DBus.Error.NameHasNoOwner",
                "s",
                (f"Name {dest!r} does not exist",),
            )
        kind, value = self.bus.services[dest]
        if kind == "error":
            return new_error(message, value)
        return new_method_return(message, kind, (value,))

    def close(self) -> None:
        self.open = False
        self.bus.closed += 1


def fields(message: Any) -> tuple[str, str, str, str]:
    f = message.header.fields
    return (
        f[HeaderFields.destination],
        f[HeaderFields.path],
        f[HeaderFields.interface],
        f[HeaderFields.member],
    )


class FakeCall:
    def __init__(self, *replies: tuple[Any, ...] | Exception) -> None:
        self.replies = list(replies)
        self.calls: list[tuple[str, str, str, str]] = []

    def __call__(self, bus_name: str, path: str, interface: str, method: str) -> tuple[Any, ...]:
        self.calls.append((bus_name, path, interface, method))
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


class FakeXlib:
    """libX11 + libXss with just the functions the backend uses; idle values are scripted."""

    def __init__(self, idles: list[int | None], *, has_extension: bool = True) -> None:
        self.idles = idles
        self.has_extension = has_extension
        self.log: list[str] = []
        self.opened: list[bytes | None] = []
        self.open_displays = 0
        self.allocated: list[Any] = []
        self.freed: list[Any] = []
        self.refuse_open = False

    # libX11
    def XOpenDisplay(self, name: bytes | None) -> int:
        self.opened.append(name)
        if self.refuse_open:
            return 0
        self.open_displays += 1
        return 0xD15
        # (any non-zero pointer value)

    def XDefaultRootWindow(self, display: int) -> int:
        assert display == 0xD15
        return 0x1EE

    def XCloseDisplay(self, display: int) -> int:
        self.log.append("close")
        self.open_displays -= 1
        return 0

    def XFree(self, ptr: Any) -> int:
        self.freed.append(ptr)
        return 1

    # libXss
    def XScreenSaverQueryExtension(self, display: int, event_base: Any, error_base: Any) -> int:
        self.log.append("query-extension")
        return 1 if self.has_extension else 0

    def XScreenSaverAllocInfo(self) -> Any:
        info = ctypes.pointer(XScreenSaverInfo())
        self.allocated.append(info)
        return info

    def XScreenSaverQueryInfo(self, display: int, root: int, info: Any) -> int:
        assert (display, root) == (0xD15, 0x1EE)
        self.log.append("query-info")
        idle_ms = self.idles.pop(0)
        if idle_ms is None:
            return 0
        info.contents.idle = idle_ms
        info.contents.state = 1  # neighbouring fields must not leak into idle
        info.contents.til_or_since = 777
        return 1


def x11(fake: FakeXlib, display: str | None = ":0") -> X11IdleBackend:
    return X11IdleBackend(fake, fake, display)


# ---------------------------------------------------------------------------------------------
# GNOME Mutter IdleMonitor
# ---------------------------------------------------------------------------------------------


def test_mutter_calls_get_idletime_on_core_monitor_and_converts_ms() -> None:
    call = FakeCall((12_345,))
    backend = MutterIdleBackend(call)
    assert backend.idle_seconds() == pytest.approx(12.345)
    assert call.calls == [
        (
            "org.gnome.Mutter.IdleMonitor",
            "/org/gnome/Mutter/IdleMonitor/Core",
            "org.gnome.Mutter.IdleMonitor",
            "GetIdletime",
        )
    ]
    assert backend.name == "gnome (Mutter IdleMonitor)"


@pytest.mark.parametrize("reply", [DBusCallError("NameHasNoOwner"), (), ("x",), (-5,), (True,)])
def test_mutter_failure_or_garbage_reads_none(reply: Any) -> None:
    assert MutterIdleBackend(FakeCall(reply)).idle_seconds() is None


def test_mutter_failure_is_per_reading() -> None:
    backend = MutterIdleBackend(FakeCall(DBusCallError("timeout"), (2000,)))
    assert backend.idle_seconds() is None
    assert backend.idle_seconds() == 2.0


# ---------------------------------------------------------------------------------------------
# org.freedesktop.ScreenSaver and its unit
# ---------------------------------------------------------------------------------------------


def test_screensaver_calls_get_session_idle_time() -> None:
    call = FakeCall((1500,))
    assert ScreenSaverIdleBackend(call).idle_seconds() == 1.5
    assert call.calls == [
        (
            "org.freedesktop.ScreenSaver",
            "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver",
            "GetSessionIdleTime",
        )
    ]


@pytest.mark.parametrize(
    ("first", "second", "elapsed", "unit"),
    [
        (1_000, 6_000, 5.0, "ms"),  # KDE: grew 5000 in 5 s
        (1_000, 6_150, 5.0, "ms"),  # jitter in ms
        (200, 300, 5.0, "ms"),  # reset, then grew faster than time: impossible in seconds
        (12, 17, 5.0, "s"),  # grew 5 in 5 s
        (12, 16, 5.0, "s"),  # whole seconds round down
        (0, 1, 1.0, "s"),
        (40, 45, 5.0, "s"),  # ...but milliseconds can look like that by chance
        (3_000, 200, 5.0, None),  # input in between reset the counter
        (10, 15, 0.5, None),  # too close together to tell
        (0, 0, 5.0, None),  # a reset to 0, or a frozen counter
        (100, 3_600_100, 5.0, None),  # an hour passed in 5 monotonic seconds: a suspend
    ],
)
def test_unit_from_growth(first: int, second: int, elapsed: float, unit: str | None) -> None:
    assert unit_from_growth(first, second, elapsed) == unit


def poll(backend: ScreenSaverIdleBackend, clock: FakeClock, n: int) -> list[float | None]:
    out = []
    for _ in range(n):
        out.append(backend.idle_seconds())
        clock.t += 5
    return out


def test_screensaver_assumes_ms_then_learns_seconds_after_a_long_steady_run() -> None:
    clock = FakeClock()
    # a seconds counter, the person away: 40, 45, ... 70 over 30 s; then back at the desk
    call = FakeCall(*[(40 + 5 * i,) for i in range(7)], (2,))
    backend = ScreenSaverIdleBackend(call, monotonic=clock)
    readings = poll(backend, clock, 6)
    assert readings[0] == pytest.approx(0.040)  # unknown yet: the safe guess (ms)
    assert backend.unit is None  # 25 s of steady growth is not yet enough
    assert readings[-1] == pytest.approx(0.065)
    assert backend.idle_seconds() == 70.0  # 30 s of it: seconds
    assert backend.unit == "s"
    clock.t += 5
    assert backend.idle_seconds() == 2.0  # a reset afterwards does not unlearn it


def test_screensaver_typing_in_ms_that_mimics_seconds_is_not_taken_for_seconds() -> None:
    clock = FakeClock()
    # a ms counter while typing: small values, two pairs grow ~5 by chance, one reset between
    call = FakeCall((40,), (45,), (51,), (3,), (8,), (13,), (18,), (23,), (150,), (60,))
    backend = ScreenSaverIdleBackend(call, monotonic=clock)
    readings = poll(backend, clock, 10)
    assert backend.unit == "ms"  # proved by 23 -> 150 (faster than time)
    assert all(r is not None and r < 1.0 for r in readings)  # never looked idle


def test_screensaver_learns_ms_and_ignores_resets_while_learning() -> None:
    clock = FakeClock()
    call = FakeCall((9_000,), (3,), (5_003,), (10,))
    backend = ScreenSaverIdleBackend(call, monotonic=clock)
    assert backend.idle_seconds() == 9.0
    clock.t += 5
    assert backend.idle_seconds() == 0.003
    assert backend.unit is None  # the reset said nothing
    clock.t += 5
    assert backend.idle_seconds() == 5.003
    assert backend.unit == "ms"
    clock.t += 5
    assert backend.idle_seconds() == 0.01


def test_screensaver_failed_reading_does_not_count_as_a_sample() -> None:
    clock = FakeClock()
    call = FakeCall((10,), DBusCallError("timeout"), (2_010,))
    backend = ScreenSaverIdleBackend(call, monotonic=clock)
    backend.idle_seconds()
    clock.t += 5
    assert backend.idle_seconds() is None
    clock.t += 5
    assert backend.idle_seconds() == 2.01
    assert backend.unit == "ms"  # 10 -> 2010 over the 10 s between the two real readings


# ---------------------------------------------------------------------------------------------
# DBusCaller: real jeepney messages over a fake connection
# ---------------------------------------------------------------------------------------------


def test_caller_sends_the_method_call_without_auto_start() -> None:
    bus = FakeBus({"org.gnome.Mutter.IdleMonitor": ("t", 2**40)})
    caller = DBusCaller(BUS, connect=bus.connect)
    body = caller(
        "org.gnome.Mutter.IdleMonitor",
        "/org/gnome/Mutter/IdleMonitor/Core",
        "org.gnome.Mutter.IdleMonitor",
        "GetIdletime",
    )
    assert body == (2**40,)
    (message,) = bus.calls
    assert fields(message) == (
        "org.gnome.Mutter.IdleMonitor",
        "/org/gnome/Mutter/IdleMonitor/Core",
        "org.gnome.Mutter.IdleMonitor",
        "GetIdletime",
    )
    assert message.header.flags & MessageFlag.no_auto_start


def test_caller_keeps_its_connection_between_calls() -> None:
    bus = FakeBus({"a.b": ("u", 1)})
    caller = DBusCaller(BUS, connect=bus.connect)
    for _ in range(3):
        assert caller("a.b", "/a", "a.b", "M") == (1,)
    assert bus.connects == 1
    caller.close()
    assert bus.closed == 1


def test_caller_error_reply_raises_without_reconnecting() -> None:
    bus = FakeBus()
    caller = DBusCaller(BUS, connect=bus.connect)
    with pytest.raises(DBusCallError, match="NameHasNoOwner"):
        caller("org.freedesktop.ScreenSaver", "/", "i.f", "M")
    assert (bus.connects, bus.closed) == (1, 0)


def test_caller_reconnects_once_when_a_kept_connection_broke() -> None:
    bus = FakeBus({"a.b": ("u", 7)})
    caller = DBusCaller(BUS, connect=bus.connect)
    assert caller("a.b", "/a", "a.b", "M") == (7,)
    bus.fail_next_send = [BrokenPipeError()]  # the bus was restarted
    assert caller("a.b", "/a", "a.b", "M") == (7,)
    assert (bus.connects, bus.closed) == (2, 1)


def test_caller_gives_up_after_one_reconnect() -> None:
    bus = FakeBus({"a.b": ("u", 7)})
    caller = DBusCaller(BUS, connect=bus.connect)
    caller("a.b", "/a", "a.b", "M")
    bus.fail_next_send = [ConnectionResetError(), ConnectionResetError()]
    with pytest.raises(DBusCallError, match="ConnectionResetError"):
        caller("a.b", "/a", "a.b", "M")
    assert bus.connects == 2
    assert caller("a.b", "/a", "a.b", "M") == (7,)  # and tries again on the next poll


def test_caller_does_not_retry_a_timeout() -> None:
    bus = FakeBus({"a.b": ("u", 7)})
    caller = DBusCaller(BUS, connect=bus.connect)
    caller("a.b", "/a", "a.b", "M")
    bus.fail_next_send = [TimeoutError()]
    with pytest.raises(DBusCallError, match="no answer"):
        caller("a.b", "/a", "a.b", "M")
    assert bus.connects == 1  # a hung bus: waiting a second time would double the stall
    assert bus.closed == 1  # the late reply is dropped with the connection


def test_caller_without_a_bus_raises_call_error() -> None:
    bus = FakeBus()
    bus.fail_connect = FileNotFoundError(2, "No such file or directory")
    caller = DBusCaller(BUS, connect=bus.connect)
    with pytest.raises(DBusCallError):
        caller("a.b", "/a", "a.b", "M")


@pytest.fixture
def silent_bus(tmp_path: Path) -> Iterator[str]:
    """A unix socket that accepts connections and never says a word: a hung bus daemon."""
    path = tmp_path / "bus"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(4)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.05)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"unix:path={path}"
    stop.set()
    thread.join()
    for s in accepted:
        s.close()
    server.close()


def test_real_jeepney_against_a_hung_bus_gives_up_within_the_timeout(silent_bus: str) -> None:
    caller = DBusCaller(silent_bus, timeout=0.2)
    backend = MutterIdleBackend(caller, closer=caller.close)
    start = time.monotonic()
    assert backend.idle_seconds() is None
    assert time.monotonic() - start < 1.0
    backend.close()


def test_real_jeepney_with_no_socket_fails_fast(tmp_path: Path) -> None:
    caller = DBusCaller(f"unix:path={tmp_path / 'nothing'}")
    assert ScreenSaverIdleBackend(caller).idle_seconds() is None


def test_session_bus_address(tmp_path: Path) -> None:
    assert session_bus_address({"DBUS_SESSION_BUS_ADDRESS": BUS}) == BUS
    assert session_bus_address({}) is None
    assert session_bus_address({"XDG_RUNTIME_DIR": str(tmp_path)}) is None
    (tmp_path / "bus").touch()
    assert session_bus_address({"XDG_RUNTIME_DIR": str(tmp_path)}) == (
        f"unix:path={tmp_path / 'bus'}"
    )


# ---------------------------------------------------------------------------------------------
# X11
# ---------------------------------------------------------------------------------------------


def test_xscreensaverinfo_layout_matches_the_c_struct() -> None:
    # Window, int, int, unsigned long x3 (LP64: 8 + 4 + 4 + 8 + 8 + 8)
    assert [name for name, _ in XScreenSaverInfo._fields_] == [
        "window",
        "state",
        "kind",
        "til_or_since",
        "idle",
        "eventMask",
    ]
    long_size = ctypes.sizeof(ctypes.c_ulong)
    assert XScreenSaverInfo.idle.offset == 2 * long_size + 2 * ctypes.sizeof(ctypes.c_int)
    assert ctypes.sizeof(XScreenSaverInfo) == 4 * long_size + 2 * ctypes.sizeof(ctypes.c_int)


def test_x11_reads_idle_ms_as_seconds_on_the_named_display() -> None:
    fake = FakeXlib([4_200, 250])
    backend = x11(fake, ":7")
    assert backend.idle_seconds() == 4.2
    assert backend.idle_seconds() == 0.25
    assert fake.opened == [b":7"]  # one display connection kept between readings
    assert fake.log == ["query-extension", "query-info", "query-info"]
    backend.close()
    assert fake.freed == fake.allocated and fake.open_displays == 0


def test_x11_without_the_extension_never_queries() -> None:
    fake = FakeXlib([1_000], has_extension=False)
    backend = x11(fake)
    assert backend.idle_seconds() is None
    assert "query-info" not in fake.log  # a query would be an X error, fatal under Xlib
    assert fake.open_displays == 0


def test_x11_cannot_open_display() -> None:
    fake = FakeXlib([])
    fake.refuse_open = True
    assert x11(fake).idle_seconds() is None


def test_x11_reconnects_once_after_a_failed_query() -> None:
    fake = FakeXlib([None, 900])
    backend = x11(fake)
    assert backend.idle_seconds() == 0.9
    assert len(fake.opened) == 2
    assert fake.open_displays == 1
    assert len(fake.freed) == 1  # the first info block was released


def test_x11_failed_twice_reads_none_then_recovers() -> None:
    fake = FakeXlib([None, None, 100])
    backend = x11(fake)
    assert backend.idle_seconds() is None
    assert backend.idle_seconds() == 0.1


def test_load_x11_libraries_here_declares_prototypes() -> None:
    libs = idle.load_x11_libraries()
    if libs is None:
        pytest.skip("libX11/libXss not installed here")
    xlib, xss = libs
    assert xss.XScreenSaverAllocInfo.restype is ctypes.POINTER(XScreenSaverInfo)
    assert xlib.XOpenDisplay.restype is ctypes.c_void_p  # not int: 64-bit pointers survive


# ---------------------------------------------------------------------------------------------
# Windows and macOS
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "last", "ms"),
    [
        (10_000, 4_000, 6_000),
        (4_000, 4_000, 0),
        (500, 2**32 - 1_500, 2_000),  # GetTickCount wrapped after 49.7 days, input before it
        (0, 2**32 - 1, 1),
        (2**32 - 1, 0, 2**32 - 1),
    ],
)
def test_tick_idle_ms_is_wraparound_safe(now: int, last: int, ms: int) -> None:
    assert tick_idle_ms(now, last) == ms


class FakeUser32:
    def __init__(self, last: int | None) -> None:
        self.last = last
        self.sizes: list[int] = []

    def GetLastInputInfo(self, ref: Any) -> int:
        info = ref._obj
        self.sizes.append(info.cbSize)
        if self.last is None:
            return 0
        info.dwTime = self.last
        return 1


class FakeKernel32:
    def __init__(self, tick: int) -> None:
        self.tick = tick

    def GetTickCount(self) -> int:
        return self.tick


def test_windows_backend_across_wraparound() -> None:
    backend = WindowsIdleBackend(FakeUser32(2**32 - 2_000), FakeKernel32(1_500))
    assert backend.idle_seconds() == 3.5
    assert backend._user32.sizes == [8]  # cbSize must be set or Windows refuses


def test_windows_failure_reads_none() -> None:
    assert WindowsIdleBackend(FakeUser32(None), FakeKernel32(5)).idle_seconds() is None


IOREG = """+-o Root  <class IORegistryEntry, id 0x100000100, retain 26>
  +-o IOHIDSystem  <class IOHIDSystem, id 0x100000445, registered, matched, active>
    {
      "HIDIdleTime" = 2750000000
      "HIDParameters" = {"HIDClickTime"=500000000}
    }
"""


def test_mac_backend_reads_hid_idle_nanoseconds() -> None:
    seen: list[tuple[str, ...]] = []

    def run(argv: Any) -> str | None:
        seen.append(tuple(argv))
        return IOREG

    assert MacIoregBackend(run).idle_seconds() == 2.75
    assert seen[0][:3] == ("ioreg", "-c", "IOHIDSystem")


@pytest.mark.parametrize("out", [None, "", '"HIDIdleTime" = <00ff>'])
def test_mac_backend_failure_reads_none(out: str | None) -> None:
    assert MacIoregBackend(lambda argv: out).idle_seconds() is None


# ---------------------------------------------------------------------------------------------
# detect_backend
# ---------------------------------------------------------------------------------------------


def no_x11() -> None:
    raise AssertionError("X11 must not be tried")


def detect(
    bus: FakeBus | None,
    env: dict[str, str],
    x11_loader: Callable[[], Any] = no_x11,
    platform: str = "linux",
) -> Any:
    full_env = dict(env)
    if bus is not None:
        full_env["DBUS_SESSION_BUS_ADDRESS"] = BUS
    return detect_backend(
        full_env,
        platform,
        dbus_connect=(bus or FakeBus()).connect,
        x11_loader=x11_loader,
    )


def test_detect_prefers_gnome_when_it_answers() -> None:
    bus = FakeBus(
        {
            "org.gnome.Mutter.IdleMonitor": ("t", 3_000),
            "org.freedesktop.ScreenSaver": ("u", 9_000),
        }
    )
    backend = detect(bus, {"DISPLAY": ":0"})
    assert backend.name == "gnome (Mutter IdleMonitor)"
    assert [fields(m)[0] for m in bus.calls] == ["org.gnome.Mutter.IdleMonitor"]


def test_detect_falls_to_screensaver_and_closes_the_failed_one() -> None:
    bus = FakeBus({"org.freedesktop.ScreenSaver": ("u", 9_000)})
    backend = detect(bus, {})
    assert isinstance(backend, ScreenSaverIdleBackend)
    assert backend.idle_seconds() == 9.0
    assert bus.connects == 2 and bus.closed == 1  # GNOME's connection was not left open
    assert [fields(m)[0] for m in bus.calls] == [
        "org.gnome.Mutter.IdleMonitor",
        "org.freedesktop.ScreenSaver",
        "org.freedesktop.ScreenSaver",
    ]


def test_detect_screensaver_that_refuses_falls_to_x11() -> None:
    # KDE on Wayland answers GetSessionIdleTime with an error; on X11 we go on to the server.
    bus = FakeBus(
        {"org.freedesktop.ScreenSaver": ("error", "org.freedesktop.DBus.Error.NotSupported")}
    )
    fake = FakeXlib([1_234])
    backend = detect(bus, {"DISPLAY": ":3"}, x11_loader=lambda: (fake, fake))
    assert backend.name == "x11 (MIT-SCREEN-SAVER)"
    assert fake.opened == [b":3"]
    assert bus.closed == 2


def test_detect_without_a_bus_uses_x11() -> None:
    fake = FakeXlib([10])
    backend = detect(None, {"DISPLAY": ":0"}, x11_loader=lambda: (fake, fake))
    assert isinstance(backend, X11IdleBackend)


def test_detect_nothing_works_is_none() -> None:
    assert detect(None, {}) is None  # no bus, no DISPLAY
    assert detect(FakeBus(), {}) is None  # a bus without the services, no DISPLAY
    assert detect(None, {"DISPLAY": ":0"}, x11_loader=lambda: None) is None  # no libXss
    fake = FakeXlib([], has_extension=False)
    assert detect(None, {"DISPLAY": ":0"}, x11_loader=lambda: (fake, fake)) is None


def test_detect_never_trusts_x11_in_a_wayland_session() -> None:
    assert detect(FakeBus(), {"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}) is None
    assert detect(FakeBus(), {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}) is None


def test_detect_x11_session_with_a_stray_wayland_display_still_uses_x11() -> None:
    fake = FakeXlib([10])
    env = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "x11"}
    assert detect(None, env, x11_loader=lambda: (fake, fake)) is not None


def test_detect_on_windows_and_macos_and_elsewhere() -> None:
    windows = WindowsIdleBackend(FakeUser32(100), FakeKernel32(600))
    assert detect_backend({}, "win32", windows_loader=lambda: windows) is windows
    assert detect_backend({}, "win32", windows_loader=lambda: None) is None
    mac = detect_backend({}, "darwin", mac_runner=lambda argv: IOREG)
    assert mac is not None and mac.name == "macos (IOHIDSystem HIDIdleTime)"
    assert detect_backend({}, "darwin", mac_runner=lambda argv: None) is None
    assert detect_backend({}, "emscripten") is None


def test_importing_idle_does_not_import_jeepney() -> None:
    import subprocess
    import sys

    code = (
        "import sys, posture_break.platform.idle as m; "
        "m.detect_backend({}, 'linux'); "
        "print('jeepney' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
