"""Export of the weekly chart as a PNG image or an SVG drawing, drawn by :func:`paint_week`.

The file is written by the project's one atomic writer (:func:`write_private_atomic`: temp file,
fsync, rename, readable by the user alone), which refuses devices, FIFOs and folders.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QRectF, QSize
from PySide6.QtGui import QImage, QPainter, QPalette
from PySide6.QtSvg import QSvgGenerator

from posture_break.core import stats
from posture_break.core.paths import write_private_atomic
from posture_break.ui.stats_text import summary_sentence
from posture_break.ui.week_painter import paint_week

EXPORT_SIZE = QSize(1000, 700)

# --- export ----------------------------------------------------------------------------------


def render_png(
    summary: stats.WeekSummary,
    trend: Sequence[stats.TrendPoint],
    palette: QPalette,
    size: QSize = EXPORT_SIZE,
    scale: float = 2.0,
) -> QImage:
    image = QImage(
        int(size.width() * scale), int(size.height() * scale), QImage.Format.Format_ARGB32
    )
    image.setDevicePixelRatio(scale)
    image.fill(palette.color(QPalette.ColorRole.Window))
    painter = QPainter(image)
    _paint(painter, size, summary, trend, palette)
    return image


def _paint(
    painter: QPainter,
    size: QSize,
    summary: stats.WeekSummary,
    trend: Sequence[stats.TrendPoint],
    palette: QPalette,
) -> None:
    """The week on an open painter filling ``size``; the painter is ended either way."""
    try:
        paint_week(painter, QRectF(0, 0, size.width(), size.height()), summary, trend, palette)
    finally:
        painter.end()


def chart_bytes(
    suffix: str,
    summary: stats.WeekSummary,
    trend: Sequence[stats.TrendPoint],
    palette: QPalette,
    size: QSize = EXPORT_SIZE,
) -> bytes | None:
    """The chart encoded as ``.png`` or ``.svg``; None when Qt could not encode it."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if suffix == ".png":
        if not render_png(summary, trend, palette, size).save(buffer, "PNG"):  # type: ignore[call-overload]
            return None
    else:
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(size)
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setTitle(
            QCoreApplication.translate("StatsWindow", "posture-break, week {week}").format(
                week=summary.week
            )
        )
        generator.setDescription(summary_sentence(summary, trend))
        painter = QPainter()
        if not painter.begin(generator):
            return None
        _paint(painter, size, summary, trend, palette)
    buffer.close()
    return bytes(data.data())


def export_chart(
    path: Path,
    summary: stats.WeekSummary,
    trend: Sequence[stats.TrendPoint],
    palette: QPalette,
    size: QSize = EXPORT_SIZE,
) -> None:
    """Save the chart as PNG or SVG (by suffix), atomically, readable by the user alone.

    Raises ValueError for another suffix and OSError when the file cannot be written (also for a
    path naming a device, a FIFO or a folder: :func:`write_private_atomic` refuses those).
    """
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ValueError(
            QCoreApplication.translate(
                "StatsWindow", "{name}: choose a .png or .svg file name"
            ).format(name=path.name)
        )
    data = chart_bytes(suffix, summary, trend, palette, size)
    if data is None:
        error = (
            QCoreApplication.translate("StatsWindow", "{path}: cannot write the image")
            if suffix == ".png"
            else QCoreApplication.translate("StatsWindow", "{path}: cannot write the drawing")
        )
        raise OSError(error.format(path=path.absolute()))
    write_private_atomic(path, data)
