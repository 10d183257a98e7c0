"""Install the interface translations: the app's own catalogue and Qt's.

The catalogues are ``posture_break/i18n/posture_break_<lang>.qm``, compiled from the ``.ts``
sources by ``tools/update_translations.py`` and shipped inside the package (wheel, bundle,
Flatpak alike). English is the source language and needs no catalogue.

The translators are made children of the application, so Qt keeps them alive exactly as long as
the application, and a later :func:`install` (another language) finds and replaces them by
object name: no module state.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

SOURCE_LANGUAGE = "en"
CATALOGUE = "posture_break"
_OBJECT_NAME = "posture_break_translator"


def normalise(language: str) -> str:
    """``"de_DE.UTF-8"``, ``"de-DE"``, ``"de_DE@euro"`` -> ``"de_DE"``; ``"C"`` -> ``"en"``."""
    lang = re.split(r"[.@]", language.strip(), maxsplit=1)[0].replace("-", "_")
    if lang in ("", "C", "POSIX"):
        return SOURCE_LANGUAGE
    head, _, region = lang.partition("_")
    return f"{head.lower()}_{region.upper()}" if region else head.lower()


def catalogue_dir() -> Path:
    return Path(str(resources.files("posture_break") / "i18n"))


def available_languages() -> list[str]:
    """Language codes the interface can be shown in: English plus every shipped catalogue."""
    found = sorted(
        p.stem.removeprefix(f"{CATALOGUE}_") for p in catalogue_dir().glob(f"{CATALOGUE}_*.qm")
    )
    return [SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE)]


def _remove_installed(app: QCoreApplication) -> None:
    for old in app.findChildren(QTranslator, _OBJECT_NAME):
        QCoreApplication.removeTranslator(old)
        old.setParent(None)
        old.deleteLater()


def _load(app: QCoreApplication, locale: QLocale, name: str, directory: str) -> bool:
    translator = QTranslator(app)
    translator.setObjectName(_OBJECT_NAME)
    # Tries name_de_DE.qm, then name_de.qm (and the locale's other UI languages).
    if translator.load(locale, name, "_", directory) and QCoreApplication.installTranslator(
        translator
    ):
        return True
    translator.setParent(None)
    translator.deleteLater()
    return False


def install(app: QCoreApplication, language: str) -> bool:
    """Show the interface in ``language`` ("de", "de_DE", "de_DE.UTF-8").

    Returns True when the interface is now in that language (English always is), False when no
    catalogue ships for it and the interface stays English. Qt's own strings (standard buttons,
    context menus) follow when Qt's ``qtbase`` catalogue for the language is installed.
    Calling it again switches language; widgets already built keep their text until rebuilt.
    """
    _remove_installed(app)
    lang = normalise(language)
    if lang.split("_")[0] == SOURCE_LANGUAGE:
        return True
    locale = QLocale(lang)
    if locale.language() == QLocale.Language.C:
        return False
    if not _load(app, locale, CATALOGUE, str(catalogue_dir())):
        return False
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_dir:
        _load(app, locale, "qtbase", qt_dir)
    return True


def status_messages() -> dict[str, str]:
    """core/status.py's ``MESSAGES`` templates in the installed language (context "status").

    Translate the templates, then format: a formatted tooltip ("Micro-break in 12 min") is not in
    any catalogue. Weekday names are included under their English short names ("Mon": "Mo").
    """
    from posture_break.core import status

    table = {
        key: QCoreApplication.translate("status", text) for key, text in status.MESSAGES.items()
    }
    for name in status.WEEKDAY_NAMES:
        table[name] = QCoreApplication.translate("status", name)
    return table


def call_reasons() -> dict[str, str]:
    """core/calls.py's ``REASONS`` templates in the installed language (context "calls")."""
    from posture_break.core import calls

    table = {key: QCoreApplication.translate("calls", text) for key, text in calls.REASONS.items()}
    # "another application" is filled into a template, so it is translated on its own.
    table["unknown_app"] = QCoreApplication.translate("calls", calls.UNKNOWN_APP)
    return table
