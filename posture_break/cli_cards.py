"""`posture-break cards`: list the cards, check a folder of card files, or render them to images.

Listing and checking never import Qt, so they work over SSH and in CI; only ``--render`` needs it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from posture_break.core.cards import Card, load_cards

_COLUMNS = ("id", "kind", "areas", "seconds", "slot")


def format_table(cards: Sequence[Card]) -> str:
    """A plain, aligned text table: easy to read and to grep."""
    rows = [_COLUMNS] + [
        (card.id, card.kind, ",".join(card.areas), str(card.seconds), card.slot) for card in cards
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_COLUMNS))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return "\n".join(lines)


def _report(problems: Sequence[str]) -> None:
    for line in problems:
        print(line, file=sys.stderr)


def run(
    card_dirs: Sequence[Path],
    *,
    check: Path | None,
    render: Path | None,
    lang: str = "en",
) -> int:
    """Run the ``cards`` subcommand; returns the exit code (0 ok, 1 failure)."""
    if check is not None:
        if not check.is_dir():
            print(f"{check}: not a folder", file=sys.stderr)
            return 1
        cards, problems = load_cards([check])
        if problems:
            _report(problems)
            return 1
        if not cards:
            print(f"{check}: no cards found (no *.toml card files)", file=sys.stderr)
            return 1
        if render is None:
            print(f"{len(cards)} cards OK")
            return 0
    else:
        cards, problems = load_cards(card_dirs)
        _report(problems)

    if render is not None:
        return _render(cards, render, lang)

    print(format_table(cards))
    return 0


def _render(cards: list[Card], out_dir: Path, lang: str) -> int:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        print(f"{out_dir}: cannot create the folder: {err.strerror or err}", file=sys.stderr)
        return 1
    from posture_break.platform import qt_platform

    problem = qt_platform.check()
    if problem is not None and problem.kind == "no-display":
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # rendering needs Qt, not a screen
    elif problem is not None:
        print(f"cannot render cards: {problem.message}", file=sys.stderr)
        return 1
    try:
        from posture_break.ui.card_preview import write_previews
        from posture_break.ui.card_render import render_cards
    except ImportError as err:
        print(f"cannot render cards: {err}", file=sys.stderr)
        return 1
    for path in render_cards(cards, out_dir, lang):
        print(path)
    for path in write_previews(cards, out_dir):  # animated cards: an APNG of their frames
        print(path)
    return 0
