"""The weekly review in the shell: a calendar job, one notification, the charts on that week.

The job is a ``CronTrigger`` at the end of the person's last work range of the week
(:func:`posture_break.core.review.review_time`), in their time zone. When it runs, the week's
stats are read from the store and worded by :func:`posture_break.core.review.review_text`; a week
with no breaks shows nothing. The notification has its own :class:`Notifier` (own id, own
actions), so it neither replaces a break warning nor is replaced by one; its one action
("default": also what clicking the notification does) opens the charts window on that week.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from posture_break.core import review

log = logging.getLogger("posture_break")

CONTEXT = "review"
ACTION = "default"
TIMEOUT_MS = 10 * 60 * 1000  # a summary to read, not an alarm: it may stay a while


def messages() -> dict[str, str]:
    return {k: QCoreApplication.translate(CONTEXT, v) for k, v in review.MESSAGES.items()}


def area_words() -> dict[str, str]:
    return {k: QCoreApplication.translate(CONTEXT, v) for k, v in review.AREA_WORDS.items()}


class WeeklyReview(QObject):
    """Arms the review job on the alarm and shows the review when it runs."""

    def __init__(
        self,
        controller: Any,
        show_week: Callable[[date], None],
        notifier: Any = None,
    ) -> None:
        super().__init__(controller)
        self.controller = controller
        self.show_week = show_week
        self._notifier = notifier
        self.week: date | None = None  # the Monday of the week last reviewed
        self.shown = 0
        if notifier is not None:
            notifier.action_invoked.connect(self._action)

    @property
    def notifier(self) -> Any:
        if self._notifier is None:
            from posture_break.ui.notify import Notifier

            self._notifier = Notifier(self, timeout_ms=TIMEOUT_MS)
            self._notifier.action_invoked.connect(self._action)
        return self._notifier

    def arm(self, alarm: Any, settings: Any) -> None:
        """(Re)arm the review job for ``settings`` (the caller has cleared the calendar)."""
        when = review.review_time(settings) if settings.app.weekly_review else None
        if when is None:
            return
        day, hour, minute = when
        alarm.cron(review.JOB_ID, self.run, day_of_week=day, hour=hour, minute=minute)

    def run(self) -> None:
        """The job: sum up the week that is ending; nothing when it had no breaks."""
        from posture_break.core.stats import weekly_summary

        c = self.controller
        now = c.clock.now()
        monday = review.reviewed_week(now)
        try:
            summary = weekly_summary(
                c.store,
                c.settings,
                monday,
                now.tzinfo,
                today=now.date(),
                card_areas=c.card_areas(),
            )
        except Exception as exc:  # a damaged or locked history: no review, never a traceback
            log.warning("weekly review skipped: %s", exc)
            return
        text = review.review_text(summary, messages(), area_words())
        if text is None:
            log.info("weekly review: no breaks in %s, nothing shown", summary.week)
            return
        self.week = monday
        self.shown += 1
        words = messages()
        self.notifier.warn(words["title"], text, [(ACTION, words["open"])], timeout_ms=TIMEOUT_MS)
        log.info("weekly review shown for %s: %s", summary.week, text)

    def _action(self, key: str) -> None:
        if key == ACTION and self.week is not None:
            log.info("weekly review: opening the charts on %s", self.week.isoformat())
            self.notifier.close()  # answered: it need not stay on screen
            self.show_week(self.week)

    def shutdown(self) -> None:
        if self._notifier is not None:
            self._notifier.shutdown()
