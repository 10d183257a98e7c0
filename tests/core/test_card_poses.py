"""Pictures that agree with the text: every card's ``[pose]`` facts hold in every frame.

The facts (which hand is where, elbow against shoulder, which foot is forward, which prop a body
part touches, where the pressure is) are checked against the skeleton the illustration generator
records for each figure it draws, named in the figure's own left and right.
"""

from __future__ import annotations

import re
import runpy
import sys
from pathlib import Path
from typing import Any

import pytest

from posture_break.core.cards import POSE_KEYS, Card, load_cards

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools"

if not (TOOLS / "illustrate.py").is_file():  # pragma: no cover - an sdist without tools/
    pytest.skip("the illustration generator is not shipped here", allow_module_level=True)

GEN: dict[str, Any] = runpy.run_path(str(TOOLS / "illustrate.py"), run_name="illustrate")
sys.path.insert(0, str(TOOLS))
import pose_facts  # noqa: E402

sys.path.remove(str(TOOLS))

CARDS, PROBLEMS = load_cards([ROOT / "assets" / "cards"])
BY_ID = {card.id: card for card in CARDS}


def frames(card_id: str) -> list[int]:
    return list(range(GEN["CARDS"][card_id]["frames"] or 1))


def facts_for(card: Card, frame: int) -> dict[str, str]:
    facts = {k: v for k, v in card.pose.items() if isinstance(v, str)}
    facts.update(card.pose.get(f"f{frame + 1}", {}))
    return facts


CASES = [(card.id, i) for card in CARDS for i in frames(card.id)]


def test_the_cards_load() -> None:
    assert not PROBLEMS


def test_the_fact_keys_are_the_checkers() -> None:
    assert set(POSE_KEYS) == set(pose_facts.FACTS)


@pytest.mark.parametrize("card", CARDS, ids=lambda c: c.id)
def test_every_card_states_its_pose(card: Card) -> None:
    assert card.id in GEN["CARDS"], "no drawing for this card"
    assert "posture" in card.pose
    # every frame says where at least one arm is (a hand, an elbow or a forearm)
    for i in frames(card.id):
        facts = facts_for(card, i)
        assert any(k.startswith(("left_", "right_")) for k in facts), f"frame {i + 1}"
    for key in card.pose:
        if re.fullmatch(r"f[0-9]", key):
            assert int(key[1:]) <= len(frames(card.id)), f"{key}: no such frame"


@pytest.mark.parametrize(("card_id", "frame"), CASES, ids=[f"{c}-f{i + 1}" for c, i in CASES])
def test_every_frame_shows_the_facts(card_id: str, frame: int) -> None:
    scene = GEN["CARDS"][card_id]["fn"](frame)
    assert pose_facts.check(scene, facts_for(BY_ID[card_id], frame)) == []


@pytest.mark.parametrize("card", CARDS, ids=lambda c: c.id)
def test_the_working_side_is_the_one_the_steps_name(card: Card) -> None:
    side = card.pose.get("side")
    if side in ("left", "right"):
        assert side in " ".join(card.steps).lower()


def _swap(word: str) -> str:
    return re.sub(
        r"(?<![a-z])(left|right)(?![a-z])",
        lambda m: "right" if m.group(1) == "left" else "left",
        word,
    )


def _lateral(card: Card) -> bool:
    """The facts of the last frame differ from their own mirror image."""
    facts = {k: v for k, v in facts_for(card, frames(card.id)[-1]).items() if k != "side"}
    return {_swap(k): _swap(v) for k, v in facts.items()} != facts


LATERAL = [card for card in CARDS if _lateral(card)]


@pytest.mark.parametrize("card", LATERAL, ids=lambda c: c.id)
def test_a_mirrored_pose_is_caught(card: Card) -> None:
    # the same drawing with the figure's left and right swapped must break a fact
    last = frames(card.id)[-1]
    scene = GEN["CARDS"][card.id]["fn"](last)
    mirror = pose_facts.mirrored(scene.skeletons[0])
    problems = pose_facts.check(scene, facts_for(card, last), mirror)
    assert problems, "a mirrored picture passes: the facts do not pin the side down"


def test_the_checker_names_the_broken_fact() -> None:
    card = BY_ID["neck_side_bend"]
    scene = GEN["CARDS"]["neck_side_bend"]["fn"](1)
    mirror = pose_facts.mirrored(scene.skeletons[0])
    problems = pose_facts.check(scene, facts_for(card, 1), mirror)
    assert any(p.startswith("head_tilt = left") for p in problems), problems


def test_most_cards_are_lateral() -> None:
    # the side-specific cards all carry facts that a mirror breaks
    assert len(LATERAL) >= 15


@pytest.mark.parametrize("card", CARDS, ids=lambda c: c.id)
def test_the_hand_that_works_is_the_one_the_steps_name(card: Card) -> None:
    # a hand placed on one side of the body ("right_hand = left_shoulder_top") is named in the
    # steps, in English and German, so the words and the picture agree on which hand works
    steps = " ".join(card.steps).lower()
    german = " ".join(card.text("de").steps).lower()
    words = {"left": ("linke", "linken"), "right": ("rechte", "rechten")}
    for i in frames(card.id):
        for key, value in facts_for(card, i).items():
            side = key.split("_")[0]
            if not key.endswith("_hand") or not value.startswith(("left_", "right_")):
                continue
            named = [f"{side} {part}" for part in ("hand", "palm", "thumb", "forearm", "fist")]
            assert any(n in steps for n in named), (key, value)
            assert any(w in german for w in words[side]), (key, value)


def test_an_elbow_bent_the_wrong_way_is_caught() -> None:
    # chin tuck: the hands rest on the thighs with the elbows pointing back; reflect the near
    # elbow across the line from shoulder to wrist and it points forward, which no elbow can
    scene = GEN["CARDS"]["chin_tuck"]["fn"](0)
    sk = dict(scene.skeletons[0])
    (sx, sy), (ex, ey), (wx, wy) = sk["right_shoulder"], sk["right_elbow"], sk["right_wrist"]
    dx, dy = wx - sx, wy - sy
    t = ((ex - sx) * dx + (ey - sy) * dy) / (dx * dx + dy * dy)
    foot = (sx + dx * t, sy + dy * t)
    sk["right_elbow"] = (2 * foot[0] - ex, 2 * foot[1] - ey)
    assert pose_facts.check(scene, {}, sk) == ["right elbow bends the wrong way"]
    assert pose_facts.check(scene, {}) == []
