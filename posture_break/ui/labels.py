"""The one table of body-area labels: a long one for the settings, a short one for the charts.

Both forms of an area stand side by side here, so they cannot drift apart unnoticed. The texts
are English source marked for lupdate in the context of the window that shows them, and are
translated where shown (``settings_form.AREA_LABELS``, ``stats_text.AREA_NAMES`` derive from here).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP


class AreaLabel(NamedTuple):
    long: Any  # the settings dialog's check box ("SettingsDialog" context)
    short: Any  # a chart's axis or legend, where space is tight ("StatsWindow" context)


AREA_LABELS: dict[str, AreaLabel] = {
    "neck": AreaLabel(
        QT_TRANSLATE_NOOP("SettingsDialog", "Neck"), QT_TRANSLATE_NOOP("StatsWindow", "Neck")
    ),
    "shoulders": AreaLabel(
        QT_TRANSLATE_NOOP("SettingsDialog", "Shoulders"),
        QT_TRANSLATE_NOOP("StatsWindow", "Shoulders"),
    ),
    "upper_back": AreaLabel(
        QT_TRANSLATE_NOOP("SettingsDialog", "Upper back"),
        QT_TRANSLATE_NOOP("StatsWindow", "Upper back"),
    ),
    "lower_back": AreaLabel(
        QT_TRANSLATE_NOOP("SettingsDialog", "Lower back"),
        QT_TRANSLATE_NOOP("StatsWindow", "Lower back"),
    ),
    "chest": AreaLabel(
        QT_TRANSLATE_NOOP("SettingsDialog", "Chest and posture"),
        QT_TRANSLATE_NOOP("StatsWindow", "Chest"),
    ),
    "wrists": AreaLabel(
        QT_TRANSLATE_NOOP("SettingsDialog", "Wrists and forearms"),
        QT_TRANSLATE_NOOP("StatsWindow", "Wrists"),
    ),
    "hips_legs": AreaLabel(
        QT_TRANSLATE_NOOP("SettingsDialog", "Hips and legs"),
        QT_TRANSLATE_NOOP("StatsWindow", "Hips & legs"),
    ),
    "eyes": AreaLabel(
        QT_TRANSLATE_NOOP("SettingsDialog", "Eyes"), QT_TRANSLATE_NOOP("StatsWindow", "Eyes")
    ),
}
