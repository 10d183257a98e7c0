"""The German catalogue is complete, matches the code, compiles, and install() switches language."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import xml.etree.ElementTree as ET
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
    unfinished = [(m.context, m.source) for m in messages if m.state]
    empty = [(m.context, m.source) for m in messages if not all(m.translation.split("|"))]
    assert unfinished == [], f"{len(unfinished)} unfinished, e.g. {unfinished[:3]}"
    assert empty == [], f"{len(empty)} empty, e.g. {empty[:3]}"


# The German interface says "du" throughout (a formal "Ihr/Ihnen" once slipped into sync texts).
_FORMAL = re.compile(r"\b(Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b|(?<![.!?:] )(?<!^)\bSie\b")


def test_german_speaks_to_the_person_as_du() -> None:
    formal = [m.translation for m in _messages() if _FORMAL.search(m.translation)]
    assert formal == [], formal


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


needs_lupdate = pytest.mark.skipif(
    shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)) is None
    and shutil.which("pyside6-lupdate") is None,
    reason="pyside6-lupdate is not installed",
)


@needs_lupdate
def test_catalogue_matches_the_code() -> None:
    """tools/update_translations.py --check: a fresh pyside6-lupdate run over the package finds
    exactly the catalogue's strings, each translated, and the .qm is compiled from this .ts."""
    problems = tool.check(TS, QM, tool.sources())
    assert problems == [], (
        f"{len(problems)} problems, e.g. {problems[:5]}; "
        "run tools/update_translations.py and translate what it lists (docs/translations.md)"
    )


@needs_lupdate
def test_lupdate_sees_core_data_and_plain_calls() -> None:
    """Core's Qt-free QT_TRANSLATE_NOOP and the shell's plain calls reach the catalogue."""
    from posture_break.core import calls, health, review, status
    from posture_break.core.i18n import QT_TRANSLATE_NOOP

    assert QT_TRANSLATE_NOOP("status", "Break now") == "Break now"
    found = {(m.context, m.source) for m in tool.extracted(tool.sources(), "de")}
    assert ("Tray", "Take a break now") in found  # QCoreApplication.translate in ui/tray.py
    assert (health.TRANSLATION_CONTEXT, health.NOTICE) in found  # core data, many lines
    assert {(health.TRANSLATION_CONTEXT, q.label) for q in health.QUESTIONS} <= found
    assert {("status", text) for text in status.MESSAGES.values()} <= found
    assert {("status", day) for day in status.WEEKDAY_NAMES} <= found
    assert {("review", text) for text in review.MESSAGES.values()} <= found
    assert ("calls", calls.UNKNOWN_APP) in found
    assert ("App", "a fullscreen window has focus") in found  # dnd.FULLSCREEN, a hold reason


def test_compiled_catalogue_matches_the_source(qapp) -> None:  # type: ignore[no-untyped-def]
    translator = QTranslator()
    assert translator.load(str(QM)), f"{QM} does not load"
    stale = []
    for m in _messages():
        if m.numerus:  # checked through install() below
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

from posture_break.core.i18n import QT_TRANSLATE_NOOP

LABEL = QT_TRANSLATE_NOOP("Fake", "Marked data")


class View(QObject):
    def build(self, count):
        self.tr("%n apples", "", count)
        QCoreApplication.translate("Fake", "Plain")
        QCoreApplication.translate("Fake", "Bank", "river")
"""


def _translate_everything(ts: Path) -> None:
    tree = ET.parse(ts)
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        assert translation is not None
        translation.attrib.pop("type", None)
        forms = list(translation.iter("numerusform")) or [translation]
        for form in forms:
            form.text = "übersetzt"
    tree.write(ts, encoding="utf-8", xml_declaration=True)


@needs_lupdate
def test_check_reports_missing_untranslated_stale_and_old_qm(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The check, run on a small package with real pyside6-lupdate and lrelease."""
    module, ts, qm = tmp_path / "fake.py", tmp_path / "fake_de.ts", tmp_path / "fake_de.qm"
    module.write_text(FAKE_UI, encoding="utf-8")
    tool.lupdate([module], ts)
    tool.lrelease(ts, qm)
    got = tool.check(ts, qm, [module])
    assert (
        sorted(got) == sorted(f"fake_de.ts: not translated {m}" for m in tool.read_catalogue(ts))
        and len(got) == 4
    )

    _translate_everything(ts)
    tool.lrelease(ts, qm)
    assert tool.check(ts, qm, [module]) == []
    apples = next(m for m in tool.read_catalogue(ts) if m.numerus)
    assert (apples.context, apples.forms) == ("View", ("übersetzt", "übersetzt"))

    _translate_everything(ts)  # same text, different .ts bytes: the .qm still matches
    text = ts.read_text(encoding="utf-8").replace("übersetzt", "geändert", 1)
    ts.write_text(text, encoding="utf-8")
    assert [p.split(",")[0] for p in tool.check(ts, qm, [module])] == [
        "fake_de.qm is older than fake_de.ts"
    ]
    tool.lrelease(ts, qm)

    source = FAKE_UI.replace('"Plain"', '"Plainer"')
    module.write_text(source, encoding="utf-8")
    assert sorted(tool.check(ts, qm, [module])) == [
        "fake_de.ts: missing [Fake] 'Plainer'",
        "fake_de.ts: stale [Fake] 'Plain' (not in the code)",
    ]

    # lupdate reads a variable 4th argument of translate() as an encoding: no plural, said so.
    module.write_text(
        source + '        QCoreApplication.translate("Fake", "%n pears", None, count)\n',
        encoding="utf-8",
    )
    lupdate_misread = [p for p in tool.check(ts, qm, [module]) if "does not read" in p]
    line = source.count("\n") + 1
    assert len(lupdate_misread) == 1 and f"fake.py:{line}:" in lupdate_misread[0]
