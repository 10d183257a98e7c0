"""The ``stats``, ``export`` and ``import`` subcommands (cli.py parses the arguments).

No Qt here: these run without a display. Exit codes (docs/contracts.md): 0 ok, 1 failure with a
one-line reason on stderr (per bad row for import), 2 usage error.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import sys
from collections.abc import Collection, Mapping, Sequence
from datetime import date, tzinfo
from pathlib import Path

from posture_break.core import history_csv, stats
from posture_break.core.limits import MAX_IMPORT_BYTES
from posture_break.core.paths import write_private_atomic
from posture_break.core.safe_read import FileRefused, read_capped
from posture_break.core.settings import Settings
from posture_break.core.stats import History
from posture_break.core.store import Store, StoreError

FORMATS = ("table", "json", "csv")
_COLUMNS = ("done", "natural", "skipped", "missed", "unconfirmed", "snoozes", "active_minutes")


def _err(message: str) -> None:
    print(f"posture-break: {message}", file=sys.stderr)


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{round(rate * 100)}%"


def format_table(summary: stats.WeekSummary) -> str:
    end = summary.start.toordinal() + 6
    title = f"Week {summary.week}  ({summary.start:%a %d %b} - {date.fromordinal(end):%a %d %b %Y})"
    head = f"{'day':<12}" + "".join(f"{c.replace('_', ' '):>16}" for c in _COLUMNS)
    lines = [title, "", head]
    for d in summary.days:
        values = [getattr(d, c) for c in _COLUMNS]
        lines.append(f"{d.day:%a %d %b}".ljust(12) + "".join(f"{v:>16}" for v in values))
    t = summary.totals
    values = [getattr(t, c) for c in _COLUMNS]
    lines.append("total".ljust(12) + "".join(f"{v:>16}" for v in values))
    lines.append("")
    lines.append(f"completion rate  {_percent(summary.completion_rate)}")
    if t.unconfirmed:
        lines.append(f"                 ({t.unconfirmed} unconfirmed left out: nothing saw them)")
    lines.append(f"streak           {summary.streak_days} work day(s) at the daily goal")
    covered = [f"{a.replace('_', ' ')} {n}" for a, n in summary.areas.items() if n]
    lines.append("areas            " + (", ".join(covered) if covered else "-"))
    return "\n".join(lines) + "\n"


def format_csv(summary: stats.WeekSummary) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("date", *stats.Counts().to_json()))
    for d in summary.days:
        j = d.to_json()
        writer.writerow([j[k] for k in ("date", *stats.Counts().to_json())])
    writer.writerow(["total", *summary.totals.to_json().values()])
    return out.getvalue()


def run_stats(
    store: History,
    settings: Settings,
    *,
    week: str | None,
    fmt: str,
    tz: tzinfo,
    today: date,
    card_areas: Mapping[str, Sequence[str]],
) -> int:
    if fmt not in FORMATS:
        _err(f"--format must be one of {', '.join(FORMATS)}")
        return 2
    if week is None:
        monday = stats.monday_of(today)
    else:
        try:
            monday = stats.parse_week(week)
        except ValueError as exc:
            _err(f"--week: {exc}")
            return 2
    try:
        summary = stats.weekly_summary(
            store, settings, monday, tz, today=today, card_areas=card_areas
        )
    except StoreError as exc:
        _err(str(exc))
        return 1
    if store.skipped:
        _err(f"left out {store.skipped} malformed row(s) of the history (edited by another tool)")
    if fmt == "json":
        sys.stdout.write(json.dumps(summary.to_json(), indent=2) + "\n")
    elif fmt == "csv":
        sys.stdout.write(format_csv(summary))
    else:
        sys.stdout.write(format_table(summary))
    return 0


def _is_protected(real: Path, protected: Collection[Path]) -> bool:
    """The app's own files, and everything named after one (``history.sqlite3-wal``,
    ``history.sqlite3.corrupt-...``) in the same folder."""
    for own in protected:
        own_real = Path(os.path.realpath(own))
        if real.parent == own_real.parent and real.name.startswith(own_real.name):
            return True
    return False


def _write_special(out: Path, text: str) -> None:
    """Write to a FIFO or a character device (``/dev/stdout``, a terminal) in place."""
    fd = os.open(out, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        os.set_blocking(fd, True)
        data = memoryview(text.encode("utf-8"))
        while data:
            data = data[os.write(fd, data) :]
    finally:
        os.close(fd)


def run_export(
    store: Store,
    out: Path | None,
    protected: Collection[Path] = (),
    machine_id: str | None = None,
) -> int:
    """Write the history as CSV to ``out`` (stdout when None). ``protected`` are the app's own
    files, never written: the history, its journal, the settings, the log. With ``machine_id``
    (this machine's sync id) the CSV has the ``machine`` column."""
    mode: int | None = None
    if out is not None:
        real = Path(os.path.realpath(out))
        if _is_protected(real, protected):
            _err(f"--out {out}: that is posture-break's own file; choose another name")
            return 2
        try:
            mode = os.stat(out).st_mode
        except FileNotFoundError:
            mode = None
        except OSError as exc:
            _err(f"{out}: cannot write ({exc.strerror or exc})")
            return 1
        writable = (stat.S_ISREG, stat.S_ISFIFO, stat.S_ISCHR)
        if mode is not None and not any(test(mode) for test in writable):
            _err(f"{out}: not a file, a FIFO or a terminal; nothing written")
            return 1
    try:
        if machine_id is None:
            text = history_csv.export_csv(store.all_records())
        else:
            from posture_break.core.sync_machines import records_with_machines

            pairs = list(records_with_machines(store, machine_id))
            text = history_csv.export_csv((r for r, _ in pairs), (m for _, m in pairs))
    except StoreError as exc:
        _err(str(exc))
        return 1
    if store.skipped:
        _err(
            f"skipped {store.skipped} malformed row(s) of the history (edited by another tool); "
            "every other row is exported"
        )
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    try:
        if mode is not None and not stat.S_ISREG(mode):
            _write_special(out, text)
            return 0
        write_private_atomic(out, text)
    except OSError as exc:
        _err(f"{out}: cannot write ({exc.strerror or exc})")
        return 1
    rows = text.count("\n") - 1
    print(f"Exported {rows} break{'s' if rows != 1 else ''} to {out}.")
    return 0


def run_import(
    store: Store, path: Path, known_card_ids: Collection[str], machine_id: str | None = None
) -> int:
    try:
        raw = read_capped(path, MAX_IMPORT_BYTES)
    except FileRefused as exc:
        _err(f"{path}: {exc.reason}; nothing imported")
        return 1
    except OSError as exc:
        _err(f"{path}: cannot read ({exc.strerror or exc})")
        return 1
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        _err(f"{path}: not UTF-8 text (byte {exc.start}); nothing imported")
        return 1
    records, machines, problems = history_csv.parse_csv_machines(text, frozenset(known_card_ids))
    if problems:
        stopped = len(problems) > history_csv.MAX_PROBLEMS
        bad = problems[:-1] if stopped else problems
        for problem in bad[: history_csv.MAX_BAD_ROWS_SHOWN]:
            print(f"{path}: {problem}", file=sys.stderr)
        more = len(bad) - history_csv.MAX_BAD_ROWS_SHOWN
        if more > 0:
            print(f"{path}: ... and {more} more bad rows", file=sys.stderr)
        if stopped:
            print(f"{path}: {problems[-1]}", file=sys.stderr)
        count = f"{history_csv.MAX_PROBLEMS}+" if stopped else str(len(problems))
        _err(f"{path}: {count} bad row(s); nothing imported")
        return 1
    try:
        # a break this machine recorded (its own id in the file) is local again
        here = [("" if m == machine_id else m) for m in machines]
        added = store.import_records(records, here)
    except StoreError as exc:
        _err(str(exc))
        return 1
    print(f"Imported {added} breaks ({len(records) - added} already there).")
    return 0
