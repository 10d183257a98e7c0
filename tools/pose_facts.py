"""Check a drawn figure against a card's pose facts (the ``[pose]`` table of its card file).

The illustration generator (tools/illustrate.py) records, for every figure it draws, a skeleton
named in the figure's OWN left and right (see ``illustrate.skeleton``), the props it drew (seat,
chair back, desk, wall, door frame, ball, roller), its pressure marks and the points of its
arrows.  ``check(scene, facts)`` turns each fact into a geometric test on those and returns one
line per broken fact; ``general(scene)`` holds for every card (no hand at the throat, no arm or
hand over the face, no arrow or mark on the head).

Coordinates are the generator's 200x200 figure space, y down.  Side view: ``facing`` is +1 when
the face points to the right of the picture; "behind" is the other way.  Back view: a hand drawn
on the body is on the back of it.  Front view: on the front.
"""

from __future__ import annotations

import math
from typing import Any

Pt = tuple[float, float]

SIDES = ("left", "right")
PARTS = (
    "shoulder_top",
    "upper_arm",
    "forearm",
    "palm",
    "fingers",
    "hand_back",
    "chest",
    "knee",
    "neck_back",
)
BODY_SPOTS = (
    "hanging",
    "seat",
    "desk",
    "wall",
    "door_frame",
    "chair_back",
    "hip",
    "lower_back",
    "back_of_head",
    "skull_base",
    "chest",
    "belly",
    "eyes",
    "forward",
    "across_chest",
    "upper_back",
    "lap",
)
SPOTS = BODY_SPOTS + tuple(f"{s}_{p}" for s in SIDES for p in PARTS)

#: Every fact key and the values it takes (cards.py validates card files against this too).
FACTS: dict[str, tuple[str, ...]] = {
    "posture": ("seated", "standing", "lying"),
    "side": ("left", "right", "both"),
    "left_hand": SPOTS,
    "right_hand": SPOTS,
    "left_elbow": (
        "below_shoulder",
        "at_or_below_shoulder",
        "above_shoulder",
        "wide",
        "straight",
        "desk",
        "by_side",
        "behind",
        "bent",
        "wall",
    ),
    "left_forearm": ("desk", "door_frame", "wall", "vertical"),
    "left_grip": ("open", "flat", "fist", "thumb", "cup"),
    "left_palm": ("up", "down"),
    "left_wrist": ("extended", "flexed"),
    "front_foot": ("left", "right", "none"),
    "heel_down": ("left", "right", "both"),
    "heel_up": ("left", "right"),
    "knees": ("straight", "soft", "bent"),
    "front_knee": ("over_ankle",),
    "head_tilt": ("left", "right", "none"),
    "head_turn": ("left", "right", "none"),
    "torso_turn": ("left", "right", "none"),
    "torso": ("upright", "forward", "back"),
    "breath": ("belly",),
    "roller": ("upper_back",),
    "ball": ("upper_back", "buttock"),
    "backrest": ("upper_back",),
    "pressure": SPOTS,
    "head": ("over_shoulders",),
    "screen": ("eye_level",),
}
for _k in ("elbow", "forearm", "grip", "palm", "wrist"):
    FACTS[f"right_{_k}"] = FACTS[f"left_{_k}"]


# ---------------------------------------------------------------- geometry


def dist(a: Pt, b: Pt) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def seg_dist(p: Pt, a: Pt, b: Pt) -> tuple[float, float]:
    """Distance from p to segment ab, and where along it (0..1) the nearest point is."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = dx * dx + dy * dy
    t = 0.0 if n == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / n))
    return dist(p, (a[0] + dx * t, a[1] + dy * t)), t


def rect_dist(p: Pt, r: tuple[float, float, float, float]) -> float:
    x0, y0, x1, y1 = r
    dx = max(x0 - p[0], 0.0, p[0] - x1)
    dy = max(y0 - p[1], 0.0, p[1] - y1)
    return math.hypot(dx, dy)


def angle_at(a: Pt, b: Pt, c: Pt) -> float:
    """The angle abc in degrees (180 = straight)."""
    v1 = (a[0] - b[0], a[1] - b[1])
    v2 = (c[0] - b[0], c[1] - b[1])
    n = math.hypot(*v1) * math.hypot(*v2) or 1.0
    cos = max(-1.0, min(1.0, (v1[0] * v2[0] + v1[1] * v2[1]) / n))
    return math.degrees(math.acos(cos))


def other(side: str) -> str:
    return "left" if side == "right" else "right"


def mirrored(sk: dict[str, Any]) -> dict[str, Any]:
    """The same drawing with the figure's left and right swapped (a mirrored pose)."""
    out: dict[str, Any] = {}
    for key, value in sk.items():
        for a, b in (("left_", "right_"), ("right_", "left_")):
            if key.startswith(a):
                key = b + key[len(a) :]
                break
        out[key] = value
    out["turn"] = -sk["turn"]
    out["twist"] = -sk["twist"]
    out["tilt"] = -sk["tilt"] if sk["view"] != "side" else sk["tilt"]
    return out


# ---------------------------------------------------------------- the checker


class Checker:
    def __init__(self, scene: Any, sk: dict[str, Any]) -> None:
        self.scene = scene
        self.sk = sk
        self.view = sk["view"]
        self.fx = sk["facing"]

    # --- helpers

    def props(self, kind: str) -> list[dict[str, Any]]:
        return [p for p in self.scene.props if p["kind"] == kind]

    def behind(self, p: Pt, ref: Pt, margin: float = 0.0, part: str = "torso") -> bool:
        """Side view: p is behind ref (away from where the face or the chest points)."""
        fwd = self.sk[f"{part}_fwd"]
        return (p[0] - ref[0]) * fwd[0] + (p[1] - ref[1]) * fwd[1] < -margin

    def lateral(self, side: str) -> int:
        """+1 if the figure's `side` is to the right of the picture (front/back view)."""
        if self.view == "front":
            return 1 if side == "left" else -1
        return 1 if side == "right" else -1

    def near_prop(self, p: Pt, kind: str, tol: float) -> bool:
        for prop in self.props(kind):
            if "rect" in prop and rect_dist(p, prop["rect"]) <= tol:
                return True
            if "y" in prop and prop["x0"] - tol <= p[0] <= prop["x1"] + tol:
                if abs(p[1] - prop["y"]) <= tol:
                    return True
            if "a" in prop and seg_dist(p, prop["a"], prop["b"])[0] <= prop["r"] + tol:
                return True
            if "c" in prop and dist(p, prop["c"]) <= prop["r"] + tol:
                return True
        return False

    def torso_t(self, p: Pt) -> tuple[float, float]:
        """Distance of p from the pelvis-chest line and where along it (0 pelvis, 1 chest)."""
        d, t = seg_dist(p, self.sk["pelvis"], self.sk["chest"])
        # allow beyond the ends: project without clamping
        a, b = self.sk["pelvis"], self.sk["chest"]
        dx, dy = b[0] - a[0], b[1] - a[1]
        n = dx * dx + dy * dy or 1.0
        t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / n
        return d, t

    # --- body spots: is point p (a hand, a mark) at `spot`?  Returns a reason when not.

    def at(self, p: Pt, spot: str, who: str = "") -> str | None:
        sk, view = self.sk, self.view
        C, NB, NT, S = sk["head"], sk["neck_base"], sk["neck_top"], sk["chest"]
        R = sk["head_r"]
        own = who.split("_")[0] if who else ""
        if spot == "hanging":
            sh = sk.get(f"{own}_shoulder", S)
            return None if p[1] > sh[1] + 28 else "not hanging by the side"
        if spot in ("seat", "desk", "wall", "door_frame", "chair_back"):
            return None if self.near_prop(p, spot, 9) else f"not on the {spot.replace('_', ' ')}"
        if spot == "hip":
            hip = sk.get(f"{own}_hip", sk["pelvis"])
            ok = abs(p[1] - (sk["pelvis"][1] - 6)) < 12 and abs(p[0] - hip[0]) < 20
            return None if ok else "not on the hip"
        if spot == "lower_back":
            M, H = sk["waist"], sk["pelvis"]
            if not (M[1] - 8 <= p[1] <= H[1] + 4):
                return "not at lower-back height (between waist and pelvis)"
            if view == "front":
                return "the lower back is not visible from the front"
            if view == "side":
                return None if self.behind(p, M, 4) else "not behind the body"
            off = (p[0] - M[0]) * self.lateral(own) if own else abs(p[0] - M[0])
            return None if 3 <= off <= 20 else f"not beside the spine on the {own} side ({off:.0f})"
        if spot in ("back_of_head", "skull_base"):
            if view == "front":
                return f"the {spot.replace('_', ' ')} is not visible from the front"
            d = dist(p, C)
            if d > R + 7:
                return f"not at the head ({d:.0f} from its centre)"
            if spot == "skull_base" and p[1] < C[1] + 1:
                return "above the base of the skull"
            if view == "side" and not self.behind(p, C, 2, "head"):
                return "not behind the head"
            if view == "back" and own and (p[0] - NB[0]) * self.lateral(own) < 1:
                return f"not on the {own} side of the spine"
            return None
        if spot == "across_chest":
            sh = sk.get(f"{own}_shoulder", S)
            if view == "side":
                return "cannot show an arm across the chest from the side"
            crossed = (p[0] - S[0]) * self.lateral(other(own)) > 4
            level = abs(p[1] - sh[1]) < 14
            return None if crossed and level else "not across the chest at shoulder height"
        if spot == "forward":
            sh = sk.get(f"{own}_shoulder", S)
            if view != "side":
                return "reaching forward is shown from the side"
            ahead = (p[0] - sh[0]) * self.fx > 30
            return None if ahead and abs(p[1] - sh[1]) < 18 else "not reaching forward"
        if spot in ("chest", "belly"):
            target = lerp(sk["chest"], sk["waist"], 0.35) if spot == "chest" else lerp(
                sk["waist"], sk["pelvis"], 0.35
            )
            if view == "side":
                ahead = (p[0] - target[0]) * self.fx
                ok = 6 <= ahead <= 22 and abs(p[1] - target[1]) < 9
            else:
                ok = view == "front" and dist(p, target) < 12
            return None if ok else f"not on the {spot}"
        if spot == "lap":
            H = sk["pelvis"]
            knees = [sk[k] for k in ("left_knee", "right_knee") if k in sk]
            thighs = [
                seg_dist(p, sk[f"{s}_hip"], sk[f"{s}_knee"])[0] for s in SIDES if f"{s}_knee" in sk
            ]
            if self.view == "side":
                ok = bool(thighs) and min(thighs) < 13 and p[1] < H[1]
            else:
                ok = -16 < p[1] - H[1] < 10 and abs(p[0] - H[0]) < 30
            return None if ok and knees else "not resting in the lap"
        if spot == "upper_back":
            d, t = self.torso_t(p)
            return None if 0.55 <= t <= 1.1 and d < 22 else f"not at the upper back (t={t:.2f})"
        if spot == "eyes":
            if view == "back":
                return "eyes are not visible from the back"
            return None if dist(p, (C[0], C[1] + 2)) < 9 else "not over the eyes"
        side, _, part = spot.partition("_")
        if side not in SIDES:
            raise ValueError(f"unknown spot {spot!r}")
        if part == "shoulder_top":
            sh = sk[f"{side}_shoulder"]
            d, t = seg_dist(p, NB, sh)
            if view == "side":
                ok = d < 11 and p[1] <= sh[1] + 4
            else:
                ok = d < 10 and t >= 0.25 and p[1] <= max(NB[1], sh[1]) + 4
            return None if ok else f"not on top of the {side} shoulder ({d:.0f}, t={t:.2f})"
        if part == "neck_back":
            if view == "front":
                return "the back of the neck is not visible from the front"
            d, _ = seg_dist(p, NB, add(C, (0, R * 0.6)))
            if d > 10:
                return f"not at the neck ({d:.0f})"
            if view == "side" and not self.behind(p, NT, 1, "head"):
                return "not behind the neck"
            if view == "back" and (p[0] - NB[0]) * self.lateral(side) < 0:
                return f"not on the {side} side of the neck"
            return None
        if part in ("upper_arm", "forearm"):
            a, b = (
                (sk[f"{side}_shoulder"], sk[f"{side}_elbow"])
                if part == "upper_arm"
                else (sk[f"{side}_elbow"], sk[f"{side}_wrist"])
            )
            d, t = seg_dist(p, a, b)
            if d > 9:
                return f"not on the {side} {part.replace('_', ' ')} ({d:.0f})"
            if part == "upper_arm" and dist(p, sk[f"{side}_elbow"]) < 7:
                return f"on the {side} elbow, not the upper arm"
            return None
        if part in ("palm", "fingers", "hand_back"):
            target = sk[f"{side}_tip"] if part == "fingers" else sk[f"{side}_hand"]
            d = dist(p, target)
            if d > 10:
                return f"not at the {side} {part.replace('_', ' ')} ({d:.0f})"
            return None
        if part == "chest":
            sh = sk[f"{side}_shoulder"]
            below = sh[1] + 2 <= p[1] <= sh[1] + 22
            inside = (p[0] - S[0]) * self.lateral(side) > 0 if view != "side" else True
            return None if below and inside and view == "front" else f"not below the {side} collarbone"
        if part == "knee":
            k = sk.get(f"{side}_knee")
            return None if k is not None and dist(p, k) < 12 else f"not on the {side} knee"
        raise ValueError(f"unknown spot {spot!r}")

    # --- the facts

    def fact(self, key: str, value: str) -> str | None:  # noqa: C901 - one branch per fact
        sk = self.sk
        if key == "side":
            return None  # which side works: cross-checked against the card's steps
        if key == "posture":
            H = sk["pelvis"]
            if value == "seated":
                seats = self.props("seat")
                on_ball = any(dist(b["c"], H) < b["r"] + 14 for b in self.props("ball"))
                ok = any(abs(H[1] + 4 - s["y"]) < 14 or (on_ball and 0 < s["y"] - H[1] < 28)
                         for s in seats)
                return None if ok else "not sitting on a seat"
            torso = math.degrees(math.atan2(abs(sk["chest"][0] - H[0]), H[1] - sk["chest"][1]))
            if value == "lying":
                return None if torso > 60 else "the torso is not lying down"
            ankles = [sk[k] for k in ("left_ankle", "right_ankle") if k in sk]
            knees = [sk[k] for k in ("left_knee", "right_knee") if k in sk]
            ok = bool(ankles) and all(a[1] > 160 for a in ankles)
            ok = ok and all(H[1] < k[1] - 20 for k in knees) and torso < 45
            return None if ok else "not standing on both feet"
        if key in ("left_hand", "right_hand"):
            side = key.split("_")[0]
            p = sk[f"{side}_hand"]
            if sk[f"{side}_arm"]["grip"] == "thumb":
                p = sk[f"{side}_thumb"]  # the thumb does the work
            if value.endswith(("_palm", "_fingers", "_hand_back")) and value.startswith(side):
                return "a hand cannot hold itself"
            if value.startswith(other(side) + "_thumb"):
                return None
            why = self.at(p, value, key)
            if why:
                return why
            if value in ("eyes",) or value.endswith(("_palm", "_fingers", "_hand_back")):
                return None
            return None
        if key in ("left_elbow", "right_elbow"):
            side = key.split("_")[0]
            E, Sh, W = sk[f"{side}_elbow"], sk[f"{side}_shoulder"], sk[f"{side}_wrist"]
            if value == "below_shoulder":
                return None if E[1] >= Sh[1] + 2 else "elbow not below the shoulder"
            if value == "at_or_below_shoulder":
                return None if E[1] >= Sh[1] - 4 else "elbow above the shoulder"
            if value == "above_shoulder":
                return None if E[1] < Sh[1] - 4 else "elbow not above the shoulder"
            if value == "straight":
                a = angle_at(Sh, E, W)
                return None if a > 155 else f"elbow bent ({a:.0f} degrees)"
            if value == "bent":
                a = angle_at(Sh, E, W)
                return None if a < 130 else f"elbow not bent ({a:.0f} degrees)"
            if value == "desk":
                return None if self.near_prop(E, "desk", 9) else "elbow not on the desk"
            if value == "wall":
                return None if self.near_prop(E, "wall", 9) else "elbow not on the wall"
            if value == "by_side":
                if self.view == "side":
                    ok = abs(E[0] - Sh[0]) < 9 and E[1] > Sh[1] + 18
                else:
                    ok = E[1] > Sh[1] + 18 and abs(E[0] - Sh[0]) < 10
                return None if ok else "elbow not by the side"
            if value == "behind":
                if self.view != "side":
                    return "an elbow drawn back is shown from the side"
                return None if self.behind(E, Sh, 5) else "elbow not drawn back"
            if value == "wide":
                if self.view == "side":
                    # seen from the side, wide elbows point at the viewer: never ahead of the face
                    ok = not (E[0] - sk["head"][0]) * self.fx > 3
                    return None if ok else "elbow forward of the face, not wide"
                out = abs(E[0] - sk["chest"][0]) - abs(Sh[0] - sk["chest"][0])
                return None if out > 6 else "elbow not out to the side"
            raise ValueError(value)
        if key in ("left_forearm", "right_forearm"):
            side = key.split("_")[0]
            E, W = sk[f"{side}_elbow"], sk[f"{side}_wrist"]
            if value == "vertical":
                ok = abs(E[0] - W[0]) < 0.35 * abs(E[1] - W[1])
                return None if ok else "forearm not upright"
            ok = self.near_prop(E, value, 8) and self.near_prop(W, value, 8)
            return None if ok else f"forearm not along the {value.replace('_', ' ')}"
        if key in ("left_grip", "right_grip"):
            side = key.split("_")[0]
            grip = sk[f"{side}_arm"]["grip"]
            return None if grip == value else f"hand is {grip}, not {value}"
        if key in ("left_palm", "right_palm"):
            side = key.split("_")[0]
            palm = sk[f"{side}_arm"]["palm"]
            return None if palm == value else f"palm faces {palm or 'nowhere'}, not {value}"
        if key in ("left_wrist", "right_wrist"):
            side = key.split("_")[0]
            E, W = sk[f"{side}_elbow"], sk[f"{side}_wrist"]
            d = sk[f"{side}_arm"]["dir"]
            fa = (W[0] - E[0], W[1] - E[1])
            cross = fa[0] * d[1] - fa[1] * d[0]  # >0: the hand turns clockwise (down, facing right)
            down_turn = cross * (1 if fa[0] >= 0 else -1) > 0
            bend = angle_at(E, W, add(W, d))
            if bend > 150:
                return "wrist straight"
            palm = sk[f"{side}_arm"]["palm"]
            extended = down_turn == (palm == "up")
            got = "extended" if extended else "flexed"
            return None if got == value else f"wrist {got}, not {value}"
        if key == "front_foot":
            la, ra = sk.get("left_ankle"), sk.get("right_ankle")
            if self.view != "side":
                return "which foot is forward is shown from the side"
            ahead = (ra[0] - la[0]) * self.fx
            got = "right" if ahead > 8 else "left" if ahead < -8 else "none"
            return None if got == value else f"front foot is {got}, not {value}"
        if key in ("heel_down", "heel_up"):
            for side in SIDES if value == "both" else (value,):
                heel, toe = sk.get(f"{side}_heel"), sk.get(f"{side}_toe")
                if heel is None:
                    return "feet are shown from the side only"
                down = heel[1] >= toe[1] - 3
                if (key == "heel_down") != down:
                    return f"{side} heel {'up' if not down else 'down'}"
            return None
        if key == "knees":
            flex = [
                180 - angle_at(sk[f"{s}_hip"], sk[f"{s}_knee"], sk[f"{s}_ankle"])
                for s in SIDES
                if f"{s}_knee" in sk
            ]
            lim = {"straight": (0, 12), "soft": (3, 32), "bent": (32, 180)}[value]
            ok = all(lim[0] <= a <= lim[1] for a in flex)
            return None if ok else f"knees bent {', '.join(f'{a:.0f}' for a in flex)}, not {value}"
        if key == "front_knee":
            if self.view != "side":
                return "shown from the side"
            la, ra = sk["left_ankle"], sk["right_ankle"]
            front = "right" if (ra[0] - la[0]) * self.fx > 0 else "left"
            K, A = sk[f"{front}_knee"], sk[f"{front}_ankle"]
            ok = abs(K[0] - A[0]) < 7
            return None if ok else f"front knee {abs(K[0] - A[0]):.0f} away from above the ankle"
        if key in ("head_tilt", "head_turn", "torso_turn"):
            if self.view == "side":
                return f"{key.replace('_', ' ')} is shown from the front or back"
            raw = {"head_tilt": sk["tilt"], "head_turn": sk["turn"], "torso_turn": sk["twist"]}[key]
            # + = toward the viewer's right; front view that is the figure's left
            if abs(raw) < 0.05:
                got = "none"
            else:
                got = "left" if (raw > 0) == (self.view == "front") else "right"
            return None if got == value else f"{key.replace('_', ' ')} is {got}, not {value}"
        if key == "torso":
            H, S = sk["pelvis"], sk["chest"]
            lean = math.degrees(math.atan2((S[0] - H[0]) * self.fx, H[1] - S[1]))
            got = "forward" if lean > 8 else "back" if lean < -4 else "upright"
            return None if got == value else f"torso {got} ({lean:.0f}), not {value}"
        if key == "head":
            if self.view != "side":
                return "ears over shoulders is shown from the side"
            off = abs(sk["head"][0] - sk["chest"][0])
            return None if off < 4 else f"head {off:.0f} ahead of the shoulders"
        if key == "screen":
            screens = self.props("screen")
            if not screens:
                return "no screen drawn"
            eye_y = sk["head"][1] - 3.6
            off = abs(screens[0]["top"] - eye_y)
            return None if off < 5 else f"top of the screen {off:.0f} away from eye level"
        if key == "breath":
            ok = sk["chest_scale"] == 1.0
            return None if ok else "the chest moves; the belly should"
        if key in ("roller", "ball", "backrest"):
            kind = {"roller": "roller", "ball": "ball", "backrest": "chair_back"}[key]
            found = self.props(kind)
            if not found:
                return f"no {kind.replace('_', ' ')} drawn"
            prop = found[0]
            c = prop.get("c") or prop.get("b")
            if value.endswith("buttock"):
                ok = dist(c, sk["pelvis"]) < 16
                return None if ok else "ball not under the buttock"
            d, t = self.torso_t(c)
            ok = 0.55 <= t <= 1.12 and d < 24
            return None if ok else f"{key} not at the upper back (t={t:.2f}, {d:.0f} away)"
        if key == "pressure":
            if not self.scene.marks:
                return "no pressure mark drawn"
            for m in self.scene.marks:
                why = self.at(m, value, "")
                if why and not self._mark_near(m, value):
                    return f"pressure mark {why}"
            return None
        raise ValueError(f"unknown fact {key!r}")

    def _mark_near(self, m: Pt, spot: str) -> bool:
        """Marks sit beside the spot they point at (beside the hand): within 16 of a hand there."""
        for side in SIDES:
            h = self.sk.get(f"{side}_hand")
            if h is not None and dist(m, h) < 16 and self.at(h, spot, "") is None:
                return True
        return False

    # --- rules for every card

    def joint_limits(self) -> list[str]:
        """Seen from the side, elbows and knees bend one way only (10 degrees of slack); limbs
        foreshortened toward the viewer are left out, their bend is not in the picture plane."""
        sk, out = self.sk, []
        if self.view != "side":
            return out
        for side in SIDES:
            arm = sk.get(f"{side}_arm")
            if arm and min(arm["scale"]) > 0.8 and max(arm["scale"]) < 1.05:
                turn = _turn(sk[f"{side}_shoulder"], sk[f"{side}_elbow"], sk[f"{side}_wrist"])
                if turn * self.fx > 0.17:
                    out.append(f"{side} elbow bends the wrong way")
            if f"{side}_knee" in sk:
                turn = _turn(sk[f"{side}_hip"], sk[f"{side}_knee"], sk[f"{side}_ankle"])
                if turn * self.fx < -0.17:
                    out.append(f"{side} knee bends the wrong way")
        return out

    def general(self, facts: dict[str, str]) -> list[str]:
        sk, out = self.sk, []
        C, R, NB, NT = sk["head"], sk["head_r"], sk["neck_base"], sk["neck_top"]
        eyes_covered = "eyes" in (facts.get("left_hand"), facts.get("right_hand"))
        for side in SIDES:
            if f"{side}_hand" not in sk:
                continue
            arm = sk[f"{side}_arm"]
            pts = [sk[f"{side}_hand"], sk[f"{side}_tip"]]
            # the throat: in front of the neck (side view) or its front (front view)
            fwd = sk["head_fwd"]
            ax = (C[0] - NB[0], C[1] - NB[1])
            n = math.hypot(*ax) or 1.0
            ax = (ax[0] / n, ax[1] / n)
            for p in pts:
                if self.view == "side":
                    rel = (p[0] - NB[0], p[1] - NB[1])
                    ahead = rel[0] * fwd[0] + rel[1] * fwd[1]
                    along = rel[0] * ax[0] + rel[1] * ax[1]
                    if 2 < ahead < 16 and -2 < along < n - R * 0.5:
                        out.append(f"{side} hand at the throat")
                elif self.view == "front":
                    if abs(p[0] - NB[0]) < 7 and NB[1] + 2 > p[1] > C[1] + R * 0.7:
                        out.append(f"{side} hand at the throat")
            # the face: an arm or hand drawn over it (in front of the head)
            if eyes_covered or self.view == "back":
                continue
            face = C if self.view == "front" else add(C, sk["head_fwd"], R * 0.45)
            rface = R * 0.75 if self.view == "front" else R * 0.6
            segs = []
            if arm["z"] > 25:
                segs += [(sk[f"{side}_shoulder"], sk[f"{side}_elbow"]),
                         (sk[f"{side}_elbow"], sk[f"{side}_wrist"])]
            if arm["hand_z"] > 25:
                segs += [(sk[f"{side}_wrist"], sk[f"{side}_tip"])]
            for a, b in segs:
                if seg_dist(face, a, b)[0] < rface + 4:
                    out.append(f"{side} arm covers the face")
                    break
        out += self.joint_limits()
        for p in self.scene.arrows:
            if dist(p, C) < R - 1:
                out.append("an arrow crosses the head")
                break
            if seg_dist(p, NB, NT)[0] < 7 and self.view != "back":
                out.append("an arrow crosses the neck")
                break
        for m in self.scene.marks:
            if dist(m, C) < R + 2 and self.view != "back":
                out.append("a pressure mark on the head or face")
                break
        return out


def _turn(a: Pt, b: Pt, c: Pt) -> float:
    """Sine of the turn at b going a -> b -> c (+ = clockwise on screen)."""
    u, v = (b[0] - a[0], b[1] - a[1]), (c[0] - b[0], c[1] - b[1])
    n = math.hypot(*u) * math.hypot(*v) or 1.0
    return (u[0] * v[1] - u[1] * v[0]) / n


def lerp(a: Pt, b: Pt, t: float) -> Pt:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def add(a: Pt, b: Pt, k: float = 1.0) -> Pt:
    return (a[0] + b[0] * k, a[1] + b[1] * k)


def check(scene: Any, facts: dict[str, str], sk: dict[str, Any] | None = None) -> list[str]:
    """Every broken fact of the scene's (first) figure, one line each; [] when all hold."""
    if not scene.skeletons:
        return ["no figure drawn"]
    checker = Checker(scene, sk if sk is not None else scene.skeletons[0])
    problems = []
    for key, value in facts.items():
        if key not in FACTS:
            raise ValueError(f"unknown fact {key!r}")
        if value not in FACTS[key]:
            raise ValueError(f"unknown value {value!r} for {key!r}")
        why = checker.fact(key, value)
        if why:
            problems.append(f"{key} = {value}: {why}")
    problems += checker.general(facts)
    return problems
