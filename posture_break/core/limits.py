"""The plausible range of every number and date that comes from outside (a CSV, the command line,
a history file edited by hand). Checked at the edge, so the rest of core never meets a year 0, a
snooze count of 10**22 or a duration of 292 billion years.
"""

from __future__ import annotations

from datetime import date, datetime

MIN_YEAR = 1970
MAX_YEAR = 2100
#: Snoozes of one break (the settings allow at most 10 in a row).
MAX_SNOOZES = 1000
#: Seconds spent on the cards of one break (a long break is at most an hour).
MAX_DURATION_S = 24 * 3600
#: Size of a history CSV to import (about 1.5 million rows: decades of breaks).
MAX_IMPORT_BYTES = 128 * 1024 * 1024


def date_problem(day: date) -> str | None:
    """Why ``day`` is outside what the app handles, or None."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        return f"{day.isoformat()} is outside the years {MIN_YEAR}-{MAX_YEAR}"
    return None


def time_problem(when: datetime) -> str | None:
    """Why an aware time is outside the years the history holds, or None."""
    if not MIN_YEAR <= when.year <= MAX_YEAR:
        return f"{when.isoformat()} is outside the years {MIN_YEAR}-{MAX_YEAR}"
    return None


def count_problem(value: int, column: str, high: int) -> str | None:
    if value < 0:
        what = "negative duration" if column == "duration_s" else f"negative {column}"
        return f"{what}: {value}"
    if value > high:
        return f"{column} {value} is more than {high}"
    return None
