"""The safety notice and the first-run health questions, as plain data.

The strings are English source text, marked with :func:`~posture_break.core.i18n.QT_TRANSLATE_NOOP`
so ``pyside6-lupdate`` finds them (context "health"). The Qt shell passes each one through
``QCoreApplication.translate("health", text)``; nothing here imports Qt.

Only tags are ever stored (docs/evidence.md): the person's answers never leave the settings file,
and cards whose ``avoid_if`` lists one of the chosen tags are hidden by the picker.
"""

from __future__ import annotations

from dataclasses import dataclass

from posture_break.core.i18n import QT_TRANSLATE_NOOP

#: The translation context the UI uses for every string in this module.
TRANSLATION_CONTEXT = "health"


@dataclass(frozen=True)
class HealthQuestion:
    """One yes/no question; ``tag`` is what gets stored when the person ticks it."""

    tag: str
    label: str


#: Why we ask, shown at the top of the first-run dialog.
INTRO = QT_TRANSLATE_NOOP(
    "health",
    "A few cards use pressure (massage, a ball or a foam roller) or bigger movements. "
    "Tick anything that applies to you and we will leave those cards out. "
    "Your answers stay on this computer, and you can change them any time in Settings.",
)

NOTICE_TITLE = QT_TRANSLATE_NOOP("health", "Safety notice")

#: The notice as short paragraphs; bullet lines start with "- ". Plain text on purpose, so the
#: CLI, the dialog and a translator all see the same thing.
NOTICE = QT_TRANSLATE_NOOP(
    "health",
    "These cards are general wellness prompts, not medical advice or treatment.\n"
    "\n"
    "How to do them:\n"
    "- Stretch only to a feeling of mild tension, hold it gently, and never bounce.\n"
    "- During massage, tender is fine; sharp pain is not.\n"
    "- Move slowly and breathe normally. Smaller is better than forced.\n"
    "\n"
    "Stop right away if you feel:\n"
    "- sharp or growing pain\n"
    "- pain spreading into an arm or a leg\n"
    "- numbness or tingling\n"
    "- dizziness or light-headedness\n"
    "- chest pain\n"
    "- breathlessness\n"
    "\n"
    "Get urgent medical help (do not try to massage it away) if you have:\n"
    "- back pain with numbness around the groin or buttocks, new bladder or bowel "
    "trouble, or weakness in a leg\n"
    "- chest pain\n"
    "- a sudden, severe headache\n"
    "\n"
    "Ask a doctor or physiotherapist before pressure work (massage, balls, rollers) "
    "if any of the health questions apply to you. When in doubt, leave a card out: "
    "there is always another one.",
)

#: The stop signs, kept separately so tests (and anything that wants a short reminder) can use them.
STOP_SIGNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("health", "sharp or growing pain"),
    QT_TRANSLATE_NOOP("health", "pain spreading into an arm or a leg"),
    QT_TRANSLATE_NOOP("health", "numbness or tingling"),
    QT_TRANSLATE_NOOP("health", "dizziness"),
    QT_TRANSLATE_NOOP("health", "chest pain"),
    QT_TRANSLATE_NOOP("health", "breathlessness"),
)

QUESTIONS: tuple[HealthQuestion, ...] = (
    HealthQuestion(
        "anticoagulants",
        QT_TRANSLATE_NOOP(
            "health",
            "I have a bleeding or clotting disorder, or take blood thinners (anticoagulants)",
        ),
    ),
    HealthQuestion(
        "blood-clot",
        QT_TRANSLATE_NOOP("health", "I have had a blood clot, or have a swollen, painful calf"),
    ),
    HealthQuestion(
        "skin",
        QT_TRANSLATE_NOOP(
            "health", "I have a burn, wound, rash or skin infection where I would press"
        ),
    ),
    HealthQuestion(
        "osteoporosis", QT_TRANSLATE_NOOP("health", "I have osteoporosis (fragile bones)")
    ),
    HealthQuestion(
        "recent-fracture",
        QT_TRANSLATE_NOOP("health", "I have broken a bone recently, or it is still healing"),
    ),
    HealthQuestion(
        "implant",
        QT_TRANSLATE_NOOP(
            "health", "I have an implanted device (pacemaker, defibrillator, port, stimulator)"
        ),
    ),
    HealthQuestion("recent-surgery", QT_TRANSLATE_NOOP("health", "I had surgery recently")),
    HealthQuestion("pregnancy", QT_TRANSLATE_NOOP("health", "I am pregnant")),
    HealthQuestion(
        "cancer", QT_TRANSLATE_NOOP("health", "I have cancer or am being treated for it")
    ),
    HealthQuestion(
        "recent-injury",
        QT_TRANSLATE_NOOP("health", "I have a recent injury or an inflammatory flare-up"),
    ),
    HealthQuestion(
        "unexplained-pain", QT_TRANSLATE_NOOP("health", "I have pain I cannot explain, or a fever")
    ),
)

#: Every tag the app knows, in display order.
TAGS: tuple[str, ...] = tuple(q.tag for q in QUESTIONS)


def known_tags(tags: list[str] | tuple[str, ...]) -> list[str]:
    """Keep only known tags, in display order, without duplicates.

    Settings files are hand-editable; an unknown tag is dropped here rather than shown as a
    checkbox nobody can understand.
    """
    wanted = set(tags)
    return [tag for tag in TAGS if tag in wanted]
