"""Hostile and heavy input (issue 11), case by case, through the real CLI and the real app.

Each test names the case it pins. What holds for all of them: the exit code is 0, 1 or 2, a
failure is one line on stderr, never a traceback, nothing hangs, and the history is byte for byte
as it was whenever the command did not succeed.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from posture_break.core.cards import bundled_cards_dir
from posture_break.core.history_csv import HEADER, MAX_PROBLEMS
from tests.faults.apphelp import PYTHON, REPO, base_env, run_cli, sha256, write_settings

HEAD = ",".join(HEADER) + "\n"
GOOD_ROW = "2026-11-24T10:00:00+01:00,2026-11-24T10:00:30+01:00,micro,done,0,,30\n"
BUNDLED = sorted(p.stem for p in bundled_cards_dir().glob("*.toml"))
CARD = """id = "{id}"
title = "A card of mine"
kind = "stretch"
areas = ["neck"]
seconds = 30
slot = "micro"
needs = ["seated"]
illustration = "{svg}"
avoid_if = []
steps = ["Sit tall.", "Breathe out slowly."]
caution = "Stop if it hurts."
"""
SVG_HEAD = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'viewBox="0 0 10 10">'
)
PLAIN_SVG = SVG_HEAD + '<rect width="10" height="10" fill="#8ab"/></svg>'
DEEP_TOML = "x = " + "[" * 500 + "]" * 500 + "\n"


def use_bomb(levels: int = 29) -> str:
    """The issue's card picture: each level a <g> of ten <use> of the level below (10**29)."""
    parts = [SVG_HEAD, '<defs><rect id="l0" width="1" height="1"/>']
    for i in range(1, levels + 1):
        parts.append(f'<g id="l{i}">' + f'<use href="#l{i - 1}"/>' * 10 + "</g>")
    parts.append(f'</defs><use href="#l{levels}"/></svg>')
    return "".join(parts)


def one_line_failure(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode in (0, 1, 2), (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr, result.stderr


def write_card(folder: Path, card_id: str, svg: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{card_id}.toml"
    path.write_text(CARD.format(id=card_id, svg=f"{card_id}.svg"), encoding="utf-8")
    if svg is not None:
        (folder / f"{card_id}.svg").write_text(svg, encoding="utf-8")
    return path


def import_rows(data_dir: Path, runtime_dir: Path, *rows: str) -> subprocess.CompletedProcess[str]:
    csv_file = data_dir.parent / "in.csv"
    csv_file.write_text(HEAD + "".join(rows), encoding="utf-8")
    return run_cli(data_dir, "import", str(csv_file), runtime_dir=runtime_dir)


def seed_history(data_dir: Path, runtime_dir: Path) -> Path:
    result = import_rows(data_dir, runtime_dir, GOOD_ROW)
    assert result.returncode == 0, result.stderr
    return data_dir / "history.sqlite3"


def raw_sql(db: Path, *statements: str) -> None:
    con = sqlite3.connect(db)
    try:
        for sql in statements:
            con.execute(sql)
        con.commit()
    finally:
        con.close()


# --- 2: a <use> bomb -------------------------------------------------------------------------


def test_2_use_bomb_is_refused_by_check_and_never_rendered(
    data_dir: Path, runtime_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "bomb"
    write_card(folder, "bomb", use_bomb())
    assert len((folder / "bomb.svg").read_bytes()) < 8000
    t0 = time.monotonic()
    check = run_cli(data_dir, "cards", "--check", str(folder), runtime_dir=runtime_dir, timeout=30)
    line = one_line_failure(check)
    assert line == (
        f"{folder / 'bomb.toml'}: illustration bomb.svg: expands to more than 20000 elements "
        "through <use> references"
    )
    # In the person's card folder: rendering ends, the bomb is left out, the rest is drawn.
    write_card(data_dir / "cards", "bomb", use_bomb())
    out = tmp_path / "png"
    render = run_cli(data_dir, "cards", "--render", str(out), runtime_dir=runtime_dir, timeout=60)
    no_traceback(render)
    assert render.returncode == 0
    assert "expands to more than" in render.stderr
    assert not (out / "bomb.png").exists()
    assert len(list(out.glob("*.png"))) >= len(BUNDLED)
    assert time.monotonic() - t0 < 60


def test_2_app_with_a_use_bomb_card_answers_commands(app_factory, data_dir: Path) -> None:
    write_settings(data_dir)
    write_card(data_dir / "cards", "bomb", use_bomb())
    app = app_factory(data_dir).start()
    assert app.send({"cmd": "break-now"}, timeout=10)["ok"]
    assert app.status()
    assert app.quit() == 0
    assert "bomb.svg: expands to more than" in app.log()


def test_reference_cycles_and_css_escapes_are_refused(
    data_dir: Path, runtime_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "cards"
    write_card(folder, "cycle", SVG_HEAD + '<g id="a"><use href="#a"/></g></svg>')
    write_card(
        folder,
        "escape",
        SVG_HEAD + '<rect width="5" style="fill:u\\72l(http://127.0.0.1:9/x)"/></svg>',
    )
    write_card(folder, "escape2", SVG_HEAD + "<style>rect{fill:u\\72l(x.png)}</style></svg>")
    result = run_cli(data_dir, "cards", "--check", str(folder), runtime_dir=runtime_dir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = sorted(result.stderr.strip().splitlines())
    assert lines == [
        f"{folder / 'cycle.toml'}: illustration cycle.svg: has a reference cycle (<use> of itself)",
        f"{folder / 'escape.toml'}: illustration escape.svg: has a CSS escape (a backslash) in "
        "'style' on <rect>",
        f"{folder / 'escape2.toml'}: illustration escape2.svg: has a CSS escape (a backslash) in "
        "<style>",
    ]


# --- 3, 8, 16: what import lets in -----------------------------------------------------------


IMPLAUSIBLE_ROWS = [
    (  # 3: year 0 in UTC
        "0001-01-01T00:00:00+14:00,0001-01-01T00:00:30+14:00,micro,done,0,,30\n",
        "bad timestamp in due_at: 0001-01-01T00:00:00+14:00 is outside the years 1970-2100",
    ),
    (
        "2026-11-24T10:00:00+01:00,9999-12-31T23:59:59+01:00,micro,done,0,,30\n",
        "bad timestamp in ended_at: 9999-12-31T23:59:59+01:00 is outside the years 1970-2100",
    ),
    (  # 8: huge integers
        "2026-11-24T10:00:00+01:00,2026-11-24T10:00:30+01:00,micro,done,"
        "99999999999999999999999,,30\n",
        "snoozes 99999999999999999999999 is more than 1000",
    ),
    (
        "2026-11-24T10:00:00+01:00,2026-11-24T10:00:30+01:00,micro,done,0,,9223372036854775807\n",
        "duration_s 9223372036854775807 is more than 86400",
    ),
    (
        "2026-11-24T10:00:00+01:00,2026-11-24T10:00:30+01:00,micro,done,999999999,,30\n",
        "snoozes 999999999 is more than 1000",
    ),
    (
        "2026-11-24T10:00:00+01:00,2026-11-24T10:00:30+01:00,micro,done,1_000,,30\n",
        "snoozes is not a whole number: '1_000'",
    ),
    (  # 16: ends before it was due
        "2026-11-24T10:00:00+01:00,2026-11-24T09:00:00+01:00,micro,done,0,,30\n",
        "ended_at '2026-11-24T09:00:00+01:00' is before due_at '2026-11-24T10:00:00+01:00'",
    ),
]


def test_3_8_16_implausible_rows_are_refused(data_dir: Path, runtime_dir: Path) -> None:
    db = seed_history(data_dir, runtime_dir)
    before = sha256(db)
    rows = [row for row, _reason in IMPLAUSIBLE_ROWS]
    result = import_rows(data_dir, runtime_dir, GOOD_ROW.replace("24T", "25T"), *rows)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    source = data_dir.parent / "in.csv"
    assert result.stderr.splitlines() == [
        *(f"{source}: row {n}: {reason}" for n, (_row, reason) in enumerate(IMPLAUSIBLE_ROWS, 3)),
        f"posture-break: {source}: {len(rows)} bad row(s); nothing imported",
    ]
    assert sha256(db) == before
    stats = run_cli(data_dir, "stats", "--week", "2026-W48", runtime_dir=runtime_dir)
    assert stats.returncode == 0 and stats.stderr == ""


def test_16_conflicting_rows_in_one_file_are_reported(data_dir: Path, runtime_dir: Path) -> None:
    db = seed_history(data_dir, runtime_dir)
    before = sha256(db)
    other = GOOD_ROW.replace("24T", "26T")
    result = import_rows(
        data_dir, runtime_dir, other, other, other.replace("done,0,,30", "skipped,0,,0")
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{data_dir.parent / 'in.csv'}: row 4: conflicts with row 2 (the same micro break, due "
        "2026-11-26T10:00:00+01:00, with different values)"
    )
    assert sha256(db) == before
    # The same row twice is no conflict: it is one break.
    again = import_rows(data_dir, runtime_dir, other, other)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "Imported 1 breaks (0 already there)."


# --- 3, 8, 13, 14: what is already in the database -------------------------------------------


def test_3_8_14_malformed_rows_in_the_history_are_skipped_with_a_count(
    data_dir: Path, runtime_dir: Path, tmp_path: Path
) -> None:
    db = seed_history(data_dir, runtime_dir)
    columns = "due_at, due_ts, ended_at, kind, outcome, snoozes, card_ids, duration_s"
    raw_sql(
        db,
        # 14: garbage where a time belongs; 3: year 0 (as an older version let in); 8: huge ints
        f"INSERT INTO breaks ({columns}) VALUES "
        "('garbage', 1795514400, 'garbage', 'micro', 'done', 0, '', 30)",
        f"INSERT INTO breaks ({columns}) VALUES ('0001-01-01T00:00:00+14:00', -62135647200, "
        "'0001-01-01T00:00:30+14:00', 'long', 'done', 0, '', 30)",
        f"INSERT INTO breaks ({columns}) VALUES ('2026-11-25T10:00:00+01:00', 1795597200, "
        "'2026-11-25T10:00:30+01:00', 'micro', 'done', 9223372036854775807, '', "
        "9223372036854775807)",
    )
    before = sha256(db)
    export = run_cli(data_dir, "export", runtime_dir=runtime_dir)
    assert export.returncode == 0
    assert export.stdout == HEAD + GOOD_ROW
    assert export.stderr.strip() == (
        "posture-break: skipped 3 malformed row(s) of the history (edited by another tool); "
        "every other row is exported"
    )
    for week in ("2026-W48", "2026-W47", "1970-W01"):
        stats = run_cli(
            data_dir, "stats", "--week", week, "--format", "json", runtime_dir=runtime_dir
        )
        no_traceback(stats)
        assert stats.returncode == 0
        assert "Traceback" not in stats.stderr
    stats = run_cli(data_dir, "stats", "--week", "2026-W48", runtime_dir=runtime_dir)
    assert stats.returncode == 0
    assert "left out 2 malformed row(s)" in stats.stderr
    assert "active minutes" in stats.stdout and "e+" not in stats.stdout
    assert sha256(db) == before


def test_13_an_impossible_schema_version_is_one_line_and_kept(
    data_dir: Path, runtime_dir: Path
) -> None:
    db = seed_history(data_dir, runtime_dir)
    raw_sql(db, "PRAGMA user_version = -5")
    before = sha256(db)
    result = run_cli(data_dir, "stats", runtime_dir=runtime_dir)
    assert result.returncode == 0
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(
        "posture-break: The history file was damaged (its schema version -5 is impossible); "
        "it was kept as history.sqlite3.corrupt-"
    )
    (kept,) = data_dir.glob("history.sqlite3.corrupt-*")
    assert sha256(kept) == before


# --- 4: export never writes the app's own files ----------------------------------------------


def test_4_export_refuses_the_apps_own_files(data_dir: Path, runtime_dir: Path) -> None:
    db = seed_history(data_dir, runtime_dir)
    write_settings(data_dir)
    hashes = {p: sha256(p) for p in data_dir.iterdir() if p.is_file()}
    link = data_dir.parent / "sneaky.csv"
    link.symlink_to(db)
    for target in (db, data_dir / "history.sqlite3-wal", data_dir / "settings.toml", link):
        result = run_cli(data_dir, "export", "--out", str(target), runtime_dir=runtime_dir)
        line = one_line_failure(result, 2)
        assert line == (
            f"posture-break: --out {target}: that is posture-break's own file; choose another name"
        )
    assert {p: sha256(p) for p in hashes} == hashes
    assert run_cli(data_dir, "stats", runtime_dir=runtime_dir).stderr == ""  # nothing moved aside


def test_4_export_writes_through_symlinks_and_into_devices(
    data_dir: Path, runtime_dir: Path, tmp_path: Path
) -> None:
    seed_history(data_dir, runtime_dir)
    real = tmp_path / "backups" / "history.csv"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    result = run_cli(data_dir, "export", "--out", str(link), runtime_dir=runtime_dir)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and real.read_text() == HEAD + GOOD_ROW
    # /dev/stdout is stdout's device (here a pipe), written in place, never replaced.
    to_stdout = run_cli(data_dir, "export", "--out", "/dev/stdout", runtime_dir=runtime_dir)
    assert to_stdout.returncode == 0, to_stdout.stderr
    assert to_stdout.stdout == HEAD + GOOD_ROW
    assert Path("/dev/null").is_char_device()
    null = run_cli(data_dir, "export", "--out", "/dev/null", runtime_dir=runtime_dir)
    assert null.returncode == 0 and Path("/dev/null").is_char_device()


# --- 5, 7: settings and card files that cannot be read ---------------------------------------


def bad_settings(data_dir: Path, kind: str) -> Path:
    path = data_dir / "settings.toml"
    if kind == "deep":
        path.write_text(DEEP_TOML, encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    return path


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("deep", "invalid TOML: is nested deeper than 32 levels; using defaults"),
        ("fifo", "is a FIFO, not a regular file; using defaults"),
        ("zero", "is a character device, not a regular file; using defaults"),
    ],
)
def test_5_7_unreadable_settings_give_defaults_in_every_command(
    data_dir: Path, runtime_dir: Path, kind: str, reason: str
) -> None:
    seed_history(data_dir, runtime_dir)
    path = bad_settings(data_dir, kind)
    expected = f"posture-break: {path}: {reason}"
    plan = run_cli(data_dir, "plan", "--day", "2026-11-23", runtime_dir=runtime_dir, timeout=20)
    assert plan.returncode == 0 and plan.stderr.strip() == expected
    assert plan.stdout.splitlines()[1] == "09:30  micro  30 s"
    stats = run_cli(data_dir, "stats", runtime_dir=runtime_dir, timeout=20)
    assert stats.returncode == 0 and stats.stderr.strip() == expected
    doctor = run_cli(data_dir, "doctor", runtime_dir=runtime_dir, timeout=30)
    assert doctor.returncode == 0, doctor.stderr
    assert f"{path}: 1 problem(s): {reason}" in doctor.stdout


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("deep", "nested deeper than 32 levels"),
        ("fifo", "is a FIFO, not a regular file"),
        ("zero", "is a character device, not a regular file"),
    ],
)
def test_5_7_app_starts_with_unreadable_settings(
    app_factory, data_dir: Path, kind: str, reason: str
) -> None:
    bad_settings(data_dir, kind)
    app = app_factory(data_dir).start()
    assert app.status()
    assert app.quit() == 0
    assert reason in app.stderr()
    assert "Traceback" not in app.stderr()


def test_5_a_deep_card_file_costs_only_itself(data_dir: Path, runtime_dir: Path) -> None:
    folder = data_dir / "cards"
    write_card(folder, "mine", PLAIN_SVG)
    deep = folder / "deep.toml"
    deep.write_text(CARD.format(id="deep", svg="mine.svg") + DEEP_TOML, encoding="utf-8")
    result = run_cli(data_dir, "cards", runtime_dir=runtime_dir)
    assert result.returncode == 0
    assert result.stderr.strip() == f"{deep}: bad TOML: is nested deeper than 32 levels"
    listed = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert listed == sorted([*BUNDLED, "mine"])
    for command in (["plan"], ["stats"]):
        other = run_cli(data_dir, *command, runtime_dir=runtime_dir)
        no_traceback(other)
        assert other.returncode == 0


# --- 6: card loading is linear ---------------------------------------------------------------


def test_6_ten_thousand_cards_load_in_seconds(
    data_dir: Path, runtime_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    (folder / "pic.svg").write_text(PLAIN_SVG, encoding="utf-8")
    for i in range(10_000):
        (folder / f"c{i:05d}.toml").write_text(
            CARD.format(id=f"c{i:05d}", svg="pic.svg"), encoding="utf-8"
        )
    t0 = time.monotonic()
    result = run_cli(data_dir, "cards", "--check", str(folder), runtime_dir=runtime_dir)
    elapsed = time.monotonic() - t0
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "10000 cards OK"
    assert elapsed < 30, elapsed  # about 3 s on an idle machine; 67 s when it was quadratic


def test_6_one_folder_listing_per_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The count of folder listings does not grow with the number of cards."""
    from posture_break.core import cards

    folder = tmp_path / "cards"
    folder.mkdir()
    (folder / "pic.svg").write_text(PLAIN_SVG, encoding="utf-8")
    (folder / "pic-f1.svg").write_text(PLAIN_SVG, encoding="utf-8")
    for i in range(300):
        (folder / f"c{i:03d}.toml").write_text(
            CARD.format(id=f"c{i:03d}", svg="pic.svg"), encoding="utf-8"
        )
    listings: list[str] = []
    real_scandir = os.scandir

    def counting_scandir(path: object = ".") -> object:
        listings.append(str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(cards.os, "scandir", counting_scandir)
    loaded, problems = cards.load_cards([folder])
    assert problems == [] and len(loaded) == 300
    assert all(card.frames == (folder / "pic-f1.svg",) for card in loaded)
    assert listings == [str(folder)]


# --- 7: imports that cannot be read, or hold too much ----------------------------------------


def test_7_import_refuses_devices_and_fifos_quickly(
    data_dir: Path, runtime_dir: Path, tmp_path: Path
) -> None:
    db = seed_history(data_dir, runtime_dir)
    before = sha256(db)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for source, kind in (("/dev/zero", "a character device"), (str(fifo), "a FIFO")):
        t0 = time.monotonic()
        result = run_cli(data_dir, "import", source, runtime_dir=runtime_dir, timeout=20)
        assert time.monotonic() - t0 < 20
        line = one_line_failure(result)
        assert line == (f"posture-break: {source}: is {kind}, not a regular file; nothing imported")
    assert sha256(db) == before


def test_7_import_of_many_bad_rows_stops_early_in_bounded_memory(
    data_dir: Path, runtime_dir: Path, tmp_path: Path
) -> None:
    db = seed_history(data_dir, runtime_dir)
    before = sha256(db)
    big = tmp_path / "bad.csv"
    bad_row = b"2026-11-24T10:00:00+01:00,not a time,micro,done,0,,30\n"
    with big.open("wb") as fh:  # about 50 MB of bad rows
        fh.write(HEAD.encode())
        fh.write(bad_row * (50 * 1024 * 1024 // len(bad_row)))
    # 600 MB of address space: the version that kept every problem needed about 2 GB here.
    result = run_cli(
        data_dir,
        "import",
        str(big),
        runtime_dir=runtime_dir,
        prefix=("prlimit", f"--as={600 * 1024 * 1024}", "--"),
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 20 + 3
    assert lines[20] == f"{big}: ... and {MAX_PROBLEMS - 20} more bad rows"
    assert lines[21].endswith(f"stopped reading after {MAX_PROBLEMS} bad rows")
    assert lines[22] == f"posture-break: {big}: {MAX_PROBLEMS}+ bad row(s); nothing imported"
    assert sha256(db) == before


# --- 9: dates outside the years the app handles ----------------------------------------------


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("stats", "--week", "9999-W52"), "--week: '9999-W52' is outside the years 1970-2100"),
        (("stats", "--week", "0001-W01"), "--week: '0001-W01' is outside the years 1970-2100"),
        (("plan", "--day", "9999-12-31"), "--day 9999-12-31 is outside the years 1970-2100"),
        (("plan", "--day", "0001-01-01"), "--day 0001-01-01 is outside the years 1970-2100"),
    ],
)
def test_9_extreme_dates_are_usage_errors(
    data_dir: Path, runtime_dir: Path, args: tuple[str, ...], line: str
) -> None:
    result = run_cli(data_dir, *args, runtime_dir=runtime_dir)
    assert one_line_failure(result, 2) == f"posture-break: {line}"


# --- 10: no display --------------------------------------------------------------------------


def test_10_doctor_and_render_work_without_a_display(
    data_dir: Path, runtime_dir: Path, tmp_path: Path
) -> None:
    settings = data_dir / "settings.toml"
    settings.write_text(
        "[micro]\n" + "".join(f"bad_key_{i} = {i}\n" for i in range(20)), encoding="utf-8"
    )
    no_display = {"QT_QPA_PLATFORM": ""}
    doctor = run_cli(data_dir, "doctor", runtime_dir=runtime_dir, env=no_display, timeout=30)
    no_traceback(doctor)
    assert doctor.returncode == 0, doctor.stderr
    assert f"{settings}: 20 problem(s): line 2: [micro] bad_key_0 is not a known setting" in (
        doctor.stdout
    )
    assert "(and 17 more)" in doctor.stdout
    out = tmp_path / "png"
    render = run_cli(
        data_dir, "cards", "--render", str(out), runtime_dir=runtime_dir, env=no_display
    )
    assert render.returncode == 0, render.stderr
    assert {p.stem for p in out.glob("*.png")} >= set(BUNDLED)


# --- 15: a closed pipe -----------------------------------------------------------------------


@pytest.mark.parametrize("command", [("plan",), ("export",), ("cards",), ("stats",)])
def test_15_a_reader_that_went_away_is_no_traceback(
    data_dir: Path, runtime_dir: Path, command: tuple[str, ...]
) -> None:
    seed_history(data_dir, runtime_dir)
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head -1` having finished before the first line
    try:
        result = subprocess.run(
            [PYTHON, "-m", "posture_break", "--data-dir", str(data_dir), *command],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            env=base_env(runtime_dir),
            cwd=REPO,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 1
    assert result.stderr == ""


# --- 17: the smaller ones --------------------------------------------------------------------


def test_17_dst_plan_lines_carry_the_offset_when_a_time_happens_twice(
    data_dir: Path, runtime_dir: Path
) -> None:
    write_settings(data_dir)
    berlin = run_cli(
        data_dir,
        "plan",
        "--day",
        "2026-10-25",
        runtime_dir=runtime_dir,
        env={"TZ": "Europe/Berlin"},
    )
    assert berlin.returncode == 0, berlin.stderr
    lines = berlin.stdout.splitlines()
    assert "02:40 (UTC+02:00)  micro  30 s" in lines
    assert "02:40 (UTC+01:00)  micro  30 s" in lines
    assert "03:10  long   5 min" in lines  # unambiguous times stay as they were
    howe = run_cli(
        data_dir,
        "plan",
        "--day",
        "2026-04-05",
        runtime_dir=runtime_dir,
        env={"TZ": "Australia/Lord_Howe"},
    )
    assert "01:35 (UTC+11:00)  micro  30 s" in howe.stdout.splitlines()
    assert "01:35 (UTC+10:30)  long   5 min" in howe.stdout.splitlines()


def test_17_work_hours_in_the_spring_forward_gap_are_reported(
    data_dir: Path, runtime_dir: Path
) -> None:
    write_settings(data_dir, {"work_hours": {"sun": ["02:30-18:00"]}})
    result = run_cli(
        data_dir,
        "plan",
        "--day",
        "2026-03-29",
        runtime_dir=runtime_dir,
        env={"TZ": "Europe/Berlin"},
    )
    assert result.returncode == 0
    assert result.stdout.splitlines()[1] == (
        "Note: 02:30 does not exist that day (the clocks go forward); the work hours are counted "
        "from after the change."
    )


def test_17_empty_data_dir_and_a_folder_without_cards(
    data_dir: Path, runtime_dir: Path, tmp_path: Path
) -> None:
    empty = subprocess.run(
        [PYTHON, "-m", "posture_break", "--data-dir", "", "plan"],
        capture_output=True,
        text=True,
        env=base_env(runtime_dir),
        cwd=tmp_path,
        timeout=30,
    )
    assert empty.returncode == 2 and "Traceback" not in empty.stderr
    assert empty.stderr.strip().splitlines()[-1] == (
        "posture-break: error: argument --data-dir: give a folder name (an empty one would mean "
        "here)"
    )
    assert not (tmp_path / "history.sqlite3").exists()
    etc = run_cli(data_dir, "cards", "--check", "/etc", runtime_dir=runtime_dir)
    assert one_line_failure(etc) == "/etc: no cards found (no *.toml card files)"


@pytest.mark.parametrize(
    ("toml", "reason"),
    [
        ('[app]\nlanguage = "de\\n"\n', "is not a language code"),
        ('[work_hours]\nmon = ["\uff10\uff19:00-18:00"]\n', "is not a range like 09:00-18:00"),
    ],
)
def test_17_newline_language_and_full_width_digits_are_refused(
    data_dir: Path, runtime_dir: Path, toml: str, reason: str
) -> None:
    (data_dir / "settings.toml").write_text(toml, encoding="utf-8")
    result = run_cli(data_dir, "plan", "--day", "2026-11-23", runtime_dir=runtime_dir)
    assert result.returncode == 0
    (line,) = result.stderr.strip().splitlines()
    assert reason in line


def test_17_export_reads_a_history_it_cannot_write(
    data_dir: Path, runtime_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """A read-only snapshot (a mount, a backup): export reads it as it is and writes nothing
    beside it. Tests run as root, who may write anywhere, so the folder check is made to say
    what it says to everyone else on a read-only folder."""
    from posture_break import cli
    from posture_break.core import paths as paths_module

    db = seed_history(data_dir, runtime_dir)
    before = {p.name: sha256(p) for p in data_dir.iterdir() if p.is_file()}

    def read_only(folder: Path) -> None:
        raise paths_module.DataDirError(f"{folder}: the folder is not writable")

    monkeypatch.setattr(paths_module, "ensure_private_dir", read_only)
    assert cli.main(["--data-dir", str(data_dir), "export"]) == 0
    captured = capsys.readouterr()
    assert captured.out == HEAD + GOOD_ROW and captured.err == ""
    assert {p.name: sha256(p) for p in data_dir.iterdir() if p.is_file()} == before
    # Other commands still say the folder is not writable.
    assert cli.main(["--data-dir", str(data_dir), "stats"]) == 1
    assert capsys.readouterr().err.strip() == (
        f"posture-break: {data_dir}: the folder is not writable"
    )
    assert sha256(db) == before[db.name]


def test_6_app_answers_while_it_reads_thousands_of_cards(app_factory, data_dir: Path) -> None:
    write_settings(data_dir)
    folder = data_dir / "cards"
    folder.mkdir()
    (folder / "pic.svg").write_text(PLAIN_SVG, encoding="utf-8")
    for i in range(4_000):
        (folder / f"c{i:05d}.toml").write_text(
            CARD.format(id=f"c{i:05d}", svg="pic.svg"), encoding="utf-8"
        )
    app = app_factory(data_dir).start()
    slowest, answered_while_loading = 0.0, 0
    deadline = time.monotonic() + 120
    while "cards loaded: " not in app.log():
        assert time.monotonic() < deadline, "the cards never finished loading"
        loading = "loading cards" in app.log()
        t0 = time.monotonic()
        assert app.status()
        slowest = max(slowest, time.monotonic() - t0)
        answered_while_loading += loading and "cards loaded: " not in app.log()
    assert "(0 skipped)" in app.log()
    assert answered_while_loading >= 1
    assert slowest < 2.0, slowest  # with 10,000 cards it was ~80 s, all of it unanswered
    assert app.send({"cmd": "break-now"}, timeout=10)["ok"]
    assert app.quit() == 0


def test_2_7_the_break_window_draws_only_checked_bytes(qapp, tmp_path: Path) -> None:
    """A picture swapped after the cards were loaded (for a <use> bomb, or a FIFO) is not drawn
    and does not hang the window: it reads the bytes once, checks them, draws those."""
    from posture_break.ui.break_widgets import load_svg

    picture = tmp_path / "pic.svg"
    picture.write_text(PLAIN_SVG, encoding="utf-8")
    assert load_svg(picture) is not None
    picture.write_text(use_bomb(), encoding="utf-8")
    assert load_svg(picture) is None
    picture.unlink()
    os.mkfifo(picture)
    assert load_svg(picture) is None


def test_3_8_sync_journal_lines_get_the_same_ranges() -> None:
    import json

    from posture_break.core.sync_lines import parse_record

    good = {
        "machine": "m1",
        "id": "m1-0000000000000001",
        "due_at": "2026-11-24T10:00:00+01:00",
        "ended_at": "2026-11-24T10:00:30+01:00",
        "kind": "micro",
        "outcome": "done",
        "snoozes": 0,
        "card_ids": [],
        "duration_s": 30,
    }
    assert parse_record(json.dumps(good).encode(), "m1")[5:8] == (0, "", 30)
    for change in (
        {"due_at": "0001-01-01T00:00:00+14:00"},
        {"ended_at": "9999-12-31T23:59:59-12:00"},
        {"snoozes": 10**6},
        {"duration_s": 9223372036854775807},
    ):
        with pytest.raises(ValueError):
            parse_record(json.dumps({**good, **change}).encode(), "m1")


def test_saved_app_state_edited_by_hand_is_ignored(tmp_path: Path) -> None:
    """The planner's saved state and recent cards live in the history too: a hand-edited value
    (a year 9999 anchor, a snooze count of 10**20, nesting that exhausts the JSON parser, bytes
    where card ids belong) starts the count afresh instead of breaking the app's start."""
    import json
    from datetime import datetime, timedelta, timezone

    from posture_break.core.clock import FakeClock
    from posture_break.core.planner import Planner
    from posture_break.core.settings import Settings
    from posture_break.core.store import Store

    now = datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)
    fresh = Planner(Settings(), FakeClock(now)).to_state()
    for change in (
        {"micro_anchor": "9999-12-31T23:59:59+00:00"},
        {"long_anchor": "0001-01-01T00:00:00+14:00"},
        {"pin": {"kind": "micro", "first_due": fresh["micro_anchor"], "at": fresh["micro_anchor"],
                 "snoozes": 10**20}},
    ):  # fmt: skip
        clock = FakeClock(now)
        planner = Planner(Settings(), clock, state={**fresh, **change})
        for _ in range(5):
            planner.tick()
            clock.advance(timedelta(minutes=20))
        assert planner.status()

    store = Store.open(tmp_path / "history.sqlite3")
    try:
        store.set_state("planner", fresh)
        raw_sql(
            store.path,
            "UPDATE state SET value = '"
            + "[" * 100_000
            + "]" * 100_000
            + "' WHERE key = 'planner'",
            "INSERT INTO breaks (due_at, due_ts, ended_at, kind, outcome, snoozes, card_ids, "
            "duration_s) VALUES ('2026-11-24T10:00:00+01:00', 1795510800, "
            "'2026-11-24T10:00:30+01:00', 'micro', 'done', 0, X'3B61', 30)",
        )
        assert store.get_state("planner") is None
        assert store.recent_card_ids() == []
        assert json.dumps(fresh)  # the fresh state itself still saves
    finally:
        store.close()


def test_5_7_a_settings_file_of_many_problems_is_quick_and_summed_up(
    data_dir: Path, runtime_dir: Path
) -> None:
    """30,000 unknown keys (320 KB, under the size cap): each problem used to look up its line
    by reading the whole file (a minute and more); now the first 20 are shown, the rest counted."""
    path = data_dir / "settings.toml"
    path.write_text("[micro]\n" + "".join(f"k{i} = {'9' * 5000}\n" for i in range(2)), "utf-8")
    big = run_cli(data_dir, "plan", "--day", "2026-11-23", runtime_dir=runtime_dir)
    assert big.returncode == 0
    assert big.stderr.strip() == (
        f"posture-break: {path}: invalid TOML: has a value that cannot be read (Exceeds the limit "
        "(4300 digits) for integer string conversion); using defaults"
    )
    path.write_text(
        "[micro]\nseconds = " + "7" * 4000 + "\n" + "".join(f"k{i} = 1\n" for i in range(30_000)),
        "utf-8",
    )
    t0 = time.monotonic()
    result = run_cli(data_dir, "plan", "--day", "2026-11-23", runtime_dir=runtime_dir)
    assert time.monotonic() - t0 < 15
    assert result.returncode == 0
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"posture-break: {path}: line 2: [micro] seconds = {'7' * 37}... is out of range 5-300; "
        "using 30"
    )
    assert (
        lines[1]
        == f"posture-break: {path}: line 3: [micro] k0 is not a known setting (kept as it is)"
    )
    assert lines[20:] == [f"posture-break: {path}: and 29981 more problems"]
    doctor = run_cli(data_dir, "doctor", runtime_dir=runtime_dir, timeout=30)
    assert f"{path}: 30001 problem(s): line 2: [micro] seconds" in doctor.stdout


def test_17_a_language_with_a_newline_is_a_usage_error(capsys) -> None:
    from posture_break import cli

    with pytest.raises(SystemExit) as exit_:
        cli.main(["--lang", "de\n", "cards"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "posture-break: error: argument --lang: 'de\\n' is not a language code like de or de_AT"
    )


def test_a_short_file_that_is_no_database_is_moved_aside_not_overwritten(tmp_path: Path) -> None:
    """SQLite takes a file shorter than its header for an empty database and writes over it; the
    person's bytes (a note saved under the wrong name) must be kept like any damaged history."""
    from posture_break.core.store import Store

    db = tmp_path / "history.sqlite3"
    db.write_bytes(b"my notes\n")
    store = Store.open(db)
    store.close()
    (kept,) = tmp_path.glob("history.sqlite3.corrupt-*")
    assert kept.read_bytes() == b"my notes\n"
    assert "file is not a database" in store.notices[0]


def test_a_data_dir_of_an_unknown_user_is_one_line(capsys) -> None:
    from posture_break import cli

    assert cli.main(["--data-dir", "~nobody-here-at-all/x", "plan"]) == 1
    assert capsys.readouterr().err == "posture-break: ~nobody-here-at-all/x: no such home folder\n"


def test_10_a_display_left_over_from_an_ended_session_is_no_abort(
    data_dir: Path, runtime_dir: Path, tmp_path: Path
) -> None:
    """DISPLAY names a local X server nobody runs (SSH after logout, a container): Qt would abort
    the process (SIGABRT); doctor reports it, cards --render draws offscreen, run says why."""
    number = next(n for n in range(97, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    stale = {"DISPLAY": f":{number}", "QT_QPA_PLATFORM": ""}
    doctor = run_cli(data_dir, "doctor", runtime_dir=runtime_dir, env=stale, timeout=30)
    assert doctor.returncode == 0, doctor.stderr
    assert f"the X display ':{number}' does not answer" in doctor.stdout
    render = run_cli(
        data_dir, "cards", "--render", str(tmp_path / "png"), runtime_dir=runtime_dir, env=stale
    )
    assert render.returncode == 0, render.stderr
    start = run_cli(data_dir, "run", runtime_dir=runtime_dir, env=stale, timeout=30)
    assert one_line_failure(start).startswith(
        f"posture-break: the X display ':{number}' does not answer"
    )
