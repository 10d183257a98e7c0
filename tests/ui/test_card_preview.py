"""`cards --render` writes an animated preview (APNG) of every animated card."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from posture_break.core.cards import bundled_cards_dir, load_cards
from posture_break.ui.card_preview import FRAME_MS, apng_bytes, write_previews


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    out, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF, kind
        out.append((kind, body))
        pos += 12 + length
    return out


def solid(color: str) -> QImage:
    image = QImage(8, 6, QImage.Format.Format_ARGB32)
    image.fill(QColor(color))
    return image


def test_apng_has_one_control_chunk_per_frame_and_valid_crcs() -> None:
    data = apng_bytes([solid("red"), solid("blue"), solid("green")], 500)
    kinds = [k for k, _ in chunks(data)]
    assert kinds == [
        b"IHDR",
        b"acTL",
        b"fcTL",
        b"IDAT",
        b"fcTL",
        b"fdAT",
        b"fcTL",
        b"fdAT",
        b"IEND",
    ]
    body = dict(chunks(data))
    assert struct.unpack(">II", body[b"acTL"]) == (3, 0)  # three frames, loop forever
    seqs = []
    for kind, payload in chunks(data):
        if kind in (b"fcTL", b"fdAT"):
            seqs.append(struct.unpack(">I", payload[:4])[0])
        if kind == b"fcTL":
            assert struct.unpack(">HH", payload[20:24]) == (500, 1000)
    assert seqs == list(range(len(seqs)))
    # a frame's pixels: the second frame decompresses to blue rows
    fdat = next(p for k, p in chunks(data) if k == b"fdAT")
    rows = zlib.decompress(fdat[4:])
    assert rows[:5] == b"\x00\x00\x00\xff\xff"


def test_the_first_frame_is_an_ordinary_png() -> None:
    image = QImage.fromData(apng_bytes([solid("red"), solid("blue")]))
    assert not image.isNull()
    assert image.pixelColor(3, 3) == QColor("red")


def test_every_animated_bundled_card_gets_a_preview(qapp, tmp_path: Path) -> None:
    cards, _ = load_cards([bundled_cards_dir()])
    animated = [card for card in cards if len(card.frames) >= 2]
    some = animated[:3] + [card for card in cards if len(card.frames) < 2][:1]
    paths = write_previews(some, tmp_path)
    assert [p.name for p in paths] == [f"{c.id}-animated.png" for c in animated[:3]]
    for card, path in zip(animated[:3], paths, strict=True):
        acTL = dict(chunks(path.read_bytes()))[b"acTL"]
        assert struct.unpack(">I", acTL[:4])[0] == len(card.frames)
        first = QImage(str(path))
        assert (first.width(), first.height()) == (240, 240)
    assert FRAME_MS == 1000
    assert len(animated) >= 20
