"""Property tests: random bytes, TOML, CSV rows and SVG structure fed to every reader (issue 11).

Whatever the input, a command exits 0, 1 or 2, says so without a traceback (and without the
top-level guard's "internal error": that would be a bug caught, not input handled), finishes in
bounded time, and leaves the history byte for byte as it was whenever it did not succeed.

The CLI's ``main()`` runs in this process (a subprocess per example would cost the suite minutes);
the real-process paths are in test_hostile_input.py. Seeds are fixed (``derandomize``) and the
example counts small, so CI runs the same cases every time in a few seconds each.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posture_break.cli import main
from posture_break.core.history_csv import HEADER

FUZZ = settings(
    derandomize=True,
    database=None,
    max_examples=25,
    deadline=None,  # timing is asserted below, with a bound a loaded CI machine meets
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SECONDS = 10.0
GOOD_ROW = "2026-11-24T10:00:00+01:00,2026-11-24T10:00:30+01:00,micro,done,0,,30"


@contextlib.contextmanager
def data_folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="pb-fuzz-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    t0 = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    elapsed = time.monotonic() - t0
    stderr = err.getvalue()
    assert code in (0, 1, 2), (code, stderr)
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert elapsed < SECONDS, (args, elapsed)
    return code, out.getvalue(), stderr


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


_SEED: list[bytes] = []


def seeded(folder: Path) -> Path:
    """A history with one break in it (made once, copied for each example)."""
    db = folder / "history.sqlite3"
    if not _SEED:
        csv_file = folder / "seed.csv"
        csv_file.write_text(",".join(HEADER) + "\n" + GOOD_ROW + "\n", encoding="utf-8")
        assert run("--data-dir", str(folder), "import", str(csv_file))[0] == 0
        _SEED.append(db.read_bytes())
        csv_file.unlink()
    else:
        db.write_bytes(_SEED[0])
    return db


# --- strategies ------------------------------------------------------------------------------

KEYS = st.sampled_from(
    ["micro", "long", "app", "work_hours", "every_minutes", "seconds", "minutes", "language",
     "mon", "sun", "daily_goal", "snooze", "max_in_a_row", "id", "title", "areas", "steps",
     "illustration", "x", "de", "cards", "health", "tags"]
)  # fmt: skip
SCALARS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=20),
    st.sampled_from(["09:00-18:00", "00:00-24:00", "de", "neck", "\uff10\uff19:00-18:00"]),
)


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        escaped = "".join(
            ch if ch.isprintable() and ch not in '"\\' else f"\\u{ord(ch):04x}"
            for ch in value
            if ord(ch) < 0xD800 or ord(ch) > 0xDFFF
        )
        return f'"{escaped}"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f'"{k}" = {toml_value(v)}' for k, v in value.items()) + "}"
    raise TypeError(value)


VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=30,
)
TOML_DOCS = st.dictionaries(
    KEYS, st.one_of(VALUES, st.dictionaries(KEYS, VALUES, max_size=5)), max_size=6
)


def toml_text(doc: dict[str, object]) -> str:
    lines = []
    for key, value in doc.items():
        if isinstance(value, dict):
            lines.append(f'["{key}"]')
            lines.extend(f'"{k}" = {toml_value(v)}' for k, v in value.items())
        else:
            lines.insert(0, f'"{key}" = {toml_value(value)}')
    return "\n".join(lines) + "\n"


DEEP = st.integers(min_value=1, max_value=600).map(lambda n: "x = " + "[" * n + "]" * n + "\n")
SETTINGS_TEXT = st.one_of(TOML_DOCS.map(toml_text), DEEP, st.text(max_size=300))

TIMES = st.one_of(
    st.sampled_from(
        [
            "2026-11-24T10:00:00+01:00",
            "2026-11-24T10:00:30+01:00",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-12:00",
            "2026-11-24T10:00:00",
            "garbage",
            "",
        ]
    ),
    st.datetimes().map(lambda d: d.isoformat() + "+00:00"),
)
COUNTS = st.one_of(
    st.integers(min_value=-5, max_value=10**25).map(str),
    st.sampled_from(["", "1_000", "٣", " 7 ", "9223372036854775807", "1e3"]),
)
ROWS = st.tuples(
    TIMES,
    TIMES,
    st.sampled_from(["micro", "long", "huge", ""]),
    st.sampled_from(["done", "skipped", "missed", "natural", "unconfirmed", "won"]),
    COUNTS,
    st.sampled_from(["", "chin_tuck", "nope;chin_tuck", ";;"]),
    COUNTS,
)


def csv_text(rows: list[tuple[str, ...]], extra: str) -> str:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue() + extra


ELEMENTS = st.sampled_from(["g", "rect", "use", "circle", "style", "defs", "path", "symbol"])
ATTRS = st.dictionaries(
    st.sampled_from(["id", "href", "style", "fill", "width", "transform"]),
    st.one_of(
        st.sampled_from(["#n0", "#n1", "#n2", "#n3", "n1", "u\\72l(x)", "url(#n0)", "red", "5"]),
        st.text(alphabet="abc#\\()n0123 ", max_size=12),
    ),
    max_size=3,
)


@st.composite
def svg_docs(draw: st.DrawFn) -> str:
    """Random element trees with ids n0.. and references between them (cycles, fans, chains)."""
    counter = iter(range(10_000))

    def element(depth: int) -> str:
        name = draw(ELEMENTS)
        attrs = dict(draw(ATTRS))
        attrs.setdefault("id", f"n{next(counter)}")
        text = " ".join(f'{k}="{v}"' for k, v in attrs.items())
        children = draw(st.integers(0, 3 if depth < 4 else 0))
        fan = draw(st.integers(1, 12)) if name == "use" else 1
        inner = "".join(element(depth + 1) for _ in range(children))
        return (f"<{name} {text}>{inner}</{name}>") * fan

    body = "".join(element(0) for _ in range(draw(st.integers(0, 4))))
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{body}</svg>'


CARD = """id = "fuzz"
title = "t"
kind = "stretch"
areas = ["neck"]
seconds = 30
slot = "micro"
needs = []
illustration = "fuzz.svg"
avoid_if = []
steps = ["a"]
caution = "c"
"""


# --- the properties --------------------------------------------------------------------------


@FUZZ
@given(text=SETTINGS_TEXT, raw=st.binary(max_size=200), use_raw=st.booleans())
def test_any_settings_file(text: str, raw: bytes, use_raw: bool) -> None:
    with data_folder() as folder:
        db = seeded(folder)
        before = digest(db)
        settings_file = folder / "settings.toml"
        if use_raw:
            settings_file.write_bytes(raw)
        else:
            settings_file.write_text(text, encoding="utf-8", errors="surrogatepass")
        for args in (("plan", "--day", "2026-11-23"), ("stats", "--week", "2026-W48")):
            code, _out, _err = run("--data-dir", str(folder), *args)
            assert code == 0  # a bad settings file means defaults, never a failed command
        assert digest(db) == before


@FUZZ
@given(text=SETTINGS_TEXT, raw=st.binary(max_size=300), use_raw=st.booleans())
def test_any_card_file(text: str, raw: bytes, use_raw: bool) -> None:
    with data_folder() as folder:
        cards = folder / "cards"
        cards.mkdir()
        (cards / "fuzz.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>', encoding="utf-8"
        )
        card = cards / "fuzz.toml"
        if use_raw:
            card.write_bytes(raw)
        else:
            card.write_text(CARD + text, encoding="utf-8", errors="surrogatepass")
        code, out, _err = run("--data-dir", str(folder), "cards")
        assert code == 0 and "chin_tuck" in out  # the bundled cards always load
        assert run("cards", "--check", str(cards))[0] in (0, 1)


@FUZZ
@given(svg=svg_docs(), raw=st.binary(max_size=300), use_raw=st.booleans())
def test_any_svg(svg: str, raw: bytes, use_raw: bool) -> None:
    with data_folder() as folder:
        (folder / "fuzz.toml").write_text(CARD, encoding="utf-8")
        picture = folder / "fuzz.svg"
        if use_raw:
            picture.write_bytes(raw)
        else:
            picture.write_text(svg, encoding="utf-8")
        code, _out, err = run("cards", "--check", str(folder))
        assert code in (0, 1)
        assert code == 0 or err.startswith(f"{folder / 'fuzz.toml'}: ")


@FUZZ
@given(
    rows=st.lists(ROWS, max_size=8),
    extra=st.text(max_size=40),
    raw=st.binary(max_size=300),
    use_raw=st.booleans(),
)
def test_any_import(rows: list[tuple[str, ...]], extra: str, raw: bytes, use_raw: bool) -> None:
    with data_folder() as folder:
        db = seeded(folder)
        before = digest(db)
        source = folder / "in.csv"
        if use_raw:
            source.write_bytes(raw)
        else:
            source.write_text(csv_text(rows, extra), encoding="utf-8", errors="surrogatepass")
        code, _out, _err = run("--data-dir", str(folder), "import", str(source))
        if code != 0:
            assert digest(db) == before
        # Whatever got in, the history still reads back, exports and summarises.
        assert run("--data-dir", str(folder), "export")[0] == 0
        assert run("--data-dir", str(folder), "stats", "--week=2026-W48")[0] == 0


@FUZZ
@given(
    day=st.text(alphabet="0123456789-W:T ", max_size=12),
    week=st.text(alphabet="0123456789-W ", max_size=10),
)
def test_any_day_and_week(day: str, week: str) -> None:
    with data_folder() as folder:
        db = seeded(folder)
        before = digest(db)
        run("--data-dir", str(folder), "plan", f"--day={day}")
        run("--data-dir", str(folder), "stats", f"--week={week}")
        assert digest(db) == before


@pytest.mark.parametrize("command", ["plan", "stats", "export", "cards"])
def test_an_unexpected_error_is_one_line_and_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """The top-level guard: a bug anywhere becomes one line on stderr and a logged traceback."""
    from posture_break import cli

    def boom(*_args: object, **_kwargs: object) -> int:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(cli, "_dispatch", boom)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--data-dir", str(tmp_path), command])
    assert code == 1
    log = tmp_path / "logs" / "posture-break.log"
    assert err.getvalue().splitlines() == [
        f"posture-break: {command}: internal error (RecursionError: maximum recursion depth "
        f"exceeded); details in {log}"
    ]
    assert "Traceback (most recent call last)" in log.read_text(encoding="utf-8")


SQLITE_MAGIC = b"SQLite format 3\x00"


@FUZZ
@given(
    head=st.one_of(st.just(SQLITE_MAGIC), st.binary(max_size=16)),
    tail=st.binary(max_size=600),
    patch=st.tuples(st.integers(0, 4095), st.binary(min_size=1, max_size=8)),
    use_real=st.booleans(),
)
def test_any_history_file(
    head: bytes, tail: bytes, patch: tuple[int, bytes], use_real: bool
) -> None:
    """Random bytes, or a real history with a few bytes changed (the header's schema version at
    offset 60 among them): stats and export answer, and the person's bytes are never lost (kept in
    place, or moved aside as ``history.sqlite3.corrupt-*``)."""
    with data_folder() as folder:
        db = folder / "history.sqlite3"
        if use_real:
            seeded(folder)
            data = bytearray(db.read_bytes())
            offset, new = patch
            offset = offset % len(data) if offset >= 100 else 60 + offset % 4
            data[offset : offset + len(new)] = new
            db.write_bytes(bytes(data))
        else:
            db.write_bytes(head + tail)
        original = db.read_bytes()
        for args in (("stats", "--week=2026-W48"), ("export",)):
            run("--data-dir", str(folder), *args)
        kept = [
            p.read_bytes()
            for p in folder.glob("history.sqlite3*")
            if not p.name.endswith(("-wal", "-shm"))
        ]
        assert original in kept or any(k.startswith(original[:100]) for k in kept)


def test_a_byte_changed_anywhere_in_the_history() -> None:
    """A sweep over a real history: one byte turned into 0x80 (not UTF-8) at offsets all through
    the file. Found by the property test above: SQLite's integrity report and the rows themselves
    then hold bytes that are not UTF-8, which must not stop stats or export."""
    with data_folder() as folder:
        seeded(folder)
        pristine = _SEED[0]
    offsets = list(range(100, len(pristine), len(pristine) // 24 + 1))
    for text in (b"2026-11-24T10:00", b"CREATE TABLE", b"CREATE INDEX", b"micro"):
        start = pristine.find(text)
        while start != -1 and len(offsets) < 80:
            offsets.append(start + len(text) // 2)  # inside a row's text or the schema's SQL
            start = pristine.find(text, start + 1)
    for offset in offsets:
        with data_folder() as folder:
            db = folder / "history.sqlite3"
            db.write_bytes(pristine[:offset] + b"\x80" + pristine[offset + 1 :])
            for args in (("stats", "--week=2026-W48"), ("export",)):
                run("--data-dir", str(folder), *args)
