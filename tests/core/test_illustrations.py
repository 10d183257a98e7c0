"""The card illustrations: one still per card, animation frames, and SVG Tiny-safe content."""

from __future__ import annotations

import re
import runpy
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ASSETS = Path(__file__).resolve().parents[2] / "assets"
ILLUSTRATIONS = ASSETS / "illustrations"

CATALOGUE = [
    "chin_tuck",
    "neck_side_bend",
    "shoulder_rolls",
    "cross_body_shoulder",
    "shoulder_blade_squeeze",
    "doorway_chest_stretch",
    "chair_back_extension",
    "upper_back_round",
    "standing_back_extension",
    "seated_twist",
    "standing_twist",
    "wrist_flexor_stretch",
    "wrist_extensor_stretch",
    "standing_hip_flexor",
    "standing_calf_stretch",
    "eye_far_focus",
    "eye_blink_reset",
    "eye_figure_eight",
    "deep_breathing",
    "neck_stroke",
    "upper_trap_knead",
    "skull_base_circles",
    "chest_knead",
    "forearm_knuckle_glide",
    "palm_thumb_circles",
    "low_back_fist_rub",
    "ball_wall_upper_back",
    "ball_seated_glute",
    "roller_thoracic_extension",
    "tapping",
    "palm_strokes",
    "posture_reset",
    "wall_angels",
    "rowing_squeeze",
]
ANIMATED = [
    "chin_tuck",
    "neck_side_bend",
    "shoulder_rolls",
    "cross_body_shoulder",
    "shoulder_blade_squeeze",
    "chair_back_extension",
    "upper_back_round",
    "standing_back_extension",
    "seated_twist",
    "standing_twist",
    "wrist_flexor_stretch",
    "wrist_extensor_stretch",
    "eye_figure_eight",
    "eye_blink_reset",
    "tapping",
    "palm_strokes",
    "posture_reset",
    "wall_angels",
    "rowing_squeeze",
]
SVG_NS = "{http://www.w3.org/2000/svg}"
ALLOWED = {"svg", "g", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon"}
FRAME = re.compile(r"^(?P<id>[a-z_]+)-f(?P<n>\d+)\.svg$")


def all_svgs() -> list[Path]:
    return sorted(ILLUSTRATIONS.glob("*.svg"))


def frames_of(card_id: str) -> list[int]:
    numbers = []
    for p in ILLUSTRATIONS.glob(f"{card_id}-f*.svg"):
        m = FRAME.match(p.name)
        if m and m.group("id") == card_id:
            numbers.append(int(m.group("n")))
    return sorted(numbers)


def test_catalogue_has_34_cards() -> None:
    assert len(set(CATALOGUE)) == len(CATALOGUE) == 34


def test_catalogue_matches_the_card_files() -> None:
    # a new card file needs its illustration here (and an entry above), a removed one its art gone
    card_ids = {p.stem for p in (ASSETS / "cards").glob("*.toml")}
    assert card_ids == {*CATALOGUE, "walk"}


@pytest.mark.parametrize("card_id", [*CATALOGUE, "walk"])
def test_every_card_has_a_still(card_id: str) -> None:
    assert (ILLUSTRATIONS / f"{card_id}.svg").is_file()


@pytest.mark.parametrize("card_id", ANIMATED)
def test_movement_cards_have_frames_without_gaps(card_id: str) -> None:
    numbers = frames_of(card_id)
    assert len(numbers) >= 2
    assert numbers == list(range(1, len(numbers) + 1))


def test_every_frame_set_is_complete_and_short() -> None:
    ids = {FRAME.match(p.name).group("id") for p in all_svgs() if FRAME.match(p.name)}
    assert set(ANIMATED) <= ids
    for card_id in ids:
        numbers = frames_of(card_id)
        assert 2 <= len(numbers) <= 4, card_id
        assert numbers == list(range(1, len(numbers) + 1)), card_id
        assert (ILLUSTRATIONS / f"{card_id}.svg").is_file(), card_id


def test_no_stray_files() -> None:
    known = {*CATALOGUE, "walk"}
    for p in all_svgs():
        m = FRAME.match(p.name)
        card_id = m.group("id") if m else p.stem
        assert card_id in known, p.name


@pytest.mark.parametrize("svg", all_svgs(), ids=lambda p: p.name)
def test_svg_is_tiny_safe(svg: Path) -> None:
    raw = svg.read_bytes()
    assert len(raw) < 20 * 1024
    text = raw.decode("utf-8")
    assert "<!DOCTYPE" not in text
    assert "<script" not in text.lower()
    root = ET.fromstring(text)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == "0 0 200 200"
    for el in root.iter():
        assert el.tag.startswith(SVG_NS), el.tag
        name = el.tag[len(SVG_NS) :]
        assert name in ALLOWED, name
        for attr, value in el.attrib.items():
            assert "href" not in attr, attr
            assert attr not in ("style", "class", "filter", "mask", "clip-path"), attr
            assert "url(" not in value, (attr, value)
        assert not (el.text or "").strip(), "no text content"


def test_stills_differ_between_cards() -> None:
    stills = {p.stem: p.read_bytes() for p in all_svgs() if not FRAME.match(p.name)}
    assert len(set(stills.values())) == len(stills)


@pytest.mark.parametrize("card_id", ANIMATED)
def test_frames_show_movement(card_id: str) -> None:
    bodies = [(ILLUSTRATIONS / f"{card_id}-f{n}.svg").read_bytes() for n in frames_of(card_id)]
    # consecutive frames differ (the cycle wraps around), so the animation never stalls
    for a, b in zip(bodies, bodies[1:] + bodies[:1], strict=True):
        assert a != b
    # the still is one of the frames, so switching animations off keeps the same picture
    assert (ILLUSTRATIONS / f"{card_id}.svg").read_bytes() in bodies


def test_files_match_the_generator(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[2] / "tools" / "illustrate.py"
    if not script.is_file():
        pytest.skip("generator not shipped here")
    namespace = runpy.run_path(str(script), run_name="illustrate")
    assert namespace["main"](["illustrate", str(tmp_path)]) == 0
    fresh = {p.name: p.read_bytes() for p in tmp_path.glob("*.svg")}
    shipped = {p.name: p.read_bytes() for p in all_svgs()}
    assert fresh == shipped, "run tools/illustrate.py to regenerate the illustrations"
