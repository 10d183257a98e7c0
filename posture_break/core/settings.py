"""Settings: the one place defaults live, and TOML load / validate / save.

Loading never fails: a missing file gives the defaults; a file that is not valid TOML, or a value of
the wrong type or out of range, is reported in one line naming the file and the line or key, and the
default is used for just that value. The file itself is never rewritten on load. Saving writes
atomically (temp file + rename), readable by the user alone, and changes only the values that
changed: comments, key order, blank lines and keys this version does not know stay as the person
wrote them (tomlkit edits the document in place), and a key the person never wrote that is still at
its default stays absent, so a later version's better default reaches them.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posture_break.core.model import WEEKDAYS
from posture_break.core.paths import write_private_atomic

if TYPE_CHECKING:
    import tomlkit

from posture_break.core.safe_read import (
    BadToml,
    FileRefused,
    TOMLDecodeError,
    TooLarge,
    parse_toml,
    read_capped,
)

AREAS: tuple[str, ...] = (
    "neck",
    "shoulders",
    "upper_back",
    "lower_back",
    "chest",
    "wrists",
    "hips_legs",
    "eyes",
)
EQUIPMENT: tuple[str, ...] = ("wall", "ball", "foam-roller", "floor")
HEALTH_TAGS: tuple[str, ...] = (
    "anticoagulants",
    "blood-clot",
    "skin",
    "osteoporosis",
    "recent-fracture",
    "implant",
    "recent-surgery",
    "pregnancy",
    "cancer",
    "recent-injury",
    "unexplained-pain",
)
MAX_SETTINGS_BYTES = 1_000_000
#: Problems reported one by one; the rest are counted in one last line.
MAX_PROBLEMS_SHOWN = 20

# A work-hours range in minutes after midnight: (start, end), 0 <= start < end <= 1440.
Range = tuple[int, int]


@dataclass(frozen=True)
class MicroSettings:
    every_minutes: int = 30
    seconds: int = 30


@dataclass(frozen=True)
class LongSettings:
    every_minutes: int = 60
    minutes: int = 5


@dataclass(frozen=True)
class WarningSettings:
    seconds_before: int = 30


@dataclass(frozen=True)
class SnoozeSettings:
    minutes: int = 5
    max_in_a_row: int = 2


@dataclass(frozen=True)
class IdleSettings:
    natural_breaks: bool = True


@dataclass(frozen=True)
class BreakSettings:
    strict: bool = False  # no skip, no snooze
    respect_do_not_disturb: bool = True
    max_wait_minutes: int = 30  # how long a break waits for DND / fullscreen before it asks anyway
    respect_calls: bool = True  # wait while the microphone or camera is in use or the screen shared


@dataclass(frozen=True)
class CardSettings:
    focus_areas: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ("wall", "floor")
    animations: bool = True


@dataclass(frozen=True)
class HealthSettings:
    asked: bool = False
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class AppSettings:
    sounds: bool = False
    start_at_login: bool = False
    language: str = ""  # "" = follow the system
    daily_goal: int = 4
    weekly_review: bool = True  # a notification summing up the week after its last work hours


@dataclass(frozen=True)
class SyncSettings:
    folder: str = ""  # a folder a sync tool shares between machines; "" = off (core/sync.py)


def _default_work_hours() -> dict[str, tuple[Range, ...]]:
    office: tuple[Range, ...] = ((9 * 60, 18 * 60),)
    return {day: (office if day in WEEKDAYS[:5] else ()) for day in WEEKDAYS}


@dataclass(frozen=True)
class Settings:
    micro: MicroSettings = field(default_factory=MicroSettings)
    long: LongSettings = field(default_factory=LongSettings)
    warning: WarningSettings = field(default_factory=WarningSettings)
    snooze: SnoozeSettings = field(default_factory=SnoozeSettings)
    idle: IdleSettings = field(default_factory=IdleSettings)
    breaks: BreakSettings = field(default_factory=BreakSettings)
    cards: CardSettings = field(default_factory=CardSettings)
    health: HealthSettings = field(default_factory=HealthSettings)
    app: AppSettings = field(default_factory=AppSettings)
    sync: SyncSettings = field(default_factory=SyncSettings)
    work_hours: Mapping[str, tuple[Range, ...]] = field(default_factory=_default_work_hours)

    def ranges_for(self, weekday: int) -> tuple[Range, ...]:
        """Work-hours ranges of a weekday (0 = Monday), sorted."""
        return tuple(self.work_hours.get(WEEKDAYS[weekday], ()))

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


# What each key accepts: (type, low, high) for numbers, (bool,), or a tuple of allowed strings.
_INT_RANGES: dict[tuple[str, str], tuple[int, int]] = {
    ("micro", "every_minutes"): (1, 480),
    ("micro", "seconds"): (5, 300),
    ("long", "every_minutes"): (1, 480),
    ("long", "minutes"): (1, 60),
    ("warning", "seconds_before"): (0, 300),
    ("snooze", "minutes"): (1, 60),
    ("snooze", "max_in_a_row"): (0, 10),
    ("breaks", "max_wait_minutes"): (0, 240),
    ("app", "daily_goal"): (1, 50),
}
_CHOICE_LISTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("cards", "focus_areas"): AREAS,
    ("cards", "equipment"): EQUIPMENT,
    ("health", "tags"): HEALTH_TAGS,
}
# ASCII only and the whole string (\Z, not $: "de\n" is not "de"; "０９:００" is not "09:00").
_LANG_RE = re.compile(r"\A(?:|[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?)\Z")
_RANGE_RE = re.compile(r"\A([0-9]{1,2}):([0-9]{2})-([0-9]{1,2}):([0-9]{2})\Z")
_HEADER_RE = re.compile(r"^\s*\[([^\[\]]+)\]\s*(#.*)?$")

_SECTIONS: dict[str, type[Any]] = {
    "micro": MicroSettings,
    "long": LongSettings,
    "warning": WarningSettings,
    "snooze": SnoozeSettings,
    "idle": IdleSettings,
    "breaks": BreakSettings,
    "cards": CardSettings,
    "health": HealthSettings,
    "app": AppSettings,
    "sync": SyncSettings,
}


def parse_range(text: str) -> Range:
    """'09:00-18:00' -> (540, 1080). '24:00' is allowed as an end. Raises ValueError."""
    m = _RANGE_RE.match(text.strip())
    if not m:
        raise ValueError(f"{_cut(repr(text))} is not a range like 09:00-18:00")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2 != 0):
        raise ValueError(f"{text!r} has a time that does not exist")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if end <= start:
        raise ValueError(f"{text!r} ends before it starts")
    return (start, end)


def format_range(r: Range) -> str:
    return f"{r[0] // 60:02d}:{r[0] % 60:02d}-{r[1] // 60:02d}:{r[1] % 60:02d}"


def find_overlap(ranges: list[Range]) -> tuple[Range, Range] | None:
    """The first two of a day's ranges that overlap, earlier first; None when none do."""
    ordered = sorted(ranges)
    for a, b in itertools.pairwise(ordered):
        if b[0] < a[1]:
            return a, b
    return None


def check_ranges(ranges: list[Range]) -> str | None:
    """The problem with a day's ranges (overlap) in English, or None. Data: find_overlap."""
    overlap = find_overlap(ranges)
    if overlap is None:
        return None
    return f"{format_range(overlap[0])} and {format_range(overlap[1])} overlap"


def cross_check(settings: Settings) -> list[tuple[str, str]]:
    """Problems between values that are each fine on their own: (key, message)."""
    problems: list[tuple[str, str]] = []
    if settings.long.minutes * 60 <= settings.micro.seconds:
        problems.append(("long.minutes", "a long break must be longer than a micro-break"))
    if settings.long.every_minutes < settings.micro.every_minutes:
        problems.append(
            ("long.every_minutes", "long breaks cannot come more often than micro-breaks")
        )
    if settings.warning.seconds_before >= settings.micro.every_minutes * 60:
        problems.append(("warning.seconds_before", "the warning must be shorter than the interval"))
    return problems


@dataclass
class LoadResult:
    settings: Settings
    problems: list[str]
    raw: dict[str, Any]  # what the file held (unknown keys included), used when saving


def _line_of(text: str, section: str, key: str | None) -> int | None:
    """Best-effort line number of a key, so messages can point at it."""
    in_section = False
    name = rf"\"?{re.escape(section)}\"?"
    for n, line in enumerate(text.splitlines(), start=1):
        header = _HEADER_RE.match(line)
        if header:  # "[micro]", "[ micro ]  # a comment"
            in_section = header.group(1).strip().strip('"') == section
            if in_section and key is None:
                return n
            continue
        if key is None:
            if re.match(rf"^\s*{name}\s*[.=]", line):  # micro = ... / micro.seconds = ...
                return n
            continue
        key_re = rf"\"?{re.escape(key)}\"?\s*="
        if in_section and re.match(rf"^\s*{key_re}", line):
            return n
        if re.match(rf"^\s*{name}\s*\.\s*{key_re}", line):  # micro.seconds = 900
            return n
    return None


def load_settings(path: Path) -> LoadResult:
    if not os.path.lexists(path):
        return LoadResult(Settings(), [], {})
    try:
        text = read_capped(path, MAX_SETTINGS_BYTES).decode("utf-8")
    except TooLarge as exc:
        size = f"{exc.size} bytes" if exc.size is not None else f"over {MAX_SETTINGS_BYTES} bytes"
        return LoadResult(Settings(), [f"{path}: file is too large ({size}); using defaults"], {})
    except FileRefused as exc:
        return LoadResult(Settings(), [f"{path}: {exc.reason}; using defaults"], {})
    except UnicodeDecodeError:
        return LoadResult(Settings(), [f"{path}: not UTF-8 text; using defaults"], {})
    except OSError as exc:
        return LoadResult(
            Settings(), [f"{path}: cannot read ({exc.strerror or exc}); using defaults"], {}
        )
    try:
        raw = parse_toml(text)
    except TOMLDecodeError as exc:
        return LoadResult(Settings(), [f"{path}: invalid TOML: {exc}; using defaults"], {})
    except BadToml as exc:
        return LoadResult(Settings(), [f"{path}: invalid TOML: {exc.reason}; using defaults"], {})
    settings, problems = settings_from_dict(raw, path, text)
    return LoadResult(settings, problems, raw)


def settings_from_dict(
    raw: Mapping[str, Any], path: Path | str = "settings", text: str = ""
) -> tuple[Settings, list[str]]:
    problems: list[str] = []

    def where(section: str, key: str | None) -> str:
        # Line numbers for the problems shown only: looking each one up reads the whole file.
        line = _line_of(text, section, key) if text and len(problems) < MAX_PROBLEMS_SHOWN else None
        section, key = _cut(section), (_cut(key) if key else key)
        name = f"[{section}]" + (f" {key}" if key else "")
        return f"{path}: line {line}: {name}" if line else f"{path}: {name}"

    built: dict[str, Any] = {}
    for section, cls in _SECTIONS.items():
        values = raw.get(section, {})
        if not isinstance(values, Mapping):
            problems.append(f"{where(section, None)} should be a table; using defaults")
            built[section] = cls()
            continue
        defaults = cls()
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in values:
                continue
            value = values[f.name]
            default = getattr(defaults, f.name)
            ok, converted, why = _convert(section, f.name, value, default)
            if ok:
                kwargs[f.name] = converted
            else:
                problems.append(f"{where(section, f.name)} {why}; using {_show(default)}")
        known = {f.name for f in dataclasses.fields(cls)}
        for key in values:
            if key not in known:
                problems.append(f"{where(section, key)} is not a known setting (kept as it is)")
        built[section] = cls(**kwargs)

    work_hours = _default_work_hours()
    wh = raw.get("work_hours", {})
    if not isinstance(wh, Mapping):
        problems.append(f"{where('work_hours', None)} should be a table; using defaults")
    else:
        for day, value in wh.items():
            if day not in WEEKDAYS:
                problems.append(f"{where('work_hours', day)} is not a weekday (kept as it is)")
                continue
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(
                    f'{where("work_hours", day)} should be a list like ["09:00-18:00"]; '
                    "using the default"
                )
                continue
            try:
                ranges = [parse_range(v) for v in value]
            except ValueError as exc:
                problems.append(f"{where('work_hours', day)}: {exc}; using the default")
                continue
            overlap = check_ranges(ranges)
            if overlap:
                problems.append(f"{where('work_hours', day)}: {overlap}; using the default")
                continue
            work_hours[day] = tuple(sorted(ranges))
    for section in raw:
        if section not in _SECTIONS and section != "work_hours":
            problems.append(f"{where(section, None)} is not a known section (kept as it is)")

    settings = Settings(work_hours=work_hours, **built)
    for key, message in cross_check(settings):
        section, name = key.split(".")
        problems.append(f"{where(section, name)}: {message}; using defaults for the break timing")
        settings = settings.replace(
            micro=MicroSettings(), long=LongSettings(), warning=WarningSettings()
        )
        break
    if len(problems) > MAX_PROBLEMS_SHOWN:
        more = len(problems) - MAX_PROBLEMS_SHOWN
        problems = [*problems[:MAX_PROBLEMS_SHOWN], f"{path}: and {more} more problems"]
    return settings, problems


def _cut(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[: limit - 3] + "..."


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def _brief(value: Any) -> str:
    """A value as a message shows it: its repr, cut short (a 4000-digit number is not a line)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _convert(section: str, key: str, value: Any, default: Any) -> tuple[bool, Any, str]:
    if isinstance(default, bool):
        if isinstance(value, bool):
            return True, value, ""
        return False, None, f"= {_brief(value)} should be true or false"
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            return False, None, f"= {_brief(value)} should be a whole number"
        low, high = _INT_RANGES[(section, key)]
        if not low <= value <= high:
            return False, None, f"= {_brief(value)} is out of range {low}-{high}"
        return True, value, ""
    if isinstance(default, tuple):
        allowed = _CHOICE_LISTS[(section, key)]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return False, None, "should be a list of names"
        unknown = [v for v in value if v not in allowed]
        if unknown:
            return (
                False,
                None,
                f"has unknown {', '.join(map(_brief, unknown[:3]))}"
                + (f" and {len(unknown) - 3} more" if len(unknown) > 3 else "")
                + f" (known: {', '.join(allowed)})",
            )
        return True, tuple(dict.fromkeys(value)), ""
    if (section, key) == ("sync", "folder"):
        if not isinstance(value, str) or "\x00" in value or len(value) > 4096:
            return False, None, f"= {_brief(value)} should be a folder path"
        return True, value, ""
    if isinstance(default, str):
        if not isinstance(value, str) or not _LANG_RE.match(value):
            return False, None, f'= {_brief(value)} is not a language code like "de"'
        return True, value, ""
    return False, None, "has an unsupported type"  # pragma: no cover


def settings_to_dict(settings: Settings) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for section in _SECTIONS:
        values = dataclasses.asdict(getattr(settings, section))
        out[section] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in values.items()}
    out["work_hours"] = {
        day: [format_range(r) for r in settings.work_hours.get(day, ())] for day in WEEKDAYS
    }
    return out


def _document(path: Path, raw: Mapping[str, Any] | None) -> tomlkit.TOMLDocument:
    """What saving edits: the file as it is on disk now, else a document holding ``raw``."""
    import tomlkit  # only when saving: ~1 MiB resident the app would keep between breaks

    try:
        text = read_capped(path, MAX_SETTINGS_BYTES).decode("utf-8")
        parse_toml(text)  # its nesting limit, before tomlkit's recursion meets it
        return tomlkit.parse(text)
    except (
        OSError,
        UnicodeDecodeError,
        FileRefused,
        TOMLDecodeError,
        RecursionError,
        tomlkit.exceptions.ParseError,
    ):
        doc = tomlkit.document()
        for key, value in (raw or {}).items():
            doc[key] = value
        return doc


def save_settings(path: Path, settings: Settings, raw: Mapping[str, Any] | None = None) -> None:
    """Write ``settings`` atomically, mode 0600, touching only the values that changed.

    The document edited is the file on disk (or, where there is none yet, ``raw``, what an earlier
    load held). A value is written only where it differs from what the document already means
    (a missing key means its default), so everything else is kept byte for byte.
    """
    import tomlkit
    from tomlkit.items import InlineTable, Table

    doc = _document(path, raw)
    before, _problems = settings_from_dict(doc.unwrap())
    old, new = settings_to_dict(before), settings_to_dict(settings)
    for section, values in new.items():
        for key, value in values.items():
            if old[section][key] == value:
                continue
            table = doc.get(section)
            if not isinstance(table, (Table, InlineTable)):  # absent, or not a table at all
                table = tomlkit.table()
                doc[section] = table
            table[key] = value
    text = tomlkit.dumps(doc)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_private_atomic(path, text)
