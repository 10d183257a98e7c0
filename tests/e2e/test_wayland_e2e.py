"""The app on real headless Wayland compositors (tools/wayland-session): sway and weston.

See tests/e2e/scenarios/wayland_breaks.py for the steps; screenshots land in the test's tmp dir.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

SCENARIO = Path(__file__).parent / "scenarios" / "wayland_breaks.py"


def _run(wayland, tmp_path: Path, compositor: str) -> tuple[dict[str, str], str]:
    out = tmp_path / "out"
    out.mkdir()
    cmd = [sys.executable, str(SCENARIO), str(tmp_path / "data"), str(out)]
    result = wayland(cmd, compositor=compositor)
    v = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    log = tmp_path / "data" / "logs" / "posture-break.log"
    details = f"{result.stdout}\n{result.stderr}\n{log.read_text() if log.exists() else ''}"
    assert result.returncode == 0, details
    return v, details


@pytest.mark.e2e
def test_sway_idle_typing_stacking_and_small_windows(wayland, tmp_path: Path) -> None:
    v, details = _run(wayland, tmp_path, "sway")
    # 1. idle: sway 1.7 offers the KDE protocol; typing through a break is missed, away is done
    assert v["idle_backend"] == "wayland org_kde_kwin_idle", details
    assert v["first"] == "missed", details
    # 7. doctor names the session, the idle backend, whether breaks stay on top, the log
    assert v["doctor_session"] == "wayland, sway", details
    assert v["doctor_idle_backend"] == "wayland org_kde_kwin_idle", details
    assert v["doctor_breaks_on_top"].startswith("yes: sway floats it"), details
    assert v["doctor_the_log"].startswith("a break that runs out is done if idle"), details
    assert v["second"] == "done", details
    # 3. a sentence typed while the break appears reaches the editor whole; the break neither
    #    takes the focus nor acts on a key (it ran out: missed, not snoozed/skipped/done)
    assert v["editor_intact"] == "True" and int(v["typed_chars"]) > 200, details
    assert v["break_focused_while_typing"] == "False", details
    assert v["editor_focused_while_typing"] == "True", details
    # 4. on top: the break floats (above every tiled window, one opened during it too), sticky
    assert v["break_floating"] == "True" and v["break_sticky"] == "True", details
    assert v["other_window_tiled"] == "True" and v["break_still_floating"] == "True", details
    # 6. the no-tray status window: small, floating, unfocused, closable, back with `show`
    assert v["status_floating"] == "True" and v["status_focused"] == "False", details
    width, height = (int(n) for n in v["status_size"].split("x"))
    assert width < 800 and height < 300, details
    assert v["status_closed"] == "True" and v["show_rc"] == "0", details
    assert v["status_back"] == "True", details
    assert v["quit_rc"] == "0", details
    assert (tmp_path / "out" / "typing-through-break.png").stat().st_size > 10_000


@pytest.mark.e2e
def test_weston_without_idle_protocol_records_unconfirmed(wayland, tmp_path: Path) -> None:
    v, details = _run(wayland, tmp_path, "weston")
    assert v["idle_backend"] == "none", details
    assert v["outcome"] == "unconfirmed", details
    assert v["screenshot"] == "True", details  # weston-screenshooter (weston --debug)
    assert v["doctor_session"] == "wayland, weston", details
    assert v["doctor_idle_backend"] == "none", details
    assert "neither ext-idle-notify-v1 nor org_kde_kwin_idle" in v["doctor_not_used"], details
    assert v["doctor_breaks_on_top"].startswith("not guaranteed"), details
    assert "recorded unconfirmed" in v["doctor_the_log"], details
    assert v["quit_rc"] == "0", details


@pytest.mark.e2e
def test_sway_fullscreen_window_holds_the_break(wayland, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    scenario = Path(__file__).parent / "scenarios" / "wayland_fullscreen.py"
    result = wayland([sys.executable, str(scenario), str(tmp_path / "data"), str(out)])
    v = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    log = tmp_path / "data" / "logs" / "posture-break.log"
    details = f"{result.stdout}\n{result.stderr}\n{log.read_text() if log.exists() else ''}"
    assert result.returncode == 0, details
    assert v["held"] == "True" and "fullscreen" in v["held_reason"].lower(), details
    assert v["shown_while_fullscreen"] == "False", details
    assert v["shown_after"] == "True", details


@pytest.mark.e2e
def test_sway_warning_popup_floats_small_and_takes_no_focus(wayland, tmp_path: Path) -> None:
    scenario = Path(__file__).parent / "scenarios" / "wayland_toast.py"
    result = wayland([sys.executable, str(scenario), str(tmp_path)])
    v = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    details = f"{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, details
    assert v["toast_floating"] == "True" and v["toast_focused"] == "False", details
    assert v["editor_focused"] == "True", details
    width, height = (int(n) for n in v["toast_size"].split("x"))
    assert 200 < width < 700 and 50 < height < 300, details
