"""The stats window: navigation, the table view of the same numbers, hover, PNG/SVG export."""

from __future__ import annotations

import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage

from posture_break.core import stats
from posture_break.core.settings import Settings
from posture_break.core.store import BreakRecord, Store
from posture_break.ui import chart_export, stats_text
from posture_break.ui.charts import StatsWindow
from tests.ui.stats_sample import BERLIN, CARD_AREAS, TODAY, expected, store

__all__ = ["store"]  # the fixture


@pytest.fixture
def window(qtbot, store: Store) -> StatsWindow:
    w = StatsWindow(store, Settings(), BERLIN, lambda: TODAY, CARD_AREAS)
    qtbot.addWidget(w)
    w.resize(1000, 760)
    return w


def test_opens_on_this_week(window: StatsWindow) -> None:
    assert window.monday == date(2026, 11, 16)
    assert window.week_label.text() == "2026-W47"
    assert not window.next_button.isEnabled()  # no future weeks
    assert not window.this_week_button.isEnabled()


def test_navigation_changes_the_week(qtbot, window: StatsWindow, store: Store) -> None:
    with qtbot.waitSignal(window.week_changed) as blocker:
        qtbot.mouseClick(window.previous_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [date(2026, 11, 9)]
    assert window.summary is not None
    assert window.summary.to_json() == expected(store, date(2026, 11, 9)).to_json()
    assert window.week_label.text() == "2026-W46"
    assert window.next_button.isEnabled()
    assert window.this_week_button.isEnabled()

    qtbot.mouseClick(window.previous_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert window.monday == date(2026, 11, 9)
    qtbot.mouseClick(window.this_week_button, Qt.MouseButton.LeftButton)
    assert window.monday == date(2026, 11, 16)


def test_week_picker_snaps_to_the_iso_week(window: StatsWindow) -> None:
    window.picker.setDate(date(2026, 11, 5))  # a Thursday
    assert window.monday == date(2026, 11, 2)
    assert window.picker.date().toPython() == date(2026, 11, 2)
    assert window.week_label.text() == "2026-W45"
    assert window.picker.maximumDate().toPython() == date(2026, 11, 22)


def test_table_shows_the_same_numbers(qtbot, window: StatsWindow, store: Store) -> None:
    assert window.stack.currentWidget() is window.chart
    qtbot.mouseClick(window.table_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.table_page
    assert window.table_button.text() == "Show chart"
    s = expected(store, date(2026, 11, 16))
    table = window.days_table
    for r, day in enumerate([*s.days, s.totals]):
        row = [table.item(r, c).text() for c in range(table.columnCount())]
        assert row == [
            str(day.done),
            str(day.natural),
            str(day.skipped),
            str(day.missed),
            str(day.unconfirmed),
            str(day.snoozes),
            stats_text.fmt_minutes(day.active_minutes),
        ]
    assert table.verticalHeaderItem(7).text() == "Total"
    areas = [int(window.areas_table.item(r, 0).text()) for r in range(8)]
    assert areas == list(s.areas.values())
    assert window.trend_table.verticalHeaderItem(11).text() == "2026-W47"
    assert window.trend_table.item(11, 0).text() == str(s.totals.done)
    assert str(s.totals.done) in window.table_summary.text()
    # Navigating while the table shows updates the table too.
    qtbot.mouseClick(window.previous_button, Qt.MouseButton.LeftButton)
    before = expected(store, date(2026, 11, 9))
    assert table.item(7, 0).text() == str(before.totals.done)
    qtbot.mouseClick(window.table_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.chart


def test_hover_finds_exact_numbers_for_each_day(qtbot, window: StatsWindow, store: Store) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.chart.grab()  # paints, which records the hover rectangles
    s = expected(store, date(2026, 11, 16))
    day_hits = [(r, t) for r, t in window.chart.hits if t.startswith("Wednesday")]
    assert len(day_hits) == 1
    rect, text = day_hits[0]
    wed = s.days[2]
    assert f"Done: {wed.done}" in text
    assert f"Skipped: {wed.skipped}" in text
    assert f"Snoozes: {wed.snoozes}" in text
    assert window.chart.tooltip_at(rect.center()) == (rect, text)
    assert window.chart.tooltip_at(QPointF(-5, -5)) is None
    assert window.chart.accessibleName() == "Weekly chart"
    assert f"{s.totals.done} breaks done" in window.chart.accessibleDescription()


def test_empty_week_says_what_will_appear(qtbot, window: StatsWindow) -> None:
    window.set_week(date(2026, 10, 19))
    assert window.summary is not None and window.summary.is_empty
    assert "No breaks recorded this week yet" in window.chart.accessibleDescription()
    image = window.chart.grab().toImage()
    assert not image.isNull()
    assert not any("Monday" in t for _, t in window.chart.hits)  # no bars to hover


def test_export_png_and_svg(tmp_path: Path, window: StatsWindow) -> None:
    png = tmp_path / "week.png"
    svg = tmp_path / "week.svg"
    window.export_to(png)
    window.export_to(svg)
    image = QImage(str(png))
    assert image.width() == chart_export.EXPORT_SIZE.width() * 2
    assert image.height() == chart_export.EXPORT_SIZE.height() * 2
    text = svg.read_text("utf-8")
    assert text.lstrip().startswith("<?xml")
    assert "<svg" in text
    assert "Breaks per day" in text
    assert "2026-W47" in text
    assert stat.S_IMODE(png.stat().st_mode) == 0o600
    assert stat.S_IMODE(svg.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    with pytest.raises(ValueError):
        window.export_to(tmp_path / "week.jpg")


def test_unconfirmed_breaks_are_shown_apart(qtbot, window: StatsWindow, store: Store) -> None:
    wednesday = datetime(2026, 11, 18, 7, 1, tzinfo=BERLIN)  # before the sample's first break
    store.import_records(
        [
            BreakRecord(wednesday, wednesday, "micro", "unconfirmed", duration_s=20),
            BreakRecord(wednesday + timedelta(minutes=2), wednesday, "micro", "unconfirmed"),
        ]
    )
    window._reload()
    s = expected(store, date(2026, 11, 16))
    assert s.totals.unconfirmed == 2 and s.days[2].unconfirmed == 2
    trend = stats.weekly_trend(store, date(2026, 11, 16), BERLIN)
    values = dict((label, value) for value, label in stats_text.headline(s, trend))
    assert values["completion rate (2 unconfirmed left out)"] == (
        f"{round(s.completion_rate * 100)}%"
    )
    window.show()
    qtbot.waitExposed(window)
    window.chart.grab()
    (hit,) = [t for _r, t in window.chart.hits if t.startswith("Wednesday")]
    assert "Unconfirmed: 2" in hit
    assert window.days_table.item(2, 4).text() == "2"
    assert "2 unconfirmed left out" in window.table_summary.text()


@pytest.fixture
def german(qapp):  # type: ignore[no-untyped-def]
    from posture_break.ui import i18n

    assert i18n.install(qapp, "de") is True
    yield qapp
    i18n.install(qapp, "en")


def test_window_in_german(qtbot, german, store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Built after install("de"): German words, German dates and decimals, nothing English."""
    w = StatsWindow(store, Settings(), BERLIN, lambda: TODAY, CARD_AREAS)
    qtbot.addWidget(w)
    w.resize(1000, 760)
    s = expected(store, date(2026, 11, 16))
    trend = stats.weekly_trend(store, date(2026, 11, 16), BERLIN)
    assert w.windowTitle() == "Wochenstatistik – posture-break"
    assert [b.text() for b in (w.previous_button, w.this_week_button, w.next_button)] == [
        "‹ Vorherige",
        "Diese Woche",
        "Nächste ›",
    ]
    assert w.picker.text() == "Mo., 16. Nov. 2026"
    assert stats_text.week_title(s) == "Woche 47 · 16.–22. November 2026"
    assert stats_text.week_span(date(2026, 11, 30)) == "30. Nov. – 6. Dez. 2026"
    assert [label for _, label in stats_text.headline(s, trend)] == [
        "Pausen gemacht",
        "Minuten bewegt",
        "Pausenquote",
        "in Folge am Ziel",
        "zur Vorwoche",
    ]
    assert stats_text.fmt_minutes(6.6) == "6,6"
    assert stats_text.fmt_rate(0.79) == "79\u00a0%"
    assert w.chart.accessibleDescription().startswith("Woche 47 · 16.–22. November 2026: ")
    assert f"{s.totals.done} Pausen gemacht" in w.chart.accessibleDescription()

    w.chart.grab()
    texts = [t for _, t in w.chart.hits]
    wed = s.days[2]
    day = next(t for t in texts if t.startswith("Mittwoch, 18. November"))
    assert f"Gemacht: {wed.done} (" in day
    assert f"Verschiebungen: {wed.snoozes}" in day
    assert f"Nacken: in {s.areas['neck']} gemachten Pausen dabei" in texts
    assert f"Pausen gemacht: {s.totals.done}" in texts
    english = ("Done", "Skipped", "Snoozes", "touched", "Completion", "Minutes moved", "breaks")
    assert [t for t in texts if any(word in t for word in english)] == []

    w.show_table(True)
    assert w.table_button.text() == "Diagramm zeigen"
    headers = [w.days_table.horizontalHeaderItem(c).text() for c in range(7)]
    assert headers == [
        "Gemacht",
        "Von selbst",
        "Übersprungen",
        "Verpasst",
        "Unbestätigt",
        "Verschiebungen",
        "Minuten",
    ]
    assert w.days_table.verticalHeaderItem(0).text() == "Mo., 16. Nov."
    assert w.days_table.verticalHeaderItem(7).text() == "Summe"
    assert w.areas_table.verticalHeaderItem(6).text() == "Hüften & Beine"

    svg = tmp_path / "woche.svg"
    w.export_to(svg)
    assert "Pausen pro Tag" in svg.read_text("utf-8")
    with pytest.raises(ValueError, match="Wähle einen Dateinamen"):
        w.export_to(tmp_path / "woche.jpg")


def test_export_goes_through_the_one_atomic_writer(
    tmp_path: Path, window: StatsWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chart file is written by core.paths.write_private_atomic (fsync, rename, 0600)."""
    from posture_break.core import paths

    written: list[tuple[Path, bytes]] = []
    real = paths.write_private_atomic

    def spy(path: Path, data: str | bytes) -> None:
        assert isinstance(data, bytes)
        written.append((path, data))
        real(path, data)

    monkeypatch.setattr(chart_export, "write_private_atomic", spy)
    window.export_to(tmp_path / "week.png")
    window.export_to(tmp_path / "week.svg")
    assert [p.name for p, _ in written] == ["week.png", "week.svg"]
    assert written[0][1].startswith(b"\x89PNG")
    assert b"<svg" in written[1][1]
    assert (tmp_path / "week.png").read_bytes() == written[0][1]


def test_export_follows_a_symlink_and_refuses_devices_and_folders(
    tmp_path: Path, window: StatsWindow
) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    real = tmp_path / "real.svg"
    real.write_text("old")
    link = tmp_path / "link.svg"
    link.symlink_to(real)
    window.export_to(link)
    assert link.is_symlink() and "<svg" in real.read_text("utf-8")
    (tmp_path / "folder.png").mkdir()
    with pytest.raises(OSError):
        window.export_to(tmp_path / "folder.png")
    device = tmp_path / "null.png"
    device.symlink_to("/dev/null")
    with pytest.raises(OSError):
        window.export_to(device)
    with pytest.raises(OSError):
        window.export_to(tmp_path / "missing-folder" / "week.png")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "folder.png",
        "link.svg",
        "null.png",
        "real.svg",
    ]
