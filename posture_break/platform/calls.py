"""Is the person in a call? Microphone, camera and screen-sharing detectors, asked only when due.

The shell asks :class:`CallDetector` when a break (or its warning) falls due, and again on each
5 s poll while the break is held, never otherwise: nothing here runs while no break is due.

- **Microphone**: the PulseAudio-compatible server (``pipewire-pulse`` or PulseAudio itself),
  through ``pulsectl`` (libpulse): a *source output* (a recording stream) that is not corked, does
  not read a sink's monitor (that records what is playing, not a voice), is not a level meter
  (pavucontrol's peak streams) and does not belong to this process. Without pulsectl or libpulse
  the same question is asked of PipeWire's graph with ``pw-dump`` (running ``Stream/Input/Audio``
  nodes).
- **Screen sharing** (and cameras used through PipeWire): ``pw-dump``. A running
  ``Stream/Input/Video`` node consumes a video source; when that source is a camera device
  (``device.api`` v4l2/libcamera or ``media.role`` Camera) it is the camera, otherwise a screen
  cast from the desktop portal. A running ``Video/Source`` that is no device and has no known
  consumer is a screen cast too.
- **Camera**: a ``/dev/video*`` device held open by another process of the same user, found from
  the ``/proc/<pid>/fd`` links. The device root can be injected (tests use a temporary directory).

Each probe is bounded (a short timeout) and fails quietly: a detector that cannot answer holds
nothing, and the hold has a cap anyway (``breaks.max_wait_minutes``). Streams of this process
(``application.process.id``, e.g. our own sounds) never count.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from posture_break.core.calls import CAMERA, MICROPHONE, SCREEN, UNKNOWN_APP, InUse, strongest
from posture_break.platform import command
from posture_break.platform.command import Runner

PROBE_TIMEOUT_S = 1.0  # pw-dump; a healthy graph answers in tens of milliseconds
PULSE_TIMEOUT_S = 0.5
PA_INVALID_INDEX = 0xFFFFFFFF
DEVICE_ROOT_ENV = "POSTURE_BREAK_DEVICE_ROOT"  # tests point the camera scan at a temp directory
METER_APPS = frozenset({"org.PulseAudio.pavucontrol", "org.gnome.VolumeControl"})
CAMERA_APIS = frozenset({"v4l2", "libcamera"})


def run_command(argv: Sequence[str]) -> str | None:
    """The one runner (platform/command.py), with pw-dump's longer timeout."""
    return command.run_command(argv, timeout=PROBE_TIMEOUT_S)


def _pid(props: Mapping[str, Any]) -> int:
    try:
        return int(props.get("application.process.id") or 0)
    except (TypeError, ValueError):
        return 0


def _app(props: Mapping[str, Any]) -> str:
    for key in ("application.name", "application.process.binary", "node.name"):
        value = props.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return UNKNOWN_APP


def _is_meter(props: Mapping[str, Any]) -> bool:
    return props.get("application.id") in METER_APPS or str(props.get("resample.peaks")) in (
        "true",
        "1",
    )


# --- microphone through libpulse ---------------------------------------------------------------


@dataclass(frozen=True)
class PulseStream:
    """What the detector needs of one source output (tests build these directly)."""

    props: Mapping[str, Any]
    corked: bool
    from_monitor: bool


def microphone_users(streams: Iterable[PulseStream], own_pid: int) -> list[InUse]:
    found = []
    for s in streams:
        if s.corked or s.from_monitor or _is_meter(s.props) or _pid(s.props) == own_pid:
            continue
        found.append(InUse(MICROPHONE, _app(s.props), _pid(s.props)))
    return found


def pulse_socket(env: Mapping[str, str] = os.environ) -> str | None:
    """Where the pulse server listens, checked before connecting: libpulse would otherwise wait
    for its own timeout on a desktop without one, stalling the break that is due."""
    server = env.get("PULSE_SERVER", "").strip()
    if server:
        return server  # may be remote or a list: let libpulse try it
    runtime = env.get("XDG_RUNTIME_DIR", "").strip()
    if runtime and os.path.exists(os.path.join(runtime, "pulse", "native")):
        return os.path.join(runtime, "pulse", "native")
    return None


def pulse_source_outputs(timeout: float = PULSE_TIMEOUT_S) -> list[PulseStream]:
    """The recording streams of the pulse server; raises RuntimeError when it cannot be asked."""
    socket = pulse_socket()
    if socket is None:
        raise RuntimeError("no pulse server (no PULSE_SERVER, no $XDG_RUNTIME_DIR/pulse/native)")
    try:
        import pulsectl
    except (ImportError, OSError) as exc:  # OSError: libpulse.so.0 missing
        raise RuntimeError(f"pulsectl not usable: {exc}") from exc

    class QuickPulse(pulsectl.Pulse):  # type: ignore[misc]
        # pulsectl's connect(timeout=...) polls until the deadline even once the context is
        # ready (it only stops the loop on failure): every probe would take the whole timeout.
        # Stop the loop as soon as the state is known.
        def _pulse_state_cb(self, ctx: Any, userdata: Any) -> None:
            super()._pulse_state_cb(ctx, userdata)
            if self.connected is not None:
                self._loop_stop = True

    try:
        with QuickPulse("posture-break", connect=False) as pulse:
            pulse.connect(autospawn=False, timeout=timeout)
            monitors = {
                s.index for s in pulse.source_list() if s.monitor_of_sink != PA_INVALID_INDEX
            }
            return [
                PulseStream(dict(o.proplist), bool(o.corked), o.source in monitors)
                for o in pulse.source_output_list()
            ]
    except (pulsectl.PulseError, OSError) as exc:
        raise RuntimeError(f"no pulse server: {exc}") from exc


# --- PipeWire's graph through pw-dump ----------------------------------------------------------


def graph_users(dump: Any, own_pid: int) -> list[InUse]:
    """Microphone, camera and screen-cast users in ``pw-dump``'s JSON (a list of objects)."""
    nodes: dict[int, tuple[str, dict[str, Any]]] = {}
    feeds: dict[int, list[int]] = {}  # input node -> output nodes linked to it
    fed: set[int] = set()
    if not isinstance(dump, list):
        return []
    for obj in dump:
        if not isinstance(obj, dict) or not isinstance(obj.get("info"), dict):
            continue
        info = obj["info"]
        kind = str(obj.get("type", ""))
        if kind.endswith(":Node"):
            props = info.get("props") if isinstance(info.get("props"), dict) else {}
            nodes[int(obj.get("id", -1))] = (str(info.get("state", "")), props)
        elif kind.endswith(":Link"):
            with contextlib.suppress(KeyError, TypeError, ValueError):
                out_id, in_id = int(info["output-node-id"]), int(info["input-node-id"])
                feeds.setdefault(in_id, []).append(out_id)
                fed.add(out_id)
    found: list[InUse] = []
    for node_id, (state, props) in nodes.items():
        media = str(props.get("media.class", ""))
        if state != "running" or _pid(props) == own_pid or _is_meter(props):
            continue
        sources = [nodes[i][1] for i in feeds.get(node_id, []) if i in nodes]
        if media == "Stream/Input/Audio":
            if sources and all(
                str(s.get("media.class", "")).startswith("Audio/Sink") for s in sources
            ):
                continue  # records a sink's monitor: what is playing, not a voice
            found.append(InUse(MICROPHONE, _app(props), _pid(props)))
        elif media == "Stream/Input/Video":
            camera = any(
                s.get("device.api") in CAMERA_APIS or s.get("media.role") == "Camera"
                for s in sources
            )
            found.append(InUse(CAMERA if camera else SCREEN, _app(props), _pid(props)))
        elif media == "Video/Source" and node_id not in fed:
            if props.get("device.api") in CAMERA_APIS or props.get("media.role") == "Camera":
                continue  # a camera nobody reads
            found.append(InUse(SCREEN, _app(props), _pid(props)))
    return found


def pipewire_socket(env: Mapping[str, str] = os.environ) -> str | None:
    """PipeWire's socket (PIPEWIRE_REMOTE in PIPEWIRE_RUNTIME_DIR or XDG_RUNTIME_DIR), if any."""
    remote = env.get("PIPEWIRE_REMOTE", "").strip() or "pipewire-0"
    if os.path.isabs(remote):
        return remote if os.path.exists(remote) else None
    for var in ("PIPEWIRE_RUNTIME_DIR", "XDG_RUNTIME_DIR"):
        base = env.get(var, "").strip()
        if base and os.path.exists(os.path.join(base, remote)):
            return os.path.join(base, remote)
    return None


def pw_dump(run: Runner = run_command) -> Any:
    """``pw-dump``'s JSON; raises RuntimeError when PipeWire cannot be asked."""
    if not shutil.which("pw-dump"):
        raise RuntimeError("pw-dump not installed (Debian: pipewire-bin)")
    if pipewire_socket() is None:
        raise RuntimeError("no PipeWire server (no pipewire-0 socket in the runtime directory)")
    out = run(["pw-dump", "--no-colors"])
    if out is None:
        raise RuntimeError("pw-dump could not reach PipeWire")
    try:
        return json.loads(out)
    except ValueError as exc:
        raise RuntimeError(f"pw-dump gave no JSON: {exc}") from exc


# --- cameras opened directly -----------------------------------------------------------------


def video_device_users(
    device_root: Path, own_pid: int, uid: int, proc: Path = Path("/proc")
) -> list[InUse]:
    """Processes of ``uid`` (other than ``own_pid``) holding ``device_root/video*`` open."""
    prefix = os.path.join(os.path.realpath(device_root), "video")
    found: list[InUse] = []
    try:
        entries = list(os.scandir(proc))
    except OSError:
        return []
    for entry in entries:
        if not entry.name.isdigit() or int(entry.name) == own_pid:
            continue
        try:
            if entry.stat().st_uid != uid:
                continue
            fds = list(os.scandir(entry.path + "/fd"))
        except OSError:
            continue  # gone, or not ours to look at
        for fd in fds:
            try:
                target = os.readlink(fd.path)
            except OSError:
                continue
            if target.startswith(prefix):
                try:
                    name = Path(entry.path, "comm").read_text().strip()
                except OSError:
                    name = UNKNOWN_APP
                found.append(InUse(CAMERA, name or UNKNOWN_APP, int(entry.name)))
                break
    return found


# --- all together ------------------------------------------------------------------------------


class CallDetector:
    """``detector()`` -> the most visible device in use by another application, or None."""

    def __init__(
        self,
        *,
        own_pid: int | None = None,
        device_root: Path | None = None,
        pulse: Callable[[], list[PulseStream]] = pulse_source_outputs,
        dump: Callable[[], Any] = pw_dump,
        proc: Path = Path("/proc"),
    ) -> None:
        self.own_pid = os.getpid() if own_pid is None else own_pid
        root = device_root or Path(os.environ.get(DEVICE_ROOT_ENV) or "/dev")
        self.device_root = root
        self._pulse = pulse
        self._dump = dump
        self._proc = proc
        self.last_probe_ms = 0.0
        self._last: InUse | None = None
        self._failed: set[str] = set()

    def probe(self) -> list[InUse]:
        start = time.perf_counter()
        found: list[InUse] = []
        failed: set[str] = set()
        mic_known = False
        try:
            found += microphone_users(self._pulse(), self.own_pid)
            mic_known = True
        except RuntimeError:
            failed.add("pulse")
        try:
            graph = graph_users(self._dump(), self.own_pid)
            found += [f for f in graph if f.kind != MICROPHONE or not mic_known]
        except RuntimeError:
            failed.add("graph")
        if not any(f.kind == CAMERA for f in found):
            found += video_device_users(self.device_root, self.own_pid, os.getuid(), self._proc)
        self.last_probe_ms = (time.perf_counter() - start) * 1000
        self._failed = failed
        return found

    def __call__(self) -> InUse | None:
        """The most visible device in use. A source that answered "in use" last time and fails
        to answer now (a busy machine, a restarting sound server) keeps its answer: only a real
        "nothing in use" ends a hold. The hold's own limit caps a source that never answers."""
        found = strongest(self.probe())
        last = self._last
        if found is None and last is not None and self._unanswered(last) <= self._failed:
            return last
        self._last = found
        return found

    @staticmethod
    def _unanswered(found: InUse) -> set[str]:
        """The sources that must all have failed for ``found`` to be still unknown."""
        if found.kind == MICROPHONE:
            return {"pulse", "graph"}  # either one saying "nothing" is an answer
        if found.kind == SCREEN:
            return {"graph"}
        return {"never"}  # a camera: the /proc scan always answers

    def report(self) -> list[tuple[str, str]]:
        """(detector, "available ..." or "not available: why") for ``doctor``."""
        lines = []
        try:
            streams = self._pulse()
            lines.append(("Microphone", f"available (pulse server, {len(streams)} recording)"))
        except RuntimeError as exc:
            mic_why = str(exc)
        else:
            mic_why = ""
        try:
            graph = graph_users(self._dump(), self.own_pid)
            screen = "available (pw-dump: PipeWire video streams)"
            if mic_why:
                lines.append(("Microphone", f"available through pw-dump ({mic_why})"))
            lines.append(("Screen sharing", screen + (", in use now" if graph else "")))
        except RuntimeError as exc:
            if mic_why:
                lines.append(("Microphone", f"not available: {mic_why}; {exc}"))
            lines.append(("Screen sharing", f"not available: {exc}"))
        if os.path.isdir(self._proc / str(os.getpid()) / "fd"):
            videos = sorted(p.name for p in self.device_root.glob("video*"))
            lines.append(
                (
                    "Camera",
                    f"available ({self.device_root}/video*: {', '.join(videos) or 'none now'})",
                )
            )
        else:
            lines.append(("Camera", f"not available: {self._proc} cannot be read"))
        return lines
