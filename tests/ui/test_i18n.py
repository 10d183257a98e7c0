"""The German catalogue is complete, matches the code, compiles, and install() switches language."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from posture_break.ui import i18n

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "posture_break" / "i18n" / "posture_break_de.ts"
QM = ROOT / "posture_break" / "i18n" / "posture_break_de.qm"


def _load_tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "tools" / "update_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


@pytest.fixture
def english_after(qapp):  # type: ignore[no-untyped-def]
    """Whatever a test installs, the next test starts in English again."""
    yield qapp
    i18n.install(qapp, "en")


def _messages():  # type: ignore[no-untyped-def]
    return tool.read_catalogue(TS)


def test_catalogue_is_complete() -> None:
    messages = _messages()
    assert len(messages) > 150
    unfinished = [(m.context, m.source) for m in messages if m.unfinished]
    empty = [(m.context, m.source) for m in messages if not all(m.translation.split("|"))]
    assert unfinished == [], f"{len(unfinished)} unfinished, e.g. {unfinished[:3]}"
    assert empty == [], f"{len(empty)} empty, e.g. {empty[:3]}"


_PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%n|%\d|%[sd]")


@pytest.mark.parametrize("message", _messages(), ids=lambda m: f"{m.context}:{m.source[:30]}")
def test_translation_keeps_placeholders_and_one_accelerator(message) -> None:  # type: ignore[no-untyped-def]
    for form in message.translation.split("|"):
        want = sorted(_PLACEHOLDER.findall(message.source))
        got = sorted(_PLACEHOLDER.findall(form))
        if "%n" in want and "%n" not in got:
            # A singular numerus form may spell the number out ("das markierte Feld").
            want.remove("%n")
        assert got == want, f"{message.source!r} -> {form!r}"
        # A mnemonic in the source needs exactly one in the translation (and none otherwise).
        source_amp = message.source.replace("&&", "").count("&")
        assert form.replace("&&", "").count("&") == source_amp, form


@pytest.mark.skipif(
    shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)) is None
    and shutil.which("pyside6-lupdate") is None,
    reason="pyside6-lupdate is not installed",
)
def test_every_string_in_the_code_is_in_the_catalogue() -> None:
    # A fresh extraction of today's code: a new English string without German fails here.
    missing = tool.missing_sources(TS)
    assert missing == [], (
        f"{len(missing)} strings lack German, e.g. {missing[:5]}; "
        "run tools/update_translations.py and translate them"
    )


def test_extraction_sees_strings_behind_wrappers_and_core_data() -> None:
    """The strings pyside6-lupdate alone would miss are in the catalogue under the right context."""
    have = {(m.context, m.source) for m in _messages()}
    from posture_break.core import health, status

    assert ("Tray", "Take a break now") in have  # _tr("...") wrapper in tray.py
    assert (health.TRANSLATION_CONTEXT, health.NOTICE) in have  # core data
    assert (health.TRANSLATION_CONTEXT, health.QUESTIONS[0].label) in have
    assert ("status", status.MESSAGES["micro_in"]) in have


def test_compiled_catalogue_matches_the_source(qapp) -> None:  # type: ignore[no-untyped-def]
    translator = QTranslator()
    assert translator.load(str(QM)), f"{QM} does not load"
    stale = []
    for m in _messages():
        if "|" in m.translation:  # numerus: checked through install() below
            continue
        if translator.translate(m.context, m.source) != m.translation:
            stale.append(m.source)
    assert stale == [], (
        f"{QM.name} is older than the .ts (run tools/update_translations.py): {stale[:3]}"
    )


def test_install_german_translates_the_interface(english_after) -> None:  # type: ignore[no-untyped-def]
    app = english_after
    assert QCoreApplication.translate("Tray", "Take a break now") == "Take a break now"
    assert i18n.install(app, "de") is True
    assert QCoreApplication.translate("Tray", "Take a break now") == "Jetzt eine Pause machen"
    assert QCoreApplication.translate("health", "I am pregnant") == "Ich bin schwanger"
    plural = QCoreApplication.translate("BreakWindow", "Snooze for %n minutes", None, 2)
    assert plural == "Um 2 Minuten verschieben"
    single = QCoreApplication.translate("BreakWindow", "Snooze for %n minutes", None, 1)
    assert single == "Um 1 Minute verschieben"


@pytest.mark.parametrize("language", ["de", "de_DE", "de_AT.UTF-8", "de-CH", "DE_de@euro"])
def test_install_accepts_locale_spellings(english_after, language: str) -> None:  # type: ignore[no-untyped-def]
    assert i18n.install(english_after, language) is True
    assert QCoreApplication.translate("Tray", "Quit") == "Beenden"


def test_switching_back_and_unknown_languages(english_after) -> None:  # type: ignore[no-untyped-def]
    app = english_after
    i18n.install(app, "de")
    i18n.install(app, "de")  # twice: the first translators are replaced, not stacked
    assert len(app.findChildren(QTranslator)) <= 2  # ours and Qt's qtbase
    assert i18n.install(app, "en") is True
    assert QCoreApplication.translate("Tray", "Quit") == "Quit"
    assert app.findChildren(QTranslator) == []
    assert i18n.install(app, "fr") is False  # no French catalogue: English stays
    assert QCoreApplication.translate("Tray", "Quit") == "Quit"
    assert i18n.install(app, "C") is True  # the C/POSIX locale means English


def test_qt_own_strings_follow(english_after) -> None:  # type: ignore[no-untyped-def]
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if not (qt_dir / "qtbase_de.qm").exists():
        pytest.skip(f"Qt's German catalogue is not installed in {qt_dir}")
    i18n.install(english_after, "de")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"


def test_available_languages() -> None:
    assert i18n.available_languages()[:1] == ["en"]
    assert "de" in i18n.available_languages()


def test_normalise() -> None:
    assert i18n.normalise("de_DE.UTF-8") == "de_DE"
    assert i18n.normalise("pt-br") == "pt_BR"
    assert i18n.normalise("") == "en"
    assert i18n.normalise("POSIX") == "en"


def test_health_dialog_in_german(english_after, qtbot) -> None:  # type: ignore[no-untyped-def]
    """End to end: a real dialog built after install() shows the German catalogue's text."""
    from posture_break.core import health
    from posture_break.ui.health_dialog import HealthDialog

    i18n.install(english_after, "de")
    dialog = HealthDialog([])
    qtbot.addWidget(dialog)
    assert dialog.checkbox("pregnancy").text() == "Ich bin schwanger"
    assert health.QUESTIONS[0].label not in {
        b.text() for b in dialog.findChildren(type(dialog.checkbox("skin")))
    }


def test_status_templates_translate_before_formatting(english_after) -> None:  # type: ignore[no-untyped-def]
    from posture_break.core import status

    assert i18n.status_messages()["micro_in"] == status.MESSAGES["micro_in"]
    i18n.install(english_after, "de")
    table = i18n.status_messages()
    assert table["micro_in"].format(left=table["minutes"].format(m=12)) == "Kurzpause in 12 Min."
    assert table["Tue"] == "Di"


FAKE_UI = """
from PySide6.QtCore import QCoreApplication, QObject

CONTEXT = "Fake"
LABELS = {"a": "Alpha", "b": "Beta"}
PAIRS = (("x", "Ex"), ("y", "Why"))


def _tr(text, disambiguation=None, n=-1):
    return QCoreApplication.translate(CONTEXT, text, disambiguation, n)


class View(QObject):
    def build(self, count, key, dynamic):
        _tr("Plain")
        _tr("%n apples", "", count)
        _tr("Bank", "river")
        _tr(LABELS[key])
        for code, name in PAIRS:
            self.tr(name)
        self.tr("Seen by lupdate itself")
        _tr(dynamic())
"""


def test_extraction_resolves_wrappers_data_and_numerus(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "fake_ui.py").write_text(FAKE_UI, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    unresolved: list[str] = []
    entries = tool.wrapped_strings(tmp_path / "fake_ui.py", unresolved, module_name="fake_ui")
    got = {(e.context, e.text, e.comment, e.numerus) for e in entries}
    assert got == {
        ("Fake", "Plain", None, False),
        ("Fake", "%n apples", None, True),
        ("Fake", "Bank", "river", False),
        ("Fake", "Alpha", None, False),
        ("Fake", "Beta", None, False),
        ("View", "Ex", None, False),
        ("View", "Why", None, False),
    }
    assert len(unresolved) == 1 and "dynamic()" in unresolved[0]
    markers = tool.marker_source(entries)
    assert 'QCoreApplication.translate("Fake", "%n apples", None, 0)' in markers
    assert 'QCoreApplication.translate("Fake", "Bank", "river")' in markers
