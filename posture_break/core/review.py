"""The weekly review: when it comes and what it says, as pure functions.

At the end of the person's last work span of the week the app shows one desktop notification
summing the week up ("23 breaks done, 78 %, neck and shoulders most often") with an action that
opens the charts on that week. The shell schedules it as a weekly calendar job at
:func:`review_time` and words it with :func:`review_text` from the week's
:class:`~posture_break.core.stats.WeekSummary`. A week with no breaks at all gets no review.

The wording is a table of plain format strings (:data:`MESSAGES`), translated by the UI in one
place (context "review"), like core/status.py's.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from posture_break.core.i18n import QT_TRANSLATE_NOOP
from posture_break.core.model import WEEKDAYS
from posture_break.core.settings import AREAS, Settings

if TYPE_CHECKING:  # the statistics are imported when a review runs, not kept all week
    from posture_break.core.stats import WeekSummary

JOB_ID = "weekly-review"

MESSAGES: dict[str, str] = {
    "title": QT_TRANSLATE_NOOP("review", "Your week"),
    "done_one": QT_TRANSLATE_NOOP("review", "{n} break done"),
    "done_many": QT_TRANSLATE_NOOP("review", "{n} breaks done"),
    "rate": QT_TRANSLATE_NOOP("review", "{percent} %"),
    "one_area": QT_TRANSLATE_NOOP("review", "{area} most often"),
    "two_areas": QT_TRANSLATE_NOOP("review", "{first} and {second} most often"),
    "open": QT_TRANSLATE_NOOP("review", "Open the charts"),
}
# Body areas as words inside a sentence (the charts' own labels are headings).
AREA_WORDS: dict[str, str] = {
    "neck": QT_TRANSLATE_NOOP("review", "neck"),
    "shoulders": QT_TRANSLATE_NOOP("review", "shoulders"),
    "upper_back": QT_TRANSLATE_NOOP("review", "upper back"),
    "lower_back": QT_TRANSLATE_NOOP("review", "lower back"),
    "chest": QT_TRANSLATE_NOOP("review", "chest"),
    "wrists": QT_TRANSLATE_NOOP("review", "wrists"),
    "hips_legs": QT_TRANSLATE_NOOP("review", "hips and legs"),
    "eyes": QT_TRANSLATE_NOOP("review", "eyes"),
}


def review_time(settings: Settings) -> tuple[str, int, int] | None:
    """(day_of_week, hour, minute) at which the week's last work range ends, local time.

    A range ending at 24:00 ends at 00:00 of the next day. None without any work hours.
    """
    last = None
    for weekday in range(7):
        for _start, end in settings.ranges_for(weekday):
            at = weekday * 1440 + end
            if last is None or at > last:
                last = at
    if last is None:
        return None
    day = WEEKDAYS[(last // 1440) % 7]
    minute = last % 1440
    return day, minute // 60, minute % 60


def reviewed_week(fired_at: datetime) -> date:
    """The Monday of the week a review firing at ``fired_at`` (local) is about.

    It is the week of the minute before: a review at Monday 00:00 (the week's work ended at
    Sunday 24:00) is about the week that just ended.
    """
    from posture_break.core.stats import monday_of

    return monday_of((fired_at - timedelta(minutes=1)).date())


def top_areas(areas: Mapping[str, int], n: int = 2) -> list[str]:
    """The ``n`` areas done most often (ties in the order of AREAS), only those done at all."""
    ranked = sorted(
        (a for a in AREAS if areas.get(a, 0) > 0), key=lambda a: (-areas[a], AREAS.index(a))
    )
    return ranked[:n]


def review_text(
    summary: WeekSummary,
    messages: Mapping[str, str] = MESSAGES,
    area_words: Mapping[str, str] = AREA_WORDS,
) -> str | None:
    """'23 breaks done, 78 %, neck and shoulders most often'; None when the week had no breaks.

    ``messages`` and ``area_words`` are :data:`MESSAGES` and :data:`AREA_WORDS`, translated.
    """
    if summary.is_empty:
        return None
    done = summary.totals.done
    parts = [messages["done_one" if done == 1 else "done_many"].format(n=done)]
    rate = summary.completion_rate
    if rate is not None:
        parts.append(messages["rate"].format(percent=round(rate * 100)))
    top = [area_words.get(a, a) for a in top_areas(summary.areas)]
    if len(top) == 2:
        parts.append(messages["two_areas"].format(first=top[0], second=top[1]))
    elif top:
        parts.append(messages["one_area"].format(area=top[0]))
    return ", ".join(parts)
