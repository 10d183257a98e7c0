"""Bad settings files and bad card files, through the real CLI and the real app.

Settings: every kind of bad file is reported with the file and the line or key, defaults are used
(for just the bad value where the rest is readable) and the file is left byte for byte as it was.
Cards: every kind of bad file in ``<data dir>/cards/`` is reported in one line naming it, the
bundled cards still load, and nothing is executed or fetched: a tiny HTTP server on loopback
stands where the hostile SVGs point, and must receive no request at all.
"""

from __future__ import annotations

import http.server
import os
import random
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from posture_break.core.cards import AREAS, bundled_cards_dir
from tests.faults.apphelp import REPO, base_env, run_cli, sha256, write_settings

MONDAY = "2026-11-23"
DEFAULT_PLAN_FIRST = "09:30  micro  30 s"
DEFAULT_PLAN_TOTAL = "8 micro-breaks, 8 long breaks"
BAD_TOML = "{path}: bad TOML: <any> (at line 4, column 10)"
BUNDLED = sorted(p.stem for p in bundled_cards_dir().glob("*.toml"))


def plan(data_dir: Path, runtime_dir: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(data_dir, "plan", "--day", MONDAY, runtime_dir=runtime_dir)


def messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "does not support" not in line]


def same_problems(lines: list[str], expected: dict[str, str]) -> bool:
    """The problem lines, one per bad file, are exactly the expected ones (in any order)."""
    patterns = sorted(
        re.escape(e).replace(re.escape("<any>"), r"[^\n]+") for e in expected.values()
    )
    if len(lines) != len(patterns):
        return False
    unmatched = list(patterns)
    for line in lines:
        hit = next((p for p in unmatched if re.fullmatch(p, line)), None)
        if hit is None:
            return False
        unmatched.remove(hit)
    return True


# --- settings --------------------------------------------------------------------------------

SETTINGS_CASES: dict[str, tuple[bytes, list[str]]] = {
    # name: (file bytes, expected message patterns after "posture-break: <path>: ")
    "invalid-toml": (
        b"[micro]\nevery_minutes = 20\n[long\nminutes = 10\n",
        [r"invalid TOML: .*\(at line 3, column \d+\); using defaults"],
    ),
    "duplicate-key": (
        b"[micro]\nseconds = 20\nseconds = 40\n",
        [r"invalid TOML: .*\(at line 3, column \d+\); using defaults"],
    ),
    "huge": (
        b"# padding\n" * 200_000,
        [r"file is too large \(2000000 bytes\); using defaults"],
    ),
    "binary-garbage": (
        bytes(random.Random(7).randrange(256) for _ in range(4096)),
        [r"not UTF-8 text; using defaults"],
    ),
    "control-characters": (
        b"\x00\x01\x02\x7f[micro]\x00every_minutes = 5\n",
        [r"invalid TOML: .*\(at line 1, column 1\); using defaults"],
    ),
    "latin-1": (
        "# Pause für das Mittagessen\n[micro]\nevery_minutes = 20\n".encode("latin-1"),
        [r"not UTF-8 text; using defaults"],
    ),
}


@pytest.mark.parametrize("case", sorted(SETTINGS_CASES))
def test_unreadable_settings_file_reported_defaults_used_file_kept(
    case: str, data_dir: Path, runtime_dir: Path
) -> None:
    content, patterns = SETTINGS_CASES[case]
    path = data_dir / "settings.toml"
    path.write_bytes(content)
    before = sha256(path)
    result = plan(data_dir, runtime_dir)
    assert result.returncode == 0, result.stderr
    got = messages(result.stderr)
    assert len(got) == len(patterns), got
    for line, pattern in zip(got, patterns, strict=True):
        assert re.fullmatch(f"posture-break: {re.escape(str(path))}: {pattern}", line), line
    lines = result.stdout.splitlines()
    assert lines[1] == DEFAULT_PLAN_FIRST and lines[-1] == DEFAULT_PLAN_TOTAL
    assert sha256(path) == before
    assert sorted(p.name for p in data_dir.iterdir()) == ["settings.toml"]  # no backup, no temp


def test_bad_values_reported_with_line_and_key_rest_of_file_used(
    data_dir: Path, runtime_dir: Path
) -> None:
    path = data_dir / "settings.toml"
    path.write_text(
        "[micro]\n"
        'every_minutes = "ten"\n'  # 2: wrong type
        "seconds = 1000\n"  # 3: out of range
        "[long]\n"
        "every_minutes = 0\n"  # 5: out of range
        "minutes = 10\n"  # 6: fine, used
        "[idle]\n"
        'natural_breaks = "yes"\n'  # 8: wrong type
        "[cards]\n"
        'focus_areas = "neck"\n'  # 10: wrong type
        'equipment = ["trampoline"]\n'  # 11: unknown value
        "[app]\n"
        "daily_goal = 3.5\n"  # 13: a float
        "[work_hours]\n"
        'mon = ["08:00-12:00"]\n'  # 15: fine, used
        'tue = "09:00-17:00"\n'  # 16: wrong type
        'wed = ["25:00-26:00"]\n'  # 17: no such time
        'thu = ["09:00-12:00", "11:00-13:00"]\n'  # 18: overlap
        "[snooze]\n"
        "minutes = -5\n"  # 20: out of range
        "[mystery]\n"  # 21: unknown section, kept
        "x = 1\n",
        encoding="utf-8",
    )
    before = sha256(path)
    result = plan(data_dir, runtime_dir)
    assert result.returncode == 0, result.stderr
    p = f"posture-break: {path}"
    assert messages(result.stderr) == [
        f"{p}: line 2: [micro] every_minutes = 'ten' should be a whole number; using 30",
        f"{p}: line 3: [micro] seconds = 1000 is out of range 5-300; using 30",
        f"{p}: line 5: [long] every_minutes = 0 is out of range 1-480; using 60",
        f"{p}: line 20: [snooze] minutes = -5 is out of range 1-60; using 5",
        f"{p}: line 8: [idle] natural_breaks = 'yes' should be true or false; using true",
        f"{p}: line 10: [cards] focus_areas should be a list of names; using []",
        f"{p}: line 11: [cards] equipment has unknown 'trampoline' (known: wall, ball, "
        'foam-roller, floor); using ["wall", "floor"]',
        f"{p}: line 13: [app] daily_goal = 3.5 should be a whole number; using 4",
        f'{p}: line 16: [work_hours] tue should be a list like ["09:00-18:00"]; using the default',
        f"{p}: line 17: [work_hours] wed: '25:00-26:00' has a time that does not exist; "
        "using the default",
        f"{p}: line 18: [work_hours] thu: 09:00-12:00 and 11:00-13:00 overlap; using the default",
        f"{p}: line 21: [mystery] is not a known section (kept as it is)",
    ]
    # The good values are used: Monday 08:00-12:00, long breaks of 10 min.
    assert result.stdout.splitlines() == [
        f"Breaks for Monday {MONDAY}",
        "08:30  micro  30 s",
        "09:00  long   10 min",
        "09:40  micro  30 s",
        "10:10  long   10 min",
        "10:50  micro  30 s",
        "11:20  long   10 min",
        "3 micro-breaks, 3 long breaks",
    ]
    assert sha256(path) == before


def test_app_reports_a_bad_value_and_uses_the_default(app_factory, data_dir: Path) -> None:
    path = write_settings(data_dir, {"micro": {"every_minutes": "ten", "seconds": 20}})
    before = sha256(path)
    app = app_factory(data_dir).start()
    status = app.status()
    assert app.quit() == 0
    assert status in ("Micro-break in 30 min", "Micro-break in 29 min")  # the default interval
    line = path.read_text().splitlines().index('every_minutes = "ten"') + 1
    expected = (
        f"posture-break: {path}: line {line}: [micro] every_minutes = 'ten' should be a whole "
        "number; using 30"
    )
    # Printed at start, and shown to the person (offscreen: no tray, so on stderr too).
    assert messages(app.stderr()) == [expected, expected]
    assert f"WARNING Settings file problem: {expected[len('posture-break: ') :]}" in app.log()
    assert sha256(path) == before


def test_app_leaves_an_unreadable_settings_file_as_it_was(app_factory, data_dir: Path) -> None:
    """A settings file that is not TOML cannot say `[health] asked = true`, so the first-run
    health question opens; quitting closes it. The person's file must survive that."""
    path = data_dir / "settings.toml"
    path.write_bytes(b"[micro]\nevery_minutes = 20\n[long\nminutes = 10\n# my notes\n")
    before = sha256(path)
    app = app_factory(data_dir).start()
    assert app.status()
    assert app.quit() == 0
    assert messages(app.stderr())[0].startswith(f"posture-break: {path}: invalid TOML: ")
    assert sha256(path) == before


# --- cards -----------------------------------------------------------------------------------

CARD = """id = "{id}"
title = "A card of mine"
kind = "stretch"
areas = {areas}
seconds = 30
slot = "micro"
needs = ["seated"]
illustration = "{svg}"
avoid_if = []
steps = ["Sit tall.", "Breathe out slowly."]
caution = "Stop if it hurts."
"""
PLAIN_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<rect width="10" height="10" fill="#8ab"/></svg>'
)
SVG_HEAD = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'viewBox="0 0 10 10">'
)
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "lollollollollollollollollollol">\n'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(9))
    + "]>\n"
    + SVG_HEAD
    + "<text>&j;</text></svg>"
)


class Probe:
    """A tiny HTTP server on loopback that counts every request it gets."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        probe = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                probe.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def probe() -> Iterator[Probe]:
    p = Probe()
    yield p
    p.close()


def hostile_svgs(url: str) -> dict[str, tuple[str, str]]:
    """name: (svg text, the exact reason it is refused)."""
    return {
        "svg_script": (
            SVG_HEAD + f'<script>fetch("{url}/script-ran")</script><rect width="5"/></svg>',
            "contains a forbidden <script> element",
        ),
        "svg_onload": (
            SVG_HEAD.replace("<svg ", f"<svg onload=\"fetch('{url}/onload-ran')\" ", 1) + "</svg>",
            "has an event attribute 'onload' on <svg>",
        ),
        "svg_href": (
            SVG_HEAD + f'<use href="{url}/x.svg#a"/></svg>',
            f"has an external reference '{url}/x.svg#a' on <use>",
        ),
        "svg_xlink": (
            SVG_HEAD + f'<use xlink:href="{url}/x.png"/></svg>',
            f"has an external reference '{url}/x.png' on <use>",
        ),
        "svg_image": (
            SVG_HEAD + f'<image xlink:href="{url}/x.png" width="10" height="10"/></svg>',
            "contains a forbidden <image> element",
        ),
        "svg_css_url": (
            SVG_HEAD + f'<rect width="5" height="5" style="fill:url({url}/x.png)"/></svg>',
            f"has an external reference url({url}/x.png) in <rect>",
        ),
        "svg_css_import": (
            SVG_HEAD + f"<style>@import url({url}/x.css);</style></svg>",
            "has a stylesheet @import",
        ),
        "svg_laughs": (LAUGHS, "has a DOCTYPE (entities are not allowed)"),
        "svg_xxe": (
            f'<!DOCTYPE svg [<!ENTITY x SYSTEM "{url}/xxe">]>'
            + SVG_HEAD
            + "<text>&x;</text></svg>",
            "has a DOCTYPE (entities are not allowed)",
        ),
        "svg_stylesheet_pi": (
            f'<?xml-stylesheet href="{url}/x.css"?>' + SVG_HEAD + "</svg>",
            "has a processing instruction <?xml-stylesheet?>",
        ),
    }


def write_card(folder: Path, card_id: str, svg: str | None = None, **fields: str) -> Path:
    text = CARD.format(id=card_id, areas='["neck"]', svg=f"{card_id}.svg")
    for key, value in fields.items():
        text = re.sub(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
    path = folder / f"{card_id}.toml"
    path.write_text(text, encoding="utf-8")
    if svg is not None:
        (folder / f"{card_id}.svg").write_text(svg, encoding="utf-8")
    return path


@pytest.fixture
def bad_cards(data_dir: Path, probe: Probe) -> tuple[Path, dict[str, str]]:
    """DIR/cards/ holding one good card and every kind of bad one; returns (folder, expected
    problem line per file name)."""
    folder = data_dir / "cards"
    folder.mkdir()
    expected: dict[str, str] = {}

    write_card(folder, "mine", PLAIN_SVG)  # a good card of the person's own: it loads

    for name, (svg, reason) in hostile_svgs(probe.url).items():
        path = write_card(folder, name, svg)
        expected[path.name] = f"{path}: illustration {name}.svg: {reason}"

    big_svg = folder / "svg_huge.svg"
    big_svg.write_bytes(PLAIN_SVG.encode()[:-6] + b"<!--" + b"x" * 2_000_000 + b"--></svg>")
    path = write_card(folder, "svg_huge")
    expected[path.name] = (
        f"{path}: illustration svg_huge.svg: {big_svg.stat().st_size} bytes, more than the 1 MB "
        "limit"
    )

    path = folder / "bad_toml.toml"
    path.write_text(CARD.format(id="bad_toml", areas="[neck", svg="mine.svg"), encoding="utf-8")
    # The parser's wording differs between tomllib versions; the place does not.
    expected[path.name] = BAD_TOML.format(path=path)
    path = folder / "missing_field.toml"
    path.write_text(
        CARD.format(id="missing_field", areas='["neck"]', svg="mine.svg").replace(
            'caution = "Stop if it hurts."\n', ""
        ),
        encoding="utf-8",
    )
    expected[path.name] = f"{path}: missing field 'caution'"
    path = write_card(folder, "unknown_area", areas='["elbow"]', illustration='"mine.svg"')
    expected[path.name] = (
        f"{path}: field 'areas': unknown value 'elbow' (expected one of {', '.join(AREAS)})"
    )
    path = write_card(folder, "wrong_type", seconds='"30"', illustration='"mine.svg"')
    expected[path.name] = f"{path}: field 'seconds' must be an integer, not a string"
    path = write_card(folder, "escape", illustration='"../../../../etc/passwd.svg"')
    expected[path.name] = (
        f"{path}: field 'illustration' must be a file name ending in .svg, not "
        "'../../../../etc/passwd.svg'"
    )
    path = folder / "latin1.toml"
    path.write_bytes(
        CARD.format(id="latin1", areas='["neck"]', svg="mine.svg")
        .replace("A card of mine", "Schulterkreisen für Anfänger")
        .encode("latin-1")
    )
    first_non_ascii = next(i for i, b in enumerate(path.read_bytes()) if b > 127)
    expected[path.name] = f"{path}: not UTF-8 text (byte {first_non_ascii})"
    path = folder / "huge.toml"
    with path.open("wb") as fh:  # 50 MB, really written
        fh.write(CARD.format(id="huge", areas='["neck"]', svg="mine.svg").encode())
        block = b"# " + b"x" * 1022 + b"\n"
        fh.write(block * (50 * 1024 - 1))
    expected[path.name] = (
        f"{path}: card file is {path.stat().st_size} bytes, more than the 256 KB limit"
    )
    path = folder / "device.toml"
    path.symlink_to("/dev/zero")
    expected[path.name] = f"{path}: card file is not a regular file"
    path = folder / "fifo.toml"
    os.mkfifo(path)
    expected[path.name] = f"{path}: card file is not a regular file"
    return folder, expected


def test_cards_reports_every_bad_card_and_loads_the_rest(
    bad_cards: tuple[Path, dict[str, str]], probe: Probe, data_dir: Path, runtime_dir: Path
) -> None:
    folder, expected = bad_cards
    before = {p.name: sha256(p) for p in folder.iterdir() if p.is_file() and p.suffix == ".svg"}
    result = run_cli(data_dir, "cards", runtime_dir=runtime_dir, timeout=30)
    assert result.returncode == 0, result.stderr
    assert same_problems(result.stderr.splitlines(), expected), result.stderr
    listed = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert listed == sorted([*BUNDLED, "mine"])
    assert probe.requests == []
    assert {p.name: sha256(p) for p in folder.iterdir() if p.name in before} == before


def test_cards_check_fails_on_the_folder(
    bad_cards: tuple[Path, dict[str, str]], probe: Probe, data_dir: Path, runtime_dir: Path
) -> None:
    folder, expected = bad_cards
    result = run_cli(data_dir, "cards", "--check", str(folder), runtime_dir=runtime_dir)
    assert result.returncode == 1
    assert same_problems(result.stderr.splitlines(), expected), result.stderr
    assert probe.requests == []


def test_cards_render_with_bad_cards_present(
    bad_cards: tuple[Path, dict[str, str]], probe: Probe, data_dir: Path, runtime_dir: Path
) -> None:
    _folder, expected = bad_cards
    out = data_dir / "rendered"
    result = run_cli(data_dir, "cards", "--render", str(out), runtime_dir=runtime_dir, timeout=90)
    assert result.returncode == 0, result.stderr
    assert same_problems(messages(result.stderr), expected), result.stderr
    # One picture per good card and the contact sheet (plus an animated preview per animated card)
    pngs = sorted(p.stem for p in out.glob("*.png") if not p.stem.endswith("-animated"))
    assert pngs == sorted([*BUNDLED, "mine", "contact-sheet"])
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in out.glob("*.png"))
    assert probe.requests == []


def test_qtsvg_itself_fetches_nothing(probe: Probe, tmp_path: Path, runtime_dir: Path) -> None:
    """Defence in depth: even an SVG that slipped past the checks would not reach out, because
    QtSvg renders no scripts and loads no external files."""
    files = []
    for name, (svg, _reason) in hostile_svgs(probe.url).items():
        if name in ("svg_laughs", "svg_xxe"):
            continue  # QtSvg's parser refuses a DOCTYPE's entities on its own; nothing to draw
        path = tmp_path / f"{name}.svg"
        path.write_text(svg, encoding="utf-8")
        files.append(str(path))
    code = (
        "import sys\n"
        "from PySide6.QtGui import QGuiApplication, QImage, QPainter\n"
        "from PySide6.QtSvg import QSvgRenderer\n"
        "app = QGuiApplication([])\n"
        "for f in sys.argv[1:]:\n"
        "    r = QSvgRenderer(f)\n"
        "    img = QImage(64, 64, QImage.Format.Format_ARGB32)\n"
        "    p = QPainter(img); r.render(p); p.end()\n"
        "    app.processEvents()\n"
        "print('rendered', len(sys.argv) - 1)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *files],
        capture_output=True,
        text=True,
        timeout=60,
        env=base_env(runtime_dir),
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"rendered {len(files)}"
    assert probe.requests == []


def test_a_fifo_named_like_an_animation_frame_does_not_hang(
    data_dir: Path, runtime_dir: Path
) -> None:
    folder = data_dir / "cards"
    folder.mkdir()
    write_card(folder, "mine", PLAIN_SVG)
    os.mkfifo(folder / "mine-f1.svg")
    result = run_cli(data_dir, "cards", runtime_dir=runtime_dir, timeout=5)
    assert result.returncode == 0
    assert "mine-f1.svg" in result.stderr
