"""Card files: the bundled catalogue meets its format; bad files are skipped with one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from posture_break import cli_cards
from posture_break.core import cards as cards_module
from posture_break.core.cards import (
    AREAS,
    HEALTH_TAGS,
    KINDS,
    MAX_CARD_BYTES,
    NEEDS,
    SLOTS,
    THEMES,
    Card,
    CardError,
    bundled_cards_dir,
    load_card,
    load_cards,
)

BAD_DIR = Path(__file__).resolve().parent.parent / "data" / "bad_cards"

_N = {"s": "seated", "st": "standing", "w": "wall", "b": "ball", "r": "foam-roller", "f": "floor"}

# The original catalogue (id, kind, primary area, seconds, needs, slot), plus walk and our third
# eyes card. The card files must agree with it.
CATALOGUE: dict[str, tuple[str, str, int, str, str]] = {
    "chin_tuck": ("stretch", "neck", 30, "s", "micro"),
    "neck_side_bend": ("stretch", "neck", 40, "s", "micro"),
    "shoulder_rolls": ("stretch", "shoulders", 30, "s", "micro"),
    "cross_body_shoulder": ("stretch", "shoulders", 40, "s", "micro"),
    "shoulder_blade_squeeze": ("stretch", "chest", 30, "s", "micro"),
    "doorway_chest_stretch": ("stretch", "chest", 60, "st,w", "long"),
    "chair_back_extension": ("stretch", "upper_back", 30, "s", "micro"),
    "upper_back_round": ("stretch", "upper_back", 30, "s", "micro"),
    "standing_back_extension": ("stretch", "lower_back", 30, "st", "micro"),
    "seated_twist": ("stretch", "lower_back", 40, "s", "micro"),
    "standing_twist": ("stretch", "lower_back", 40, "st", "micro"),
    "wrist_flexor_stretch": ("stretch", "wrists", 30, "s", "micro"),
    "wrist_extensor_stretch": ("stretch", "wrists", 30, "s", "micro"),
    "standing_hip_flexor": ("stretch", "hips_legs", 60, "st", "long"),
    "standing_calf_stretch": ("stretch", "hips_legs", 60, "st,w", "long"),
    "eye_far_focus": ("eyes", "eyes", 20, "s", "micro"),
    "eye_blink_reset": ("eyes", "eyes", 40, "s", "micro"),
    "deep_breathing": ("stretch", "chest", 40, "s", "micro"),
    "neck_stroke": ("self-massage", "neck", 40, "s", "micro"),
    "upper_trap_knead": ("self-massage", "shoulders", 40, "s", "micro"),
    "skull_base_circles": ("self-massage", "neck", 30, "s", "micro"),
    "chest_knead": ("self-massage", "chest", 40, "s", "micro"),
    "forearm_knuckle_glide": ("self-massage", "wrists", 40, "s", "micro"),
    "palm_thumb_circles": ("self-massage", "wrists", 30, "s", "micro"),
    "low_back_fist_rub": ("self-massage", "lower_back", 40, "st", "micro"),
    "ball_wall_upper_back": ("self-massage", "upper_back", 90, "st,w,b", "long"),
    "ball_seated_glute": ("self-massage", "hips_legs", 60, "s,b", "long"),
    "roller_thoracic_extension": ("self-massage", "upper_back", 120, "f,r", "long"),
    "walk": ("move", "hips_legs", 120, "st", "long"),
    "eye_figure_eight": ("eyes", "eyes", 30, "s", "micro"),
    "tapping": ("self-massage", "shoulders", 30, "s", "micro"),
    "palm_strokes": ("self-massage", "wrists", 40, "s", "micro"),
    "posture_reset": ("move", "neck", 30, "s", "micro"),
    "wall_angels": ("move", "upper_back", 60, "st,w", "long"),
    "rowing_squeeze": ("move", "upper_back", 40, "s", "micro"),
}


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> list[Card]:
    """The bundled card files, checked for their format independently of the drawings.

    The card files are copied as they are; each real illustration is copied if it exists and a
    placeholder stands in otherwise. Whether the real drawings load is the job of
    ``test_bundled_cards_load_with_real_illustrations``.
    """
    root = tmp_path_factory.mktemp("bundled")
    cards_dir, art = root / "cards", root / "illustrations"
    cards_dir.mkdir()
    art.mkdir()
    real_art = bundled_cards_dir().parent / "illustrations"
    for source in bundled_cards_dir().glob("*.toml"):
        (cards_dir / source.name).write_bytes(source.read_bytes())
        still = real_art / f"{source.stem}.svg"
        placeholder = b'<svg xmlns="http://www.w3.org/2000/svg"/>'
        (art / still.name).write_bytes(still.read_bytes() if still.is_file() else placeholder)
    cards, problems = load_cards([cards_dir])
    assert problems == []
    return cards


# --- the bundled catalogue -----------------------------------------------------------------------


def test_every_catalogue_card_has_a_file() -> None:
    files = sorted(p.stem for p in bundled_cards_dir().glob("*.toml"))
    assert files == sorted(CATALOGUE)


def test_bundled_cards_load_with_real_illustrations() -> None:
    cards, problems = load_cards([bundled_cards_dir()])
    assert problems == []
    assert sorted(card.id for card in cards) == sorted(CATALOGUE)
    for card in cards:
        assert card.illustration.name == f"{card.id}.svg"
        assert card.illustration.parent.name == "illustrations"
        for frame in card.frames:
            assert frame.name.startswith(f"{card.id}-f")


def test_bundled_cards_match_the_catalogue(bundled: list[Card]) -> None:
    for card in bundled:
        kind, area, seconds, needs, slot = CATALOGUE[card.id]
        got = (card.kind, card.primary_area, card.seconds, card.slot)
        assert got == (kind, area, seconds, slot), card.id
        assert card.needs == tuple(_N[n] for n in needs.split(",")), card.id


def test_bundled_card_text_format(bundled: list[Card]) -> None:
    for card in bundled:
        for lang in ("en", "de"):
            text = card.text(lang)
            assert 3 <= len(text.steps) <= 5, (card.id, lang)
            assert all(step.endswith(".") for step in text.steps), (card.id, lang)
            assert text.caution and "\n" not in text.caution, (card.id, lang)
            assert len(text.title) <= 40, (card.id, lang)


def test_every_card_has_german(bundled: list[Card]) -> None:
    for card in bundled:
        german = card.text("de")
        assert german.title != card.title or card.id == "walk", card.id
        assert german.steps != card.steps, card.id
        assert len(german.steps) == len(card.steps), card.id
        assert german.caution != card.caution, card.id
        assert card.text("de_DE") == german
        assert card.text("fr").steps == card.steps  # falls back to English


def test_every_area_has_three_cards(bundled: list[Card]) -> None:
    for area in AREAS:
        count = sum(1 for card in bundled if area in card.areas)
        assert count >= 3, area


def test_every_theme_is_reachable(bundled: list[Card]) -> None:
    covered = {theme for card in bundled for theme in card.themes}
    assert covered == set(THEMES)


def test_pressure_work_is_hidden_for_every_health_tag(bundled: list[Card]) -> None:
    for card in bundled:
        if card.kind == "self-massage" or {"ball", "foam-roller"} & set(card.needs):
            # every tag but "implant", which hides only the chest and neck pressure work
            assert set(card.avoid_if) >= set(HEALTH_TAGS) - {"implant"}, card.id
    roller = next(card for card in bundled if card.id == "roller_thoracic_extension")
    assert {"osteoporosis", "pregnancy"} <= set(roller.avoid_if)
    for twist in ("seated_twist", "standing_twist"):
        card = next(c for c in bundled if c.id == twist)
        assert {"recent-surgery", "recent-injury"} <= set(card.avoid_if)


def test_health_tags_match_the_health_check() -> None:
    from posture_break.core.health import TAGS

    assert tuple(TAGS) == HEALTH_TAGS


def test_walk_opens_long_breaks_and_is_a_move(bundled: list[Card]) -> None:
    walk = next(card for card in bundled if card.id == "walk")
    assert (walk.kind, walk.slot, walk.areas, walk.seconds) == ("move", "long", ("hips_legs",), 120)
    assert walk.avoid_if == ()


def test_allowed_values_are_distinct() -> None:
    for values in (AREAS, KINDS, SLOTS, NEEDS, HEALTH_TAGS, THEMES):
        assert len(set(values)) == len(values)


# --- bad cards -----------------------------------------------------------------------------------

EXPECTED_PROBLEMS = {
    "bad_toml": "bad TOML: Invalid value (at line 3",
    "not_utf8": "not UTF-8 text",
    "missing_field": "missing field 'caution'",
    "unknown_field": "unknown field 'colour'",
    "wrong_type_seconds": "field 'seconds' must be an integer, not a string",
    "wrong_type_bool_seconds": "field 'seconds' must be an integer, not a boolean",
    "wrong_type_areas": "field 'areas' must be a list, not a string",
    "unknown_area": "field 'areas': unknown value 'elbows'",
    "unknown_kind": "field 'kind': unknown kind 'yoga'",
    "unknown_slot": "field 'slot': unknown slot 'medium'",
    "unknown_need": "field 'needs': unknown value 'trampoline'",
    "unknown_tag": "field 'avoid_if': unknown value 'diabetes'",
    "unknown_theme": "field 'themes': unknown value 'posture'",
    "empty_steps": "field 'steps' is empty",
    "empty_step": "field 'steps': step 2 is empty",
    "empty_areas": "field 'areas' is empty",
    "seconds_low": "field 'seconds' is 5, outside 10-600",
    "seconds_high": "field 'seconds' is 900, outside 10-600",
    "id_mismatch": "id 'another_id' does not match the file name 'id_mismatch.toml'",
    "two_line_caution": "field 'caution' must be one line",
    "bad_de_field": "unknown field de.titel",
    "bad_de_missing": "missing field de.caution",
    "illustration_path": "field 'illustration' must be a file name ending in .svg",
    "missing_illustration": "illustration 'nowhere.svg' not found",
    "svg_not_xml": "illustration broken.svg: not well-formed XML: mismatched tag: line 1",
    "svg_not_svg_root": "illustration html_root.svg: root element is <html>, not <svg>",
    "svg_script": "illustration script.svg: contains a forbidden <script> element",
    "svg_doctype": "illustration entity.svg: has a DOCTYPE",
    "svg_event": "illustration event.svg: has an event attribute 'onclick' on <rect>",
    "svg_onload": "illustration onload.svg: has an event attribute 'onload' on <svg>",
    "svg_external_href": "has an external reference 'https://example.com/sprite.svg#a' on <use>",
    "svg_external_xlink": "has an external reference 'file:///etc/passwd' on <use>",
    "svg_external_css": "has an external reference url(http://example.com/x.svg#p) in <rect>",
    "svg_css_import": "has a stylesheet @import",
    "svg_foreign_object": "contains a forbidden <foreignObject> element",
    "svg_image": "contains a forbidden <image> element",
    "svg_stylesheet_pi": "has a processing instruction <?xml-stylesheet?>",
    "svg_bad_frame": "illustration badframe-f2.svg: contains a forbidden <script> element",
    "svg_animate_href": "animates a reference with <set>",
}
GOOD_IN_BAD_DIR = ("good_animated", "good_german", "good_plain", "good_refs")


@pytest.mark.parametrize("stem", sorted(EXPECTED_PROBLEMS))
def test_bad_card_is_refused_with_one_line_naming_file_and_problem(stem: str) -> None:
    path = BAD_DIR / f"{stem}.toml"
    with pytest.raises(CardError) as caught:
        load_card(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert EXPECTED_PROBLEMS[stem] in message


def test_fixture_folder_has_no_untested_cards() -> None:
    stems = {p.stem for p in BAD_DIR.glob("*.toml")}
    assert stems == set(EXPECTED_PROBLEMS) | set(GOOD_IN_BAD_DIR)


def test_bad_cards_are_skipped_and_the_good_ones_load() -> None:
    cards, problems = load_cards([BAD_DIR])
    assert [card.id for card in cards] == sorted(GOOD_IN_BAD_DIR)
    assert len(problems) == len(EXPECTED_PROBLEMS)
    for stem, expected in EXPECTED_PROBLEMS.items():
        lines = [line for line in problems if line.startswith(f"{BAD_DIR / stem}.toml: ")]
        assert len(lines) == 1 and expected in lines[0], stem


def test_good_fixture_details() -> None:
    animated = load_card(BAD_DIR / "good_animated.toml")
    assert [f.name for f in animated.frames] == [
        "animated-f1.svg",
        "animated-f2.svg",
        "animated-f10.svg",
    ]
    assert load_card(BAD_DIR / "good_plain.toml").frames == ()
    assert load_card(BAD_DIR / "good_plain.toml").translations == {}
    german = load_card(BAD_DIR / "good_german.toml")
    assert german.text("de").title == "Eine Testkarte"
    assert german.text("en").title == "A test card"
    assert load_card(BAD_DIR / "good_refs.toml").themes == ("gentle-stretching",)


# --- sizes, built at test time -------------------------------------------------------------------

_GOOD = (BAD_DIR / "good_plain.toml").read_text(encoding="utf-8")


def _write_card(folder: Path, card_id: str, **changes: str) -> Path:
    text = _GOOD.replace('id = "good_plain"', f'id = "{card_id}"')
    for key, value in changes.items():
        lines = [line for line in text.splitlines() if not line.startswith(f"{key} =")]
        text = "\n".join([*lines, f"{key} = {value}"]) + "\n"
    path = folder / f"{card_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def card_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "cards"
    folder.mkdir()
    (folder / "plain.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>',
        encoding="utf-8",
    )
    return folder


def test_a_50_mb_card_is_refused_by_size_without_reading_it(
    card_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = card_folder / "huge.toml"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no disk used
    real_open = Path.open

    def guarded_open(self: Path, *args: object, **kwargs: object) -> object:
        assert self != huge, "the huge file was opened"
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", guarded_open)
    with pytest.raises(CardError, match=r"huge\.toml: card file is 52428800 bytes, more than"):
        load_card(huge)


def test_card_size_limit_boundary(card_folder: Path) -> None:
    path = _write_card(card_folder, "padded")
    base = path.read_bytes()
    path.write_bytes(base + b"#" * (MAX_CARD_BYTES - len(base) - 1) + b"\n")
    assert path.stat().st_size == MAX_CARD_BYTES
    assert load_card(path).id == "padded"
    path.write_bytes(path.read_bytes() + b"#")
    with pytest.raises(CardError, match="256 KB"):
        load_card(path)


def test_an_svg_over_1_mb_is_refused(card_folder: Path) -> None:
    big = card_folder / "big.svg"
    with big.open("wb") as handle:
        handle.truncate(1024 * 1024 + 1)
    path = _write_card(card_folder, "big_picture", illustration='"big.svg"')
    expected = r"illustration big\.svg: 1048577 bytes, more than the 1 MB"
    with pytest.raises(CardError, match=expected):
        load_card(path)


# --- folders and overriding ----------------------------------------------------------------------


def test_later_folders_override_earlier_ids(card_folder: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "plain.svg").write_bytes((card_folder / "plain.svg").read_bytes())
    _write_card(card_folder, "shared", seconds="30")
    _write_card(card_folder, "only_bundled")
    _write_card(mine, "shared", seconds="45")
    cards, problems = load_cards([card_folder, mine])
    assert problems == []
    by_id = {card.id: card for card in cards}
    assert sorted(by_id) == ["only_bundled", "shared"]
    assert by_id["shared"].seconds == 45
    assert by_id["shared"].source == mine / "shared.toml"


def test_a_bad_override_keeps_the_earlier_card(card_folder: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    _write_card(card_folder, "shared")
    _write_card(mine, "shared", seconds="3")
    cards, problems = load_cards([card_folder, mine])
    assert [card.source for card in cards] == [card_folder / "shared.toml"]
    assert len(problems) == 1 and "outside 10-600" in problems[0]


def test_missing_folder_is_empty_and_a_file_is_reported(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    cards, problems = load_cards([tmp_path / "absent", not_a_folder])
    assert cards == []
    assert problems == [f"{not_a_folder}: not a folder"]


def test_illustration_beside_the_card_wins(tmp_path: Path) -> None:
    cards_dir = tmp_path / "cards"
    art = tmp_path / "illustrations"
    cards_dir.mkdir()
    art.mkdir()
    svg = '<svg xmlns="http://www.w3.org/2000/svg"/>'
    (art / "plain.svg").write_text(svg, encoding="utf-8")
    path = _write_card(cards_dir, "from_shared_folder")
    assert load_card(path).illustration == art / "plain.svg"
    (cards_dir / "plain.svg").write_text(svg, encoding="utf-8")
    assert load_card(path).illustration == cards_dir / "plain.svg"


def test_the_card_file_is_never_executed(card_folder: Path) -> None:
    # TOML that looks like code is just a string; nothing runs, nothing is imported.
    path = _write_card(card_folder, "sneaky", title="\"__import__('os').system('false')\"")
    assert load_card(path).title == "__import__('os').system('false')"


# --- the cards CLI -------------------------------------------------------------------------------


def test_cli_lists_cards_and_reports_bad_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_cards.run([BAD_DIR], check=None, render=None) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["id", "kind", "areas", "seconds", "slot"]
    assert lines[1].split() == ["good_animated", "stretch", "neck", "30", "micro"]
    assert len(lines) == 1 + len(GOOD_IN_BAD_DIR)
    assert len(err.splitlines()) == len(EXPECTED_PROBLEMS)


def test_cli_check_fails_with_one_line_per_bad_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_cards.run([], check=BAD_DIR, render=None) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == len(EXPECTED_PROBLEMS)


def test_cli_check_passes_a_good_folder(
    card_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_card(card_folder, "one")
    _write_card(card_folder, "two")
    assert cli_cards.run([BAD_DIR], check=card_folder, render=None) == 0
    assert capsys.readouterr().out == "2 cards OK\n"


def test_cli_check_of_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_cards.run([], check=tmp_path / "nope", render=None) == 1
    assert capsys.readouterr().err == f"{tmp_path / 'nope'}: not a folder\n"


def test_cli_render_calls_the_renderer_lazily(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[tuple[list[str], Path, str]] = []

    def render_cards(cards: list[Card], out_dir: Path, lang: str) -> list[Path]:
        calls.append(([c.id for c in cards], out_dir, lang))
        return [out_dir / f"{c.id}.png" for c in cards]

    fake = types.ModuleType("posture_break.ui.card_render")
    fake.render_cards = render_cards  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "posture_break.ui.card_render", fake)

    def write_previews(cards: list[Card], out_dir: Path) -> list[Path]:
        return [out_dir / f"{c.id}-animated.png" for c in cards if len(c.frames) >= 2]

    preview = types.ModuleType("posture_break.ui.card_preview")
    preview.write_previews = write_previews  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "posture_break.ui.card_preview", preview)
    out_dir = tmp_path / "out"
    assert cli_cards.run([BAD_DIR], check=None, render=out_dir, lang="de") == 0
    assert calls == [(sorted(GOOD_IN_BAD_DIR), out_dir, "de")]
    out = capsys.readouterr().out.splitlines()
    stills = [str(out_dir / f"{stem}.png") for stem in sorted(GOOD_IN_BAD_DIR)]
    assert out[: len(stills)] == stills
    # then one animated preview per card with frames
    assert out[len(stills) :] == [str(out_dir / "good_animated-animated.png")]


def test_cli_listing_never_imports_qt() -> None:
    code = (
        "import sys; from pathlib import Path; from posture_break import cli_cards;"
        f"rc = cli_cards.run([Path({str(BAD_DIR)!r})], check=None, render=None);"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))];"
        "print('QT', bad, file=sys.stderr); sys.exit(rc if not bad else 9)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(cards_module.__file__).parents[2])}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "QT []" in result.stderr
