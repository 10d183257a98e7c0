"""The microphone detector against a real PipeWire graph (tools/pipewire-session).

pipewire, wireplumber and pipewire-pulse run headless with a virtual microphone; a recorder
(parecord) is "another application". These run wherever the Debian packages are installed (CI
installs them through .ci/run) and are skipped, saying why, where they are not.
"""

from __future__ import annotations

import random
from datetime import datetime

import pytest

from posture_break.core.calls import MICROPHONE
from posture_break.core.settings import HealthSettings, Settings
from posture_break.platform.calls import CallDetector, pulse_source_outputs
from tests.e2e.pipewire import Graph, pipewire_graph  # noqa: F401  (the fixture)

pytestmark = pytest.mark.e2e
RECORD = ["parecord", "--device=posture_break_test_mic", "/dev/null"]
PLAY = ["pacat", "--playback", "/dev/zero"]


@pytest.fixture
def graph(pipewire_graph: Graph, monkeypatch) -> Graph:  # noqa: F811
    for key in ("XDG_RUNTIME_DIR", "PIPEWIRE_RUNTIME_DIR", "PULSE_SERVER"):
        monkeypatch.setenv(key, pipewire_graph.env[key])
    return pipewire_graph


def _recording(graph: Graph) -> bool:
    return bool(graph.pactl("list", "short", "source-outputs").strip())


def test_a_recorder_holds_and_closing_it_releases(graph, tmp_path):
    detector = CallDetector(device_root=tmp_path)
    assert detector() is None
    recorder = graph.spawn(RECORD)
    assert graph.wait_for(lambda: _recording(graph))  # the graph has the stream
    assert graph.wait_for(lambda: detector() is not None, 5)
    found = detector()
    assert found is not None
    assert (found.kind, found.app, found.pid) == (MICROPHONE, "parecord", recorder.pid)
    recorder.terminate()
    recorder.wait(timeout=5)
    assert graph.wait_for(lambda: detector() is None, 10)


def test_playback_alone_does_not_hold(graph, tmp_path):
    graph.spawn(PLAY)
    assert graph.wait_for(lambda: bool(graph.pactl("list", "short", "sink-inputs").strip()))
    detector = CallDetector(device_root=tmp_path)
    assert detector.probe() == []


def test_our_own_streams_never_count(graph, tmp_path):
    recorder = graph.spawn(RECORD)
    assert graph.wait_for(lambda: _recording(graph))
    assert CallDetector(own_pid=recorder.pid, device_root=tmp_path).probe() == []


def test_without_libpulse_the_graph_itself_is_asked(graph, tmp_path):
    def no_pulse():
        raise RuntimeError("pulsectl not usable")

    detector = CallDetector(device_root=tmp_path, pulse=no_pulse)
    graph.spawn(RECORD)
    assert graph.wait_for(lambda: detector() is not None, 10)
    found = detector()
    assert found is not None and found.kind == MICROPHONE and found.app == "parecord"


def test_a_due_break_waits_for_a_real_recorder(graph, tmp_path, make_break_app):
    app = make_break_app(CallDetector(device_root=tmp_path))
    assert len(pulse_source_outputs()) == 0
    recorder = graph.spawn(RECORD)
    assert graph.wait_for(lambda: _recording(graph))
    # the stream is capturing (not just created, still corked): what the detector reports
    assert graph.wait_for(lambda: CallDetector(device_root=tmp_path)() is not None, 10)
    app.alarm.fire(app.clock)  # the warning time: a call is on
    assert app.break_window is None and app.notifier.shown == []
    assert app.planner.status().waiting_reason == "microphone in use by parecord"
    assert "Waiting: microphone in use by parecord" in app.actions.status_action.text()
    for _ in range(6):  # the call goes on for half a minute: still held
        app.clock.advance(5)
        app._poll()
    assert app.break_window is None and app.notifier.shown == []
    recorder.terminate()
    recorder.wait(timeout=5)
    polls = 0
    while not (app.notifier.shown or app.break_window is not None) and polls < 4:
        app.clock.advance(5)
        app._poll()
        polls += 1
    assert app.notifier.shown or app.break_window is not None
    assert polls * 5 <= 10  # released within 10 s of the call's end (one or two polls)


@pytest.fixture
def make_break_app(qtbot, tmp_path):
    from posture_break.core.paths import ensure_dirs, resolve_paths
    from posture_break.core.store import Store
    from posture_break.ui.app import BreakApp
    from posture_break.ui.tray import make_views
    from tests.ui.test_app import ALL_DAY, BERLIN, FakeAlarm, FakeClock, FakeIdle, FakeNotifier

    made = []

    def make(detector):
        paths = resolve_paths(tmp_path / "data")
        ensure_dirs(paths)
        app = BreakApp(
            paths,
            Settings(work_hours=ALL_DAY, health=HealthSettings(asked=True)),
            {},
            Store.open(paths.db_file),
            FakeClock(datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)),
            rng=random.Random(7),
            idle_backend=FakeIdle(),
            views=make_views(use_tray=False),
            alarm=FakeAlarm(),
            notifier=FakeNotifier(),
            do_not_disturb=lambda: None,
            calls=detector,
        )
        app.start()
        made.append(app)
        return app

    yield make
    for app in made:
        app.presenter.close_break()
        app.idle_timer.stop()
        app.heartbeat.stop()
        if app.status_window:
            app.status_window.deleteLater()
