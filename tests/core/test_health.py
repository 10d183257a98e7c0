"""The health questions and the notice are data other parts rely on: keep them consistent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from posture_break.core import health

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "cards"

# The tags DOMAIN.md lists for the health check; the picker and the card files use these names.
DOMAIN_TAGS = {
    "anticoagulants",
    "blood-clot",
    "skin",
    "osteoporosis",
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


def test_osteoporosis_question_also_covers_a_recent_fracture() -> None:
    by_tag = {q.tag: q.label for q in health.QUESTIONS}
    assert "fracture" in by_tag["osteoporosis"].lower()


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
