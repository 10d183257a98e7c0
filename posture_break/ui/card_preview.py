"""Animated previews of the cards for reviewers: one APNG per animated card.

Qt writes no animated format (its image writers know PNG, JPEG, WebP stills...), so the APNG is
put together here from PNG-style chunks with ``zlib`` and ``struct``: each frame is rendered from
the card's SVG frames with QtSvg, in the order and at the pace the break window shows them (one
frame a second). Any browser, and most image viewers, play the file; the rest show frame one.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from posture_break.core.cards import Card

#: The break window shows one frame a second.
FRAME_MS = 1000
PREVIEW_SIZE = 240
_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def _scanlines(image: QImage) -> bytes:
    """RGBA rows, each with filter byte 0, compressed: a PNG image data stream."""
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    w, h = rgba.width(), rgba.height()
    stride = rgba.bytesPerLine()
    raw = bytes(rgba.constBits())
    rows = b"".join(b"\x00" + raw[y * stride : y * stride + w * 4] for y in range(h))
    return zlib.compress(rows, 9)


def apng_bytes(frames: Sequence[QImage], delay_ms: int = FRAME_MS) -> bytes:
    """An endlessly looping APNG of ``frames`` (all the same size), ``delay_ms`` each."""
    if not frames:
        raise ValueError("an animation needs at least one frame")
    w, h = frames[0].width(), frames[0].height()
    out = [_SIGNATURE, _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))]
    out.append(_chunk(b"acTL", struct.pack(">II", len(frames), 0)))
    seq = 0
    for index, frame in enumerate(frames):
        if (frame.width(), frame.height()) != (w, h):
            raise ValueError("all frames must have the same size")
        # fcTL: sequence, size, offset, delay as a fraction (ms/1000), dispose none, blend source
        fctl = struct.pack(">IIIIIHHBB", seq, w, h, 0, 0, delay_ms, 1000, 0, 0)
        out.append(_chunk(b"fcTL", fctl))
        seq += 1
        data = _scanlines(frame)
        if index == 0:
            out.append(_chunk(b"IDAT", data))
        else:
            out.append(_chunk(b"fdAT", struct.pack(">I", seq) + data))
            seq += 1
    out.append(_chunk(b"IEND", b""))
    return b"".join(out)


def render_svg(path: Path, size: int = PREVIEW_SIZE, background: QColor | None = None) -> QImage:
    """One SVG drawn into a square image (transparent unless a background is given)."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(background if background is not None else QColor(Qt.GlobalColor.transparent))
    from posture_break.core.cards import CardError
    from posture_break.core.svg_check import checked_svg_bytes

    try:
        data = checked_svg_bytes(path)  # checked again: the file may have changed since loading
    except CardError:
        return image
    renderer = QSvgRenderer(QByteArray(data))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def write_previews(cards: Sequence[Card], out_dir: Path) -> list[Path]:
    """``<out_dir>/<id>-animated.png`` for every card with animation frames."""
    paths: list[Path] = []
    for card in cards:
        if len(card.frames) < 2:
            continue
        frames = [render_svg(frame) for frame in card.frames]
        path = out_dir / f"{card.id}-animated.png"
        path.write_bytes(apng_bytes(frames))
        paths.append(path)
    return paths
