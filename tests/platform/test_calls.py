"""The call detectors on recorded data and on a real child process holding a device open."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from posture_break.core.calls import CAMERA, MICROPHONE, SCREEN, InUse, describe, strongest
from posture_break.platform.calls import (
    CallDetector,
    PulseStream,
    graph_users,
    microphone_users,
    video_device_users,
)

OWN = 4242


def node(nid: int, media: str, state: str = "running", **props: object) -> dict:
    return {
        "id": nid,
        "type": "PipeWire:Interface:Node",
        "info": {"state": state, "props": {"media.class": media, **props}},
    }


def link(out_id: int, in_id: int) -> dict:
    return {
        "id": 900 + out_id * 10 + in_id,
        "type": "PipeWire:Interface:Link",
        "info": {"output-node-id": out_id, "input-node-id": in_id, "state": "active"},
    }


MIC = node(40, "Audio/Source", **{"node.name": "alsa_input.usb"})
SINK = node(32, "Audio/Sink", state="suspended", **{"node.name": "speakers"})


def test_a_running_recorder_is_a_microphone_user():
    app = node(
        48,
        "Stream/Input/Audio",
        **{"application.name": "Firefox", "application.process.id": "1234"},
    )
    assert graph_users([MIC, app, link(40, 48)], OWN) == [InUse(MICROPHONE, "Firefox", 1234)]


def test_idle_own_meter_and_monitor_streams_do_not_count():
    paused = node(48, "Stream/Input/Audio", state="suspended", **{"application.name": "Zoom"})
    own = node(49, "Stream/Input/Audio", **{"application.process.id": str(OWN)})
    meter = node(50, "Stream/Input/Audio", **{"application.id": "org.PulseAudio.pavucontrol"})
    monitor = node(51, "Stream/Input/Audio", **{"application.name": "OBS"})
    player = node(52, "Stream/Output/Audio", **{"application.name": "mpv"})
    dump = [MIC, SINK, paused, own, meter, monitor, link(32, 51), player, link(52, 32)]
    assert graph_users(dump, OWN) == []


def test_a_portal_screen_cast_is_screen_sharing_and_a_camera_stream_is_the_camera():
    screen = node(60, "Video/Source", **{"node.name": "gnome-shell-screencast"})
    browser = node(61, "Stream/Input/Video", **{"application.name": "Chromium"})
    cam = node(70, "Video/Source", state="running", **{"device.api": "v4l2"})
    meet = node(71, "Stream/Input/Video", **{"application.name": "Firefox"})
    found = graph_users([screen, browser, link(60, 61), cam, meet, link(70, 71)], OWN)
    assert InUse(SCREEN, "Chromium") in found
    assert InUse(CAMERA, "Firefox") in found
    assert len(found) == 2  # the sources themselves are not counted again
    assert strongest(found) == InUse(SCREEN, "Chromium")


def test_a_lone_running_screen_cast_source_counts_and_an_unread_camera_does_not():
    cast = node(60, "Video/Source", **{"node.name": "xdpw_stream", "application.name": "xdpw"})
    cam = node(70, "Video/Source", **{"device.api": "libcamera"})
    assert graph_users([cast, cam], OWN) == [InUse(SCREEN, "xdpw")]


def test_garbage_dumps_find_nothing():
    assert graph_users({"not": "a list"}, OWN) == []
    assert graph_users([1, "x", {"type": "PipeWire:Interface:Node"}], OWN) == []


def test_pulse_source_outputs_filtering():
    streams = [
        PulseStream({"application.name": "Firefox", "application.process.id": "77"}, False, False),
        PulseStream({"application.name": "corked"}, True, False),
        PulseStream({"application.name": "OBS"}, False, True),  # reads a monitor
        PulseStream({"application.process.id": str(OWN)}, False, False),
        PulseStream({"application.id": "org.PulseAudio.pavucontrol"}, False, False),
        PulseStream({}, False, False),
    ]
    assert microphone_users(streams, OWN) == [
        InUse(MICROPHONE, "Firefox", 77),
        InUse(MICROPHONE, "another application", 0),
    ]


def test_describe_names_the_device_and_the_application():
    assert describe(InUse(MICROPHONE, "Firefox")) == "microphone in use by Firefox"
    assert describe(InUse(SCREEN, "Chromium")) == "screen shared with Chromium"
    german = {
        CAMERA: "Kamera wird von {app} benutzt",
        "unknown_app": "einer anderen Anwendung",
    }
    assert describe(InUse(CAMERA, "another application"), german) == (
        "Kamera wird von einer anderen Anwendung benutzt"
    )


HOLDER = "import sys, time; f = open(sys.argv[1]); print('open', flush=True); time.sleep(60)"


@pytest.fixture
def device_root(tmp_path: Path) -> Path:
    root = tmp_path / "dev"
    root.mkdir()
    (root / "video0").write_bytes(b"")
    (root / "null").write_bytes(b"")
    return root


def _hold(path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline() == "open\n"  # the barrier
    return proc


def test_a_camera_held_open_by_a_child_process_is_found_and_released(device_root):
    assert video_device_users(device_root, os.getpid(), os.getuid()) == []
    proc = _hold(device_root / "video0")
    try:
        found = video_device_users(device_root, os.getpid(), os.getuid())
        name = Path(f"/proc/{proc.pid}/comm").read_text().strip()
        assert found == [InUse(CAMERA, name, proc.pid)]
    finally:
        proc.kill()
        proc.wait()
    assert video_device_users(device_root, os.getpid(), os.getuid()) == []


def test_other_files_and_other_users_do_not_count(device_root):
    proc = _hold(device_root / "null")
    try:
        assert video_device_users(device_root, os.getpid(), os.getuid()) == []
        held = _hold(device_root / "video0")
        try:
            assert video_device_users(device_root, os.getpid(), os.getuid() + 1) == []
            assert video_device_users(device_root, held.pid, os.getuid()) == []  # "own" pid
        finally:
            held.kill()
            held.wait()
    finally:
        proc.kill()
        proc.wait()


def _unavailable() -> list[PulseStream]:
    raise RuntimeError("no pulse server")


def _no_graph() -> object:
    raise RuntimeError("pw-dump not installed")


def test_the_detector_combines_and_falls_back(device_root):
    recorder = node(48, "Stream/Input/Audio", **{"application.name": "Zoom"})
    # pulse answers: its microphone answer wins, the graph adds video only
    det = CallDetector(
        own_pid=OWN,
        device_root=device_root,
        pulse=lambda: [PulseStream({"application.name": "Teams"}, False, False)],
        dump=lambda: [recorder],
    )
    assert det.probe() == [InUse(MICROPHONE, "Teams")]
    # no pulse server: the graph's answer is used for the microphone
    det = CallDetector(
        own_pid=OWN, device_root=device_root, pulse=_unavailable, dump=lambda: [recorder]
    )
    assert det() == InUse(MICROPHONE, "Zoom")
    # nothing reachable: nothing held, and doctor says why
    det = CallDetector(own_pid=OWN, device_root=device_root, pulse=_unavailable, dump=_no_graph)
    assert det() is None
    report = dict(det.report())
    assert report["Microphone"].startswith("not available: no pulse server")
    assert report["Screen sharing"] == "not available: pw-dump not installed"
    assert report["Camera"].startswith(f"available ({device_root}/video*: video0")


def test_the_camera_scan_is_cheap_enough_to_run_on_each_held_poll(device_root):
    det = CallDetector(own_pid=OWN, device_root=device_root, pulse=_unavailable, dump=_no_graph)
    start = time.perf_counter()
    det.probe()
    assert time.perf_counter() - start < 0.5


def test_a_source_that_stops_answering_keeps_the_call_on_and_a_real_answer_ends_it(device_root):
    answers: list[object] = [[PulseStream({"application.name": "Teams"}, False, False)]]

    def pulse():
        answer = answers[-1]
        if isinstance(answer, Exception):
            raise answer
        return answer

    det = CallDetector(own_pid=OWN, device_root=device_root, pulse=pulse, dump=_no_graph)
    assert det() == InUse(MICROPHONE, "Teams")  # pw-dump missing here: pulse is the only source
    answers.append(RuntimeError("no pulse server: timed out"))  # a busy moment
    assert det() == InUse(MICROPHONE, "Teams")
    answers.append([])  # the call really ended
    assert det() is None
    answers.append(RuntimeError("no pulse server"))  # nothing held: a failure holds nothing
    assert det() is None
