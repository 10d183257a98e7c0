"""What the app notices about the person and the desktop, asked only when the planner wants it:
the idle reading, who keeps the screen awake (a video, a presentation), and why a due break
should wait (do-not-disturb, a fullscreen window, a call).

One job: ask the probes of posture_break/platform and hand back plain answers; the planner
decides what they mean. Every probe is imported the first time it is needed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from posture_break.core.clock import Clock
from posture_break.core.planner import Planner
from posture_break.core.settings import Settings
from posture_break.core.status import Phase

if TYPE_CHECKING:  # loaded on demand at run time
    from posture_break.platform.away import IdleInhibitors

log = logging.getLogger("posture_break")

SILENT_READINGS_S = 12.0  # idle readings come every 5 s while sampled; a longer silence is logged


class Senses:
    def __init__(
        self,
        planner: Planner,
        settings: Callable[[], Settings],
        clock: Clock,
        *,
        idle_backend: Any = None,
        do_not_disturb: Any = None,
        calls: Any = None,
    ) -> None:
        self._planner = planner
        self._settings = settings
        self._clock = clock
        self.idle_backend = idle_backend  # platform idle backend, or None (set by after_start)
        self.inhibitors: IdleInhibitors | None = None  # asked only while the person is idle
        self._dnd = do_not_disturb  # imported when a break first falls due
        self._calls = calls  # platform.calls.CallDetector, asked only while a break is due
        self._watching: str | None = None
        self._last_reading_mono: float | None = None
        self._reading_phase: Phase | None = None

    @property
    def sampling(self) -> bool:
        """Whether idle readings are wanted now and there is a backend to take them."""
        return self._planner.wants_idle_samples() and self.idle_backend is not None

    def idle_reading(self) -> float | None:
        """Seconds since the last input, when the planner wants it and a backend can say."""
        if self.idle_backend is None or not self._planner.wants_idle_samples():
            self._last_reading_mono = self._reading_phase = None
            return None
        idle = self.idle_backend.idle_seconds()
        if idle is None:
            return None
        phase = self._planner.phase
        if phase is not self._reading_phase:  # once per phase: the log shows what was observed
            self._reading_phase = phase
            log.info("idle readings while %s: idle %.1f s", phase.value, idle)
        mono = self._clock.monotonic()
        last, self._last_reading_mono = self._last_reading_mono, mono
        if last is not None and mono - last > SILENT_READINGS_S:
            # The app was frozen (SIGSTOP) or starved: this reading decides about the silence.
            log.info("idle reading after %.0f s without one: idle %.1f s", mono - last, idle)
        return float(idle)

    def watched(self, idle: float) -> bool:
        """Whether someone keeps the screen awake (a video, a presentation) while the person
        looks idle.

        Asked on the existing idle poll, and only once the idle time reaches half a micro-break:
        shorter spells are active time anyway, so there is nothing to decide before.
        """
        if self.inhibitors is None or idle < max(2.0, self._settings().micro.seconds / 2):
            return False
        who = self.inhibitors.check()
        if who != self._watching:
            self._watching = who
            log.info("idle inhibitor: %s", who or "none")
        return who is not None

    def prepare_inhibitors(self) -> None:
        """Warm-up: find out now which inhibitor lists this desktop has (a D-Bus connection, or
        two that fail). Otherwise the first idle poll past half a micro-break pays for it, and
        the sources found missing are not asked again for ten minutes either way."""
        if self.inhibitors is not None:
            self.inhibitors.check()

    def prepare_calls(self) -> None:
        """Make the call detector now (warm-up), not when a break falls due."""
        if self._settings().breaks.respect_calls and self._calls is None:
            from posture_break.platform.calls import CallDetector

            self._calls = CallDetector()

    def hold_reason(self) -> str | None:
        """Why the due break should wait (translated), or None."""
        settings = self._settings()
        if settings.breaks.respect_do_not_disturb:
            if self._dnd is None:
                from posture_break.platform.dnd import do_not_disturb

                self._dnd = do_not_disturb
            reason = self._dnd()
            if reason:
                return QCoreApplication.translate("App", reason)
        if settings.breaks.respect_calls:
            self.prepare_calls()
            found = self._calls()
            if found is not None:
                from posture_break.core.calls import describe
                from posture_break.ui.i18n import call_reasons

                return describe(found, call_reasons())
        return None

    def close(self) -> None:
        if self.idle_backend is not None:
            self.idle_backend.close()
        if self.inhibitors is not None:
            self.inhibitors.close()
