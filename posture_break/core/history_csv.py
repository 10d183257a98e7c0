"""The history as CSV: export and a strict, all-or-nothing import.

The format (docs/contracts.md): ``due_at,ended_at,kind,outcome,snoozes,card_ids,duration_s``,
UTF-8, a header row, ``\\n`` line ends, times exactly as stored (ISO-8601 with offset,
seconds). Export then import into an empty history then export gives the same bytes, so the file
is a faithful backup. Import checks every row before anything is written: a person who edited the
file in a spreadsheet learns every bad row by its number at once, and a half-imported history
never happens.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from posture_break.core.limits import MAX_DURATION_S, MAX_SNOOZES, count_problem, time_problem
from posture_break.core.model import KINDS, OUTCOMES, BreakRecord

HEADER: tuple[str, ...] = (
    "due_at",
    "ended_at",
    "kind",
    "outcome",
    "snoozes",
    "card_ids",
    "duration_s",
)
# The export adds the machine that recorded each break (its sync id, docs/sync.md); import takes
# files with or without it.
EXPORT_HEADER: tuple[str, ...] = (*HEADER, "machine")
MAX_BAD_ROWS_SHOWN = 20
#: Reading stops after this many bad rows: memory stays bounded whatever the file holds.
MAX_PROBLEMS = 1000
_COUNT_RE = re.compile(r"\A[0-9]{1,40}\Z")
_MACHINE_RE = re.compile(r"^([0-9a-f]{8,32})?$")


def _when(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def record_row(rec: BreakRecord) -> list[str]:
    return [
        _when(rec.due_at),
        _when(rec.ended_at),
        rec.kind,
        rec.outcome,
        str(rec.snoozes),
        ";".join(rec.card_ids),
        str(rec.duration_s),
    ]


def export_csv(records: Iterable[BreakRecord], machines: Iterable[str] | None = None) -> str:
    """The whole CSV text (header included) for ``records``, in the order given.

    With ``machines`` (one machine id per record) the file has the ``machine`` column.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if machines is None:
        writer.writerow(HEADER)
        for rec in records:
            writer.writerow(record_row(rec))
    else:
        writer.writerow(EXPORT_HEADER)
        for rec, machine in zip(records, machines, strict=True):
            writer.writerow([*record_row(rec), machine])
    return out.getvalue()


@dataclass(frozen=True)
class RowProblem:
    row: int  # the line of the file, the header being row 1 (what a spreadsheet shows)
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


def _parse_time(value: str, column: str) -> datetime:
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"bad timestamp in {column}: {value[:40]!r}") from None
    if when.tzinfo is None:
        raise ValueError(f"bad timestamp in {column}: {value[:40]!r} has no UTC offset")
    problem = time_problem(when)
    if problem:
        raise ValueError(f"bad timestamp in {column}: {problem}")
    return when


def _parse_count(value: str, column: str, high: int) -> int:
    text = value.strip()
    if text.startswith("-") and _COUNT_RE.match(text[1:]):
        number = -int(text[1:])
    elif _COUNT_RE.match(text):
        number = int(text)
    else:
        raise ValueError(f"{column} is not a whole number: {value[:40]!r}")
    problem = count_problem(number, column, high)
    if problem:
        raise ValueError(problem)
    return number


def parse_row(fields: list[str], known_card_ids: Collection[str] | None) -> BreakRecord:
    """One data row -> a record. Raises ValueError with the reason."""
    if len(fields) != len(HEADER):
        raise ValueError(f"wrong column count: expected {len(HEADER)}, found {len(fields)}")
    due_s, ended_s, kind, outcome, snoozes_s, cards_s, duration_s = fields
    due_at = _parse_time(due_s, "due_at")
    ended_at = _parse_time(ended_s, "ended_at")
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r} (expected {' or '.join(KINDS)})")
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r} (expected {', '.join(OUTCOMES)})")
    if ended_at < due_at:
        raise ValueError(f"ended_at {ended_s!r} is before due_at {due_s!r}")
    snoozes = _parse_count(snoozes_s, "snoozes", MAX_SNOOZES)
    duration = _parse_count(duration_s, "duration_s", MAX_DURATION_S)
    card_ids = tuple(c for c in cards_s.split(";") if c)
    if known_card_ids is not None:
        unknown = [c for c in card_ids if c not in known_card_ids]
        if unknown:
            raise ValueError(f"unknown card id {', '.join(map(repr, unknown))}")
    return BreakRecord(
        due_at=due_at,
        ended_at=ended_at,
        kind=kind,
        outcome=outcome,
        snoozes=snoozes,
        card_ids=card_ids,
        duration_s=duration,
    )


def parse_csv(
    text: str, known_card_ids: Collection[str] | None = None
) -> tuple[list[BreakRecord], list[RowProblem]]:
    """Every record of a history CSV, and every problem found (empty when the file is good).

    Blank lines are ignored. ``known_card_ids`` = None accepts any card id.
    """
    records, _machines, problems = parse_csv_machines(text, known_card_ids)
    return records, problems


def parse_csv_machines(
    text: str, known_card_ids: Collection[str] | None = None
) -> tuple[list[BreakRecord], list[str], list[RowProblem]]:
    """Like parse_csv, plus the machine id of each record ('' when the file has no such column)."""
    if text.startswith("\ufeff"):  # a spreadsheet's byte-order mark
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[BreakRecord] = []
    machines: list[str] = []
    problems: list[RowProblem] = []
    # (due instant, kind, machine) -> (row, record): the history keeps one break per triple, so
    # two rows of one file that differ for the same one are a conflict to report, not to drop.
    seen: dict[tuple[int, str, str], tuple[int, BreakRecord]] = {}
    try:
        header = next(reader, None)
        if header is None:
            return [], [], [RowProblem(1, "the file is empty (expected a header row)")]
        names = tuple(h.strip() for h in header)
        if names not in (HEADER, EXPORT_HEADER):
            problems.append(
                RowProblem(
                    1,
                    "the header should be " + ",".join(HEADER) + " (and optionally ,machine)",
                )
            )
            return [], [], problems
        with_machine = names == EXPORT_HEADER
        row_start = reader.line_num + 1
        for fields in reader:
            if not fields or fields == [""]:
                row_start = reader.line_num + 1
                continue
            try:
                machine = ""
                if with_machine:
                    if len(fields) != len(EXPORT_HEADER):
                        raise ValueError(
                            f"wrong column count: expected {len(EXPORT_HEADER)}, "
                            f"found {len(fields)}"
                        )
                    machine = fields.pop().strip()
                    if not _MACHINE_RE.match(machine):
                        raise ValueError(f"machine {machine[:40]!r} is not a machine id")
                rec = parse_row(fields, known_card_ids)
            except ValueError as exc:
                problems.append(RowProblem(row_start, str(exc)))
            else:
                key = (int(rec.due_at.timestamp()), rec.kind, machine)
                earlier = seen.get(key)
                if earlier is None:
                    seen[key] = (row_start, rec)
                    records.append(rec)
                    machines.append(machine)
                elif earlier[1] != rec:
                    problems.append(
                        RowProblem(
                            row_start,
                            f"conflicts with row {earlier[0]} (the same {rec.kind} break, due "
                            f"{_when(rec.due_at)}, with different values)",
                        )
                    )
            if len(problems) >= MAX_PROBLEMS:
                problems.append(
                    RowProblem(reader.line_num, f"stopped reading after {MAX_PROBLEMS} bad rows")
                )
                break
            row_start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(RowProblem(reader.line_num, f"not valid CSV ({exc})"))
    return records, machines, problems
