"""Screenshots of every window, as a person sees them, for review, the README and AppStream.

Run it on a real X display (inside tools/desktop-session):
    tools/desktop-session -- python tools/screenshots.py OUTDIR [--lang de] [--dark]
Each window is shown for real and the whole screen is captured with ImageMagick's `import`.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from posture_break.core.cards import bundled_cards_dir, load_cards  # noqa: E402
from posture_break.core.clock import FakeClock  # noqa: E402
from posture_break.core.history_csv import parse_csv  # noqa: E402
from posture_break.core.paths import ensure_dirs, resolve_paths  # noqa: E402
from posture_break.core.settings import HealthSettings, Settings  # noqa: E402
from posture_break.core.store import Store  # noqa: E402
from posture_break.platform.clock import local_zone  # noqa: E402


def dark_palette() -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#2a2b2e",
        QPalette.ColorRole.AlternateBase: "#303134",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#303134",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.Highlight: "#8ab4f8",
        QPalette.ColorRole.HighlightedText: "#202124",
        QPalette.ColorRole.ToolTipBase: "#303134",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.Link: "#8ab4f8",
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#6b6f75"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#6b6f75"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6b6f75"))
    return p


def settle(ms: int = 600) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(out: Path, name: str) -> Path:
    settle()
    path = out / f"{name}.png"
    subprocess.run(["import", "-window", "root", str(path)], check=True)
    print(path)
    return path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--lang", default="en")
    ap.add_argument("--dark", action="store_true")
    args = ap.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    suffix = ("-dark" if args.dark else "") + (f"-{args.lang}" if args.lang != "en" else "")

    app = QApplication(["posture-break"])
    from posture_break.ui.app import APP_STYLE, BreakApp, install_translations
    from posture_break.ui.tray import make_views

    app.setStyleSheet(APP_STYLE)
    if args.dark:
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(dark_palette())

    install_translations(app, args.lang)
    cards, _ = load_cards([bundled_cards_dir()])
    by_id = {c.id: c for c in cards}

    from posture_break.ui.break_window import BreakWindow

    micro = BreakWindow(
        [by_id["chin_tuck"]], total_seconds=30, snooze_minutes=5, can_snooze=True, lang=args.lang
    )
    micro.show_without_focus()
    shoot(out, f"break-micro{suffix}")
    micro.close()
    long = BreakWindow(
        [by_id["walk"], by_id["doorway_chest_stretch"], by_id["standing_calf_stretch"]],
        total_seconds=300,
        snooze_minutes=5,
        can_snooze=False,
        lang=args.lang,
    )
    long.show_without_focus()
    long.next_card()
    shoot(out, f"break-long{suffix}")
    long.close()

    tz = local_zone()
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve_paths(tmp)
        ensure_dirs(paths)
        store = Store.open(paths.db_file)
        records, problems = parse_csv(
            (REPO / "tests" / "data" / "sample_month.csv").read_text(encoding="utf-8"),
            set(by_id),
        )
        assert not problems, problems
        store.import_records(records)
        clock = FakeClock(datetime(2026, 11, 23, 10, 0, tzinfo=tz))
        controller = BreakApp(
            paths,
            Settings(health=HealthSettings(asked=True)),
            {},
            store,
            clock,
            lang=args.lang,
            rng=random.Random(1),
            views=make_views(use_tray=True),
        )
        controller.start()
        controller.actions.menu.popup(QPoint(1000, 36))
        shoot(out, f"tray-menu{suffix}")
        controller.actions.menu.hide()

        controller.show_stats()
        stats = controller.windows.open["stats"]
        stats.resize(1000, 760)
        stats.move(140, 20)
        stats.set_week(date(2026, 11, 16))
        shoot(out, f"stats-week{suffix}")
        stats.set_week(date(2026, 10, 5))  # before the sample month: an empty week
        shoot(out, f"stats-empty{suffix}")
        stats.close()

        controller.show_settings()
        dialog = controller.windows.open["settings"]
        dialog.move(360, 100)
        shoot(out, f"settings{suffix}")
        # Every other tab too, so a change to one is seen (the first is "settings" above).
        for index, name in enumerate(("hours", "cards", "health", "general"), start=1):
            dialog.tabs.setCurrentIndex(index)
            shoot(out, f"settings-{name}{suffix}")
        dialog.close()

        controller.ask_health()
        health = controller.windows.open["health"]
        health.move(360, 100)
        shoot(out, f"health{suffix}")
        health.close()
        controller.alarm.shutdown()
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
