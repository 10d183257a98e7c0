"""A D-Bus test service speaking the real logind and ScreenSaver interfaces, on a private bus.

Run as a script (``python tests/fake_login1.py ADDRESS``) it owns ``org.freedesktop.login1``
(Manager at /org/freedesktop/login1: GetSession, GetSessionByPID, ListInhibitors and the
PrepareForSleep signal; Session at /org/freedesktop/login1/session/_31: Lock, Unlock and the
LockedHint property) and ``org.freedesktop.ScreenSaver`` (GetActive, ActiveChanged), and takes
commands on stdin, answering ``ok <command>`` once the signal is on the bus:

    lock | unlock | screensaver-on | screensaver-off | sleep | wake | inhibit WHO | uninhibit

:class:`PrivateBus` (used by the tests) starts a dbus-daemon and this service, and points the
app's "system" and session buses at it (``DBUS_SYSTEM_BUS_ADDRESS`` follows libdbus's rule).
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
from pathlib import Path

LOGIN1 = "org.freedesktop.login1"
MANAGER_PATH = "/org/freedesktop/login1"
MANAGER = "org.freedesktop.login1.Manager"
SESSION_PATH = "/org/freedesktop/login1/session/_31"
SESSION = "org.freedesktop.login1.Session"
SCREENSAVER = "org.freedesktop.ScreenSaver"
SCREENSAVER_PATH = "/org/freedesktop/ScreenSaver"
PROPS = "org.freedesktop.DBus.Properties"


def serve(address: str) -> None:  # pragma: no cover - runs in its own process
    from jeepney import (
        DBusAddress,
        HeaderFields,
        MessageType,
        new_error,
        new_method_return,
        new_signal,
    )
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    conn = open_dbus_connection(bus=address)
    for name in (LOGIN1, SCREENSAVER):
        conn.send_and_get_reply(message_bus.RequestName(name), timeout=5)
    state = {"locked": False, "active": False, "inhibitors": []}

    def signal(path: str, iface: str, member: str, sig: str = "", body: tuple = ()) -> None:
        conn.send(new_signal(DBusAddress(path, interface=iface), member, sig, body))

    def locked_hint(value: bool) -> None:
        state["locked"] = value
        signal(
            SESSION_PATH,
            PROPS,
            "PropertiesChanged",
            "sa{sv}as",
            (SESSION, {"LockedHint": ("b", value)}, []),
        )

    def command(line: str) -> None:
        cmd, _, arg = line.strip().partition(" ")
        if cmd == "lock":
            signal(SESSION_PATH, SESSION, "Lock")
            locked_hint(True)
        elif cmd == "unlock":
            signal(SESSION_PATH, SESSION, "Unlock")
            locked_hint(False)
        elif cmd in ("screensaver-on", "screensaver-off"):
            state["active"] = cmd.endswith("on")
            signal(SCREENSAVER_PATH, SCREENSAVER, "ActiveChanged", "b", (state["active"],))
        elif cmd in ("sleep", "wake"):
            signal(MANAGER_PATH, MANAGER, "PrepareForSleep", "b", (cmd == "sleep",))
        elif cmd == "inhibit":
            state["inhibitors"] = [("idle:sleep", arg or "mpv", "Playing video", "block", 0, 4321)]
        elif cmd == "uninhibit":
            state["inhibitors"] = []
        else:
            print(f"error unknown command {cmd}", flush=True)
            return
        # A round trip to the bus: every signal sent above has been routed before "ok".
        conn.send_and_get_reply(message_bus.GetId(), timeout=5)
        print(f"ok {cmd}", flush=True)

    def reply(msg) -> None:
        f = msg.header.fields
        iface, member = f.get(HeaderFields.interface), f.get(HeaderFields.member)
        if iface == MANAGER and member in ("GetSession", "GetSessionByPID"):
            conn.send(new_method_return(msg, "o", (SESSION_PATH,)))
        elif iface == MANAGER and member == "ListInhibitors":
            conn.send(new_method_return(msg, "a(ssssuu)", (state["inhibitors"],)))
        elif iface == PROPS and member == "Get" and msg.body[1] == "LockedHint":
            conn.send(new_method_return(msg, "v", (("b", state["locked"]),)))
        elif iface == SCREENSAVER and member == "GetActive":
            conn.send(new_method_return(msg, "b", (state["active"],)))
        else:
            conn.send(
                new_error(
                    msg,
                    "org.freedesktop.DBus.Error.UnknownMethod",
                    "s",
                    (f"{iface}.{member} is not implemented",),
                )
            )

    print("ready", flush=True)
    stdin = sys.stdin.fileno()
    while True:
        readable, _, _ = select.select([conn.sock, stdin], [], [])
        if stdin in readable:
            line = sys.stdin.readline()
            if not line:
                return
            command(line)
        if conn.sock in readable:
            while True:
                try:
                    msg = conn.receive(timeout=0)
                except TimeoutError:
                    break
                if msg.header.message_type is MessageType.method_call:
                    reply(msg)


class PrivateBus:
    """A dbus-daemon of its own plus the fake logind/ScreenSaver service on it."""

    def __init__(self, tmp: Path) -> None:
        config = tmp / "bus.conf"
        config.write_text(
            "<!DOCTYPE busconfig PUBLIC '-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN'"
            " 'http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd'>\n"
            f"<busconfig><type>session</type><listen>unix:dir={tmp}</listen>"
            "<policy context='default'><allow send_destination='*' eavesdrop='true'/>"
            "<allow eavesdrop='true'/><allow own='*'/></policy></busconfig>\n"
        )
        self.daemon = subprocess.Popen(
            ["dbus-daemon", "--nofork", "--print-address=1", f"--config-file={config}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.daemon.stdout is not None
        self.address = self.daemon.stdout.readline().strip()
        self.service = subprocess.Popen(
            [sys.executable, __file__, self.address],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.readline() == "ready"

    def readline(self) -> str:
        assert self.service.stdout is not None
        return self.service.stdout.readline().strip()

    def send(self, command: str) -> None:
        """Send a command; returns once its signals are on the bus (the service says ok)."""
        assert self.service.stdin is not None
        self.service.stdin.write(command + "\n")
        self.service.stdin.flush()
        answer = self.readline()
        assert answer == f"ok {command.split()[0]}", answer

    def env(self) -> dict[str, str]:
        return {"DBUS_SESSION_BUS_ADDRESS": self.address, "DBUS_SYSTEM_BUS_ADDRESS": self.address}

    def close(self) -> None:
        for proc in (self.service, self.daemon):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        for stream in (self.service.stdin, self.service.stdout, self.daemon.stdout):
            if stream is not None:
                stream.close()


if __name__ == "__main__":  # pragma: no cover
    sys.path.insert(0, os.fspath(Path(__file__).resolve().parents[1]))
    serve(sys.argv[1])
