"""The words and numbers of the weekly stats, as the chart, its table and its tooltips write them.

Every word goes through Qt's translation (context "StatsWindow"); names kept in tables are marked
with ``QT_TRANSLATE_NOOP`` and translated where they are shown. Dates and decimals are formatted
with the QLocale of the installed interface language (:func:`display_locale`), the date patterns
themselves being translatable, so German shows "16.–22. November 2026" where English shows
"16–22 November 2026". The figures themselves come from :mod:`posture_break.core.stats`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale, QObject, QTranslator

from posture_break.core import stats
from posture_break.core.status import WEEKDAY_NAMES
from posture_break.ui import i18n, labels


class StatsText(QObject):
    """The counted (%n) texts of the stats, in their own Qt context "StatsText".

    pyside6-lupdate records a plural only for ``self.tr()`` (it reads a variable fourth argument
    of ``QCoreApplication.translate()`` as PyQt4's encoding); every other text is "StatsWindow".
    """

    def days(self, n: int) -> str:
        return self.tr("%n days", None, n)

    def rate_without_unconfirmed(self, n: int) -> str:
        return self.tr("completion rate (%n unconfirmed left out)", None, n)

    def area_count(self, n: int) -> str:
        return self.tr("{area}: %n done breaks touched this area", None, n)


SEGMENTS: tuple[str, ...] = ("done", "natural", "skipped", "missed", "unconfirmed")
# English source text, translated where drawn: translate("StatsWindow", LABELS[key]).
LABELS: dict[str, Any] = {
    "done": QT_TRANSLATE_NOOP("StatsWindow", "Done"),
    "natural": QT_TRANSLATE_NOOP("StatsWindow", "Natural"),
    "skipped": QT_TRANSLATE_NOOP("StatsWindow", "Skipped"),
    "missed": QT_TRANSLATE_NOOP("StatsWindow", "Missed"),
    # Ran out with nothing observed (no idle detection): not counted as done.
    "unconfirmed": QT_TRANSLATE_NOOP("StatsWindow", "Unconfirmed"),
}
AREA_NAMES: dict[str, Any] = {area: label.short for area, label in labels.AREA_LABELS.items()}
# Monday first, as date.weekday() counts.
WEEKDAY_SHORT: tuple[str, ...] = WEEKDAY_NAMES  # one table: core/status.py
EMPTY_WEEK_TEXT: Any = QT_TRANSLATE_NOOP(
    "StatsWindow",
    "No breaks recorded this week yet.\nYour done, skipped and natural breaks will appear here.",
)


def display_locale() -> QLocale:
    """The locale of the installed interface language: dates and decimals are written in it.

    That is the language of the app's catalogue that :func:`posture_break.ui.i18n.install` put
    in (the system's own variant of it when the system speaks that language, e.g. de_AT), and
    English when none is installed.
    """
    app = QCoreApplication.instance()
    if app is not None:
        for translator in app.findChildren(QTranslator):
            name = Path(translator.filePath()).name
            language = translator.language()
            if language and name.startswith(f"{i18n.CATALOGUE}_"):
                system = QLocale.system()
                if system.language() == QLocale(language).language():
                    return system
                return QLocale(language)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def fmt_date(day: date, pattern: str, locale: QLocale | None = None) -> str:
    """``day`` written with a QLocale date pattern (already translated) in the display locale."""
    return (locale or display_locale()).toString(QDate(day.year, day.month, day.day), pattern)


def fmt_number(value: float, locale: QLocale | None = None) -> str:
    """An axis value: whole numbers plain, others with one decimal in the locale's way."""
    if value == int(value):
        return str(int(value))
    return (locale or display_locale()).toString(float(value), "f", 1)


def fmt_minutes(value: float, locale: QLocale | None = None) -> str:
    if value >= 10 or value == int(value):
        return str(round(value))
    return (locale or display_locale()).toString(float(value), "f", 1)


def fmt_percent(percent: float) -> str:
    return QCoreApplication.translate("StatsWindow", "{n}%", "a percentage").format(
        n=fmt_number(percent)
    )


def fmt_rate(rate: float | None) -> str:
    return "–" if rate is None else fmt_percent(round(rate * 100))


def area_name(area: str) -> str:
    return QCoreApplication.translate("StatsWindow", AREA_NAMES[area])


def weekday_short(day: date) -> str:
    return QCoreApplication.translate("status", WEEKDAY_SHORT[day.weekday()])  # marked there


def empty_week_text() -> str:
    return QCoreApplication.translate("StatsWindow", EMPTY_WEEK_TEXT)


def week_span(start: date, locale: QLocale | None = None) -> str:
    """Monday to Sunday: "16–22 November 2026", "30 Nov – 6 Dec 2026", "28 Dec 2026 – 3 Jan 2027".

    The date patterns are QLocale's (d, MMM, MMMM, yyyy) and translatable, so each language puts
    day, month and year in its own order with its own punctuation; the names come from QLocale.
    """
    locale = locale or display_locale()
    end = start + timedelta(days=6)
    if start.month == end.month:
        first = fmt_date(
            start,
            QCoreApplication.translate(
                "StatsWindow", "d", "date pattern: first day of a week within one month"
            ),
            locale,
        )
        last = fmt_date(
            end,
            QCoreApplication.translate(
                "StatsWindow", "d MMMM yyyy", "date pattern: last day, same month"
            ),
            locale,
        )
        return f"{first}–{last}"
    if start.year == end.year:
        first = fmt_date(
            start,
            QCoreApplication.translate(
                "StatsWindow", "d MMM", "date pattern: first day, other month"
            ),
            locale,
        )
    else:
        first = fmt_date(
            start,
            QCoreApplication.translate(
                "StatsWindow", "d MMM yyyy", "date pattern: a day with its year"
            ),
            locale,
        )
    last = fmt_date(
        end,
        QCoreApplication.translate(
            "StatsWindow", "d MMM yyyy", "date pattern: a day with its year"
        ),
        locale,
    )
    return f"{first} – {last}"


def week_title(summary: stats.WeekSummary) -> str:
    return QCoreApplication.translate("StatsWindow", "Week {number} · {span}").format(
        number=summary.number, span=week_span(summary.start)
    )


def headline(
    summary: stats.WeekSummary, trend: Sequence[stats.TrendPoint]
) -> list[tuple[str, str]]:
    """(value, label) of the five headline figures."""
    streak = summary.streak_days
    days = (
        QCoreApplication.translate("StatsWindow", "1 day")
        if streak == 1
        else StatsText().days(streak)
    )
    rate_label = QCoreApplication.translate("StatsWindow", "completion rate")
    if summary.totals.unconfirmed:
        n = summary.totals.unconfirmed
        rate_label = StatsText().rate_without_unconfirmed(n)
    # Each label reads after its figure: "12 breaks done", "3 days streak at your goal".
    return [
        (str(summary.totals.done), QCoreApplication.translate("StatsWindow", "breaks done")),
        (
            fmt_minutes(summary.totals.active_minutes),
            QCoreApplication.translate("StatsWindow", "minutes moved"),
        ),
        (fmt_rate(summary.completion_rate), rate_label),
        (days, QCoreApplication.translate("StatsWindow", "streak at your goal")),
        (
            stats.change_text(summary, trend),
            QCoreApplication.translate("StatsWindow", "done vs last week"),
        ),
    ]


def summary_sentence(summary: stats.WeekSummary, trend: Sequence[stats.TrendPoint]) -> str:
    """The headline as one sentence, for screen readers and the table view."""
    if summary.is_empty:
        return f"{week_title(summary)}. " + empty_week_text().replace("\n", " ")
    parts = [f"{value} {label}" for value, label in headline(summary, trend)]
    return f"{week_title(summary)}: " + ", ".join(parts) + "."


def day_tooltip(day: stats.DayStats) -> str:
    lines = [
        fmt_date(
            day.day,
            QCoreApplication.translate(
                "StatsWindow", "dddd d MMMM", "date pattern: a day's tooltip"
            ),
        )
    ]
    lines.append(
        QCoreApplication.translate("StatsWindow", "Done: {n} ({minutes} min)").format(
            n=day.done, minutes=fmt_minutes(day.active_minutes)
        )
    )
    lines += [
        f"{QCoreApplication.translate('StatsWindow', LABELS[k])}: {getattr(day, k)}"
        for k in SEGMENTS[1:]
    ]
    lines.append(QCoreApplication.translate("StatsWindow", "Snoozes: {n}").format(n=day.snoozes))
    return "\n".join(lines)
