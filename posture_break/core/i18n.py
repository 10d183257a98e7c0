"""A Qt-free marker for English text that the Qt shell translates at run time.

``QT_TRANSLATE_NOOP("status", "Break now")`` returns its text unchanged; it only tells
``pyside6-lupdate`` (which recognises the name in Python sources) to put that text into the
catalogue under that context. The UI later calls ``QCoreApplication.translate("status", text)``
with the same context. The context must be a string literal here, or lupdate cannot see it.
See docs/translations.md.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name is the one lupdate looks for
    """Mark ``text`` for translation in ``context``; returns it untranslated."""
    del context
    return text
