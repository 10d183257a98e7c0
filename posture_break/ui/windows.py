"""The app's other windows: the weekly stats, the settings dialog and the first-run health check.

One job: make each when it is first asked for (start-up stays light), keep one of each, bring it
to the front, and close them all at quit. What a window changes goes back through the app
(``save_settings``); the stats read the history and merge the other machines' breaks first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QWidget

from posture_break.core.clock import Clock
from posture_break.core.paths import Paths
from posture_break.core.store import Store
from posture_break.ui.sync_link import SyncLink

if TYPE_CHECKING:  # loaded on demand at run time
    from posture_break.ui.charts import StatsWindow
    from posture_break.ui.settings_dialog import SettingsHost

log = logging.getLogger("posture_break")


class Windows:
    def __init__(
        self,
        host: SettingsHost,
        store: Store,
        clock: Clock,
        paths: Paths,
        sync: SyncLink,
        *,
        notify: Callable[[str, str], None],
    ) -> None:
        self._host = host  # the app: its settings, and save_settings for what a window changes
        self._store = store
        self._clock = clock
        self._paths = paths
        self._sync = sync
        self._notify = notify
        self.open: dict[str, QWidget] = {}  # "stats", "settings", "health": made once each

    def stats_window(self) -> StatsWindow | None:
        window = self.open.get("stats")
        if window is None:
            return None
        from posture_break.ui.charts import StatsWindow  # loaded already: the window exists

        assert isinstance(window, StatsWindow)
        return window

    def merged(self, report: Any) -> None:
        """The sync folder brought breaks: a stats window on screen shows them."""
        stats_window = self.stats_window()
        if report.added and stats_window is not None and stats_window.isVisible():
            stats_window.refresh()

    def card_areas(self) -> dict[str, Any]:
        """Body areas of every card (bundled and the person's own), for the stats."""
        from posture_break.core.cards import bundled_cards_dir, load_cards

        cards, _ = load_cards([bundled_cards_dir(), self._paths.cards_dir])
        return {c.id: c.areas for c in cards}

    def show_week(self, monday: date) -> None:
        """The charts window on the week of ``monday`` (the weekly review's action)."""
        self.show_stats()
        window = self.stats_window()
        assert window is not None  # show_stats() made it
        window.set_week(monday)

    def show_stats(self) -> None:
        self._sync.merge_now()  # the other machines' newest breaks first
        window = self.stats_window()
        if window is not None:
            window.refresh()
        if window is None:
            from posture_break.ui.charts import StatsWindow

            window = StatsWindow(
                self._store,
                self._host.settings,
                self._clock.tz,
                lambda: self._clock.now().date(),
                self.card_areas(),
                identity=self._sync.identity,
            )
            self.open["stats"] = window
        window.show()
        window.raise_()
        window.activateWindow()
        log.info("window shown: stats")

    def show_settings(self) -> None:
        try:
            from posture_break.ui.settings_dialog import SettingsDialog
        except ImportError:
            self._notify(
                QCoreApplication.translate("App", "Settings"),
                QCoreApplication.translate("App", "The settings dialog is not available yet."),
            )
            return
        dialog = self.open.get("settings")
        if dialog is None:
            dialog = SettingsDialog(self._host)
            self.open["settings"] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        log.info("window shown: settings")

    def ask_health(self) -> None:
        """The first-run health check: answers become tags that hide unsuitable cards."""
        from posture_break.ui.health_dialog import HealthDialog

        host = self._host
        dialog = HealthDialog(host.settings.health.tags)
        self.open["health"] = dialog

        def answered(result: int) -> None:
            # Cancel, or quitting with the dialog open, answers nothing: it asks next time.
            if result != QDialog.DialogCode.Accepted:
                return
            health = replace(host.settings.health, asked=True, tags=tuple(dialog.tags()))
            host.save_settings(host.settings.replace(health=health))

        dialog.finished.connect(answered)
        dialog.show()

    def close(self) -> None:
        for w in self.open.values():
            w.close()
