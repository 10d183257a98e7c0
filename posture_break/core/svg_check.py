"""The SVG safety checker: an illustration is plain, self-contained drawing, or it is refused.

Run on every illustration before Qt sees it (and again on the bytes a renderer is given): no
scripts, event attributes, external references, entities, stylesheet imports or CSS escapes; no
more than MAX_SVG_ELEMENTS elements nested MAX_SVG_DEPTH deep, and no ``<use>`` references that
expand past MAX_SVG_EXPANDED (a "billion laughs") or cycle. expat parses; nothing is rendered.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from pathlib import Path

from posture_break.core.card_fields import CardError, os_reason
from posture_break.core.safe_read import NotRegularFile, TooLarge, read_capped

MAX_SVG_BYTES = 1024 * 1024
#: An illustration may hold this many elements, nested this deep, and draw this many once every
#: ``<use>`` reference is expanded; a renderer never sees more.
MAX_SVG_ELEMENTS = 10_000
MAX_SVG_DEPTH = 64
MAX_SVG_EXPANDED = 20_000

_URL_RE = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)
_FORBIDDEN_ELEMENTS = frozenset({"script", "foreignobject", "image"})


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
        raise CardError(f"{label}: cannot read: {os_reason(err)}") from None

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
