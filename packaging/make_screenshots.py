"""Render the AppStream screenshots offscreen, in English and in German.

    python packaging/make_screenshots.py            # English -> packaging/screenshots/
    python packaging/make_screenshots.py --lang de  # German  -> packaging/screenshots/de/

Each view is built the way the app builds it, on a fixed clock (a Friday, 16:40) with made-up
history, and grabbed without showing a window: the break window (chin tuck card), the settings
dialog, the weekly stats window and the tray menu. A view that cannot be built is reported and
skipped, so the others still render.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import traceback
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 20, 16, 40, tzinfo=TZ)  # a Friday afternoon


def _grab(widget: Any, path: Path, size: tuple[int, int] | None = None) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    if size:
        widget.resize(*size)
    widget.show()
    if not size:
        widget.adjustSize()
    QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"cannot write {path}")
    widget.hide()


def break_window(out: Path, lang: str) -> None:
    from posture_break.core.cards import bundled_cards_dir, load_cards
    from posture_break.ui.card_render import frozen_window

    cards, _ = load_cards([bundled_cards_dir()])
    card = next(c for c in cards if c.id == "chin_tuck")
    window = frozen_window(card, lang)
    _grab(window, out / "break-window.png")
    window.close_without_outcome()  # a screenshot is not a break: closing it emits nothing


class _Controller:
    """The slice of BreakApp the settings dialog uses."""

    def __init__(self, folder: Path) -> None:
        from posture_break.core.clock import FakeClock
        from posture_break.core.planner import Planner
        from posture_break.core.settings import Settings

        self.path = folder / "settings.toml"
        self.clock = FakeClock(NOW)
        self.settings = Settings()
        self.settings_raw: dict[str, Any] = {}
        self.planner = Planner(self.settings, self.clock)
        self.planner.tick()

    def save_settings(self, settings: Any) -> None:
        self.settings = settings
        self.planner.apply_settings(settings)


def settings_dialog(out: Path, lang: str) -> None:
    from posture_break.ui.settings_dialog import SettingsDialog

    with tempfile.TemporaryDirectory() as tmp:
        dialog = SettingsDialog(_Controller(Path(tmp)), set_autostart=lambda on: None)
        _grab(dialog, out / "settings.png")
        dialog.close()


def weekly_stats(out: Path, lang: str) -> None:
    from posture_break.core.cards import bundled_cards_dir, load_cards
    from posture_break.core.settings import Settings
    from posture_break.core.store import BreakRecord, Store
    from posture_break.ui.charts import StatsWindow

    cards, _ = load_cards([bundled_cards_dir()])
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "history.sqlite3", now=NOW)
        monday = NOW.date() - timedelta(days=NOW.weekday())
        for back in range(0, 12 * 7):
            day = monday + timedelta(days=4 - back)  # back from this Friday
            if day.weekday() >= 5:
                continue
            for hour in range(9, 18):
                due = datetime(day.year, day.month, day.day, hour, 30, tzinfo=TZ)
                if due >= NOW:
                    continue
                outcome = rng.choices(
                    ["done", "natural", "skipped", "missed"], [6 + back % 3, 2, 2, 1]
                )[0]
                card = rng.choice(cards)
                done = outcome == "done"
                store.record(
                    BreakRecord(
                        due_at=due,
                        ended_at=due + timedelta(minutes=1),
                        kind="long" if hour % 2 else "micro",
                        outcome=outcome,
                        card_ids=(card.id,) if done else (),
                        duration_s=card.seconds if done else 0,
                    )
                )
        areas = {c.id: list(c.areas) for c in cards}
        today: Callable[[], date] = NOW.date
        window = StatsWindow(store, Settings(), TZ, today, areas)
        _grab(window, out / "weekly-stats.png", (1000, 700))
        window.close()


def tray_menu(out: Path, lang: str) -> None:
    from posture_break.ui.i18n import status_messages
    from posture_break.ui.tray import Actions

    text = status_messages()
    actions = Actions()
    status = text["micro_in"].format(left=text["minutes"].format(m=12))
    actions.set_status(status, paused=False, in_break=False)
    _grab(actions.menu, out / "tray-menu.png")


METAINFO = HERE / "io.github.posture_break.PostureBreak.metainfo.xml"


def update_metainfo_sizes(folder: Path) -> None:
    """Keep the metainfo's width/height in step with the PNGs just written."""
    import re

    from PySide6.QtGui import QImageReader

    text = METAINFO.read_text(encoding="utf-8")
    rel = folder.relative_to(HERE / "screenshots").as_posix()
    prefix = "" if rel == "." else rel + "/"
    for png in sorted(folder.glob("*.png")):
        size = QImageReader(str(png)).size()
        pattern = re.compile(
            r'(<image type="source") width="\d+" height="\d+"([^>]*>[^<]*/screenshots/'
            + re.escape(prefix + png.name)
            + "<)"
        )
        text = pattern.sub(rf'\1 width="{size.width()}" height="{size.height()}"\2', text)
    METAINFO.write_text(text, encoding="utf-8")


VIEWS = {
    "break-window": break_window,
    "settings": settings_dialog,
    "weekly-stats": weekly_stats,
    "tray-menu": tray_menu,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en", help="en (default) or de")
    parser.add_argument("--out", type=Path, help="folder (default: packaging/screenshots[/LANG])")
    parser.add_argument("views", nargs="*", choices=[*VIEWS, []], help="default: all")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from posture_break.ui.i18n import install

    app = QApplication.instance() or QApplication(sys.argv[:1])
    if not install(app, args.lang):
        print(f"make_screenshots: no catalogue for {args.lang!r}", file=sys.stderr)
        return 1
    out = args.out or (HERE / "screenshots" / ("" if args.lang == "en" else args.lang))
    failed = 0
    for name in args.views or list(VIEWS):
        try:
            VIEWS[name](out, args.lang)
            print(out / f"{name}.png")
        except Exception:  # report and carry on with the other views
            failed += 1
            print(f"make_screenshots: {name} failed:", file=sys.stderr)
            traceback.print_exc()
    if args.out is None:
        update_metainfo_sizes(out)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
