"""The journal's line format: one JSON line per break, a header line first.

``record_line`` and ``header_line`` write lines; ``parse_record`` and ``parse_header`` read them,
checking every field as strictly as the history's own rules (a line that fails says why).
``fast_records`` is the bulk path: a whole file of lines exactly as ``record_line`` writes them
taken in one regex scan, the matched strings handed to SQLite as they are (``fast_sql``).
core/sync.py reads and writes the files; this module knows only the lines.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from posture_break.core.limits import MAX_DURATION_S, MAX_SNOOZES, MAX_YEAR, MIN_YEAR
from posture_break.core.model import KINDS, OUTCOMES
from posture_break.core.sync_identity import MACHINE_RE, Identity

JOURNAL_FORMAT = 1


def header_line(identity: Identity) -> bytes:
    head = {
        "journal": "posture-break",
        "format": JOURNAL_FORMAT,
        "machine": identity.machine_id,
        "name": identity.name,
        "nonce": identity.nonce,
        "since": identity.since,
    }
    return (json.dumps(head, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def record_line(machine: str, row: Sequence[Any]) -> bytes:
    """One journal line from a breaks row (record_id, due_at, ended_at, kind, outcome, snoozes,
    card_ids, duration_s)."""
    record_id, due_at, ended_at, kind, outcome, snoozes, card_ids, duration_s = row
    rec = {
        "id": record_id,
        "machine": machine,
        "due_at": due_at,
        "ended_at": ended_at,
        "kind": kind,
        "outcome": outcome,
        "snoozes": snoozes,
        "card_ids": [c for c in card_ids.split(";") if c],
        "duration_s": duration_s,
    }
    return (json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


_RECORD_ID_RE = re.compile(r"^[0-9A-Za-z-]{8,64}$")
# Times as the app writes them (isoformat, seconds, with offset); they are stored as they come.
_TIME_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
_KINDS = frozenset(KINDS)
_OUTCOMES = frozenset(OUTCOMES)
_decode = json.JSONDecoder().decode


def _time(value: object, name: str) -> datetime:
    if not isinstance(value, str) or not _TIME_RE.match(value):
        raise ValueError(f"{name} is not a time like 2026-03-02T09:00:00+01:00")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} is not a time that exists") from None


_T = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"
_CARD = r'"[^"\\;,\x00-\x1f]{1,100}"'
# A line exactly as record_line writes it: one C-speed match instead of a JSON parse. Anything
# else (another writer's spacing, a newer field) goes the slower, general way below.
_CANONICAL = re.compile(
    rf'\{{"id":"([0-9A-Za-z-]{{8,64}})","machine":"([0-9a-f]{{8,32}})",'
    rf'"due_at":"({_T})","ended_at":"({_T})","kind":"(micro|long)",'
    rf'"outcome":"({"|".join(OUTCOMES)})","snoozes":(0|[1-9]\d{{0,6}}),'
    rf'"card_ids":\[((?:{_CARD}(?:,{_CARD})*)?)\],"duration_s":(0|[1-9]\d{{0,6}})\}}'
)


# --- the bulk path: a whole file of canonical lines in one C-speed regex scan ---------------
#
# Every field is checked by the pattern itself, as strictly as parse_record checks it: times of
# years MIN_YEAR..MAX_YEAR that exist (days of each month, 29 February of leap years only), hours
# 00-23, offsets up to 14 h; snoozes 0..MAX_SNOOZES, duration_s 0..MAX_DURATION_S; at most
# _FAST_MAX_CARDS card ids. The matched strings go to SQLite as they are: it computes due_ts
# (strftime('%s') reads the offset) and joins the card ids with ';'. A file with any line the
# pattern does not take (a foreign writer, a damaged or torn line, a blank line) is read the
# general way, line by line, with a reason for each line skipped.
_D2 = "(?:0[1-9]|1[0-9]|2[0-8])"
_YEAR = "(?:19[7-9][0-9]|20[0-9][0-9])"  # 2100 (MAX_YEAR) separately: it is not a leap year
_LEAP = "(?:19[79][26]|198[048]|20(?:[02468][048]|[13579][26]))"
_DATE = (
    rf"(?:(?:{_YEAR}|2100)-(?:(?:0[1-9]|1[0-2])-{_D2}|(?:0[13-9]|1[0-2])-(?:29|30)"
    rf"|(?:0[13578]|1[02])-31)|{_LEAP}-02-29)"
)
# Offsets up to 14:00, the widest in use and the widest SQLite reads (a larger one goes the
# general way, which takes up to 23:59 as Python does).
_CLOCK = "(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9][+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00)"
_FAST_TIME = rf"{_DATE}T{_CLOCK}"
_FAST_MAX_CARDS = 32
_FAST_CARD = r'"[^"\\;,\x00-\x1f\n]{1,100}"'
_SNOOZES_RE = "0|[1-9][0-9]{0,2}|1000"  # MAX_SNOOZES
_DURATION_RE = "0|[1-9][0-9]{0,3}|[1-7][0-9]{4}|8[0-5][0-9]{3}|86[0-3][0-9]{2}|86400"  # 24 h
# The longest line the pattern takes (record id 64, 32 cards of 100 characters in UTF-8): a
# journal read with a smaller max_line goes the general way, which says which lines are too long.
FAST_MAX_LINE = 300 + 64 + _FAST_MAX_CARDS * (100 * 4 + 3)
_FAST_SQL: dict[str, str] = {}
_FAST_RE: dict[str, re.Pattern[str]] = {}


def _fast_pattern(machine: str) -> re.Pattern[str]:
    pattern = _FAST_RE.get(machine)
    if pattern is None:
        pattern = re.compile(
            rf'^\{{"id":"([0-9A-Za-z-]{{8,64}})","machine":"{machine}",'
            rf'"due_at":"({_FAST_TIME})","ended_at":"({_FAST_TIME})","kind":"(micro|long)",'
            rf'"outcome":"({"|".join(OUTCOMES)})","snoozes":({_SNOOZES_RE}),'
            rf'"card_ids":\[((?:{_FAST_CARD}(?:,{_FAST_CARD}){{0,{_FAST_MAX_CARDS - 1}}})?)\],'
            rf'"duration_s":({_DURATION_RE})\}}$',
            re.MULTILINE,
        )
        _FAST_RE[machine] = pattern
    return pattern


def fast_sql(machine: str) -> str:
    """The insert for rows of _fast_pattern (machine is checked by MACHINE_RE: hex only)."""
    sql = _FAST_SQL.get(machine)
    if sql is None:
        assert MACHINE_RE.match(machine), machine
        sql = (
            "INSERT OR IGNORE INTO breaks (record_id, due_at, ended_at, kind, outcome, snoozes, "
            "card_ids, duration_s, due_ts, machine) VALUES (?1, ?2, ?3, ?4, ?5, "
            "CAST(?6 AS INTEGER), replace(replace(?7, '\"', ''), ',', ';'), "
            f"CAST(?8 AS INTEGER), CAST(strftime('%s', ?2) AS INTEGER), '{machine}')"
        )
        _FAST_SQL[machine] = sql
    return sql


def fast_records(text: str, machine: str) -> list[tuple[str, ...]] | None:
    """The records of ``text`` (whole lines, each ending in a line end) when every line is a
    canonical record of ``machine`` the pattern takes, else None (read it line by line)."""
    found = _fast_pattern(machine).findall(text)
    if len(found) != text.count("\n"):
        return None
    return found


_MIDNIGHTS: dict[str, int] = {}


def _epoch(text: str) -> int:
    """Unix seconds of a time shaped like _T; a day's midnight is computed once per offset."""
    key = text[:10] + text[19:]
    base = _MIDNIGHTS.get(key)
    if base is None:
        if not MIN_YEAR <= int(text[:4]) <= MAX_YEAR:
            raise ValueError(f"{text} is outside the years {MIN_YEAR}-{MAX_YEAR}")
        try:
            base = int(datetime.fromisoformat(text[:10] + "T00:00:00" + text[19:]).timestamp())
        except ValueError:
            raise ValueError("a time that does not exist") from None
        if len(_MIDNIGHTS) > 100_000:
            _MIDNIGHTS.clear()
        _MIDNIGHTS[key] = base
    h, m, sec = int(text[11:13]), int(text[14:16]), int(text[17:19])
    if h > 23 or m > 59 or sec > 59:
        raise ValueError("a time that does not exist")
    return base + h * 3600 + m * 60 + sec


def parse_record(line: bytes | str, machine: str) -> tuple[Any, ...]:
    """A journal line -> a breaks row (due_at, due_ts, ended_at, kind, outcome, snoozes,
    card_ids, duration_s, machine, record_id). Raises ValueError with the reason."""
    text = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
    m = _CANONICAL.fullmatch(text)
    if m is not None and m.group(2) == machine:
        record_id, _m, due_s, ended_s, kind, outcome, snoozes_s, cards, duration_s = m.groups()
        due_ts = _epoch(due_s)
        _epoch(ended_s)
        snoozes, duration = int(snoozes_s), int(duration_s)
        if snoozes > MAX_SNOOZES or duration > MAX_DURATION_S:
            raise ValueError("snoozes and duration_s out of range")
        card_ids = cards.replace('"', "").replace(",", ";")
    else:
        try:
            rec = _decode(line if isinstance(line, str) else line.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise ValueError("not JSON") from None
        if type(rec) is not dict:
            raise ValueError("not a JSON object")
        if rec.get("machine") != machine:
            raise ValueError(f"written for machine {str(rec.get('machine'))[:40]!r}, not {machine}")
        record_id = rec.get("id")
        if type(record_id) is not str or not _RECORD_ID_RE.match(record_id):
            raise ValueError("no valid record id")
        due_s, ended_s = rec.get("due_at"), rec.get("ended_at")
        _time(due_s, "due_at")
        _time(ended_s, "ended_at")
        assert isinstance(due_s, str) and isinstance(ended_s, str)
        due_ts = _epoch(due_s)
        _epoch(ended_s)
        kind, outcome = rec.get("kind"), rec.get("outcome")
        if kind not in _KINDS or outcome not in _OUTCOMES:
            raise ValueError("unknown kind or outcome")
        snoozes, duration = rec.get("snoozes", 0), rec.get("duration_s", 0)
        if type(snoozes) is not int or type(duration) is not int:
            raise ValueError("snoozes and duration_s must be whole numbers")
        if not (0 <= snoozes <= MAX_SNOOZES and 0 <= duration <= MAX_DURATION_S):
            raise ValueError("snoozes and duration_s out of range")
        card_list = rec.get("card_ids", [])
        if type(card_list) is not list:
            raise ValueError("card_ids must be a list of card ids")
        for c in card_list:
            if type(c) is not str or ";" in c or len(c) > 100:
                raise ValueError("card_ids must be a list of card ids")
        card_ids = ";".join(card_list)
    return (due_s, due_ts, ended_s, kind, outcome, snoozes, card_ids, duration, machine, record_id)


def parse_header(line: bytes) -> dict[str, str] | None:
    try:
        head = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(head, dict) or head.get("journal") != "posture-break":
        return None
    return {k: str(head.get(k, ""))[:200] for k in ("machine", "name", "nonce", "since")}
