"""Card files: the model, loading and validation.

A card is data written by us (bundled) or by the person (``<data dir>/cards/``). Either way it is
parsed, never executed: TOML for the text and plain SVG for the picture. Anything that could make a
renderer run code or reach out of the machine (scripts, event attributes, external references,
entities) is refused here, before Qt ever sees the file, and a bad file costs only itself: the
loader reports one line naming the file and the problem and goes on with the rest.

Its parts: card_fields.py (CardError and the TOML field readers), svg_check.py (the SVG checker).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

# Area ids (also the keys of the stats JSON's "areas") and health tags have one home: settings.
from posture_break.core.card_fields import CardError as CardError
from posture_break.core.card_fields import (
    choice_field,
    choices_field,
    line_field,
    os_reason,
    read_toml,
    steps_field,
    string_field,
    type_name,
)
from posture_break.core.paths import assets_dir
from posture_break.core.settings import AREAS as AREAS
from posture_break.core.settings import HEALTH_TAGS as HEALTH_TAGS
from posture_break.core.svg_check import check_svg

KINDS: tuple[str, ...] = ("stretch", "self-massage", "eyes", "move")
SLOTS: tuple[str, ...] = ("micro", "long", "any")
NEEDS: tuple[str, ...] = ("seated", "standing", "wall", "ball", "foam-roller", "floor")
THEMES: tuple[str, ...] = (
    "forward-head-posture",
    "rounded-shoulders",
    "lower-back-curve",
    "effleurage",
    "kneading",
    "trigger-point",
    "foam-rolling",
    "gentle-stretching",
    "deep-breathing",
    "tapping",
    "strengthening",
)
#: Languages a card may carry a translation table for.
LANGUAGES: tuple[str, ...] = ("de",)

MAX_CARD_BYTES = 256 * 1024
MIN_SECONDS = 10
MAX_SECONDS = 600

# Frame files per folder, by the stem of their still (filled once per folder per load).
FrameIndex = dict[Path, dict[str, list[tuple[int, str]]]]

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_FRAME_RE = re.compile(r"-f([0-9]+)\.svg$")

_REQUIRED: tuple[str, ...] = (
    "id",
    "title",
    "kind",
    "areas",
    "seconds",
    "slot",
    "needs",
    "steps",
    "caution",
    "illustration",
    "avoid_if",
)
_OPTIONAL: tuple[str, ...] = ("themes", "pose", *LANGUAGES)
#: Pose facts a card may state in its ``[pose]`` table (``[pose.f2]``... for one frame only):
#: what the picture must show, checked against the illustration generator's skeleton by
#: tests/core/test_card_poses.py (the values are listed in tools/pose_facts.py).
POSE_KEYS: tuple[str, ...] = (
    "posture",
    "side",
    "left_hand",
    "right_hand",
    "left_elbow",
    "right_elbow",
    "left_forearm",
    "right_forearm",
    "left_grip",
    "right_grip",
    "left_palm",
    "right_palm",
    "left_wrist",
    "right_wrist",
    "front_foot",
    "heel_down",
    "heel_up",
    "knees",
    "front_knee",
    "head_tilt",
    "head_turn",
    "torso_turn",
    "torso",
    "breath",
    "roller",
    "ball",
    "backrest",
    "pressure",
    "head",
    "screen",
)
_POSE_FRAME_RE = re.compile(r"^f[1-9]$")
_TEXT_FIELDS: tuple[str, ...] = ("title", "steps", "caution")


@dataclass(frozen=True)
class CardText:
    """The words of a card in one language."""

    title: str
    steps: tuple[str, ...]
    caution: str


@dataclass(frozen=True)
class Card:
    """One validated card. Paths are resolved, so the shell can render without guessing."""

    id: str
    title: str
    kind: str
    areas: tuple[str, ...]
    seconds: int
    slot: str
    needs: tuple[str, ...]
    steps: tuple[str, ...]
    caution: str
    illustration: Path
    frames: tuple[Path, ...]
    avoid_if: tuple[str, ...]
    themes: tuple[str, ...]
    source: Path
    translations: Mapping[str, CardText] = field(
        default_factory=lambda: MappingProxyType({}), hash=False, compare=False
    )
    #: Pose facts: fact -> value for every frame; "f1", "f2"... -> facts for that frame only.
    pose: Mapping[str, Any] = field(
        default_factory=lambda: MappingProxyType({}), hash=False, compare=False
    )

    @property
    def primary_area(self) -> str:
        """The area the card is mainly about; body-area rotation goes by this one."""
        return self.areas[0]

    def text(self, lang: str) -> CardText:
        """The card's words in ``lang`` ("de", "de_DE", "de-AT"...), falling back to English."""
        key = lang.replace("-", "_").split("_", 1)[0].lower()
        translated = self.translations.get(key)
        if translated is not None:
            return translated
        return CardText(self.title, self.steps, self.caution)


def bundled_cards_dir() -> Path:
    """The cards shipped with the app (next to their illustrations folder)."""
    return assets_dir() / "cards"


# --- loading -------------------------------------------------------------------------------------


def load_card(path: Path, _frame_cache: FrameIndex | None = None) -> Card:
    """Read and validate one card file; raise :class:`CardError` with a one-line message."""
    data = read_toml(path, MAX_CARD_BYTES)
    problem = _check_fields(data)
    if problem:
        raise CardError(f"{path}: {problem}")

    card_id = string_field(path, data, "id")
    if not _ID_RE.match(card_id):
        raise CardError(
            f"{path}: id {card_id!r} must be lowercase letters, digits, '_' or '-' (at most 64)"
        )
    if card_id != path.stem:
        raise CardError(f"{path}: id {card_id!r} does not match the file name {path.name!r}")

    title = line_field(path, data, "title")
    kind = choice_field(path, data, "kind", KINDS)
    areas = choices_field(path, data, "areas", AREAS, allow_empty=False)
    seconds = _seconds(path, data)
    slot = choice_field(path, data, "slot", SLOTS)
    needs = choices_field(path, data, "needs", NEEDS, allow_empty=True)
    steps = steps_field(path, data, "steps")
    caution = line_field(path, data, "caution")
    avoid_if = choices_field(path, data, "avoid_if", HEALTH_TAGS, allow_empty=True)
    themes = (
        choices_field(path, data, "themes", THEMES, allow_empty=True) if "themes" in data else ()
    )
    translations = {lang: _translation(path, data, lang) for lang in LANGUAGES if lang in data}
    pose = _pose(path, data["pose"]) if "pose" in data else {}

    illustration = _illustration(path, data)
    frames = _frames(path, illustration, _frame_cache)

    return Card(
        id=card_id,
        title=title,
        kind=kind,
        areas=areas,
        seconds=seconds,
        slot=slot,
        needs=needs,
        steps=steps,
        caution=caution,
        illustration=illustration,
        frames=frames,
        avoid_if=avoid_if,
        themes=themes,
        source=path,
        translations=MappingProxyType(translations),
        pose=MappingProxyType(pose),
    )


def load_cards(dirs: Sequence[Path]) -> tuple[list[Card], list[str]]:
    """Load every ``*.toml`` in ``dirs``; a later folder's card replaces an earlier one's id.

    Returns the good cards sorted by id (a stable order keeps seeded picks reproducible) and one
    problem line per bad file. A folder that does not exist is simply empty: the person's own
    card folder is only created when they add a card.
    """
    by_id: dict[str, Card] = {}
    problems: list[str] = []
    frame_cache: FrameIndex = {}
    for folder in dirs:
        if not folder.exists():
            continue
        if not folder.is_dir():
            problems.append(f"{folder}: not a folder")
            continue
        try:
            files = sorted(p for p in folder.iterdir() if p.suffix == ".toml")
        except OSError as err:
            problems.append(f"{folder}: cannot list the folder: {os_reason(err)}")
            continue
        for path in files:
            try:
                card = load_card(path, frame_cache)
            except CardError as err:
                problems.append(str(err))
                continue
            by_id[card.id] = card
    return [by_id[key] for key in sorted(by_id)], problems


# --- TOML and fields -----------------------------------------------------------------------------


def _check_fields(data: Mapping[str, Any]) -> str | None:
    unknown = [key for key in data if key not in _REQUIRED and key not in _OPTIONAL]
    if unknown:
        return f"unknown field {unknown[0]!r}"
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        return f"missing field {missing[0]!r}"
    return None


def _seconds(path: Path, data: Mapping[str, Any]) -> int:
    value = data["seconds"]
    if isinstance(value, bool) or not isinstance(value, int):
        raise CardError(f"{path}: field 'seconds' must be an integer, not {type_name(value)}")
    if not MIN_SECONDS <= value <= MAX_SECONDS:
        raise CardError(f"{path}: field 'seconds' is {value}, outside {MIN_SECONDS}-{MAX_SECONDS}")
    return value


def _translation(path: Path, data: Mapping[str, Any], lang: str) -> CardText:
    table = data[lang]
    if not isinstance(table, dict):
        raise CardError(f"{path}: field {lang!r} must be a table, not {type_name(table)}")
    where = f"{lang}."
    unknown = [key for key in table if key not in _TEXT_FIELDS]
    if unknown:
        raise CardError(f"{path}: unknown field {where}{unknown[0]}")
    missing = [key for key in _TEXT_FIELDS if key not in table]
    if missing:
        raise CardError(f"{path}: missing field {where}{missing[0]}")
    return CardText(
        title=line_field(path, table, "title", where),
        steps=steps_field(path, table, "steps", where),
        caution=line_field(path, table, "caution", where),
    )


def _pose(path: Path, table: object, where: str = "pose") -> dict[str, Any]:
    if not isinstance(table, dict):
        raise CardError(f"{path}: field {where!r} must be a table, not {type_name(table)}")
    out: dict[str, Any] = {}
    for key, value in table.items():
        if where == "pose" and _POSE_FRAME_RE.match(key):
            out[key] = _pose(path, value, f"pose.{key}")
            continue
        if key not in POSE_KEYS:
            raise CardError(f"{path}: unknown pose fact {where}.{key}")
        if not isinstance(value, str) or not value.strip():
            raise CardError(f"{path}: pose fact {where}.{key} must be a word, not {value!r}")
        out[key] = value
    return out


# --- illustrations -------------------------------------------------------------------------------


def _illustration(path: Path, data: Mapping[str, Any]) -> Path:
    name = string_field(path, data, "illustration")
    if "/" in name or "\\" in name or name in (".", "..") or not name.endswith(".svg"):
        raise CardError(
            f"{path}: field 'illustration' must be a file name ending in .svg, not {name!r}"
        )
    folder = path.parent
    for candidate in (folder / name, folder.parent / "illustrations" / name):
        if candidate.is_file():
            check_svg(candidate, path)
            return candidate
    raise CardError(
        f"{path}: illustration {name!r} not found beside the card or in ../illustrations"
    )


def _frame_names(folder: Path, cache: FrameIndex | None) -> dict[str, list[tuple[int, str]]]:
    """Frame files of a folder by the stem of their still: one listing per folder per load, so
    loading n cards costs n, not n x (files in the folder)."""
    if cache is not None and folder in cache:
        return cache[folder]
    index: dict[str, list[tuple[int, str]]] = {}
    for entry in os.scandir(folder):
        match = _FRAME_RE.search(entry.name)
        if match:
            stem = entry.name[: match.start()]
            if entry.name == f"{stem}-f{match.group(1)}.svg":
                index.setdefault(stem, []).append((int(match.group(1)), entry.name))
    if cache is not None:
        cache[folder] = index
    return index


def _frames(path: Path, still: Path, cache: FrameIndex | None = None) -> tuple[Path, ...]:
    """Animation frames ``<still>-f1.svg``, ``-f2.svg``... beside the still, in number order."""
    try:
        names = _frame_names(still.parent, cache)
    except OSError as err:
        raise CardError(f"{path}: cannot list the frames: {os_reason(err)}") from None
    found = sorted(names.get(still.stem, ()))
    frames = tuple(still.parent / name for _, name in found)
    for frame in frames:
        check_svg(frame, path)
    return frames
