"""The break-timing presets offered in the settings dialog (docs/evidence.md).

A preset only sets the rhythm: micro-break and long-break interval and length. Everything else (work
hours, warning, snoozes, cards, health answers) is the person's own and stays as it is, so picking a
preset never undoes other choices. ``detect_preset`` lets the dialog show which preset the current
values match ("Custom" when none does).

How each preset maps onto the two kinds of break the planner knows:

* ``evidence``: the defaults. A 30-s micro-break every 30 min (McLean et al. 2001) and a 5-min long
  break every 60 min (Galinsky et al. 2007).
* ``pomodoro``: "25/5, with 15 min after four". The 5-min pause every 25 min is the micro-break
  (300 s, the longest micro-break the settings accept); every fourth one (every 100 min) is the long
  break of 15 min. When both fall due together the long break wins, so the fourth pause is the long
  one, as in the classic technique.
* ``move_more``: "a 5-min walk every 30 min" (Duran et al. 2023). The walk is the long break: 5 min
  every 30 min. A long break can never come more often than a micro-break, so the micro-break
  shares the 30-min rhythm (and is taken over by the walk whenever both are due); it keeps its short
  30 s so that, should the person move the walk further apart, a brief stretch still comes every
  half hour. No extra micro-break in between: interruptions are why break tools get abandoned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from posture_break.core.settings import LongSettings, MicroSettings, Settings


@dataclass(frozen=True)
class Preset:
    key: str
    label: str  # English source text; the UI translates it
    micro: MicroSettings
    long: LongSettings

    def apply(self, settings: Settings) -> Settings:
        return settings.replace(micro=self.micro, long=self.long)

    def matches(self, settings: Settings) -> bool:
        return settings.micro == self.micro and settings.long == self.long


EVIDENCE = Preset("evidence", "Evidence-based", MicroSettings(), LongSettings())
POMODORO = Preset(
    "pomodoro",
    "Pomodoro 25/5 + 15 after four",
    MicroSettings(every_minutes=25, seconds=300),
    LongSettings(every_minutes=100, minutes=15),
)
MOVE_MORE = Preset(
    "move_more",
    "Move more: 5-min walk every 30 min",
    MicroSettings(every_minutes=30, seconds=30),
    LongSettings(every_minutes=30, minutes=5),
)

PRESETS: tuple[Preset, ...] = (EVIDENCE, POMODORO, MOVE_MORE)
BY_KEY: dict[str, Preset] = {p.key: p for p in PRESETS}


def evidence_based(settings: Settings) -> Settings:
    return EVIDENCE.apply(settings)


def pomodoro(settings: Settings) -> Settings:
    return POMODORO.apply(settings)


def move_more(settings: Settings) -> Settings:
    return MOVE_MORE.apply(settings)


APPLY: dict[str, Callable[[Settings], Settings]] = {
    "evidence": evidence_based,
    "pomodoro": pomodoro,
    "move_more": move_more,
}


def apply_preset(key: str, settings: Settings) -> Settings:
    """``settings`` with the rhythm of preset ``key``; KeyError for an unknown key."""
    return BY_KEY[key].apply(settings)


def detect_preset(settings: Settings) -> str | None:
    """The key of the preset whose rhythm ``settings`` has, or None (custom)."""
    for preset in PRESETS:
        if preset.matches(settings):
            return preset.key
    return None
