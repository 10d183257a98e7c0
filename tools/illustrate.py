#!/usr/bin/env python3
"""Generate the break-card illustrations (assets/illustrations/*.svg).

Every figure is drawn from one small pose model (joint angles -> SVG), so all cards share
the same proportions, head size, line weights and palette.  Output is plain SVG Tiny 1.2
(QtSvg): only svg, g, path, circle, ellipse, rect, line, polyline, polygon elements with
presentation attributes.

Run:  python tools/illustrate.py            (writes into assets/illustrations)
      python tools/illustrate.py OUTDIR     (writes somewhere else)

Angle conventions (degrees):
  * torso / neck / head: 0 = straight up, + = leaning forward (side view, toward the face)
    or toward the viewer's right (front / back view).
  * limbs: 0 = hanging straight down, + = forward (side view) or outward, away from the
    body (front / back view), 90 = horizontal, 180 = straight up.
Side view limbs are "n" (near the viewer) and "f" (far); front / back view limbs are
"l" and "r" as the viewer sees them (viewer's left / right).
"""

from __future__ import annotations

import copy
import math
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "assets" / "illustrations"

# ---------------------------------------------------------------- palette
PLATE = "#E9EFF6"
PLATE_EDGE = "#D5DFEA"
SHADOW = "#D3DCE7"
SHIRT = "#5E7A9E"
SHIRT_FAR = "#8FA5C2"
SHIRT_DARK = "#4D6688"
PANTS = "#414D63"
PANTS_FAR = "#76839A"
SKIN = "#F0C5A2"
SKIN_FAR = "#DDAE8B"
HAIR = "#5B463A"
SHOE = "#2F3542"
EYE = "#3B3232"
MOUTH = "#B46A5A"
ACCENT = "#E8772E"
PROP = "#C3CDD9"
PROP_DARK = "#A7B4C4"
EQUIP = "#4FAE9B"
EQUIP_DARK = "#3C8F7F"
WATER = "#8CC8EA"

# ---------------------------------------------------------------- proportions
HEAD_R = 12.5
NECK = 8.0
LUMBAR = 24.0
THORAX = 26.0
UPPER_ARM = 27.0
FOREARM = 24.0
THIGH = 36.0
SHIN = 35.0
FOOT = 11.0
SHOULDER_HALF = 14.5  # front view
HIP_HALF = 10.5
W_ARM = 10.0
W_LEG = 12.5
W_TORSO = 25.0  # side view capsule
W_TORSO_EDGE = 9.0  # front view outline stroke (rounds the corners)
W_NECK = 8.5
HAND_R = 5.5
GAP = 3.0  # plate-coloured halo around limbs so they read over the torso

# ---------------------------------------------------------------- number / svg helpers


def f(v: float) -> str:
    s = f"{v:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    if s == "-0":
        s = "0"
    return s


def pts(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{f(x)},{f(y)}" for x, y in points)


def add(a: tuple[float, float], b: tuple[float, float], k: float = 1.0) -> tuple[float, float]:
    return (a[0] + b[0] * k, a[1] + b[1] * k)


def lerp(a: tuple[float, float], b: tuple[float, float], t: float) -> tuple[float, float]:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def up(a: float) -> tuple[float, float]:
    r = math.radians(a)
    return (math.sin(r), -math.cos(r))


def down(a: float) -> tuple[float, float]:
    r = math.radians(a)
    return (math.sin(r), math.cos(r))


def polyline(points, color, width, opacity=None) -> str:
    op = f' opacity="{opacity}"' if opacity is not None else ""
    return (
        f'<polyline points="{pts(points)}" fill="none" stroke="{color}" '
        f'stroke-width="{f(width)}" stroke-linecap="round" stroke-linejoin="round"{op}/>'
    )


def line(a, b, color, width) -> str:
    return (
        f'<line x1="{f(a[0])}" y1="{f(a[1])}" x2="{f(b[0])}" y2="{f(b[1])}" '
        f'stroke="{color}" stroke-width="{f(width)}" stroke-linecap="round"/>'
    )


def circle(c, r, fill, stroke=None, width=0.0) -> str:
    s = f' stroke="{stroke}" stroke-width="{f(width)}"' if stroke else ""
    return f'<circle cx="{f(c[0])}" cy="{f(c[1])}" r="{f(r)}" fill="{fill}"{s}/>'


def ellipse(c, rx, ry, fill) -> str:
    return f'<ellipse cx="{f(c[0])}" cy="{f(c[1])}" rx="{f(rx)}" ry="{f(ry)}" fill="{fill}"/>'


def rect(x, y, w, h, fill, rx=0.0, stroke=None, width=0.0) -> str:
    s = f' stroke="{stroke}" stroke-width="{f(width)}"' if stroke else ""
    r = f' rx="{f(rx)}"' if rx else ""
    return f'<rect x="{f(x)}" y="{f(y)}" width="{f(w)}" height="{f(h)}"{r} fill="{fill}"{s}/>'


def polygon(points, fill, stroke=None, width=0.0) -> str:
    s = (
        f' stroke="{stroke}" stroke-width="{f(width)}" stroke-linejoin="round"'
        if stroke
        else ""
    )
    return f'<polygon points="{pts(points)}" fill="{fill}"{s}/>'


def path(d, fill="none", stroke=None, width=0.0) -> str:
    s = (
        f' stroke="{stroke}" stroke-width="{f(width)}" stroke-linecap="round" '
        f'stroke-linejoin="round"'
        if stroke
        else ""
    )
    return f'<path d="{d}" fill="{fill}"{s}/>'


class Scene:
    """A list of SVG elements with a depth (z); lower z is painted first.

    `zoom` = (scale, cx, cy) draws a close-up: the point (cx, cy) moves to the centre.
    Elements added with fixed=True are not zoomed (used for plate-shaped props).
    """

    def __init__(self, zoom: tuple[float, float, float] | None = None) -> None:
        self.items: list[tuple[float, int, str, bool]] = []
        self.zoom = zoom
        self.fixed = False

    def add(self, z: float, *elems: str) -> None:
        for e in elems:
            self.items.append((z, len(self.items), e, self.fixed))

    def svg(self) -> str:
        lines: list[str] = []
        open_group = False
        tf = ""
        if self.zoom:
            k, cx, cy = self.zoom
            tf = f'<g transform="translate({f(100 - k * cx)},{f(100 - k * cy)}) scale({f(k)})">'
        for _, _, e, fixed in sorted(self.items):
            zoomed = bool(self.zoom) and not fixed
            if zoomed and not open_group:
                lines.append(tf)
                open_group = True
            elif not zoomed and open_group:
                lines.append("</g>")
                open_group = False
            lines.append(e)
        if open_group:
            lines.append("</g>")
        body = "\n".join(lines)
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny" '
            'width="200" height="200" viewBox="0 0 200 200">\n'
            f'{rect(5, 5, 190, 190, PLATE, rx=34, stroke=PLATE_EDGE, width=1.5)}\n'
            f"{body}\n</svg>\n"
        )


# ---------------------------------------------------------------- arrows and marks


def _arrow_head(scene: Scene, tip, frm, z, color=ACCENT, size=9.0) -> tuple[float, float]:
    dx, dy = tip[0] - frm[0], tip[1] - frm[1]
    n = math.hypot(dx, dy) or 1.0
    ux, uy = dx / n, dy / n
    base = (tip[0] - ux * size, tip[1] - uy * size)
    half = size * 0.62
    left = (base[0] - uy * half, base[1] + ux * half)
    right = (base[0] + uy * half, base[1] - ux * half)
    scene.add(z + 0.02, polygon([tip, left, right], color, stroke=color, width=1.5))
    scene.add(z - 0.01, polygon([tip, left, right], PLATE, stroke=PLATE, width=1.5 + 2 * GAP))
    return (tip[0] - ux * size * 0.6, tip[1] - uy * size * 0.6)


def arrow_pts(scene: Scene, points, z=50, both=False, width=3.5, size=9.0) -> None:
    """An accent arrow along a polyline (sample curves densely for smoothness)."""
    p = list(points)
    p[-1] = _arrow_head(scene, p[-1], p[-2], z, size=size)
    if both:
        p[0] = _arrow_head(scene, p[0], p[1], z, size=size)
    scene.add(z - 0.01, polyline(p, PLATE, width + 2 * GAP))
    scene.add(z, polyline(p, ACCENT, width))


def quad(p0, c, p1, n=14):
    out = []
    for i in range(n + 1):
        t = i / n
        a = lerp(p0, c, t)
        b = lerp(c, p1, t)
        out.append(lerp(a, b, t))
    return out


def curve_arrow(scene: Scene, p0, through, p1, z=50, both=False, width=3.5, size=9.0):
    """A curved arrow from p0 to p1 passing through `through` (quadratic)."""
    c = (2 * through[0] - (p0[0] + p1[0]) / 2, 2 * through[1] - (p0[1] + p1[1]) / 2)
    arrow_pts(scene, quad(p0, c, p1), z, both, width, size)


def arc_points(c, rx, ry, a0, a1, n=18):
    """Points on an ellipse; angles in degrees, 0 = right, 90 = down (screen)."""
    out = []
    for i in range(n + 1):
        a = math.radians(a0 + (a1 - a0) * i / n)
        out.append((c[0] + rx * math.cos(a), c[1] + ry * math.sin(a)))
    return out


def arc_arrow(scene: Scene, c, rx, ry, a0, a1, z=50, both=False, width=3.5, size=9.0):
    arrow_pts(scene, arc_points(c, rx, ry, a0, a1), z, both, width, size)


def swirl(scene: Scene, c, r=5.5, z=60, start=200.0) -> None:
    """A small circular rubbing mark (massage)."""
    arc_arrow(scene, c, r, r, start, start + 290, z, width=2.2, size=5.5)


def ticks(scene: Scene, c, direction=0.0, z=60, n=3, spacing=5.0, length=7.0) -> None:
    """Short parallel strokes (a gliding / kneading mark), perpendicular to `direction`."""
    d = down(direction)
    perp = (d[1], -d[0])
    for i in range(n):
        k = (i - (n - 1) / 2) * spacing
        m = add(c, d, k)
        a, b = add(m, perp, -length / 2), add(m, perp, length / 2)
        scene.add(z - 0.01, line(a, b, PLATE, 2.4 + 2 * GAP))
        scene.add(z, line(a, b, ACCENT, 2.4))


def shadow(scene: Scene, cx, y, rx=34) -> None:
    scene.add(-5, ellipse((cx, y), rx, 5, SHADOW))


# ---------------------------------------------------------------- the pose model

DEFAULT: dict[str, Any] = {
    "view": "side",  # side | front | back
    "facing": 1,  # side view: 1 faces right, -1 faces left
    "hip": (90.0, 106.0),
    "lumbar": 0.0,
    "thorax": 0.0,
    "neck": 0.0,
    "head": 0.0,
    "turn": 0.0,  # head turn, front view (-1..1, + = viewer's right)
    "twist": 0.0,  # torso rotation, front view (0..1): narrows the shoulders
    "shrug": (0.0, 0.0),  # shoulder offset (dx forward/right, dy up)
    "eyes": "open",  # open | closed | none
    "arms": {},
    "legs": {},
    "hands": {},  # optional hand angle per arm (drawn as a short flat hand)
    "arm_z": {},
    "arm_scale": {},
    "hand_z": {},  # draw a hand at its own depth (e.g. a far hand gripping the near one)
    "reach": {},  # arm key -> (x, y, bend): place the hand at (x, y), elbow bent to side `bend`
    "thigh_scale": 1.0,
    "chest": 1.0,  # front view torso width factor (breathing)
}


def pose(base: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    p = copy.deepcopy(base if base is not None else DEFAULT)
    for k, v in kw.items():
        if k in ("arms", "legs", "hands", "arm_z", "arm_scale", "reach", "hand_z") and isinstance(v, dict):
            merged = dict(p.get(k, {}))
            merged.update(v)
            p[k] = merged
        else:
            p[k] = v
    return p


def blend(a: Any, b: Any, t: float) -> Any:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a + (b - a) * t
    if isinstance(a, tuple) and isinstance(b, tuple):
        return tuple(blend(x, y, t) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        out = {}
        for k in set(a) | set(b):
            if k in a and k in b:
                out[k] = blend(a[k], b[k], t)
            else:
                out[k] = a.get(k, b.get(k))
        return out
    return a if t < 0.5 else b


def draw_head(scene: Scene, c, tilt: float, p: dict[str, Any], z: float, fx: int) -> None:
    view = p["view"]
    r = HEAD_R
    scene.add(z - 0.01, circle(c, r + GAP * 0.6, PLATE))
    scene.add(z, circle(c, r, SKIN))

    def on(angle: float, rad: float = r) -> tuple[float, float]:
        # angle measured from "up" of the head, + toward forward (side) / right (front)
        a = math.radians(angle + tilt)
        if view == "side":
            return (c[0] + fx * rad * math.sin(a), c[1] - rad * math.cos(a))
        return (c[0] + rad * math.sin(a), c[1] - rad * math.cos(a))

    def cap(a0: float, a1: float) -> str:
        p0, p1 = on(a0), on(a1)
        large = 1 if abs(a1 - a0) > 180 else 0
        # sweep: going from a0 to a1 increasing angle is clockwise on screen when fx=1
        sweep = 1 if (a1 > a0) == (fx > 0 or view != "side") else 0
        return (
            f"M{f(p0[0])},{f(p0[1])} A{f(r)},{f(r)} 0 {large} {sweep} "
            f"{f(p1[0])},{f(p1[1])} Z"
        )

    if view == "side":
        scene.add(z + 0.1, path(cap(-128, 38), HAIR))
        eye = on(62, r * 0.62)
        if p["eyes"] == "open":
            scene.add(z + 0.2, circle(eye, 1.6, EYE))
        elif p["eyes"] == "closed":
            scene.add(z + 0.2, line(add(eye, (-2.2 * fx, 0)), add(eye, (1.8 * fx, 0.4)), EYE, 1.4))
        # ear
        scene.add(z + 0.15, circle(on(-95, r * 0.12), 2.6, SKIN_FAR))
    elif view == "front":
        turn = p["turn"]
        ca, sa = math.cos(math.radians(tilt)), math.sin(math.radians(tilt))

        def loc(x: float, y: float) -> tuple[float, float]:
            # head-local coordinates (x right, y down) -> scene, rotated by the tilt
            return (c[0] + x * ca - y * sa, c[1] + x * sa + y * ca)

        scene.add(z + 0.1, path(cap(-100, 100), HAIR))
        if turn > 0.05:  # the back of the head shows on the side away from the turn
            scene.add(z + 0.1, path(cap(-100 - 60 * turn, -60), HAIR))
        elif turn < -0.05:
            scene.add(z + 0.1, path(cap(60, 100 - 60 * turn), HAIR))
        for sd in (-1, 1):
            e = loc(sd * 4.6 + turn * 5.5, 2.2)
            if p["eyes"] == "open":
                scene.add(z + 0.2, circle(e, 1.55, EYE))
            elif p["eyes"] == "closed":
                scene.add(z + 0.2, line(loc(sd * 4.6 - 2, 2.4), loc(sd * 4.6 + 2, 2.4), EYE, 1.3))
        m0, mc, m1 = loc(-3 + turn * 5, 6.2), loc(turn * 5, 8.6), loc(3 + turn * 5, 6.2)
        d = f"M{f(m0[0])},{f(m0[1])} Q{f(mc[0])},{f(mc[1])} {f(m1[0])},{f(m1[1])}"
        scene.add(z + 0.2, path(d, "none", MOUTH, 1.4))
    else:  # back: mostly hair
        scene.add(z + 0.1, path(cap(-122, 122), HAIR))


def figure(scene: Scene, p: dict[str, Any]) -> dict[str, Any]:
    """Draw the figure; return its key points (for placing props, arrows, marks)."""
    view = p["view"]
    side = view == "side"
    fx = p["facing"] if side else 1
    H = p["hip"]

    def U(a: float) -> tuple[float, float]:
        x, y = up(a)
        return (x * fx, y)

    M = add(H, U(p["lumbar"]), LUMBAR)
    S = add(M, U(p["thorax"]), THORAX)
    NB = add(S, U(p["thorax"]), 4)
    NT = add(NB, U(p["neck"]), NECK)
    C = add(NT, U(p["neck"] + p["head"]), HEAD_R - 2.5)
    tilt = p["neck"] + p["head"]
    keys: dict[str, Any] = {"H": H, "M": M, "S": S, "C": C, "NB": NB, "NT": NT}

    # neck
    scene.add(19, line(NB, NT, SKIN_FAR, W_NECK))
    draw_head(scene, C, tilt, p, 25, fx)

    sdx, sdy = p["shrug"]
    hands = p["hands"]

    def limb_dir(a: float, sgn: int) -> tuple[float, float]:
        d = down(a)
        return (d[0] * sgn, d[1])

    def draw_arm(key: str, root, sgn: int, z: float, color: str, skin: str) -> None:
        ks, kf = p["arm_scale"].get(key, (1.0, 1.0))
        if key in p["reach"]:
            tx, ty, bend = p["reach"][key]
            a, b = UPPER_ARM * ks, (FOREARM + 2.5) * kf
            dx, dy = tx - root[0], ty - root[1]
            d = min(max(math.hypot(dx, dy), 1e-3), a + b - 0.3)
            cos_a = (a * a + d * d - b * b) / (2 * a * d)
            ang = math.atan2(dy, dx) + (1 if bend >= 0 else -1) * math.acos(max(-1, min(1, cos_a)))
            E = (root[0] + a * math.cos(ang), root[1] + a * math.sin(ang))
            T = add(root, (dx, dy), d / math.hypot(dx, dy))
            n = math.hypot(T[0] - E[0], T[1] - E[1]) or 1.0
            fdir = ((T[0] - E[0]) / n, (T[1] - E[1]) / n)
            W = add(E, fdir, FOREARM * kf)
            fa_vec = fdir
        elif key in p["arms"]:
            ua, fa = p["arms"][key]
            E = add(root, limb_dir(ua, sgn), UPPER_ARM * ks)
            W = add(E, limb_dir(fa, sgn), FOREARM * kf)
            fa_vec = limb_dir(fa, sgn)
        else:
            return
        z = p["arm_z"].get(key, z)
        scene.add(z - 0.05, polyline([root, E, W], PLATE, W_ARM + 2 * GAP))
        scene.add(z, polyline([root, E, W], color, W_ARM))
        if key in p["hand_z"]:
            z = p["hand_z"][key]
            scene.add(z - 0.02, circle(add(W, fa_vec, 2.5), HAND_R + GAP * 0.7, PLATE))
        if key in hands and hands[key] is not None:
            tip = add(W, limb_dir(hands[key], sgn), 10)
            scene.add(z + 0.005, line(W, tip, PLATE, 9 + GAP))
            scene.add(z + 0.01, line(W, tip, skin, 9))
            keys[key + "_hand"] = add(W, limb_dir(hands[key], sgn), 5)
        else:
            hc = add(W, fa_vec, 2.5)
            scene.add(z + 0.01, circle(hc, HAND_R, skin))
            keys[key + "_hand"] = hc
        keys[key + "_elbow"] = E
        keys[key + "_wrist"] = W

    def draw_leg(key: str, root, sgn: int, z: float, color: str) -> None:
        if key not in p["legs"]:
            return
        leg = p["legs"][key]
        ta, sa = leg[0], leg[1]
        K = add(root, limb_dir(ta, sgn), THIGH * p["thigh_scale"])
        A = add(K, limb_dir(sa, sgn), SHIN)
        scene.add(z - 0.05, polyline([root, K, A], PLATE, W_LEG + 2 * GAP))
        scene.add(z, polyline([root, K, A], color, W_LEG))
        if side:
            fa = leg[2] if len(leg) > 2 else 90
            toe = add(A, limb_dir(fa, sgn), FOOT)
            heel = add(A, limb_dir(fa, sgn), -2)
            heel = add(heel, limb_dir(fa - 90, sgn), 2.5)
            toe = add(toe, limb_dir(fa - 90, sgn), 2.5)
            scene.add(z + 0.01, line(heel, toe, SHOE, 8))
        else:
            out = leg[2] if len(leg) > 2 else 0.0
            foot = add(A, (sgn * (2 + out), 3), 1)
            scene.add(z + 0.01, line(add(A, (0, 2)), foot, SHOE, 9.5))
        keys[key + "_knee"] = K
        keys[key + "_ankle"] = A

    if side:
        # torso: a capsule bent at the waist
        ctrl = (2 * M[0] - (H[0] + S[0]) / 2, 2 * M[1] - (H[1] + S[1]) / 2)
        top = add(S, U(p["thorax"]), 1)
        d = f"M{f(H[0])},{f(H[1])} Q{f(ctrl[0])},{f(ctrl[1])} {f(top[0])},{f(top[1])}"
        scene.add(19.95, path(d, "none", PLATE, W_TORSO + 2 * GAP))
        scene.add(20, path(d, "none", SHIRT, W_TORSO))
        root = add(S, (sdx * fx, -sdy))
        keys["shoulder"] = root
        draw_arm("f", add(root, (-2 * fx, 0)), fx, 5, SHIRT_FAR, SKIN_FAR)
        draw_leg("f", add(H, (-1 * fx, 0)), fx, 8, PANTS_FAR)
        draw_leg("n", H, fx, 21, PANTS)
        draw_arm("n", root, fx, 30, SHIRT, SKIN)
    else:
        ux, uy = up(p["thorax"])
        perp_t = (-uy, ux)
        lx, ly = up(p["lumbar"])
        perp_l = (-ly, lx)
        sw = SHOULDER_HALF * math.cos(math.radians(p["twist"] * 60)) * p["chest"]
        Sl = add(add(S, perp_t, -sw), (sdx, -sdy))
        Sr = add(add(S, perp_t, sw), (sdx, -sdy))
        Ml = add(M, perp_l, -(HIP_HALF + 1) * p["chest"])
        Mr = add(M, perp_l, (HIP_HALF + 1) * p["chest"])
        Hl = add(H, perp_l, -HIP_HALF)
        Hr = add(H, perp_l, HIP_HALF)
        keys.update({"Sl": Sl, "Sr": Sr, "Hl": Hl, "Hr": Hr})
        body = [Sl, add(S, (0, -1.5)), Sr, Mr, Hr, Hl, Ml]
        scene.add(19.9, polygon(body, PLATE, stroke=PLATE, width=W_TORSO_EDGE + 2 * GAP))
        scene.add(20, polygon(body, SHIRT, stroke=SHIRT, width=W_TORSO_EDGE))
        if view == "back":
            spine = [add(NB, (0, 3)), M, add(H, U(p["lumbar"]), 4)]
            scene.add(20.2, polyline(spine, SHIRT_DARK, 1.6))
        draw_leg("l", add(H, perp_l, -7.5), -1, 10, PANTS)
        draw_leg("r", add(H, perp_l, 7.5), 1, 10, PANTS)
        draw_arm("l", Sl, -1, 30, SHIRT, SKIN)
        draw_arm("r", Sr, 1, 30, SHIRT, SKIN)
    return keys


# ---------------------------------------------------------------- props


def chair_side(scene: Scene, hip, ground, fx=1, back=True, z=0.0) -> None:
    x, y = hip
    seat_y = y + 8
    b = x - 19 * fx
    fr = x + 24 * fx
    scene.add(z, line((b, seat_y + 2), (b, ground), PROP_DARK, 4.5))
    scene.add(z, line((fr, seat_y + 2), (fr, ground), PROP_DARK, 4.5))
    scene.add(z + 0.1, line((b - 2 * fx, seat_y), (fr + 2 * fx, seat_y), PROP, 7))
    if back:
        scene.add(z, line((b, seat_y), (b - 4 * fx, y - 44), PROP_DARK, 4.5))
        scene.add(z + 0.1, line((b - 3.2 * fx, y - 22), (b - 4.4 * fx, y - 42), PROP, 9))


def chair_front(scene: Scene, hip, ground, back=True, z=0.0) -> None:
    x, y = hip
    seat_y = y + 7
    if back:
        scene.add(z, rect(x - 25, y - 46, 50, 30, PROP, rx=7))
        scene.add(z, line((x - 21, y - 20), (x - 21, seat_y), PROP_DARK, 4.5))
        scene.add(z, line((x + 21, y - 20), (x + 21, seat_y), PROP_DARK, 4.5))
    scene.add(z, line((x - 25, seat_y), (x - 26, ground), PROP_DARK, 4.5))
    scene.add(z, line((x + 25, seat_y), (x + 26, ground), PROP_DARK, 4.5))
    scene.add(z + 0.1, rect(x - 31, seat_y - 4, 62, 8, PROP, rx=4))


def desk_side(scene: Scene, x0, x1, top, ground, z=1.0) -> None:
    """A desk seen from the side; the top spans x0..x1."""
    leg = x1 - 7 if x1 > x0 else x1 + 7
    scene.add(z, line((leg, top), (leg, ground), PROP_DARK, 5))
    scene.add(z + 0.1, line((x0, top), (x1, top), PROP, 8))


def desk_front(scene: Scene, x0, x1, top, ground, z=35.0) -> None:
    """A desk seen from the front, in front of the figure (hides the legs)."""
    scene.add(z, rect(x0, top, x1 - x0, ground - top, PROP, rx=4))
    scene.add(z + 0.1, rect(x0 - 3, top - 3, x1 - x0 + 6, 8, PROP_DARK, rx=4))


def desk_plate(scene: Scene, top: float, z: float = 28.0) -> None:
    """The front of a desk filling the bottom of the plate (for close-ups at the desk)."""
    scene.fixed = True
    d = (
        f"M5,{f(top)} H195 V161 A34,34 0 0 1 161,195 H39 A34,34 0 0 1 5,161 Z"
    )
    scene.add(z, path(d, PROP))
    scene.add(z + 0.1, rect(5, top - 3, 190, 8, PROP_DARK, rx=4))
    scene.fixed = False


def wall(scene: Scene, x0, x1, y0, y1, z=-1.0) -> None:
    scene.add(z, rect(x0, y0, x1 - x0, y1 - y0, PROP, rx=5))


def ball(scene: Scene, c, r=9.0, z=24.0) -> None:
    scene.add(z - 0.01, circle(c, r + GAP, PLATE))
    scene.add(z, circle(c, r, EQUIP))
    scene.add(z + 0.01, circle((c[0] - r * 0.35, c[1] - r * 0.35), r * 0.28, "#8FD3C4"))


def monitor(scene: Scene, x, desk_top, facing=-1, z=2.0) -> None:
    """A monitor seen from the side on the desk (screen faces `facing`)."""
    scene.add(z, line((x, desk_top - 4), (x, desk_top - 16), PROP_DARK, 4))
    scene.add(z, line((x - 5, desk_top - 4), (x + 5, desk_top - 4), PROP_DARK, 4))
    scene.add(z + 0.1, line((x - facing * 3, desk_top - 14), (x - facing * 3, desk_top - 40), PROP_DARK, 7))


# ---------------------------------------------------------------- base poses

G = 178.0  # ground line for full figures
SEAT_HIP = (72.0, G - 43)

SIT_SIDE = pose(
    hip=SEAT_HIP,
    arms={"n": (8, 72), "f": (10, 74)},
    legs={"n": (88, 2, 90), "f": (86, 0, 90)},
)
STAND_SIDE = pose(
    hip=(92.0, G - 3 - SHIN - THIGH),
    arms={"n": (4, 8), "f": (-4, 2)},
    legs={"n": (2, 0, 90), "f": (-2, -1, 90)},
)
SIT_FRONT = pose(
    view="front",
    hip=(100.0, G - 3 - SHIN - 6),
    thigh_scale=0.18,
    arms={"l": (8, 2), "r": (8, 2)},
    legs={"l": (20, 2, 2), "r": (20, 2, 2)},
)
STAND_FRONT = pose(
    view="front",
    hip=(100.0, G - 4 - SHIN - THIGH),
    arms={"l": (10, 6), "r": (10, 6)},
    legs={"l": (4, 2, 3), "r": (4, 2, 3)},
)
STAND_BACK = pose(STAND_FRONT, view="back")


def keys_of(p: dict[str, Any]) -> dict[str, Any]:
    """Key points of a pose without drawing it (to aim hands at body parts)."""
    return figure(Scene(), p)


def seated_side(scene: Scene, p: dict[str, Any], back=True) -> dict[str, Any]:
    chair_side(scene, SEAT_HIP, G, p["facing"], back=back)
    shadow(scene, SEAT_HIP[0] + 18 * p["facing"], G + 1, 40)
    return figure(scene, p)


def seated_front(scene: Scene, p: dict[str, Any], back=True) -> dict[str, Any]:
    chair_front(scene, SIT_FRONT["hip"], G, back=back)
    shadow(scene, 100, G + 1, 40)
    return figure(scene, p)


def standing(scene: Scene, p: dict[str, Any], cx=None) -> dict[str, Any]:
    shadow(scene, cx if cx is not None else p["hip"][0], G + 1, 30)
    return figure(scene, p)


# ---------------------------------------------------------------- the cards
# Each card is a function(t, frame) -> Scene.  `poses` returns the keyframe poses; the
# still is drawn from the pose given by STILL (index), frames from all of them.

CARDS: dict[str, dict[str, Any]] = {}


def card(name: str, frames: int = 0, still: int = -1):
    def deco(fn):
        CARDS[name] = {"fn": fn, "frames": frames, "still": still}
        return fn

    return deco


# ---- neck


@card("chin_tuck", frames=2)
def chin_tuck(i: int) -> Scene:
    s = Scene()
    fwd = pose(SIT_SIDE, thorax=4, neck=30, head=-30)
    back = pose(SIT_SIDE, thorax=0, neck=-4, head=4)
    p = [fwd, back][i]
    k = seated_side(s, p)
    c = k["C"]
    arrow_pts(s, [(c[0] + 28, c[1] + 6), (c[0] + 14, c[1] + 6)], z=50)
    return s


@card("neck_side_bend", frames=2)
def neck_side_bend(i: int) -> Scene:
    s = Scene()
    hold = {"r": (14, 10)}
    upright = pose(SIT_FRONT, arms=hold)
    bend = pose(SIT_FRONT, arms=hold, neck=-14, head=-20, shrug=(0, 0))
    p = [upright, bend][i]
    k = seated_front(s, p)
    curve_arrow(s, (112, 36), (100, 30), (84, 40), z=50)
    return s


@card("neck_stroke", frames=2)
def neck_stroke(i: int) -> Scene:
    s = Scene()
    base = pose(SIT_FRONT, head=-8, neck=-4)
    k0 = keys_of(base)
    nb = k0["NB"]
    starts = [(nb[0] + 7, nb[1] - 1, 1), (k0["Sr"][0] + 2, k0["Sr"][1] - 2, 1)]
    p = pose(base, reach={"l": starts[i]})
    seated_front(s, p)
    curve_arrow(s, (nb[0] + 12, nb[1] - 12), (nb[0] + 22, nb[1] - 9), (nb[0] + 28, nb[1] - 1),
                z=50, width=3, size=7.5)
    return s


@card("skull_base_circles", frames=2)
def skull_base_circles(i: int) -> Scene:
    s = Scene()
    base = pose(SIT_SIDE, lumbar=12, thorax=36, neck=34, head=14)
    k0 = keys_of(base)
    C = k0["C"]
    tgt = [(C[0] - 9, C[1] + 6, 1), (C[0] - 10, C[1] + 3, 1)][i]
    p = pose(base, reach={"n": tgt, "f": (C[0] - 8, C[1] + 5, 1)})
    k = seated_side(s, p)
    e = k["n_elbow"]
    desk_side(s, e[0] - 8, 186, e[1] + 9, G)
    swirl(s, (C[0] - 18, C[1] + 2), r=5, z=60, start=160 + 120 * i)
    return s


# ---- shoulders


@card("shoulder_rolls", frames=4, still=0)
def shoulder_rolls(i: int) -> Scene:
    s = Scene()
    offs = [(0, 0), (1, 7), (-5, 4), (-4, -2)]
    p = pose(SIT_SIDE, shrug=offs[i])
    k = seated_side(s, p)
    S = k["S"]
    arc_arrow(s, (S[0] - 3, S[1] + 3), 10, 10, 60, -210, z=50)
    return s


@card("cross_body_shoulder", frames=2)
def cross_body_shoulder(i: int) -> Scene:
    s = Scene()
    a = pose(SIT_FRONT, arms={"l": (-60, -60), "r": (8, 2)}, arm_scale={"l": (0.85, 0.9)})
    b = pose(SIT_FRONT, arms={"l": (-78, -82)}, arm_scale={"l": (0.85, 1.0)}, head=-4)
    kb = keys_of(b)
    el = kb["l_elbow"]
    b = pose(b, reach={"r": (el[0] - 4, el[1] + 3, 1)})
    p = [a, b][i]
    k = seated_front(s, p)
    y = kb["l_elbow"][1] - 14
    arrow_pts(s, [(kb["l_hand"][0] - 14, y), (kb["l_hand"][0] + 4, y)], z=50, size=8)
    return s


@card("upper_trap_knead", frames=2)
def upper_trap_knead(i: int) -> Scene:
    s = Scene()
    base = pose(SIT_FRONT, head=-6, neck=-3)
    k0 = keys_of(base)
    sr, nb = k0["Sr"], k0["NB"]
    mid = lerp(nb, sr, 0.55)
    tgt = [(mid[0], mid[1] - 1, 1), (mid[0] + 1, mid[1] + 1, 1)][i]
    p = pose(base, reach={"l": tgt})
    seated_front(s, p)
    for sg in (-1, 1):
        c = (mid[0] + sg * 9 + 1, mid[1] - 9)
        s.add(60, line(c, add(c, (sg * 3, -5)), ACCENT, 2.4))
    s.add(60, line((mid[0] + 1, mid[1] - 12), (mid[0] + 1, mid[1] - 18), ACCENT, 2.4))
    return s


# ---- chest / posture


@card("shoulder_blade_squeeze", frames=2)
def shoulder_blade_squeeze(i: int) -> Scene:
    s = Scene()
    w_open = {"l": (74, 168), "r": (74, 168)}
    w_sq = {"l": (58, 172), "r": (58, 172)}
    p = pose(SIT_FRONT, view="back", arms=[w_open, w_sq][i])
    k = seated_front(s, p, back=False)
    S = k["S"]
    gap = [11, 6][i]
    for sg in (-1, 1):
        c = (S[0] + sg * gap, S[1] + 12)
        s.add(21, ellipse(c, 5.5, 8.5, SHIRT_DARK))
    arrow_pts(s, [(S[0] - 34, S[1] + 14), (S[0] - 19, S[1] + 14)], z=50, size=8)
    arrow_pts(s, [(S[0] + 34, S[1] + 14), (S[0] + 19, S[1] + 14)], z=50, size=8)
    return s


@card("chest_knead", frames=2)
def chest_knead(i: int) -> Scene:
    s = Scene()
    k0 = keys_of(SIT_FRONT)
    sr = k0["Sr"]
    c = (sr[0] - 5, sr[1] + 9)
    tgt = [(c[0] - 1, c[1] - 1, 1), (c[0] + 1, c[1] + 1, 1)][i]
    p = pose(SIT_FRONT, reach={"l": tgt})
    seated_front(s, p)
    swirl(s, (c[0] + 17, c[1] - 2), r=6, start=200 + 120 * i)
    return s


@card("deep_breathing", frames=2, still=1)
def deep_breathing(i: int) -> Scene:
    s = Scene()
    k0 = keys_of(SIT_FRONT)
    S, M = k0["S"], k0["M"]
    a = pose(SIT_FRONT, reach={"l": (S[0] + 3, S[1] + 11, 1), "r": (M[0] - 2, M[1] + 8, -1)})
    b = pose(SIT_FRONT, chest=1.1, shrug=(0, 1.5),
             reach={"l": (S[0] + 3, S[1] + 10, 1), "r": (M[0] - 2, M[1] + 6, -1)})
    p = [a, b][i]
    seated_front(s, p)
    y0, y1 = (S[1] + 30, S[1] + 8) if i == 1 else (S[1] + 8, S[1] + 30)
    arrow_pts(s, [(140, y0), (140, y1)], z=50)
    arrow_pts(s, [(60, y0), (60, y1)], z=50)
    return s


@card("doorway_chest_stretch", frames=2)
def doorway_chest_stretch(i: int) -> Scene:
    s = Scene()
    x = 70
    wall(s, x - 7, x + 7, 14, G + 2)
    wall(s, x - 7, 172, 14, 26)
    a = pose(STAND_SIDE, hip=(84, STAND_SIDE["hip"][1]), arms={"f": (-100, 178), "n": (4, 8)},
             legs={"n": (14, 2, 90), "f": (-8, -6, 90)})
    b = pose(a, hip=(94, STAND_SIDE["hip"][1] + 1), lumbar=8, thorax=12, neck=4,
             arms={"f": (-110, 170)}, legs={"n": (20, 2, 90), "f": (-14, -10, 90)})
    p = [a, b][i]
    k = standing(s, p, cx=92)
    S = k["S"]
    arrow_pts(s, [(S[0] + 16, S[1] + 8), (S[0] + 36, S[1] + 8)], z=50)
    return s


# ---- upper back


@card("chair_back_extension", frames=2)
def chair_back_extension(i: int) -> Scene:
    s = Scene()
    a = pose(SIT_SIDE)
    b = pose(SIT_SIDE, thorax=-22, lumbar=-2, neck=-12, head=-6)
    p = [a, b][i]
    C = keys_of(p)["C"]
    p = pose(p, reach={"n": (C[0] - 11, C[1] + 1, 1), "f": (C[0] - 10, C[1] - 1, 1)})
    k = seated_side(s, p)
    M = k["M"]
    curve_arrow(s, (M[0] - 14, M[1] + 2), (M[0] - 26, M[1] - 22), (M[0] - 26, M[1] - 50), z=50)
    return s


@card("upper_back_round", frames=2)
def upper_back_round(i: int) -> Scene:
    s = Scene()
    a = pose(SIT_SIDE, arms={"n": (90, 90), "f": (88, 88)})
    b = pose(SIT_SIDE, arms={"n": (96, 102), "f": (94, 100)}, lumbar=-2, thorax=22, neck=22,
             head=10)
    p = [a, b][i]
    k = seated_side(s, p)
    S = k["S"]
    curve_arrow(s, (S[0] - 22, S[1] + 22), (S[0] - 26, S[1] - 6), (S[0] - 8, S[1] - 26), z=50)
    return s


@card("ball_wall_upper_back", frames=2)
def ball_wall_upper_back(i: int) -> Scene:
    s = Scene()
    wall(s, 14, 34, 14, G + 2)
    hy = STAND_SIDE["hip"][1]
    a = pose(STAND_SIDE, hip=(62, hy + 6), lumbar=-10, thorax=-8, neck=8, head=4,
             arms={"n": (30, 40), "f": (26, 30)}, legs={"n": (28, -6, 90), "f": (24, -8, 90)})
    b = pose(a, hip=(62, hy + 12), legs={"n": (40, -12, 90), "f": (36, -14, 90)})
    p = [a, b][i]
    k = standing(s, p, cx=76)
    S, M = k["S"], k["M"]
    ball(s, (S[0] - 20, S[1] + 10 + 0 * i), r=8, z=4)
    arrow_pts(s, [(24, S[1] - 6), (24, S[1] + 26)], z=50, both=True)
    return s


@card("roller_thoracic_extension", frames=2)
def roller_thoracic_extension(i: int) -> Scene:
    s = Scene()
    gy = G - 8
    rc = (90, gy - 12)
    # lying on the back, head to the left: a side-view figure with the torso near horizontal
    a = pose(SIT_SIDE, facing=1, hip=(114, gy - 12), lumbar=-74, thorax=-80, neck=-84,
             head=0, legs={"n": (128, 12, 90), "f": (126, 10, 90)})
    b = pose(a, thorax=-98, neck=-102, head=-4)
    p = [a, b][i]
    C = keys_of(p)["C"]
    p = pose(p, reach={"n": (C[0] - 2, C[1] + 9, 1), "f": (C[0] - 1, C[1] + 8, 1)})
    s.add(-5, ellipse((110, gy + 3), 64, 5, SHADOW))
    s.add(20.5, circle(rc, 12 + GAP, PLATE))
    s.add(20.6, circle(rc, 12, EQUIP))
    s.add(20.7, circle(rc, 5, "#8FD3C4"))
    figure(s, p)
    curve_arrow(s, (rc[0] - 2, rc[1] - 38), (rc[0] - 26, rc[1] - 38), (rc[0] - 40, rc[1] - 24),
                z=50)
    return s


# ---- lower back


@card("standing_back_extension", frames=2)
def standing_back_extension(i: int) -> Scene:
    s = Scene()
    hips = {"n": (-38, 44), "f": (-40, 40)}
    a = pose(STAND_SIDE, arms=hips)
    b = pose(STAND_SIDE, arms=hips, lumbar=-6, thorax=-18, neck=-8, head=-4,
             hip=(STAND_SIDE["hip"][0] + 3, STAND_SIDE["hip"][1]))
    p = [a, b][i]
    k = standing(s, p)
    M = k["M"]
    curve_arrow(s, (M[0] - 18, M[1] - 4), (M[0] - 30, M[1] - 26), (M[0] - 34, M[1] - 52), z=50)
    return s


@card("seated_twist", frames=2)
def seated_twist(i: int) -> Scene:
    s = Scene()
    a = pose(SIT_FRONT)
    k0 = keys_of(pose(SIT_FRONT, twist=0.55))
    knee = k0["r_knee"]
    b = pose(SIT_FRONT, twist=0.55, turn=0.8, thorax=2,
             reach={"l": (knee[0] - 2, knee[1] - 4, 1), "r": (126, 100, 1)}, arm_z={"r": 15})
    p = [a, b][i]
    k = seated_front(s, p)
    S = k0["S"]
    arc_arrow(s, (S[0], S[1] + 14), 30, 9, 160, 20, z=50)
    return s


@card("standing_twist", frames=4, still=1)
def standing_twist(i: int) -> Scene:
    s = Scene()
    t_pose = {"l": (90, 90), "r": (90, 90)}
    base = pose(STAND_FRONT, arms=t_pose)
    frames = [
        base,
        pose(base, twist=0.6, turn=0.7, arm_scale={"l": (0.55, 0.55), "r": (0.55, 0.55)}),
        base,
        pose(base, twist=0.6, turn=-0.7, arm_scale={"l": (0.55, 0.55), "r": (0.55, 0.55)}),
    ]
    p = frames[i]
    k = standing(s, p)
    S = k["S"]
    if i == 3:
        arc_arrow(s, (S[0], S[1] + 16), 32, 9, 340, 200, z=50)
    else:
        arc_arrow(s, (S[0], S[1] + 16), 32, 9, 200, 340, z=50)
    return s


@card("low_back_fist_rub", frames=2)
def low_back_fist_rub(i: int) -> Scene:
    s = Scene()
    k0 = keys_of(STAND_BACK)
    M = k0["M"]
    dy = [-4, 8][i]
    p = pose(STAND_BACK, reach={"l": (M[0] - 8, M[1] + dy, -1), "r": (M[0] + 8, M[1] + dy, 1)})
    standing(s, p)
    for sg in (-1, 1):
        arrow_pts(s, [(M[0] + sg * 34, M[1] - 10), (M[0] + sg * 34, M[1] + 14)], z=50, both=True,
                  size=7, width=3)
    return s


# ---- wrists


def wrist_pose(hand: float, grip: tuple[float, float]) -> dict[str, Any]:
    """Near arm held straight out at shoulder height; the far hand holds it at `grip`."""
    p = pose(SIT_SIDE, arms={"n": (86, 88)}, hands={"n": hand})
    W = keys_of(p)["n_wrist"]
    return pose(p, reach={"f": (W[0] + grip[0], W[1] + grip[1], -1)}, hand_z={"f": 31})


PALM = "#F8DAC3"
INSET_C = (155.0, 43.0)
INSET_R = 30.0


def hand_inset(scene: Scene, palm_out: bool) -> None:
    """A round close-up of the stretched hand, seen from in front of the person: the forearm
    points at the viewer and the hand hangs down from the wrist.  palm_out=True (flexor):
    the open palm faces us, the other hand eases the fingertips back; False (extensor): the
    back of the hand faces us and the other hand lies across it."""
    O, R, k = INSET_C, INSET_R, 1.12

    def L(x: float, y: float) -> tuple[float, float]:
        return (O[0] + x * k, O[1] + 2 + y * k)

    z = 70
    scene.add(z, circle(O, R + GAP, PLATE))
    scene.add(z + 0.01, circle(O, R, "#FFFFFF", stroke=PROP_DARK, width=2.5))
    z += 0.1
    # the sleeve, end on
    scene.add(z, ellipse(L(0, -14), 13 * k, 7.5 * k, SHIRT))
    scene.add(z + 0.01, ellipse(L(0, -13), 8.5 * k, 4.2 * k, SHIRT_DARK))
    outline = SKIN_FAR
    face = PALM if palm_out else SKIN
    if palm_out:
        fingers = [(-6.6, 3, -9, 16), (-2.2, 4, -3, 19.5), (2.2, 4, 3, 19.5), (6.6, 3, 9, 16)]
    else:
        fingers = [(-6, 4, -6.3, 15.5), (-2, 4, -2.1, 18.5), (2, 4, 2.1, 18), (6, 4, 6.3, 15)]
    for x0, y0, x1, y1 in fingers:
        p0, p1 = L(x0, y0), L(x1, y1)
        scene.add(z + 0.1, line(p0, p1, outline, 5.4 * k))
        scene.add(z + 0.12, line(p0, p1, face, 3.6 * k))
        if not palm_out:  # nails
            scene.add(z + 0.13, circle(add(p1, (0, -0.6)), 1.2, PALM))
    # thumb: out to the side on the palm side, tucked behind on the back
    t0, t1 = (L(-6, -3), L(-14, 6)) if palm_out else (L(7, -4), L(10, 2))
    scene.add(z + 0.1, line(t0, t1, outline, 6 * k))
    scene.add(z + 0.12, line(t0, t1, face, 4.2 * k))
    body = [L(-8.5, -11), L(8.5, -11), L(9, 5), L(-9, 5)]
    scene.add(z + 0.14, polygon(body, face, stroke=outline, width=1.2))
    inner = [L(-7.9, -10.2), L(7.9, -10.2), L(8.3, 4.2), L(-8.3, 4.2)]
    scene.add(z + 0.15, polygon(inner, face, stroke=face, width=1.5))
    if palm_out:
        # the other hand's fingers over the fingertips, easing them back toward the body
        a0, a1 = L(22, 15), L(-8, 18.5)
        scene.add(z + 0.2, line(a0, a1, PLATE, 6.5 * k + 2))
        scene.add(z + 0.21, line(a0, a1, SKIN_FAR, 6.5 * k))
    else:
        # the other hand lies across the back of the hand, easing it toward the body
        ph = [L(22, -10), L(-4, -6), L(-6, 1), L(22, 4)]
        scene.add(z + 0.2, polygon(ph, PLATE, stroke=PLATE, width=6 * k + 2))
        scene.add(z + 0.21, polygon(ph, SKIN_FAR, stroke=SKIN_FAR, width=6 * k))
        for y in (-2.5, 1.5):
            scene.add(z + 0.22, line(L(4, y - 0.6), L(20, y + 0.4), outline, 0.9))


@card("wrist_flexor_stretch", frames=2)
def wrist_flexor_stretch(i: int) -> Scene:
    # palm up, fingers eased down and back toward the body
    s = Scene()
    p = [wrist_pose(90, (15, 1)), wrist_pose(12, (10, 10))][i]
    k = seated_side(s, p)
    W = k["n_wrist"]
    curve_arrow(s, (W[0] + 24, W[1] + 2), (W[0] + 24, W[1] + 18), (W[0] + 12, W[1] + 26), z=50)
    hand_inset(s, True)
    return s


@card("wrist_extensor_stretch", frames=2)
def wrist_extensor_stretch(i: int) -> Scene:
    # palm down, wrist bent down, the other hand presses on the back of the hand
    s = Scene()
    p = [wrist_pose(90, (9, -6)), wrist_pose(-24, (5, -5))][i]
    k = seated_side(s, p)
    W = k["n_wrist"]
    curve_arrow(s, (W[0] + 10, W[1] - 16), (W[0] + 22, W[1] - 4), (W[0] + 16, W[1] + 16), z=50)
    hand_inset(s, False)
    return s


DESK_ZOOM = (1.45, 100.0, 92.0)
DESK_TOP = 118.0  # figure coordinates; lands at y = 138 in the close-up


def desk_closeup(p: dict[str, Any]) -> tuple[Scene, dict[str, Any]]:
    s = Scene(zoom=DESK_ZOOM)
    desk_plate(s, 100 + DESK_ZOOM[0] * (DESK_TOP - DESK_ZOOM[2]))
    p = dict(p)
    p["legs"] = {}  # hidden by the desk (and they would leave the plate)
    return s, figure(s, p)


@card("forearm_knuckle_glide", frames=2)
def forearm_knuckle_glide(i: int) -> Scene:
    y = DESK_TOP - 6
    x = [96, 110][i]
    p = pose(SIT_FRONT, reach={"l": (120, y, -1), "r": (x, y - 5, 1)}, arm_z={"r": 31})
    s, k = desk_closeup(p)
    arrow_pts(s, [(92, y - 16), (118, y - 16)], z=50, size=7, width=3)
    return s


@card("palm_thumb_circles", frames=2)
def palm_thumb_circles(i: int) -> Scene:
    y = DESK_TOP - 12
    p = pose(SIT_FRONT, reach={"l": (103, y, -1), "r": (108 - i, y - 4 + i, 1)},
             arm_z={"r": 31}, hands={})
    s, k = desk_closeup(p)
    swirl(s, (116, y - 10), r=5, start=200 + 120 * i)
    return s


# ---- hips / legs


@card("standing_hip_flexor", frames=2)
def standing_hip_flexor(i: int) -> Scene:
    s = Scene()
    desk_side(s, 120, 186, 104, G)
    hy = STAND_SIDE["hip"][1]
    a = pose(STAND_SIDE, hip=(96, hy), arms={"n": (60, 60), "f": (4, 6)},
             legs={"n": (12, 0, 90), "f": (-14, -10, 90)})
    b = pose(STAND_SIDE, hip=(92, hy + 12), lumbar=-3, thorax=-2,
             arms={"n": (70, 80), "f": (4, 6)},
             legs={"n": (52, -2, 90), "f": (-34, -24, 110)})
    p = [a, b][i]
    k = standing(s, p, cx=96)
    H = k["H"]
    arrow_pts(s, [(H[0] - 8, H[1] + 18), (H[0] + 6, H[1] + 30)], z=50, size=7.5)
    return s


@card("standing_calf_stretch", frames=2)
def standing_calf_stretch(i: int) -> Scene:
    s = Scene()
    wall(s, 160, 186, 14, G + 2)
    hy = STAND_SIDE["hip"][1]
    a = pose(STAND_SIDE, hip=(108, hy), lumbar=10, thorax=14, arms={"n": (86, 80), "f": (84, 78)},
             legs={"n": (14, 0, 90), "f": (-8, -6, 90)})
    b = pose(STAND_SIDE, hip=(100, hy + 5), lumbar=26, thorax=30, neck=10,
             arms={"n": (108, 92), "f": (106, 90)},
             legs={"n": (24, 0, 90), "f": (-32, -32, 58)})
    p = [a, b][i]
    k = standing(s, p, cx=98)
    A = k["f_ankle"]
    arrow_pts(s, [(A[0] - 2, A[1] - 26), (A[0] - 2, A[1] - 8)], z=50, size=7.5)
    return s


@card("ball_seated_glute", frames=2)
def ball_seated_glute(i: int) -> Scene:
    s = Scene()
    hx, hy = SEAT_HIP
    bc = [(hx - 2, hy - 5), (hx + 2, hy - 5)][i]
    p = pose(SIT_SIDE, hip=(bc[0] + 1, hy - 16), legs={"n": (72, 2, 90), "f": (80, 0, 90)},
             lumbar=-2, arms={"n": (16, 64), "f": (-14, 10)})
    chair_side(s, SEAT_HIP, G)
    shadow(s, hx + 18, G + 1, 40)
    ball(s, bc, r=9, z=22)
    figure(s, p)
    arc_arrow(s, (hx, hy - 5), 20, 20, 200, 140, z=50, both=True, size=7, width=3)
    return s


# ---- eyes


@card("eye_far_focus", frames=2)
def eye_far_focus(i: int) -> Scene:
    s = Scene()
    desk_side(s, 108, 150, 118, G)
    monitor(s, 142, 118)
    # window with a tree, far away
    s.add(-1, rect(150, 24, 38, 46, "#D6E6F2", rx=4, stroke=PROP_DARK, width=3))
    s.add(-0.9, circle((169, 50), 9, "#9CCB9A"))
    s.add(-0.9, line((169, 56), (169, 68), "#9C8570", 3))
    a = pose(SIT_SIDE, arms={"n": (30, 80), "f": (28, 78)})
    b = pose(a, neck=-4, head=-14)
    p = [a, b][i]
    k = seated_side(s, p)
    eye = add(k["C"], (8, -2))
    if i == 0:
        arrow_pts(s, [add(eye, (7, 3)), (128, 94)], z=50, size=7, width=2.5)
    else:
        arrow_pts(s, [add(eye, (7, -3)), (156, 50)], z=50, size=8, width=2.5)
    return s


@card("eye_blink_reset", frames=3)
def eye_blink_reset(i: int) -> Scene:
    y = DESK_TOP - 6
    rest = {"l": (80, y, 1), "r": (120, y, -1)}
    base = pose(SIT_FRONT, reach=rest)
    C = keys_of(base)["C"]
    cup = {"l": (C[0] - 5, C[1] + 2, -1), "r": (C[0] + 5, C[1] + 2, 1)}
    frames = [base, pose(base, eyes="closed"), pose(base, eyes="closed", reach=cup)]
    s, k = desk_closeup(frames[i])
    if i < 2:
        for sg in (-1, 1):
            for dy in (-4.5, 0, 4.5):
                a1 = (C[0] + sg * 16, C[1] + 3 + dy * 0.8)
                b1 = (C[0] + sg * 21, C[1] + 3 + dy * 1.5)
                s.add(60, line(a1, b1, ACCENT, 1.8))
    return s


def figure_eight(c, a, b, t0, t1, n=None):
    """Points on a figure eight lying on its side (a lemniscate of Gerono): half width `a`,
    loop height `b`.  t in radians: 0 = the crossing, heading right and down; pi/2 = the
    far right; pi = the crossing again, heading left and down; 3*pi/2 = the far left."""
    if n is None:
        n = max(2, int(abs(t1 - t0) / 0.12))
    out = []
    for i in range(n + 1):
        t = t0 + (t1 - t0) * i / n
        out.append((c[0] + a * math.sin(t), c[1] + b * math.sin(t) * math.cos(t)))
    return out


def even_points(points, n):
    """`n` points spaced evenly along a closed polyline (for a dotted line)."""
    pairs = zip(points[:-1], points[1:], strict=True)
    seg = [math.hypot(q[0] - p[0], q[1] - p[1]) for p, q in pairs]
    total = sum(seg)
    out, walked, j = [], 0.0, 0
    for i in range(n):
        target = total * i / n
        while walked + seg[j] < target:
            walked += seg[j]
            j += 1
        out.append(lerp(points[j], points[j + 1], (target - walked) / (seg[j] or 1.0)))
    return out


EIGHT_C = (147.0, 64.0)
EIGHT_A, EIGHT_B = 30.0, 40.0


@card("eye_figure_eight", frames=3, still=2)
def eye_figure_eight(i: int) -> Scene:
    # sitting back, head still and level; the eyes follow a dot along a big sideways eight
    s = Scene()
    hip = (58.0, SEAT_HIP[1])
    chair_side(s, hip, G)
    shadow(s, hip[0] + 18, G + 1, 40)
    p = pose(SIT_SIDE, hip=hip, lumbar=-3, thorax=-7, neck=0, head=0)
    k = figure(s, p)
    # the wall in front of them, with the eight on it
    s.add(-1, rect(108, 20, 78, 88, PLATE, rx=6, stroke=PROP_DARK, width=3))
    c, a, b = EIGHT_C, EIGHT_A, EIGHT_B
    for x, y in even_points(figure_eight(c, a, b, 0, 2 * math.pi, n=400), 36):
        s.add(0, circle((x, y), 2.1, PROP_DARK))
    eye = add(k["C"], (8, -2))
    # the dot: left loop, crossing, right loop; the arrow runs ahead of it
    t = [math.radians(235), math.radians(360), math.radians(80)][i]
    arrow_pts(s, figure_eight(c, a, b, t + 0.45, t + 1.75), z=50, width=2.8, size=7)
    dot = figure_eight(c, a, b, t, t, n=1)[0]
    s.add(54.9, circle(dot, 4.6 + GAP * 0.6, PLATE))
    s.add(55, circle(dot, 4.6, ACCENT))
    # a dotted line of sight, from the eye toward the dot (stopping short of the wall)
    g0 = add(eye, (6, 0))
    n = math.hypot(dot[0] - g0[0], dot[1] - g0[1])
    u = ((dot[0] - g0[0]) / n, (dot[1] - g0[1]) / n)
    for j in range(int((104 - g0[0]) / (u[0] * 5.5)) + 1):
        s.add(49, circle(add(g0, u, 5.5 * j), 1.1, ACCENT))
    return s


# ---- walk


@card("walk", frames=4, still=0)
def walk(i: int) -> Scene:
    s = Scene()
    hy = STAND_SIDE["hip"][1]
    cycle = [
        ({"n": (24, 6, 100), "f": (-20, -34, 58)}, {"n": (-22, 20), "f": (40, 110)}),
        ({"n": (2, 8, 90), "f": (-4, -24, 72)}, {"n": (-4, 4), "f": (30, 104)}),
        ({"n": (-20, -34, 58), "f": (24, 6, 100)}, {"n": (22, 30), "f": (30, 110)}),
        ({"n": (-4, -24, 72), "f": (2, 8, 90)}, {"n": (4, 12), "f": (32, 108)}),
    ]
    legs, arms = cycle[i]
    lift = [3, 0, 3, 0][i]
    p = pose(STAND_SIDE, hip=(88, hy + lift), lumbar=3, thorax=3, legs=legs, arms=arms,
             hands={"f": 90})
    k = standing(s, p, cx=92)
    hnd = k["f_hand"]
    g = (hnd[0] + 3, hnd[1] - 5)
    s.add(6, polygon([(g[0] - 5, g[1] - 8), (g[0] + 5, g[1] - 8), (g[0] + 4, g[1] + 6),
                      (g[0] - 4, g[1] + 6)], WATER, stroke=PROP_DARK, width=1.5))
    for n, y in enumerate((70, 84, 98)):
        x0 = 150 + 6 * (n % 2)
        arrow_pts(s, [(x0, y), (x0 + 22, y)], z=50, size=7, width=3)
    return s


# ---------------------------------------------------------------- main


def render(name: str) -> dict[str, str]:
    spec = CARDS[name]
    fn = spec["fn"]
    out: dict[str, str] = {}
    n = spec["frames"]
    if n:
        still = spec["still"] % n
        for i in range(n):
            out[f"{name}-f{i + 1}.svg"] = fn(i).svg()
        out[f"{name}.svg"] = fn(still).svg()
    else:
        out[f"{name}.svg"] = fn(0).svg()
    return out


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.svg"):
        old.unlink()
    total = 0
    for name in CARDS:
        for fname, text in render(name).items():
            (out / fname).write_text(text, encoding="utf-8")
            total += 1
    print(f"wrote {total} files for {len(CARDS)} cards into {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
