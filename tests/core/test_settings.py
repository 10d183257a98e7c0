"""Settings: defaults, TOML load / validate / save, and the bad-input rules of issue 2."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from posture_break.core.settings import (
    AppSettings,
    BreakSettings,
    CardSettings,
    HealthSettings,
    IdleSettings,
    LongSettings,
    MicroSettings,
    Settings,
    SnoozeSettings,
    WarningSettings,
    cross_check,
    load_settings,
    parse_range,
    save_settings,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def write(path: Path, text: str) -> bytes:
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def test_missing_file_gives_defaults_without_problems(tmp_path: Path) -> None:
    result = load_settings(tmp_path / "settings.toml")
    assert result.settings == Settings()
    assert result.problems == []
    assert not (tmp_path / "settings.toml").exists()  # loading never creates the file


def test_defaults_match_design() -> None:
    s = Settings()
    assert (s.micro.every_minutes, s.micro.seconds) == (30, 30)
    assert (s.long.every_minutes, s.long.minutes) == (60, 5)
    assert s.warning.seconds_before == 30
    assert (s.snooze.minutes, s.snooze.max_in_a_row) == (5, 2)
    assert s.idle.natural_breaks is True
    assert s.ranges_for(0) == ((9 * 60, 18 * 60),)
    assert s.ranges_for(5) == () and s.ranges_for(6) == ()
    assert cross_check(s) == []


FULL = """\
[micro]
every_minutes = 20
seconds = 45

[long]
every_minutes = 90
minutes = 10

[warning]
seconds_before = 0

[snooze]
minutes = 3
max_in_a_row = 0

[idle]
natural_breaks = false

[breaks]
strict = true
respect_do_not_disturb = false
max_wait_minutes = 15

[cards]
focus_areas = ["neck", "wrists"]
equipment = ["ball"]
animations = false

[health]
asked = true
tags = ["pregnancy"]

[app]
sounds = true
start_at_login = true
language = "de"
daily_goal = 8

[work_hours]
mon = ["08:00-12:00", "13:00-17:30"]
tue = ["22:00-24:00"]
wed = []
thu = ["09:00-18:00"]
fri = ["09:00-13:00"]
sat = []
sun = ["10:00-11:00"]
"""

FULL_SETTINGS = Settings(
    micro=MicroSettings(20, 45),
    long=LongSettings(90, 10),
    warning=WarningSettings(0),
    snooze=SnoozeSettings(3, 0),
    idle=IdleSettings(False),
    breaks=BreakSettings(True, False, 15),
    cards=CardSettings(("neck", "wrists"), ("ball",), False),
    health=HealthSettings(True, ("pregnancy",)),
    app=AppSettings(True, True, "de", 8),
    work_hours={
        "mon": ((480, 720), (780, 1050)),
        "tue": ((1320, 1440),),
        "wed": (),
        "thu": ((540, 1080),),
        "fri": ((540, 780),),
        "sat": (),
        "sun": ((600, 660),),
    },
)


def test_full_valid_file_loads_every_value(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    write(path, FULL)
    result = load_settings(path)
    assert result.problems == []
    assert result.settings == FULL_SETTINGS


def test_full_file_round_trips_through_save_and_load(tmp_path: Path) -> None:
    src, dst = tmp_path / "a.toml", tmp_path / "b.toml"
    write(src, FULL)
    loaded = load_settings(src)
    save_settings(dst, loaded.settings, loaded.raw)
    again = load_settings(dst)
    assert again.problems == []
    assert again.settings == FULL_SETTINGS
    # and saving again is a fixed point
    save_settings(tmp_path / "c.toml", again.settings, again.raw)
    assert (tmp_path / "c.toml").read_bytes() == dst.read_bytes()


def test_invalid_toml_one_line_with_file_and_line_defaults_used_file_untouched(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.toml"
    before = write(path, "[micro]\nevery_minutes = 20\nseconds = = 3\n")
    result = load_settings(path)
    assert result.settings == Settings()
    assert len(result.problems) == 1
    line = result.problems[0]
    assert "\n" not in line
    assert str(path) in line
    assert "line 3" in line
    assert path.read_bytes() == before


def test_not_utf8_reported_defaults_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(b"[micro]\nevery_minutes = 20 # \xff\xfe\n")
    result = load_settings(path)
    assert result.settings == Settings()
    assert len(result.problems) == 1 and str(path) in result.problems[0]


# (file text, key named in the message, line of that key, expected settings)
BAD_VALUES = [
    (
        "[micro]\nseconds = 40\nevery_minutes = 900\n",
        "every_minutes",
        3,
        Settings(micro=MicroSettings(30, 40)),
    ),
    (
        "[snooze]\nminutes = 7\nmax_in_a_row = -1\n",
        "max_in_a_row",
        3,
        Settings(snooze=SnoozeSettings(7, 2)),
    ),
    (
        '[micro]\nevery_minutes = "20"\nseconds = 40\n',
        "every_minutes",
        2,
        Settings(micro=MicroSettings(30, 40)),
    ),
    (
        "[micro]\nevery_minutes = 20.0\nseconds = 40\n",
        "every_minutes",
        2,
        Settings(micro=MicroSettings(30, 40)),
    ),
    (
        "[idle]\nnatural_breaks = 1\n[snooze]\nminutes = 9\n",
        "natural_breaks",
        2,
        Settings(snooze=SnoozeSettings(9, 2)),
    ),
    (
        "[warning]\nseconds_before = true\n[snooze]\nminutes = 9\n",
        "seconds_before",
        2,
        Settings(snooze=SnoozeSettings(9, 2)),
    ),
    (
        '[cards]\nequipment = ["ball"]\nfocus_areas = ["neck", "elbows"]\n',
        "focus_areas",
        3,
        Settings(cards=CardSettings(equipment=("ball",))),
    ),
    (
        '[cards]\nfocus_areas = "neck"\nanimations = false\n',
        "focus_areas",
        2,
        Settings(cards=CardSettings(animations=False)),
    ),
    (
        '[work_hours]\ntue = ["10:00-12:00"]\nmon = ["25:00-26:00"]\n',
        "mon",
        3,
        Settings(work_hours={**Settings().work_hours, "tue": ((600, 720),)}),
    ),
    (
        '[work_hours]\nmon = ["09:00-12:00", "11:00-13:00"]\nfri = []\n',
        "mon",
        2,
        Settings(work_hours={**Settings().work_hours, "fri": ()}),
    ),
    (
        '[work_hours]\nwed = ["18:00-09:00"]\n',
        "wed",
        2,
        Settings(),
    ),
    (
        '[work_hours]\nthu = "09:00-18:00"\n',
        "thu",
        2,
        Settings(),
    ),
    (
        '[app]\nlanguage = "klingon; rm -rf"\ndaily_goal = 6\n',
        "language",
        2,
        Settings(app=AppSettings(daily_goal=6)),
    ),
    (
        "micro.every_minutes = 0\nlong.minutes = 7\n",
        "every_minutes",
        1,
        Settings(long=LongSettings(minutes=7)),
    ),
    (
        "[micro] # my own schedule\nevery_minutes = 481\n",
        "every_minutes",
        2,
        Settings(),
    ),
]


@pytest.mark.parametrize(("text", "key", "line", "expected"), BAD_VALUES)
def test_bad_value_one_line_naming_file_line_key_only_that_value_defaulted(
    tmp_path: Path, text: str, key: str, line: int, expected: Settings
) -> None:
    path = tmp_path / "settings.toml"
    before = write(path, text)
    result = load_settings(path)
    assert len(result.problems) == 1, result.problems
    message = result.problems[0]
    assert "\n" not in message
    assert message.startswith(f"{path}: line {line}: ")
    assert key in message
    assert result.settings == expected
    assert path.read_bytes() == before


def test_each_problem_gets_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    write(path, "[micro]\nevery_minutes = 900\nseconds = 1\n[snooze]\nmax_in_a_row = 11\n")
    result = load_settings(path)
    assert [p.split(": ")[1] for p in result.problems] == ["line 2", "line 3", "line 5"]
    assert result.settings == Settings()


# A base where every other timing value is consistent with both the tested value and its default,
# so the cross-check (long vs micro vs warning) never interferes with the range check.
WIDE = {
    "micro": {"every_minutes": 10, "seconds": 5},
    "long": {"every_minutes": 480, "minutes": 60},
    "warning": {"seconds_before": 0},
}


@pytest.mark.parametrize(
    ("key", "low", "high", "base"),
    [
        ("micro.every_minutes", 1, 480, WIDE),
        ("micro.seconds", 5, 300, WIDE),
        ("long.every_minutes", 1, 480, {**WIDE, "micro": {"every_minutes": 1, "seconds": 5}}),
        ("long.minutes", 1, 60, WIDE),
        ("warning.seconds_before", 0, 300, WIDE),
        ("snooze.minutes", 1, 60, WIDE),
        ("snooze.max_in_a_row", 0, 10, WIDE),
        ("breaks.max_wait_minutes", 0, 240, WIDE),
        ("app.daily_goal", 1, 50, WIDE),
    ],
)
def test_range_limits_from_design_are_inclusive(
    tmp_path: Path, key: str, low: int, high: int, base: dict[str, dict[str, int]]
) -> None:
    section, name = key.split(".")
    path = tmp_path / "settings.toml"
    for value, ok in ((low - 1, False), (low, True), (high, True), (high + 1, False)):
        values = {s: dict(kv) for s, kv in base.items()}
        values.setdefault(section, {})[name] = value
        text = "".join(
            f"[{s}]\n" + "".join(f"{k} = {v}\n" for k, v in kv.items()) for s, kv in values.items()
        )
        write(path, text)
        result = load_settings(path)
        got = getattr(getattr(result.settings, section), name)
        if ok:
            assert got == value and result.problems == [], (value, result.problems)
        else:
            assert len(result.problems) == 1, (value, result.problems)
            assert name in result.problems[0] and f"= {value} is out of range" in result.problems[0]
            assert got == getattr(getattr(Settings(), section), name)
            # every other value of the file was kept
            for s, kv in values.items():
                for k, v in kv.items():
                    if (s, k) != (section, name):
                        assert getattr(getattr(result.settings, s), k) == v


def test_unknown_keys_and_sections_reported_and_kept_when_saving(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    before = write(
        path,
        '[micro]\nevery_minutes = 25\nsparkles = "yes"\n\n[future]\nlevel = 3\n\n'
        '[work_hours]\nmon = ["08:00-16:00"]\nholiday = ["10:00-11:00"]\n',
    )
    result = load_settings(path)
    assert result.settings.micro.every_minutes == 25
    assert result.settings.ranges_for(0) == ((480, 960),)
    assert len(result.problems) == 3
    joined = "\n".join(result.problems)
    for name, line in (("sparkles", 3), ("future", 5), ("holiday", 10)):
        assert any(name in p and f"line {line}" in p for p in result.problems), joined
    assert path.read_bytes() == before

    changed = result.settings.replace(snooze=SnoozeSettings(minutes=8))
    save_settings(path, changed, result.raw)
    saved = tomllib.loads(path.read_text("utf-8"))
    assert saved["micro"]["sparkles"] == "yes"
    assert saved["future"] == {"level": 3}
    assert saved["work_hours"]["holiday"] == ["10:00-11:00"]
    assert saved["snooze"]["minutes"] == 8
    reloaded = load_settings(path)
    assert reloaded.settings == changed
    assert len(reloaded.problems) == 3  # still reported, still kept


def test_save_is_atomic_private_and_leaves_no_temp_files(tmp_path: Path) -> None:
    folder = tmp_path / "cfg"
    path = folder / "settings.toml"
    save_settings(path, Settings())
    assert sorted(os.listdir(folder)) == ["settings.toml"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # replacing an existing file that was world-readable still gives 0600 (a new inode)
    path.chmod(0o644)
    inode = path.stat().st_ino
    save_settings(path, FULL_SETTINGS)
    assert path.stat().st_ino != inode  # renamed into place, not rewritten in place
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(os.listdir(folder)) == ["settings.toml"]
    assert load_settings(path).settings == FULL_SETTINGS


def test_failed_save_leaves_old_file_and_no_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.toml"
    before = write(path, FULL)

    def boom(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        save_settings(path, Settings())
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["settings.toml"]


def test_24_00_is_accepted_as_an_end_only() -> None:
    assert parse_range("22:00-24:00") == (1320, 1440)
    assert parse_range("00:00-24:00") == (0, 1440)
    for bad in ("24:00-24:00", "09:00-24:01", "24:00-01:00", "9-17", "09:60-10:00", "10:00-10:00"):
        with pytest.raises(ValueError):
            parse_range(bad)


def test_empty_day_means_no_work_hours(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    write(path, '[work_hours]\nmon = []\nsat = ["10:00-12:00"]\n')
    result = load_settings(path)
    assert result.problems == []
    assert result.settings.ranges_for(0) == ()
    assert result.settings.ranges_for(1) == ((540, 1080),)  # untouched days keep the default
    assert result.settings.ranges_for(5) == ((600, 720),)
    save_settings(path, result.settings, result.raw)
    assert tomllib.loads(path.read_text("utf-8"))["work_hours"]["mon"] == []
    assert load_settings(path).settings.ranges_for(0) == ()


def test_ranges_are_sorted_and_touching_ranges_do_not_overlap(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    write(path, '[work_hours]\ntue = ["13:00-17:00", "09:00-13:00"]\n')
    result = load_settings(path)
    assert result.problems == []
    assert result.settings.ranges_for(1) == ((540, 780), (780, 1020))


def test_an_overlap_is_data_the_dialog_can_word() -> None:
    from posture_break.core.settings import check_ranges, find_overlap

    day = [(780, 1080), (540, 750), (720, 800)]  # 13:00-18:00, 09:00-12:30, 12:00-13:20
    assert find_overlap(day) == ((540, 750), (720, 800))
    assert check_ranges(day) == "09:00-12:30 and 12:00-13:20 overlap"
    assert find_overlap([(540, 720), (720, 1080)]) is None  # touching is fine
    assert find_overlap([]) is None
    assert check_ranges([(540, 720)]) is None


def test_cross_check_long_break_shorter_than_micro(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    before = write(path, "[micro]\nseconds = 120\n[long]\nminutes = 1\n[snooze]\nminutes = 9\n")
    result = load_settings(path)
    assert len(result.problems) == 1
    assert result.problems[0].startswith(f"{path}: line 4: ")
    assert "long" in result.problems[0] and "minutes" in result.problems[0]
    # the timing falls back to values that are consistent; unrelated values are kept
    assert cross_check(result.settings) == []
    assert result.settings.micro == MicroSettings() and result.settings.long == LongSettings()
    assert result.settings.snooze.minutes == 9
    assert path.read_bytes() == before


def test_cross_check_other_rules() -> None:
    assert [k for k, _ in cross_check(Settings(long=LongSettings(every_minutes=20)))] == [
        "long.every_minutes"
    ]
    assert [
        k
        for k, _ in cross_check(
            Settings(micro=MicroSettings(every_minutes=1), warning=WarningSettings(60))
        )
    ] == ["warning.seconds_before"]
    assert (
        cross_check(Settings(micro=MicroSettings(every_minutes=1), warning=WarningSettings(59)))
        == []
    )


def test_section_that_is_not_a_table(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    write(path, "micro = 5\n[long]\nminutes = 7\n")
    result = load_settings(path)
    assert len(result.problems) == 1
    assert result.problems[0].startswith(f"{path}: line 1: [micro]")
    assert result.settings == Settings(long=LongSettings(minutes=7))


def test_too_large_file_is_not_parsed(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(b"# " + b"x" * 1_100_000 + b"\n")
    result = load_settings(path)
    assert result.settings == Settings()
    assert len(result.problems) == 1 and "too large" in result.problems[0]


def test_a_folder_at_the_settings_path_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.mkdir()
    result = load_settings(path)
    assert result.settings == Settings()
    assert len(result.problems) == 1 and str(path) in result.problems[0]


def test_saving_keeps_what_the_person_wrote(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    text = (
        "# mine\n"
        "micro.every_minutes = 20  # dotted\n"
        "\n"
        "[long]\n"
        "minutes = 5 # default, but written: stays\n"
        "\n"
        "[work_hours]\n"
        'mon = ["09:00-12:00"]  # short Monday\n'
        "\n"
        "[idle]\n"
        "natural_breaks = false\n"
    )
    path.write_text(text, encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.problems == []
    # unchanged settings: not a byte changes
    save_settings(path, loaded.settings, loaded.raw)
    assert path.read_text(encoding="utf-8") == text
    # changes: edited in place (the comment stays), a new key in an existing table goes to its
    # end, a new section at the end of the file; values left at their default stay unwritten
    changed = loaded.settings.replace(
        micro=MicroSettings(every_minutes=20, seconds=45),
        idle=IdleSettings(natural_breaks=True),
        snooze=SnoozeSettings(minutes=9),
        work_hours={**loaded.settings.work_hours, "mon": ((480, 720),)},
    )
    save_settings(path, changed, loaded.raw)
    assert path.read_text(encoding="utf-8") == (
        "# mine\n"
        "micro.every_minutes = 20  # dotted\n"
        "micro.seconds = 45\n"
        "\n"
        "[long]\n"
        "minutes = 5 # default, but written: stays\n"
        "\n"
        "[work_hours]\n"
        'mon = ["08:00-12:00"]  # short Monday\n'
        "\n"
        "[idle]\n"
        "natural_breaks = true\n"
        "\n"
        "[snooze]\n"
        "minutes = 9\n"
    )
    assert load_settings(path).settings == changed


def test_a_file_changed_on_disk_since_loading_is_the_one_edited(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("[micro]\nseconds = 40\n", encoding="utf-8")
    loaded = load_settings(path)
    # the person edits the file by hand while the app runs
    path.write_text("# added by hand\n[micro]\nseconds = 40\n[plugin]\nx = 1\n", "utf-8")
    save_settings(path, loaded.settings.replace(snooze=SnoozeSettings(minutes=3)), loaded.raw)
    assert path.read_text(encoding="utf-8") == (
        "# added by hand\n[micro]\nseconds = 40\n[plugin]\nx = 1\n\n[snooze]\nminutes = 3\n"
    )
