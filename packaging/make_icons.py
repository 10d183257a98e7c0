"""Render the app icon into the hicolor theme layout: the SVG as is, plus PNGs at fixed sizes.

Run from anywhere: ``python packaging/make_icons.py``. The output is committed, so packagers
need neither PySide6 nor this script; rerun it when ``assets/icons/posture-break.svg``
changes (tests/test_packaging.py checks the sizes and that the SVG copy matches).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "assets" / "icons" / "posture-break.svg"
THEME = HERE / "icons" / "hicolor"
NAME = "posture-break"
SIZES = (16, 32, 48, 64, 128, 256)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"make_icons: cannot render {SOURCE}", file=sys.stderr)
        return 1

    scalable = THEME / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable / f"{NAME}.svg")

    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        out = THEME / f"{size}x{size}" / "apps" / f"{NAME}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(out), "PNG"):
            print(f"make_icons: cannot write {out}", file=sys.stderr)
            return 1
        print(f"{out.relative_to(HERE.parent)}  {size}x{size}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
