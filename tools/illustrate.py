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
        # What the pose-fact checker reads (figure coordinates, before any zoom):
        self.skeletons: list[dict[str, Any]] = []  # one per figure drawn
        self.props: list[dict[str, Any]] = []  # chair seat/back, desk, wall, door frame, ball...
        self.marks: list[tuple[float, float]] = []  # pressure marks (swirls, squeezes, strokes)
        self.arrows: list[tuple[float, float]] = []  # every point of every motion arrow

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
    scene.arrows.extend(p)
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
    scene.marks.append(c)
    arc_arrow(scene, c, r, r, start, start + 290, z, width=2.2, size=5.5)


def ticks(scene: Scene, c, direction=0.0, z=60, n=3, spacing=5.0, length=7.0) -> None:
    """Short parallel strokes (a gliding / kneading mark), perpendicular to `direction`."""
    d = down(direction)
    perp = (d[1], -d[0])
    scene.marks.append(c)
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
    "belly": 0.0,  # side view: how far the belly rises forward (breathing), 0..1
    "grip": {},  # arm key -> hand shape: "open" (default), "flat", "fist", "cup", "pinch"
    "palm": {},  # arm key -> "up" | "down" | "in" | "out": which way the palm faces (flat hands)
}


DICT_KEYS = ("arms", "legs", "hands", "arm_z", "arm_scale", "reach", "hand_z", "grip", "palm")


def pose(base: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    p = copy.deepcopy(base if base is not None else DEFAULT)
    for k, v in kw.items():
        if k in DICT_KEYS and isinstance(v, dict):
            if k == "arms":  # angles given for an arm replace a reach aimed for it
                p["reach"] = {a: r for a, r in p["reach"].items() if a not in v}
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


PALM = "#F8DAC3"


def draw_hand(scene: Scene, W, d, shape: str, thumb: int, z: float, skin: str, palm: str = ""):
    """A hand at wrist W pointing along unit vector d.

    Shapes: "open" (a round hand, the old default), "flat" (palm and fingers in one, with a
    thumb), "fist" (a ball with a finger fold and the thumb across it), "thumb" (a loose fist with
    the thumb out along d, for thumb pressure), "cup" (a short flat hand).  `thumb` (+1/-1) picks
    the side of the thumb; palm "up"/"out" shows the lighter palm.
    """
    perp = (-d[1] * thumb, d[0] * thumb)
    show_thumb = thumb != 0
    out: dict[str, Any] = {}
    face = PALM if palm in ("up", "out") else skin
    if shape == "open":
        hc = add(W, d, 2.5)
        scene.add(z + 0.01, circle(hc, HAND_R, skin))
        out = {"hand": hc, "tip": add(W, d, 2.5 + HAND_R), "thumb": hc}
    elif shape in ("flat", "cup"):
        n = 13.0 if shape == "flat" else 10.0
        tip = add(W, d, n)
        th0, th1 = add(add(W, d, 2.5), perp, 2.5), add(add(W, d, 7.5), perp, 6.5)
        scene.add(z - 0.02, line(W, tip, PLATE, 9 + GAP))
        if show_thumb:
            scene.add(z - 0.02, line(th0, th1, PLATE, 4 + GAP))
            scene.add(z + 0.005, line(th0, th1, SKIN_FAR, 5.2))
        scene.add(z + 0.006, line(W, tip, SKIN_FAR, 9.6))
        scene.add(z + 0.01, line(W, tip, face, 7.8))
        if show_thumb:
            scene.add(z + 0.011, line(th0, th1, skin, 3.4))
        out = {"hand": add(W, d, n * 0.45), "tip": tip, "thumb": th1}
    elif shape in ("fist", "thumb"):
        fc = add(W, d, 4.5)
        scene.add(z - 0.02, circle(fc, 6.4 + GAP * 0.7, PLATE))
        scene.add(z + 0.005, circle(fc, 6.4, SKIN_FAR))
        scene.add(z + 0.01, circle(fc, 5.4, skin))
        # the finger fold: a line across the front of the fist
        k0, k1 = add(add(fc, d, 2.6), perp, -3.6), add(add(fc, d, 2.6), perp, 3.2)
        scene.add(z + 0.02, line(k0, k1, SKIN_FAR, 1.3))
        if shape == "fist":
            t0, t1 = add(add(fc, d, -1.5), perp, 5.0), add(add(fc, d, 1.2), perp, -0.5)
        else:  # the thumb sticks out ahead of the fist
            t0, t1 = add(add(fc, d, 0.0), perp, 4.2), add(add(fc, d, 9.0), perp, 3.6)
        scene.add(z + 0.03, line(t0, t1, SKIN_FAR, 5.0))
        scene.add(z + 0.031, line(t0, t1, skin, 3.2))
        out = {"hand": fc, "tip": add(fc, d, 6.4), "thumb": t1}
    else:
        raise ValueError(f"unknown hand shape {shape!r}")
    return out


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
            spread = math.acos(max(-1, min(1, cos_a)))
            sign = 1 if bend >= 0 else -1
            if side and ks > 0.8 and kf > 0.8:
                # joint limit: seen from the side, an elbow only bends one way (the hand comes
                # forward of the upper arm); pick the solution that does, whatever `bend` says
                for sg in (sign, -sign):
                    e = (root[0] + a * math.cos(math.atan2(dy, dx) + sg * spread),
                         root[1] + a * math.sin(math.atan2(dy, dx) + sg * spread))
                    u, v = (e[0] - root[0], e[1] - root[1]), (tx - e[0], ty - e[1])
                    if (u[0] * v[1] - u[1] * v[0]) * fx <= 0:
                        sign = sg
                        break
            ang = math.atan2(dy, dx) + sign * spread
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
        arm_z = z
        if key in p["hand_z"]:
            z = p["hand_z"][key]
        hd = limb_dir(hands[key], sgn) if hands.get(key) is not None else fa_vec
        shape = p["grip"].get(key, "flat" if hands.get(key) is not None else "open")
        palm = p["palm"].get(key, "")
        thumb = p.get("thumb", {}).get(key, 1)
        hk = draw_hand(scene, W, hd, shape, thumb, z, skin, palm)
        keys[key + "_hand"] = hk["hand"]
        keys[key + "_tip"] = hk["tip"]
        keys[key + "_thumb"] = hk["thumb"]
        keys[key + "_elbow"] = E
        keys[key + "_wrist"] = W
        keys[key + "_shoulder"] = root
        keys[key + "_arm"] = {"z": arm_z, "hand_z": z, "grip": shape, "palm": palm, "dir": hd,
                              "scale": (ks, kf)}

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
            keys[key + "_heel"], keys[key + "_toe"] = heel, toe
        else:
            out = leg[2] if len(leg) > 2 else 0.0
            foot = add(A, (sgn * (2 + out), 3), 1)
            scene.add(z + 0.01, line(add(A, (0, 2)), foot, SHOE, 9.5))
        keys[key + "_knee"] = K
        keys[key + "_ankle"] = A
        keys[key + "_hip"] = root

    if side:
        # torso: a capsule bent at the waist
        ctrl = (2 * M[0] - (H[0] + S[0]) / 2, 2 * M[1] - (H[1] + S[1]) / 2)
        top = add(S, U(p["thorax"]), 1)
        d = f"M{f(H[0])},{f(H[1])} Q{f(ctrl[0])},{f(ctrl[1])} {f(top[0])},{f(top[1])}"
        scene.add(19.95, path(d, "none", PLATE, W_TORSO + 2 * GAP))
        scene.add(20, path(d, "none", SHIRT, W_TORSO))
        if p["belly"]:
            b = p["belly"]
            bc = add(lerp(H, M, 0.7), (fx * (W_TORSO / 2 - 4 + 3 * b), 0))
            scene.add(20.01, ellipse(bc, 5 + 2.5 * b, 11, SHIRT))
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
    keys["skel"] = skeleton(keys, p, fx)
    scene.skeletons.append(keys["skel"])
    return keys


def anatomical_keys(view: str, fx: int) -> dict[str, str]:
    """Which drawing key is the figure's own left and right limb.

    Side view: facing right (fx=1) the near limbs ("n") are the figure's right ones.  Front
    view: the viewer's left ("l") is the figure's right.  Back view: "l" is the figure's left.
    """
    if view == "side":
        return {"n": "right", "f": "left"} if fx > 0 else {"n": "left", "f": "right"}
    if view == "front":
        return {"l": "right", "r": "left"}
    return {"l": "left", "r": "right"}


def skeleton(keys: dict[str, Any], p: dict[str, Any], fx: int) -> dict[str, Any]:
    """The figure's joints named in its own left/right, plus what the model knows beyond the
    2D points (view, facing, head turn, torso turn, grips, palms, breathing): the input of the
    pose-fact checker (tools/pose_facts.py)."""
    sk: dict[str, Any] = {
        "view": p["view"],
        "facing": fx,
        "head": keys["C"],
        "head_r": HEAD_R,
        "neck_base": keys["NB"],
        "neck_top": keys["NT"],
        "chest": keys["S"],
        "waist": keys["M"],
        "pelvis": keys["H"],
        "tilt": p["neck"] + p["head"],
        "turn": p["turn"],
        "twist": p["twist"],
        "chest_scale": p["chest"],
        "belly": p["belly"],
        "eyes": p["eyes"],
        # which way the face and the chest point (unit vectors): "behind" is the other way
        "head_fwd": (fx * math.cos(math.radians(p["neck"] + p["head"])),
                     math.sin(math.radians(p["neck"] + p["head"]))),
        "torso_fwd": (fx * math.cos(math.radians(p["thorax"])), math.sin(math.radians(p["thorax"]))),
    }
    for key, name in anatomical_keys(p["view"], fx).items():
        for part in ("shoulder", "elbow", "wrist", "hand", "tip", "thumb", "arm"):
            if f"{key}_{part}" in keys:
                sk[f"{name}_{part}"] = keys[f"{key}_{part}"]
        for part in ("hip", "knee", "ankle", "heel", "toe"):
            if f"{key}_{part}" in keys:
                sk[f"{name}_{part}"] = keys[f"{key}_{part}"]
    return sk


# ---------------------------------------------------------------- props


def chair_side(scene: Scene, hip, ground, fx=1, back=True, z=0.0) -> None:
    x, y = hip
    seat_y = y + 8
    b = x - 19 * fx
    fr = x + 24 * fx
    scene.add(z, line((b, seat_y + 2), (b, ground), PROP_DARK, 4.5))
    scene.add(z, line((fr, seat_y + 2), (fr, ground), PROP_DARK, 4.5))
    scene.add(z + 0.1, line((b - 2 * fx, seat_y), (fr + 2 * fx, seat_y), PROP, 7))
    scene.props.append({"kind": "seat", "y": seat_y - 3.5, "x0": min(b, fr), "x1": max(b, fr)})
    if back:
        scene.add(z, line((b, seat_y), (b - 4 * fx, y - 44), PROP_DARK, 4.5))
        scene.add(z + 0.1, line((b - 3.2 * fx, y - 22), (b - 4.4 * fx, y - 42), PROP, 9))
        scene.props.append({"kind": "chair_back", "a": (b - 3.2 * fx, y - 22),
                            "b": (b - 4.4 * fx, y - 42), "r": 4.5})


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
    scene.props.append({"kind": "seat", "y": seat_y - 4, "x0": x - 31, "x1": x + 31})
    if back:
        scene.props.append({"kind": "chair_back", "rect": (x - 25, y - 46, x + 25, y - 16)})


def desk_side(scene: Scene, x0, x1, top, ground, z=1.0) -> None:
    """A desk seen from the side; the top spans x0..x1."""
    leg = x1 - 7 if x1 > x0 else x1 + 7
    scene.add(z, line((leg, top), (leg, ground), PROP_DARK, 5))
    scene.add(z + 0.1, line((x0, top), (x1, top), PROP, 8))
    scene.props.append({"kind": "desk", "y": top - 4, "x0": min(x0, x1), "x1": max(x0, x1)})


def desk_front(scene: Scene, x0, x1, top, ground, z=35.0) -> None:
    """A desk seen from the front, in front of the figure (hides the legs)."""
    scene.add(z, rect(x0, top, x1 - x0, ground - top, PROP, rx=4))
    scene.add(z + 0.1, rect(x0 - 3, top - 3, x1 - x0 + 6, 8, PROP_DARK, rx=4))
    scene.props.append({"kind": "desk", "y": top - 3, "x0": x0, "x1": x1})


def desk_plate(scene: Scene, top: float, z: float = 28.0) -> None:
    """The front of a desk filling the bottom of the plate (for close-ups at the desk)."""
    scene.fixed = True
    d = (
        f"M5,{f(top)} H195 V161 A34,34 0 0 1 161,195 H39 A34,34 0 0 1 5,161 Z"
    )
    scene.add(z, path(d, PROP))
    scene.add(z + 0.1, rect(5, top - 3, 190, 8, PROP_DARK, rx=4))
    scene.fixed = False
    k, cx, cy = scene.zoom or (1.0, 100.0, 100.0)
    back = (lambda x, y: ((x - 100) / k + cx, (y - 100) / k + cy))  # noqa: E731
    (x0, y0), (x1, _) = back(5, top - 3), back(195, top)
    scene.props.append({"kind": "desk", "y": y0, "x0": x0, "x1": x1})


def wall(scene: Scene, x0, x1, y0, y1, z=-1.0, kind="wall") -> None:
    scene.add(z, rect(x0, y0, x1 - x0, y1 - y0, PROP, rx=5))
    scene.props.append({"kind": kind, "rect": (x0, y0, x1, y1)})


def ball(scene: Scene, c, r=9.0, z=24.0) -> None:
    scene.props.append({"kind": "ball", "c": c, "r": r})
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
    legs={"n": (88, 2, 90), "f": (86, 0, 90)},
    # hands resting on the thighs
    reach={"n": (SEAT_HIP[0] + 27, SEAT_HIP[1] - 9, -1), "f": (SEAT_HIP[0] + 25, SEAT_HIP[1] - 10, -1)},
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


def aim(p: dict[str, Any], key: str, target, bend: int = 1, rounds: int = 4) -> dict[str, Any]:
    """Reach arm `key` so that the CENTRE OF ITS HAND lands on `target` (not the wrist)."""
    q = pose(p, reach={key: (target[0], target[1], bend)})
    for _ in range(rounds):
        h = keys_of(q)[key + "_hand"]
        r = q["reach"][key]
        q = pose(q, reach={key: (r[0] + target[0] - h[0], r[1] + target[1] - h[1], bend)})
    return q


def place_arm(p: dict[str, Any], key: str, elbow, hand, hand_len: float = 4.5) -> dict[str, Any]:
    """Set arm `key` so its elbow lands on `elbow` and the centre of its hand on `hand`
    (upper arm and forearm foreshortened as needed: a limb pointing at the viewer)."""
    root = keys_of(p)[key + "_shoulder"]
    if p["view"] == "side":
        sgn = p["facing"]
    else:
        sgn = -1 if key == "l" else 1

    def ang(a, b) -> float:
        return math.degrees(math.atan2((b[0] - a[0]) * sgn, b[1] - a[1]))

    ua, fa = ang(root, elbow), ang(elbow, hand)
    ks = math.hypot(elbow[0] - root[0], elbow[1] - root[1]) / UPPER_ARM
    kf = (math.hypot(hand[0] - elbow[0], hand[1] - elbow[1]) - hand_len) / FOREARM
    q = pose(p, arms={key: (ua, fa)}, arm_scale={key: (ks, kf)})
    return q


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
    # front view: the figure's left is the viewer's right.  The right hand ("l") holds the seat,
    # the left ear sinks toward the left shoulder
    s = Scene()
    hx, hy = SIT_FRONT["hip"]
    base = pose(SIT_FRONT, reach={"l": (hx - 27, hy + 3, -1), "r": (hx + 12, hy - 4, -1)})
    bend = pose(base, neck=14, head=20)
    p = [base, bend][i]
    seated_front(s, p)
    curve_arrow(s, (86, 36), (100, 29), (114, 40), z=50)
    return s


@card("neck_stroke", frames=2)
def neck_stroke(i: int) -> Scene:
    # side view facing LEFT, so the near arm is the figure's left: the left hand lies flat on
    # the back of the neck, behind the ear, and strokes down and out over the top of the shoulder
    s = Scene()
    hx, hy = 128.0, SEAT_HIP[1]
    base = pose(SIT_SIDE, facing=-1, hip=(hx, hy), neck=-4, head=6, reach={})
    base = pose(base, reach={"f": (hx - 26, hy - 10, 1)})
    k0 = keys_of(base)
    C, NB, S = k0["C"], k0["NB"], k0["S"]
    t = [(C[0] + 8, C[1] + 12), (S[0] + 8, S[1] - 5)][i]
    p = pose(base, grip={"n": "flat"}, hand_z={"n": 27})
    # the elbow lifts out to the side (toward the viewer: a short upper arm), behind the head
    elbow = [(C[0] + 11, C[1] + 9), (C[0] + 17, C[1] + 11)][i]
    p = place_arm(p, "n", elbow, t, 5.85)
    chair_side(s, (hx, hy), G, -1)
    shadow(s, hx - 18, G + 1, 40)
    figure(s, p)
    curve_arrow(s, (C[0] + 20, C[1] + 8), (C[0] + 22, C[1] + 22), (S[0] + 22, S[1] + 2),
                z=50, width=3, size=7.5)
    return s


@card("skull_base_circles", frames=2)
def skull_base_circles(i: int) -> Scene:
    # back view at the desk: elbows out on the desk either side, the fingertips of each hand
    # just under the edge of the skull on its own side of the spine, circling
    s = Scene()
    base = pose(SIT_FRONT, view="back", neck=0, head=0)
    k0 = keys_of(base)
    C, Sl, Sr = k0["C"], k0["Sl"], k0["Sr"]
    desk_y = k0["S"][1] + 24
    s.add(2, rect(18, desk_y, 164, 9, PROP_DARK, rx=4))
    s.props.append({"kind": "desk", "y": desk_y, "x0": 18.0, "x1": 182.0})
    p = pose(base, grip={"l": "flat", "r": "flat"}, hands={"l": 176, "r": 176},
             arm_z={"l": 26, "r": 26})
    dy = [0, -1.5][i]
    p = place_arm(p, "l", (Sl[0] - 16, desk_y - 3), (C[0] - 6, C[1] + 11 + dy), 5.8)
    p = place_arm(p, "r", (Sr[0] + 16, desk_y - 3), (C[0] + 6, C[1] + 11 + dy), 5.8)
    seated_front(s, p, back=False)
    for sg in (-1, 1):
        swirl(s, (C[0] + sg * 15, C[1] + 7), r=4.5, z=60, start=[160, 280][i] if sg < 0 else [20, 140][i])
    return s


# ---- shoulders


@card("shoulder_rolls", frames=4, still=0)
def shoulder_rolls(i: int) -> Scene:
    s = Scene()
    offs = [(0, 0), (1, 7), (-5, 4), (-4, -2)]
    p = pose(SIT_SIDE, shrug=offs[i])
    k = seated_side(s, p)
    S = k["S"]
    arc_arrow(s, (S[0] - 20, S[1] + 4), 9, 10, 60, -210, z=50)
    return s


@card("cross_body_shoulder", frames=2)
def cross_body_shoulder(i: int) -> Scene:
    # front view: the right arm ("l", viewer's left) straight across the chest at about
    # shoulder height; the left forearm ("r") hooks over the right UPPER arm, its elbow low
    s = Scene()
    a = pose(SIT_FRONT, arms={"l": [(-74, -78), (-77, -81)][i]}, arm_z={"l": 31})
    ka = keys_of(a)
    E, Sh = ka["l_elbow"], ka["l_shoulder"]
    grip = lerp(Sh, E, 0.62)
    p = pose(a, reach={"r": (grip[0] + 1, grip[1] + 1, -1)}, arm_z={"r": 32},
             grip={"r": "flat"}, hands={"r": -60})
    seated_front(s, p)
    arrow_pts(s, [(grip[0] + 34, grip[1] + 24), (grip[0] + 14, grip[1] + 24)], z=50, size=8)
    return s


@card("upper_trap_knead", frames=2)
def upper_trap_knead(i: int) -> Scene:
    # front view: the right hand ("l") squeezes the top of the left shoulder (viewer's right),
    # starting near the neck and working out along the shoulder
    s = Scene()
    base = pose(SIT_FRONT, head=-8, neck=-4)
    k0 = keys_of(base)
    sr, nb = k0["Sr"], k0["NB"]
    spot = lerp(nb, sr, [0.7, 1.05][i])
    spot = (spot[0], spot[1] - 2)
    p = pose(base, reach={"l": (spot[0] - 7, spot[1] + 3, 1)}, grip={"l": "cup"},
             hands={"l": -105}, arm_z={"l": 31})
    seated_front(s, p)
    for dx in (3, 10):  # squeeze marks above the hand, on the outer side (away from the face)
        c = (spot[0] + dx, spot[1] - 9)
        s.add(60, line(c, add(c, (1.5, -5)), ACCENT, 2.4))
    s.marks.append((spot[0] + 4, spot[1] - 7))
    arrow_pts(s, [(sr[0] + 4, sr[1] - 22), (sr[0] + 22, sr[1] - 12)], z=50, size=6, width=2.5)
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
    # side view: the right hand (near) on the belly, the left (far) on the chest; breathing in,
    # the belly rises forward under the hand while the chest stays quiet
    s = Scene()
    base = pose(SIT_SIDE, belly=[0.0, 1.0][i])
    k0 = keys_of(base)
    S, M, H = k0["S"], k0["M"], k0["H"]
    chest = lerp(S, M, 0.35)
    belly = lerp(M, H, 0.35)
    bx = [14, 17][i]
    p = pose(base, reach={"n": (belly[0] + bx - 2, belly[1] + 1, -1),
                          "f": (chest[0] + 14, chest[1] + 1, -1)},
             grip={"n": "flat", "f": "flat"}, hands={"n": 0, "f": 10}, hand_z={"f": 29})
    seated_side(s, p)
    y = belly[1] + 1
    if i == 1:
        arrow_pts(s, [(belly[0] + 26, y), (belly[0] + 40, y)], z=50, size=7.5, width=3)
    else:
        arrow_pts(s, [(belly[0] + 40, y), (belly[0] + 26, y)], z=50, size=7.5, width=3)
    return s


@card("doorway_chest_stretch", frames=2)
def doorway_chest_stretch(i: int) -> Scene:
    # side view, facing right: the right (near) forearm upright against the door post behind,
    # elbow at shoulder height; the right foot steps forward and the body leans through
    s = Scene()
    hy = STAND_SIDE["hip"][1]
    legs = {"n": (16, 4, 90), "f": (-10, -6, 90)}
    a = pose(STAND_SIDE, hip=(86, hy), legs=legs, arms={"n": (-90, 180), "f": (-2, 4)},
             arm_scale={"n": (0.55, 1.0)})
    post = keys_of(a)["n_elbow"][0]
    b = pose(a, hip=(93, hy + 1), lumbar=4, thorax=8, neck=-2, legs={"n": (22, 4, 90), "f": (-14, -8, 90)})
    sb = keys_of(b)["shoulder"]
    # the upper arm points out to the side and back: foreshortened, never longer than 0.8
    b = pose(b, arm_scale={"n": (min(0.8, (sb[0] - post) / UPPER_ARM), 1.0)})
    p = [a, b][i]
    wall(s, post - 6, post + 6, 14, G + 2, kind="door_frame")
    wall(s, 8, post + 6, 14, 24, kind="door_frame")
    k = standing(s, p, cx=92)
    S = k["S"]
    arrow_pts(s, [(S[0] + 16, S[1] + 10), (S[0] + 36, S[1] + 10)], z=50)
    return s


# ---- upper back


@card("chair_back_extension", frames=2)
def chair_back_extension(i: int) -> Scene:
    # side view: fingers behind the head with the elbows wide (they point at the viewer, so the
    # upper arm looks short), arching back over the top of the backrest
    s = Scene()
    a = pose(SIT_SIDE, reach={})
    b = pose(SIT_SIDE, reach={}, thorax=-22, lumbar=-2, neck=-12, head=-6)
    p = [a, b][i]
    k0 = keys_of(p)
    C, fwd = k0["C"], k0["skel"]["head_fwd"]
    p = pose(p, grip={"n": "flat", "f": "flat"}, hands={"n": 10, "f": 10}, hand_z={"n": 26})
    behind = add(C, fwd, -12)
    # the elbows point out to the sides, so from the side each elbow shows just behind the ear
    # and both arm segments look short
    elbow = add(add(C, fwd, -7.5), (0, 1))
    p = place_arm(p, "n", elbow, (behind[0], behind[1] + 2), 5.85)
    p = place_arm(p, "f", add(elbow, (-1, -1)), (behind[0] + 1, behind[1]), 5.85)
    k = seated_side(s, p)
    M = k["M"]
    curve_arrow(s, (M[0] - 16, M[1] + 2), (M[0] - 30, M[1] - 22), (M[0] - 32, M[1] - 48), z=50)
    return s


@card("upper_back_round", frames=2)
def upper_back_round(i: int) -> Scene:
    s = Scene()
    a = pose(SIT_SIDE, reach={}, arms={"n": (90, 90), "f": (88, 88)})
    b = pose(SIT_SIDE, reach={}, arms={"n": (96, 102), "f": (94, 100)}, lumbar=-2, thorax=22,
             neck=22, head=10)
    p = [a, b][i]
    k = seated_side(s, p)
    S = k["S"]
    S0 = keys_of(a)["S"]
    curve_arrow(s, (S0[0] - 22, S0[1] + 24), (S0[0] - 28, S0[1] + 2), (S0[0] - 18, S0[1] - 14),
                z=50)
    return s


@card("ball_wall_upper_back", frames=2)
def ball_wall_upper_back(i: int) -> Scene:
    # side view, back to the wall on the left; a ball between the wall and the upper back,
    # beside the spine; the knees bend only a little to roll it
    s = Scene()
    wall(s, 14, 34, 14, G + 2)
    hy = STAND_SIDE["hip"][1]
    a = pose(STAND_SIDE, hip=(60, hy + 2), lumbar=-8, thorax=-6, neck=6, head=4,
             arms={"n": (14, 20), "f": (10, 14)}, legs={"n": (14, -4, 90), "f": (12, -6, 90)})
    b = pose(a, hip=(60, hy + 5), legs={"n": (22, -6, 90), "f": (20, -8, 90)})
    p = [a, b][i]
    k = standing(s, p, cx=72)
    S = k["S"]
    ball(s, (S[0] - 18, S[1] + 12), r=8, z=4)
    s.marks.append((S[0] - 18, S[1] + 12))
    arrow_pts(s, [(24, S[1] - 6), (24, S[1] + 26)], z=50, both=True)
    return s


@card("roller_thoracic_extension", frames=2)
def roller_thoracic_extension(i: int) -> Scene:
    # lying on the back, head to the left; the roller lies across the UPPER back, between the
    # shoulder blades and the lowest ribs (never the low back), hands behind the head
    s = Scene()
    gy = G - 8
    a = pose(SIT_SIDE, facing=1, hip=(118, gy - 10), lumbar=-76, thorax=-78, neck=-84,
             head=0, legs={"n": (128, 12, 90), "f": (126, 10, 90)}, reach={})
    b = pose(a, thorax=-96, neck=-102, head=-4)
    p = [a, b][i]
    k0 = keys_of(a)
    T = lerp(k0["H"], k0["S"], 0.78)
    rc = (T[0], gy - 12)
    kp = keys_of(p)
    C, fwd = kp["C"], kp["skel"]["head_fwd"]
    back = add(C, fwd, -9)
    p = pose(p, arm_z={"n": 24, "f": 5}, arm_scale={"n": (0.7, 0.9)})
    p = aim(p, "n", back, 1)
    p = aim(p, "f", add(back, (1, -1)), 1)
    s.add(-5, ellipse((110, gy + 3), 64, 5, SHADOW))
    s.add(20.5, circle(rc, 12 + GAP, PLATE))
    s.add(20.6, circle(rc, 12, EQUIP))
    s.add(20.7, circle(rc, 5, "#8FD3C4"))
    s.props.append({"kind": "roller", "c": rc, "r": 12})
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
    # front view; turning to the figure's right = the viewer's left.  Right hand ("l") back on
    # the chair back, left hand ("r") on the right knee (the viewer's left knee)
    s = Scene()
    hx, hy = SIT_FRONT["hip"]
    a = pose(SIT_FRONT, reach={"l": (hx - 12, hy - 4, 1), "r": (hx + 12, hy - 4, -1)})
    k0 = keys_of(pose(SIT_FRONT, twist=-0.55))
    knee = k0["l_knee"]
    b = pose(SIT_FRONT, twist=-0.55, turn=-0.8, thorax=-2,
             reach={"r": (knee[0] + 2, knee[1] - 4, -1), "l": (hx - 26, hy - 40, -1)},
             arm_z={"l": 15})
    p = [a, b][i]
    seated_front(s, p)
    S = k0["S"]
    arc_arrow(s, (S[0], S[1] + 14), 30, 9, 20, 160, z=50)
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
        pose(base, twist=-0.6, turn=-0.7, arm_scale={"l": (0.55, 0.55), "r": (0.55, 0.55)}),
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
    # back view (the figure's left is the viewer's left): loose fists either side of the lower
    # spine, elbows out, rubbing up and down
    s = Scene()
    k0 = keys_of(STAND_BACK)
    M = k0["M"]
    dy = [-2, 9][i]
    p = pose(STAND_BACK, reach={"l": (M[0] - 8, M[1] + dy, 1), "r": (M[0] + 8, M[1] + dy, -1)},
             grip={"l": "fist", "r": "fist"}, hands={"l": 90, "r": 90})
    standing(s, p)
    for sg in (-1, 1):
        s.marks.append((M[0] + sg * 10, M[1] + 4))
        arrow_pts(s, [(M[0] + sg * 38, M[1] - 8), (M[0] + sg * 38, M[1] + 16)], z=50, both=True,
                  size=7, width=3)
    return s


# ---- wrists


def wrist_pose(hand: float, grip: tuple[float, float]) -> dict[str, Any]:
    """Near arm held straight out at shoulder height; the far hand holds it at `grip`."""
    p = pose(SIT_SIDE, arms={"n": (86, 88)}, hands={"n": hand})
    W = keys_of(p)["n_wrist"]
    return pose(p, reach={"f": (W[0] + grip[0], W[1] + grip[1], -1)}, hand_z={"f": 31})


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
        # a loose fist seen from the back: the fingers fold under, only the knuckles show
        fingers = [(-6, 4, -6.1, 8.5), (-2, 4, -2, 9.5), (2, 4, 2, 9.5), (6, 4, 6.1, 8.5)]
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
    # palm UP (its lighter side shows, the thumb is on the near side): the left hand eases the
    # fingers down and back toward the body, the wrist bends back
    s = Scene()
    p = pose(SIT_SIDE, reach={}, arms={"n": (88, 90)}, hands={"n": [90, 14][i]},
             grip={"n": "flat", "f": "flat"}, palm={"n": "up"}, thumb={"n": -1})
    tip = keys_of(p)["n_tip"]
    # the far shoulder turns forward to reach the fingertips (drawn as a longer far arm)
    p = pose(p, hands={"f": [150, 200][i]}, hand_z={"f": 31}, arm_scale={"f": (1.2, 1.15)})
    p = aim(p, "f", (tip[0] + 3, tip[1] - 2 + 2 * i), -1)
    k = seated_side(s, p)
    W = k["n_wrist"]
    curve_arrow(s, (W[0] + 24, W[1] + 2), (W[0] + 24, W[1] + 18), (W[0] + 10, W[1] + 24), z=50)
    hand_inset(s, True)
    return s


@card("wrist_extensor_stretch", frames=2)
def wrist_extensor_stretch(i: int) -> Scene:
    # palm DOWN, the hand in a loose fist: the wrist bends down and the left hand presses on
    # the back of the fist, easing it toward the body (the flexor card shows an open hand)
    s = Scene()
    p = pose(SIT_SIDE, reach={}, arms={"n": (88, 90)}, hands={"n": [90, 10][i]},
             grip={"n": "fist", "f": "flat"}, palm={"n": "down"}, thumb={"n": -1})
    hand = keys_of(p)["n_hand"]
    p = pose(p, hands={"f": [120, 160][i]}, hand_z={"f": 31})
    p = aim(p, "f", (hand[0] + 4, hand[1] - 3), -1)
    k = seated_side(s, p)
    W = k["n_wrist"]
    curve_arrow(s, (W[0] + 12, W[1] - 16), (W[0] + 26, W[1] - 2), (W[0] + 18, W[1] + 18), z=50)
    hand_inset(s, False)
    return s


def palm_inset(scene: Scene, frame: int) -> None:
    """A round close-up of the left hand lying palm up, the right thumb pressing into the palm
    and circling (a swirl around the thumb tip)."""
    O, R, k = INSET_C, INSET_R, 1.05
    scene.fixed = True

    def L(x: float, y: float) -> tuple[float, float]:
        return (O[0] + x * k, O[1] + y * k)

    z = 70
    scene.add(z, circle(O, R + GAP, PLATE))
    scene.add(z + 0.01, circle(O, R, "#FFFFFF", stroke=PROP_DARK, width=2.5))
    z += 0.1
    # the left hand, palm up, fingers to the upper left, wrist to the lower right
    for x0, y0, x1, y1 in [(-4, -8, -14, -20), (0, -9, -7, -24), (4, -8, 0, -23),
                           (7, -6, 6, -19)]:
        scene.add(z, line(L(x0, y0), L(x1, y1), SKIN_FAR, 6.2 * k))
        scene.add(z + 0.01, line(L(x0, y0), L(x1, y1), PALM, 4.4 * k))
    scene.add(z, line(L(-9, 2), L(-19, -4), SKIN_FAR, 7 * k))  # its thumb
    scene.add(z + 0.01, line(L(-9, 2), L(-19, -4), PALM, 5.2 * k))
    body = [L(-10, -9), L(9, -8), L(12, 10), L(-8, 12)]
    scene.add(z + 0.02, polygon(body, PALM, stroke=SKIN_FAR, width=1.2))
    scene.add(z + 0.03, polygon([L(-9, 16), L(12, 14), L(20, 28), L(-4, 30)], SHIRT))  # sleeve
    # the right thumb from the lower right, its tip in the middle of the palm
    tip = L(1 + frame, 0 - frame)
    scene.add(z + 0.1, line(L(24, 16), tip, PLATE, 9 * k + 2))
    scene.add(z + 0.11, line(L(24, 16), tip, SKIN_FAR, 9 * k))
    scene.add(z + 0.12, line(L(24, 16), tip, SKIN, 7 * k))
    scene.add(z + 0.12, circle(L(26, 20), 9 * k, SKIN))
    arc_arrow(scene, tip, 8, 8, 200 + 120 * frame, 490 + 120 * frame, z=z + 0.2, width=2.2,
              size=5.5)
    scene.fixed = False


DESK_ZOOM = (1.45, 100.0, 92.0)
DESK_TOP = 118.0  # figure coordinates; lands at y = 138 in the close-up


def desk_closeup(p: dict[str, Any], top: float = DESK_TOP) -> tuple[Scene, dict[str, Any]]:
    s = Scene(zoom=DESK_ZOOM)
    desk_plate(s, 100 + DESK_ZOOM[0] * (top - DESK_ZOOM[2]))
    p = dict(p)
    p["legs"] = {}  # hidden by the desk (and they would leave the plate)
    # the chair is hidden below the desk, but the person sits on it
    s.props.append({"kind": "seat", "y": p["hip"][1] + 4, "x0": 70.0, "x1": 130.0})
    return s, figure(s, p)


@card("forearm_knuckle_glide", frames=2)
def forearm_knuckle_glide(i: int) -> Scene:
    # close-up at the desk, front view: the left forearm ("r", viewer's right) lies across the
    # desk, palm down; the right hand ("l") makes a soft fist and glides from the elbow to the wrist
    y = DESK_TOP - 8
    p = pose(SIT_FRONT, arms={"r": (15.6, -90)}, grip={"r": "flat", "l": "fist"},
             palm={"r": "down"}, hands={"r": -90})
    k0 = keys_of(p)
    E, W = k0["r_elbow"], k0["r_wrist"]
    at = lerp(E, W, [0.25, 0.8][i])
    p = aim(pose(p, arm_z={"l": 31}, hands={"l": 180}), "l", (at[0], at[1] - 4), -1)
    s, k = desk_closeup(p)
    ticks(s, (at[0] + 1, at[1] - 13), direction=90, z=60, n=2, spacing=4, length=5)
    arrow_pts(s, [(E[0] + 2, y - 24), (W[0] - 2, y - 24)], z=50, size=7, width=3)
    return s


@card("palm_thumb_circles", frames=2)
def palm_thumb_circles(i: int) -> Scene:
    # at the desk: the left hand ("r", viewer's right) lies palm up on the desk; the right hand
    # ("l") holds it and presses its thumb into the palm; the inset shows the thumb circling
    p = pose(SIT_FRONT, arms={"r": (15.6, -90)}, grip={"r": "flat", "l": "thumb"},
             palm={"r": "up"}, hands={"r": -90}, thumb={"r": 1, "l": 1})
    k0 = keys_of(p)
    palm = k0["r_hand"]
    q = pose(p, hands={"l": 0}, arm_z={"l": 31})
    q = aim(q, "l", (palm[0] + 1 + i, palm[1] - 11), -1)
    s, k = desk_closeup(q)
    th = k["l_thumb"]
    s.marks.append(th)
    palm_inset(s, i)
    return s


# ---- hips / legs


@card("standing_hip_flexor", frames=2)
def standing_hip_flexor(i: int) -> Scene:
    # side view facing the desk on the right: the right (near) foot steps forward, the right
    # hand holds the desk edge; the left (far) leg stays long behind, heel lifted
    s = Scene()
    desk_side(s, 122, 186, 104, G)
    hy = STAND_SIDE["hip"][1]
    a = pose(STAND_SIDE, hip=(92, hy), legs={"n": (12, 0, 90), "f": (-14, -10, 84)})
    b = pose(STAND_SIDE, hip=(90, hy + 10), lumbar=-3, thorax=-2,
             legs={"n": (46, -2, 90), "f": (-30, -22, 62)})
    p = [a, b][i]
    p = pose(p, reach={"n": (126, 99, -1), "f": (128, 98, -1)}, grip={"n": "flat", "f": "flat"},
             hands={"n": 95, "f": 95})
    k = standing(s, p, cx=92)
    H = k["H"]
    arrow_pts(s, [(H[0] - 8, H[1] + 18), (H[0] + 6, H[1] + 30)], z=50, size=7.5)
    return s


@card("standing_calf_stretch", frames=2)
def standing_calf_stretch(i: int) -> Scene:
    # side view facing the wall on the right: the right (near) leg steps back, knee straight,
    # and its heel sinks to the floor; the left (far) knee bends in front
    s = Scene()
    wall(s, 160, 186, 14, G + 2)
    hy = STAND_SIDE["hip"][1]
    a = pose(STAND_SIDE, hip=(104, hy + 1), lumbar=10, thorax=14,
             legs={"f": (14, 2, 90), "n": (-22, -22, 74)})
    b = pose(STAND_SIDE, hip=(102, hy + 5), lumbar=20, thorax=24, neck=6,
             legs={"f": (26, 0, 90), "n": (-30, -30, 90)})
    p = [a, b][i]
    sh = keys_of(p)["shoulder"]
    hand = (158.5, sh[1] + 8)
    p = pose(p, reach={"n": (hand[0], hand[1], -1), "f": (hand[0], hand[1] - 2, -1)},
             grip={"n": "flat", "f": "flat"}, hands={"n": 180, "f": 180})
    k = standing(s, p, cx=98)
    A = k["n_ankle"]
    arrow_pts(s, [(A[0] - 8, A[1] - 26), (A[0] - 8, A[1] - 8)], z=50, size=7.5)
    return s


@card("ball_seated_glute", frames=2)
def ball_seated_glute(i: int) -> Scene:
    s = Scene()
    hx, hy = SEAT_HIP
    bc = [(hx - 2, hy - 5), (hx + 2, hy - 5)][i]
    p = pose(SIT_SIDE, hip=(bc[0] + 1, hy - 16), legs={"n": (72, 2, 90), "f": (80, 0, 90)},
             lumbar=-2, arms={"f": (-14, 10)})
    kk = keys_of(p)
    on_thigh = lerp(kk["n_hip"], kk["n_knee"], 0.6)
    p = aim(p, "n", (on_thigh[0], on_thigh[1] - 10), -1)
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


@card("eye_blink_reset", frames=4, still=3)
def eye_blink_reset(i: int) -> Scene:
    # at the desk, leaning in a little: blink (eyes open, closed), rub the palms warm, then rest
    # the elbows on the desk and cup the palms over the closed eyes
    top = DESK_TOP - 12
    hx, hy = SIT_FRONT["hip"]
    base = pose(SIT_FRONT, hip=(hx, hy + 8))
    k0 = keys_of(base)
    C = k0["C"]
    y = top - 5
    rest = pose(base, grip={"l": "flat", "r": "flat"}, hands={"l": -90, "r": -90},
                palm={"l": "down", "r": "down"})
    for key, sg in (("l", -1), ("r", 1)):  # forearms lying on the desk, hands near the middle
        sh = k0["Sl" if key == "l" else "Sr"]
        rest = place_arm(rest, key, (sh[0] + sg * 6, top - 5), (sh[0] - sg * 16, top - 5), 5.8)
    if i in (0, 1):
        p = pose(rest, eyes=["open", "closed"][i])
    elif i == 2:  # palms pressed together in front of the chest, rubbing
        p = pose(base, eyes="closed", grip={"l": "flat", "r": "flat"}, hands={"l": 180, "r": 180},
                 thumb={"l": -1, "r": 1})
        dy = [0, 0, -2, 0][i]
        p = aim(aim(p, "l", (C[0] - 1.5, C[1] + 32 + dy), 1), "r", (C[0] + 1.5, C[1] + 32 + dy), -1)
    else:
        p = pose(base, eyes="closed", grip={"l": "cup", "r": "cup"}, hands={"l": 172, "r": 172},
                 arm_z={"l": 31, "r": 31})
        for key, sg in (("l", -1), ("r", 1)):
            sh = k0["Sl" if key == "l" else "Sr"]
            p = place_arm(p, key, (sh[0] + sg * 8, top - 4), (C[0] + sg * 5.5, C[1] + 2))
    s, k = desk_closeup(p, top)
    if i < 2:
        for sg in (-1, 1):
            for dy in (-4.5, 0, 4.5):
                a1 = (C[0] + sg * 16, C[1] + 3 + dy * 0.8)
                b1 = (C[0] + sg * 21, C[1] + 3 + dy * 1.5)
                s.add(60, line(a1, b1, ACCENT, 1.8))
    if i == 2:
        arrow_pts(s, [(C[0] - 10, C[1] + 46), (C[0] + 10, C[1] + 46)], z=50, both=True, size=6,
                  width=2.5)
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
    p = pose(SIT_SIDE, hip=hip, lumbar=-3, thorax=-7, neck=0, head=0,
             reach={"n": (hip[0] + 27, hip[1] - 9, -1), "f": (hip[0] + 25, hip[1] - 10, -1)})
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


@card("tapping", frames=2)
def tapping(i: int) -> Scene:
    # front view: the right hand ("l") makes a loose fist and taps lightly over the top of the
    # left shoulder (viewer's right), then down the outside of the left upper arm
    s = Scene()
    base = pose(SIT_FRONT, head=-6, neck=-3)
    k0 = keys_of(base)
    sr, nb = k0["Sr"], k0["NB"]
    ua = lerp(k0["r_shoulder"], k0["r_elbow"], 0.5)
    spot = [lerp(nb, sr, 0.95), (ua[0] + 7, ua[1])][i]
    spot = [(spot[0], spot[1] - 6), spot][i]
    p = pose(base, grip={"l": "fist"}, hands={"l": [-100, -80][i]}, arm_z={"l": 31})
    p = aim(p, "l", spot, 1)
    seated_front(s, p)
    # short "tap" rays around the fist, away from the head
    for a in (-40, 0, 40):
        d = down(90 + a) if i else down(135 + a)
        c0 = add(spot, d, 9)
        c1 = add(spot, d, 14)
        s.add(60, line(c0, c1, ACCENT, 2.4))
    s.marks.append(spot)
    return s


@card("palm_strokes", frames=2)
def palm_strokes(i: int) -> Scene:
    # close-up at the desk, front view: the left forearm ("r", viewer's right) lies on the desk;
    # the right palm ("l") glides flat from the left wrist up toward the elbow (toward the heart)
    y = DESK_TOP - 8
    p = pose(SIT_FRONT, arms={"r": (15.6, -90)}, grip={"r": "flat", "l": "flat"},
             palm={"r": "down"}, hands={"r": -90})
    k0 = keys_of(p)
    E, W = k0["r_elbow"], k0["r_wrist"]
    at = lerp(E, W, [0.85, 0.25][i])
    p = aim(pose(p, arm_z={"l": 31}, hands={"l": 105}), "l", (at[0], at[1] - 3), -1)
    s, k = desk_closeup(p)
    s.marks.append(at)
    arrow_pts(s, [(W[0] - 4, y - 24), (E[0] + 4, y - 24)], z=50, size=7, width=3)
    return s


@card("posture_reset", frames=2, still=1)
def posture_reset(i: int) -> Scene:
    # side view at the desk: from a slump to ears over shoulders over hips, feet flat, elbows by
    # the sides at about 90 degrees with straight wrists, the top of the screen at eye level
    s = Scene()
    desk_y = 118.0
    desk_side(s, 100, 160, desk_y, G)
    slump = pose(SIT_SIDE, lumbar=10, thorax=22, neck=24, head=-14, reach={})
    tall = pose(SIT_SIDE, lumbar=0, thorax=0, neck=0, head=0, reach={})
    p = [slump, tall][i]
    k0 = keys_of(tall)
    eye_y = k0["C"][1] - 3.6
    # the screen: its top at the eye level of the tall posture
    x = 150.0
    s.add(2, line((x, desk_y - 4), (x, desk_y - 18), PROP_DARK, 4))
    s.add(2, line((x - 6, desk_y - 4), (x + 6, desk_y - 4), PROP_DARK, 4))
    s.add(2.1, line((x - 3, desk_y - 16), (x - 3, eye_y), PROP_DARK, 7))
    s.props.append({"kind": "screen", "top": eye_y, "x": x - 3})
    sh = keys_of(p)["shoulder"]
    if i == 0:
        p = pose(p, grip={"n": "flat", "f": "flat"}, hands={"n": 100, "f": 100})
        p = aim(aim(p, "n", (sh[0] + 40, desk_y - 8), -1), "f", (sh[0] + 42, desk_y - 9), -1)
    else:
        p = pose(p, arms={"n": (2, 90), "f": (0, 88)}, grip={"n": "flat", "f": "flat"},
                 hands={"n": 90, "f": 90})
    k = seated_side(s, p)
    if i == 1:
        # the line ears - shoulders - hips, and the gaze to the top of the screen
        C, S, H = k["C"], k["S"], k["H"]
        for j in range(10):
            y = C[1] - 1 + j * (H[1] - C[1] + 1) / 9
            s.add(49, circle((S[0] - 1, y), 1.3, ACCENT))
        eye = add(C, (8, -3.6))
        for j in range(7):
            s.add(49, circle((eye[0] + 6 + j * 5.5, eye_y), 1.2, ACCENT))
    else:
        C = k["C"]
        curve_arrow(s, (C[0] - 6, C[1] - 20), (C[0] - 14, C[1] - 26), (C[0] - 24, C[1] - 22),
                    z=50, size=7.5, width=3)
    return s


@card("wall_angels", frames=2)
def wall_angels(i: int) -> Scene:
    # front view, back against the wall: the arms slide from a W (elbows bent, at shoulder
    # height) up toward a Y, backs of the arms along the wall, knees soft
    s = Scene(zoom=(0.8, 100.0, 98.0))  # drawn a little smaller: the arms reach overhead
    wall(s, 30, 170, -6, G - 2)
    w = {"l": (92, 176), "r": (92, 176)}
    y = {"l": (150, 168), "r": (150, 168)}
    p = pose(STAND_FRONT, arms=[w, y][i], legs={"l": (6, 0, 3), "r": (6, 0, 3)},
             grip={"l": "flat", "r": "flat"}, palm={"l": "up", "r": "up"})
    k = standing(s, p)
    for key, sg in (("l", -1), ("r", 1)):
        h = k[f"{key}_hand"]
        if i == 0:
            arrow_pts(s, [(h[0] + sg * 12, h[1] + 6), (h[0] + sg * 20, h[1] - 12)], z=50, size=7,
                      width=3)
        else:
            arrow_pts(s, [(h[0] + sg * 14, h[1] - 2), (h[0] + sg * 8, h[1] + 18)], z=50, size=7,
                      width=3)
    return s


@card("rowing_squeeze", frames=2)
def rowing_squeeze(i: int) -> Scene:
    # side view, sitting tall away from the backrest: arms reach forward, then the elbows pull
    # back close to the sides, shoulder blades squeeze, hold five seconds
    s = Scene()
    hx, hy = SEAT_HIP
    reach_fwd = {"n": (84, 88), "f": (82, 86)}
    row = {"n": (-34, 70), "f": (-36, 68)}
    p = pose(SIT_SIDE, hip=(hx + 6, hy), reach={}, arms=[reach_fwd, row][i],
             grip={"n": "fist", "f": "fist"}, hands={"n": 90, "f": 90})
    chair_side(s, (hx + 6, hy), G)
    shadow(s, hx + 24, G + 1, 40)
    k = figure(s, p)
    if i == 0:
        h = k["n_hand"]
        arrow_pts(s, [(h[0] - 4, h[1] - 14), (h[0] - 30, h[1] - 14)], z=50, size=8)
    else:
        S = k["S"]
        s.add(21, ellipse((S[0] - 9, S[1] + 9), 4, 7, SHIRT_DARK))  # the squeezed blades
        arrow_pts(s, [(S[0] - 30, S[1] + 10), (S[0] - 16, S[1] + 10)], z=50, size=7)
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
