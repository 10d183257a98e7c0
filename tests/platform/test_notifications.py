"""platform/notifications.py's report for `doctor`: who shows notifications here."""

from __future__ import annotations

import shutil

import pytest
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

from posture_break.platform import notifications
from tests.fake_login1 import PrivateBus


def test_without_a_session_bus_the_toast_is_named(monkeypatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    assert notifications.describe_service() == (
        "none (no D-Bus session bus): the in-app toast is used"
    )


def test_other_systems_use_tray_messages(monkeypatch) -> None:
    monkeypatch.setattr(notifications.sys, "platform", "win32")
    assert notifications.describe_service() == "system notifications (tray messages)"


def test_a_dead_bus_is_a_finding_not_a_crash(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/nobody-listens")
    assert notifications.describe_service().startswith("unknown (")


@pytest.mark.skipif(not shutil.which("dbus-daemon"), reason="needs dbus-daemon")
def test_whether_a_server_owns_the_name(monkeypatch, tmp_path) -> None:
    bus = PrivateBus(tmp_path)
    try:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
        assert notifications.describe_service() == (
            "none on the session bus: the in-app toast is used"
        )
        with open_dbus_connection(bus=bus.address) as server:
            reply = server.send_and_get_reply(
                message_bus.RequestName(notifications.BUS_NAME), timeout=5
            )
            assert reply.body == (1,)  # primary owner
            assert notifications.describe_service() == notifications.BUS_NAME
    finally:
        bus.close()
