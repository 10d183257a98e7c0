"""Card files: the model, loading and validation.

A card is data written by us (bundled) or by the person (``<data dir>/cards/``). Either way it is
parsed, never executed: TOML for the text and plain SVG for the picture. Anything that could make a
renderer run code or reach out of the machine (scripts, event attributes, external references,
entities) is refused here, before Qt ever sees the file, and a bad file costs only itself: the
loader reports one line naming the file and the problem and goes on with the rest.
"""

from __future__ import annotations

import os
import re
import xml.parsers.expat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

# Area ids (also the keys of the stats JSON's "areas") and health tags have one home: settings.
from posture_break.core.paths import assets_dir
from posture_break.core.safe_read import (
    BadToml,
    NotRegularFile,
    TOMLDecodeError,
    TooLarge,
    parse_toml,
    read_capped,
)
from posture_break.core.settings import AREAS as AREAS
from posture_break.core.settings import HEALTH_TAGS as HEALTH_TAGS

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
MAX_SVG_BYTES = 1024 * 1024
#: An illustration may hold this many elements, nested this deep, and draw this many once every
#: ``<use>`` reference is expanded; a renderer never sees more.
MAX_SVG_ELEMENTS = 10_000
MAX_SVG_DEPTH = 64
MAX_SVG_EXPANDED = 20_000
MIN_SECONDS = 10
MAX_SECONDS = 600

# Frame files per folder, by the stem of their still (filled once per folder per load).
FrameIndex = dict[Path, dict[str, list[tuple[int, str]]]]

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_FRAME_RE = re.compile(r"-f([0-9]+)\.svg$")
_URL_RE = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)
_FORBIDDEN_ELEMENTS = frozenset({"script", "foreignobject", "image"})

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


class CardError(Exception):
    """A card file that cannot be used; ``str()`` is one line: ``<path>: <problem>``."""


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


def bundled_illustrations_dir() -> Path:
    return bundled_cards_dir().parent / "illustrations"


# --- loading -------------------------------------------------------------------------------------


def load_card(path: Path, _frame_cache: FrameIndex | None = None) -> Card:
    """Read and validate one card file; raise :class:`CardError` with a one-line message."""
    data = _read_toml(path)
    problem = _check_fields(data)
    if problem:
        raise CardError(f"{path}: {problem}")

    card_id = _string(path, data, "id")
    if not _ID_RE.match(card_id):
        raise CardError(
            f"{path}: id {card_id!r} must be lowercase letters, digits, '_' or '-' (at most 64)"
        )
    if card_id != path.stem:
        raise CardError(f"{path}: id {card_id!r} does not match the file name {path.name!r}")

    title = _line(path, data, "title")
    kind = _choice(path, data, "kind", KINDS)
    areas = _choices(path, data, "areas", AREAS, allow_empty=False)
    seconds = _seconds(path, data)
    slot = _choice(path, data, "slot", SLOTS)
    needs = _choices(path, data, "needs", NEEDS, allow_empty=True)
    steps = _steps(path, data, "steps")
    caution = _line(path, data, "caution")
    avoid_if = _choices(path, data, "avoid_if", HEALTH_TAGS, allow_empty=True)
    themes = _choices(path, data, "themes", THEMES, allow_empty=True) if "themes" in data else ()
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
            problems.append(f"{folder}: cannot list the folder: {_os_reason(err)}")
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


def _os_reason(err: OSError) -> str:
    return err.strerror or err.__class__.__name__


def _read_limited(path: Path, limit: int, what: str) -> bytes:
    """Read a regular file of at most ``limit`` bytes (checked on the opened descriptor)."""
    try:
        return read_capped(path, limit)
    except TooLarge as err:
        if err.size is None:
            raise CardError(f"{path}: {what} is more than the {limit // 1024} KB limit") from None
        raise CardError(
            f"{path}: {what} is {err.size} bytes, more than the {limit // 1024} KB limit"
        ) from None
    except NotRegularFile:
        raise CardError(f"{path}: {what} is not a regular file") from None
    except OSError as err:
        raise CardError(f"{path}: cannot read the {what}: {_os_reason(err)}") from None


def _read_toml(path: Path) -> dict[str, Any]:
    raw = _read_limited(path, MAX_CARD_BYTES, "card file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CardError(f"{path}: not UTF-8 text (byte {err.start})") from None
    try:
        return parse_toml(text)
    except TOMLDecodeError as err:
        message = " ".join(str(err).split())
        raise CardError(f"{path}: bad TOML: {message}") from None
    except BadToml as err:
        raise CardError(f"{path}: bad TOML: {err.reason}") from None


def _check_fields(data: Mapping[str, Any]) -> str | None:
    unknown = [key for key in data if key not in _REQUIRED and key not in _OPTIONAL]
    if unknown:
        return f"unknown field {unknown[0]!r}"
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        return f"missing field {missing[0]!r}"
    return None


def _type_name(value: object) -> str:
    names = {str: "a string", int: "an integer", bool: "a boolean", float: "a number"}
    names.update({list: "a list", dict: "a table"})
    return names.get(type(value), type(value).__name__)


def _string(path: Path, data: Mapping[str, Any], key: str, where: str = "") -> str:
    value = data[key]
    if not isinstance(value, str):
        raise CardError(f"{path}: field {where}{key!r} must be a string, not {_type_name(value)}")
    if not value.strip():
        raise CardError(f"{path}: field {where}{key!r} is empty")
    return value.strip()


def _line(path: Path, data: Mapping[str, Any], key: str, where: str = "") -> str:
    value = _string(path, data, key, where)
    if "\n" in value or "\r" in value:
        raise CardError(f"{path}: field {where}{key!r} must be one line")
    return value


def _choice(path: Path, data: Mapping[str, Any], key: str, allowed: Sequence[str]) -> str:
    value = _string(path, data, key)
    if value not in allowed:
        raise CardError(
            f"{path}: field {key!r}: unknown {key} {value!r} (expected one of {', '.join(allowed)})"
        )
    return value


def _string_list(path: Path, data: Mapping[str, Any], key: str, where: str = "") -> list[str]:
    value = data[key]
    if not isinstance(value, list):
        raise CardError(f"{path}: field {where}{key!r} must be a list, not {_type_name(value)}")
    for item in value:
        if not isinstance(item, str):
            raise CardError(
                f"{path}: field {where}{key!r} must hold strings, not {_type_name(item)}"
            )
    return [str(item) for item in value]


def _choices(
    path: Path, data: Mapping[str, Any], key: str, allowed: Sequence[str], *, allow_empty: bool
) -> tuple[str, ...]:
    values = _string_list(path, data, key)
    if not values and not allow_empty:
        raise CardError(f"{path}: field {key!r} is empty")
    for value in values:
        if value not in allowed:
            raise CardError(
                f"{path}: field {key!r}: unknown value {value!r} "
                f"(expected one of {', '.join(allowed)})"
            )
    if len(set(values)) != len(values):
        raise CardError(f"{path}: field {key!r} lists a value twice")
    return tuple(values)


def _seconds(path: Path, data: Mapping[str, Any]) -> int:
    value = data["seconds"]
    if isinstance(value, bool) or not isinstance(value, int):
        raise CardError(f"{path}: field 'seconds' must be an integer, not {_type_name(value)}")
    if not MIN_SECONDS <= value <= MAX_SECONDS:
        raise CardError(f"{path}: field 'seconds' is {value}, outside {MIN_SECONDS}-{MAX_SECONDS}")
    return value


def _steps(path: Path, data: Mapping[str, Any], key: str, where: str = "") -> tuple[str, ...]:
    steps = _string_list(path, data, key, where)
    if not steps:
        raise CardError(f"{path}: field {where}{key!r} is empty")
    for number, step in enumerate(steps, start=1):
        if not step.strip():
            raise CardError(f"{path}: field {where}{key!r}: step {number} is empty")
    return tuple(step.strip() for step in steps)


def _translation(path: Path, data: Mapping[str, Any], lang: str) -> CardText:
    table = data[lang]
    if not isinstance(table, dict):
        raise CardError(f"{path}: field {lang!r} must be a table, not {_type_name(table)}")
    where = f"{lang}."
    unknown = [key for key in table if key not in _TEXT_FIELDS]
    if unknown:
        raise CardError(f"{path}: unknown field {where}{unknown[0]}")
    missing = [key for key in _TEXT_FIELDS if key not in table]
    if missing:
        raise CardError(f"{path}: missing field {where}{missing[0]}")
    return CardText(
        title=_line(path, table, "title", where),
        steps=_steps(path, table, "steps", where),
        caution=_line(path, table, "caution", where),
    )


def _pose(path: Path, table: object, where: str = "pose") -> dict[str, Any]:
    if not isinstance(table, dict):
        raise CardError(f"{path}: field {where!r} must be a table, not {_type_name(table)}")
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
    name = _string(path, data, "illustration")
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
        raise CardError(f"{path}: cannot list the frames: {_os_reason(err)}") from None
    found = sorted(names.get(still.stem, ()))
    frames = tuple(still.parent / name for _, name in found)
    for frame in frames:
        check_svg(frame, path)
    return frames


class _SvgChecker:
    """Walks an SVG with expat and raises on anything that is not plain, self-contained drawing,
    or that would cost a renderer more than a picture should (too many elements, too deep, or
    ``<use>`` references that multiply into a "billion laughs")."""

    def __init__(self) -> None:
        self.depth = 0
        self.style_depth = 0
        self.root_seen = False
        # One node per element: its children, and the id it references (``<use href="#a">``).
        self.children: list[list[int]] = []
        self.refs: list[str | None] = []
        self.ids: dict[str, int] = {}
        self.stack: list[int] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        if self.depth == 0:
            if local != "svg":
                raise ValueError(f"root element is <{local}>, not <svg>")
            self.root_seen = True
        if local.lower() in _FORBIDDEN_ELEMENTS:
            raise ValueError(f"contains a forbidden <{local}> element")
        if len(self.children) >= MAX_SVG_ELEMENTS:
            raise ValueError(f"has more than {MAX_SVG_ELEMENTS} elements")
        if self.depth >= MAX_SVG_DEPTH:
            raise ValueError(f"nests elements deeper than {MAX_SVG_DEPTH} levels")
        if local == "style":
            self.style_depth += 1
        animated = {key.rsplit(" ", 1)[-1]: value for key, value in attrs.items()}
        if local in ("animate", "set") and animated.get("attributeName", "").endswith("href"):
            raise ValueError(f"animates a reference with <{local}>")
        node = len(self.children)
        self.children.append([])
        self.refs.append(None)
        if self.stack:
            self.children[self.stack[-1]].append(node)
        for attr_name, value in attrs.items():
            attr = attr_name.rsplit(" ", 1)[-1].lower()
            if attr.startswith("on"):
                raise ValueError(f"has an event attribute {attr!r} on <{local}>")
            if attr == "href":
                if not value.strip().startswith("#"):
                    raise ValueError(f"has an external reference {value[:60]!r} on <{local}>")
                self.refs[node] = value.strip()[1:]
            if attr == "id":
                self.ids.setdefault(value.strip(), node)
            if "\\" in value:
                raise ValueError(f"has a CSS escape (a backslash) in {attr!r} on <{local}>")
            self._check_urls(value, local)
        self.stack.append(node)
        self.depth += 1

    def end(self, name: str) -> None:
        self.depth -= 1
        self.stack.pop()
        if name.rsplit(" ", 1)[-1] == "style":
            self.style_depth -= 1

    def text(self, data: str) -> None:
        if self.style_depth:
            if "@import" in data.lower():
                raise ValueError("has a stylesheet @import")
            if "\\" in data:
                raise ValueError("has a CSS escape (a backslash) in <style>")
            self._check_urls(data, "style")

    def check_expansion(self) -> None:
        """Count the elements a renderer would draw, every reference expanded; refuse reference
        cycles and pictures that expand past :data:`MAX_SVG_EXPANDED` (iterative, capped)."""
        cap = MAX_SVG_EXPANDED + 1
        size: list[int] = [0] * len(self.children)
        state = [0] * len(self.children)  # 0 new, 1 on the path, 2 done
        for root in range(len(self.children)):
            if state[root]:
                continue
            path: list[tuple[int, int]] = [(root, 0)]
            state[root] = 1
            while path:
                node, step = path[-1]
                deps = self.children[node]
                ref = self.refs[node]
                target = self.ids.get(ref) if ref is not None else None
                if target is not None:
                    deps = [*deps, target]
                if step < len(deps):
                    path[-1] = (node, step + 1)
                    dep = deps[step]
                    if state[dep] == 1:
                        raise ValueError("has a reference cycle (<use> of itself)")
                    if state[dep] == 0:
                        state[dep] = 1
                        path.append((dep, 0))
                    continue
                size[node] = min(cap, 1 + sum(size[d] for d in deps))
                state[node] = 2
                path.pop()
            if size[root] > MAX_SVG_EXPANDED:
                raise ValueError(
                    f"expands to more than {MAX_SVG_EXPANDED} elements through <use> references"
                )

    @staticmethod
    def _check_urls(value: str, where: str) -> None:
        for target in _URL_RE.findall(value):
            if not target.startswith("#"):
                raise ValueError(f"has an external reference url({target[:60]}) in <{where}>")

    @staticmethod
    def doctype(*_: object) -> None:
        raise ValueError("has a DOCTYPE (entities are not allowed)")

    @staticmethod
    def entity(*_: object) -> None:
        raise ValueError("declares an ENTITY")

    @staticmethod
    def instruction(target: str, _data: str) -> None:
        raise ValueError(f"has a processing instruction <?{target}?>")


def check_svg(svg: Path, card: Path | None = None) -> None:
    """Refuse an SVG that is too big, malformed, or not plain self-contained drawing."""
    checked_svg_bytes(svg, card)


def checked_svg_bytes(svg: Path, card: Path | None = None) -> bytes:
    """The bytes of ``svg`` once they pass :func:`check_svg`'s checks; raises CardError.

    A renderer should draw exactly these bytes: the file may have changed since the card was
    loaded (into a FIFO, or a picture that was never checked).
    """
    label = f"{card}: illustration {svg.name}" if card is not None else f"{svg}"
    try:
        raw = read_capped(svg, MAX_SVG_BYTES)
    except TooLarge as err:
        shown = f"{err.size} bytes, more" if err.size is not None else "more"
        raise CardError(f"{label}: {shown} than the 1 MB limit") from None
    except NotRegularFile:  # a FIFO or device would block the read forever
        raise CardError(f"{label}: not a regular file") from None
    except OSError as err:
        raise CardError(f"{label}: cannot read: {_os_reason(err)}") from None

    checker = _SvgChecker()
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = checker.start
    parser.EndElementHandler = checker.end
    parser.CharacterDataHandler = checker.text
    parser.StartDoctypeDeclHandler = checker.doctype
    parser.EntityDeclHandler = checker.entity
    parser.ProcessingInstructionHandler = checker.instruction
    # Any entity reference without a DOCTYPE is already an error; this makes it explicit.
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(raw, True)
    except xml.parsers.expat.ExpatError as err:
        raise CardError(f"{label}: not well-formed XML: {err}") from None
    except ValueError as err:
        raise CardError(f"{label}: {err}") from None
    if not checker.root_seen:
        raise CardError(f"{label}: no <svg> root element")
    try:
        checker.check_expansion()
    except ValueError as err:
        raise CardError(f"{label}: {err}") from None
    return raw
