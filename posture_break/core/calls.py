"""Why a due break waits for a call: what the detectors found, as plain data (no probing here).

The detectors (``posture_break.platform.calls``) look at the audio/video graph and the camera
devices and return :class:`InUse` findings; this module only names them. A finding is what is
in use and by which application, so the tray can say "Waiting: microphone in use by Firefox".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from posture_break.core.i18n import QT_TRANSLATE_NOOP

MICROPHONE = "microphone"
CAMERA = "camera"
SCREEN = "screen"

#: the hold reason for each kind, as format strings for translation ({app} = the application)
REASONS: dict[str, str] = {
    MICROPHONE: QT_TRANSLATE_NOOP("calls", "microphone in use by {app}"),
    CAMERA: QT_TRANSLATE_NOOP("calls", "camera in use by {app}"),
    SCREEN: QT_TRANSLATE_NOOP("calls", "screen shared with {app}"),
}
UNKNOWN_APP = QT_TRANSLATE_NOOP("calls", "another application")


@dataclass(frozen=True)
class InUse:
    """One device held by another application (``pid`` 0 when unknown)."""

    kind: str  # MICROPHONE | CAMERA | SCREEN
    app: str
    pid: int = 0


def strongest(found: Sequence[InUse]) -> InUse | None:
    """The finding to show: screen sharing first (most visible), then camera, then microphone."""
    order = {SCREEN: 0, CAMERA: 1, MICROPHONE: 2}
    return min(found, key=lambda f: order.get(f.kind, 9), default=None)


def describe(found: InUse, reasons: Mapping[str, str] | None = None) -> str:
    """The hold reason for the tooltip, in ``reasons``' language (English by default)."""
    table = REASONS if reasons is None else reasons
    app = found.app or UNKNOWN_APP
    if app == UNKNOWN_APP:
        app = table.get("unknown_app", UNKNOWN_APP)
    return table[found.kind].format(app=app)
