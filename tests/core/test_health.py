"""The health questions and the notice are data other parts rely on: keep them consistent."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from posture_break.core import health

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "cards"

# The tags of the health check (docs/evidence.md); the picker and the card files use these names.
DOMAIN_TAGS = {
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
}


def test_tags_are_unique_and_match_the_domain_list() -> None:
    tags = [q.tag for q in health.QUESTIONS]
    assert len(tags) == len(set(tags))
    assert set(tags) == DOMAIN_TAGS
    assert tuple(tags) == health.TAGS


def test_tags_are_simple_lowercase_words() -> None:
    # Tags are written into settings.toml and card files by hand: keep them easy to type.
    for q in health.QUESTIONS:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", q.tag), q.tag


def test_labels_are_plain_and_distinct() -> None:
    labels = [q.label for q in health.QUESTIONS]
    assert len(labels) == len(set(labels))
    for label in labels:
        assert 5 < len(label) < 100
        assert label == label.strip()
        assert "\n" not in label


def test_a_recent_fracture_is_its_own_answer_not_osteoporosis() -> None:
    by_tag = {q.tag: q.label.lower() for q in health.QUESTIONS}
    assert "fracture" not in by_tag["osteoporosis"]
    assert "broken a bone" in by_tag["recent-fracture"]


def test_implanted_devices_are_asked_about_by_name() -> None:
    label = {q.tag: q.label.lower() for q in health.QUESTIONS}["implant"]
    for device in ("pacemaker", "defibrillator", "port"):
        assert device in label


def _cards() -> dict[str, dict[str, object]]:
    import tomllib

    return {p.stem: tomllib.loads(p.read_text("utf-8")) for p in ASSETS.glob("*.toml")}


# Cards that press on or near the chest or the neck (where a device pocket or its leads lie).
CHEST_NECK_PRESSURE = {"neck_stroke", "skull_base_circles", "upper_trap_knead", "chest_knead"}
# Stretches that load a limb or the spine: hidden after a recent fracture.
LOAD_BEARING = {
    "wrist_flexor_stretch",
    "wrist_extensor_stretch",
    "cross_body_shoulder",
    "doorway_chest_stretch",
    "standing_calf_stretch",
    "standing_hip_flexor",
    "chair_back_extension",
    "standing_back_extension",
}


def test_implant_hides_chest_and_neck_pressure_work() -> None:
    cards = _cards()
    for card_id, data in cards.items():
        areas = set(data["areas"])  # type: ignore[arg-type]
        if data["kind"] == "self-massage" and areas & {"neck", "chest", "shoulders"}:
            assert "implant" in data["avoid_if"], card_id  # type: ignore[operator]
    for card_id in CHEST_NECK_PRESSURE:
        assert "implant" in cards[card_id]["avoid_if"], card_id  # type: ignore[operator]


def test_recent_fracture_hides_pressure_work_and_load_bearing_stretches() -> None:
    cards = _cards()
    for card_id, data in cards.items():
        if data["kind"] == "self-massage" or card_id in LOAD_BEARING:
            assert "recent-fracture" in data["avoid_if"], card_id  # type: ignore[operator]


def test_spine_cards_are_hidden_after_a_recent_injury_or_surgery() -> None:
    cards = _cards()
    for card_id in ("chin_tuck", "upper_back_round", "seated_twist", "chair_back_extension"):
        for tag in ("recent-injury", "recent-surgery"):
            assert tag in cards[card_id]["avoid_if"], (card_id, tag)  # type: ignore[operator]


def test_notice_mentions_every_stop_sign_and_the_emergency_signs() -> None:
    text = health.NOTICE.lower()
    for sign in health.STOP_SIGNS:
        assert sign.lower() in text, sign
    for phrase in ("numbness", "tingling", "dizziness", "chest pain", "breathless"):
        assert phrase in text
    for emergency in ("groin", "bladder or bowel", "sudden, severe headache"):
        assert emergency in text


def test_notice_sets_expectations() -> None:
    text = health.NOTICE.lower()
    assert "not medical advice" in text
    assert "mild tension" in text
    assert "never bounce" in text
    assert "tender is fine" in text
    assert "sharp pain is not" in text


def test_known_tags_drops_unknown_and_duplicates_in_display_order() -> None:
    assert health.known_tags(["pregnancy", "bogus", "anticoagulants", "pregnancy"]) == [
        "anticoagulants",
        "pregnancy",
    ]
    assert health.known_tags([]) == []


def test_the_card_validator_knows_exactly_these_tags() -> None:
    # cards.HEALTH_TAGS is the list card files' avoid_if is checked against, and the picker
    # filters by it: a tag missing on either side would mean a question that hides nothing, or
    # a card that no answer can hide.
    from posture_break.core import cards

    assert set(cards.HEALTH_TAGS) == set(health.TAGS)


def test_every_avoid_if_in_the_bundled_cards_is_a_question() -> None:
    files = sorted(ASSETS.glob("*.toml"))
    if not files:
        pytest.skip("no bundled cards yet")
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    for path in files:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for tag in data.get("avoid_if", []):
            assert tag in health.TAGS, f"{path.name}: unknown avoid_if tag {tag!r}"


def test_settings_written_before_the_new_questions_still_load(tmp_path: Path) -> None:
    from posture_break.core.settings import load_settings, save_settings

    old = tmp_path / "old.toml"
    old.write_text('[health]\nasked = true\ntags = ["osteoporosis", "pregnancy"]\n', "utf-8")
    loaded = load_settings(old)
    assert not loaded.problems
    assert loaded.settings.health.tags == ("osteoporosis", "pregnancy")
    assert loaded.settings.health.asked

    new = tmp_path / "new.toml"
    tags = ("recent-fracture", "implant")
    settings = dataclasses.replace(
        loaded.settings, health=dataclasses.replace(loaded.settings.health, tags=tags)
    )
    save_settings(new, settings, loaded.raw)
    again = load_settings(new)
    assert not again.problems
    assert set(again.settings.health.tags) == set(tags)


def test_self_massage_cards_start_light_and_build_up_gradually() -> None:
    for card_id, data in _cards().items():
        if data["kind"] != "self-massage":
            continue
        en = " ".join(data["steps"]).lower()  # type: ignore[arg-type]
        de = " ".join(data["de"]["steps"]).lower()  # type: ignore[index]
        assert "start" in en and ("light" in en or "little weight" in en), card_id
        assert "beginn" in de or "erst wenig" in de or "erst leicht" in de, card_id


def test_neck_cards_keep_away_from_the_throat() -> None:
    for card_id, data in _cards().items():
        if data["kind"] == "self-massage" and "neck" in data["areas"]:  # type: ignore[operator]
            assert "throat" in data["caution"] or "spine" in data["caution"], card_id
