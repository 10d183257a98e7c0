"""tools/screenshots.py, the tool we look at windows with, still runs against today's app.

It once stopped with "unexpected keyword use_tray" after the views moved, and nothing noticed
because only people run it. Here it renders every view on a real desktop, English and German.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

REPO = Path(__file__).resolve().parents[2]
VIEWS = (
    "break-long",
    "break-micro",
    "health",
    "settings",
    "settings-cards",
    "settings-general",
    "settings-health",
    "settings-hours",
    "stats-empty",
    "stats-week",
    "tray-menu",
)


def _colours(path: Path) -> int:
    """Distinct colours on a 40 x 40 grid: a blank or black capture has one or two."""
    image = QImage(str(path))
    assert not image.isNull(), path
    return len(
        {
            image.pixel(x * image.width() // 40, y * image.height() // 40)
            for x in range(40)
            for y in range(40)
        }
    )


@pytest.mark.e2e
@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_screenshot_tool_renders_every_view(desktop, tmp_path: Path, lang: str, qapp) -> None:
    out = tmp_path / "shots"
    result = desktop(
        [sys.executable, str(REPO / "tools" / "screenshots.py"), str(out), "--lang", lang],
        timeout=300,
    )
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    names = [view if lang == "en" else f"{view}-{lang}" for view in VIEWS]
    made = sorted(p.stem for p in out.glob("*.png"))
    assert made == sorted(names), made
    for name in names:
        assert _colours(out / f"{name}.png") > 4, f"{name}.png looks blank"
