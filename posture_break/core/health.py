"""The safety notice and the first-run health questions, as plain data.

The strings are English source text. The Qt shell passes each one through
``QCoreApplication.translate(TRANSLATION_CONTEXT, text)`` so translations can be added without
touching the core; nothing here imports Qt.

Only tags are ever stored (docs/evidence.md): the person's answers never leave the settings file,
and cards whose ``avoid_if`` lists one of the chosen tags are hidden by the picker.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The translation context the UI uses for every string in this module.
TRANSLATION_CONTEXT = "health"


@dataclass(frozen=True)
class HealthQuestion:
    """One yes/no question; ``tag`` is what gets stored when the person ticks it."""

    tag: str
    label: str


#: Why we ask, shown at the top of the first-run dialog.
INTRO = (
    "A few cards use pressure (massage, a ball or a foam roller) or bigger movements. "
    "Tick anything that applies to you and we will leave those cards out. "
    "Your answers stay on this computer, and you can change them any time in Settings."
)

NOTICE_TITLE = "Safety notice"

#: The notice as short paragraphs; bullet lines start with "- ". Plain text on purpose, so the
#: CLI, the dialog and a translator all see the same thing.
NOTICE = """\
These cards are general wellness prompts, not medical advice or treatment.

How to do them:
- Stretch only to a feeling of mild tension, hold it gently, and never bounce.
- During massage, tender is fine; sharp pain is not.
- Move slowly and breathe normally. Smaller is better than forced.

Stop right away if you feel:
- sharp or growing pain
- pain spreading into an arm or a leg
- numbness or tingling
- dizziness or light-headedness
- chest pain
- breathlessness

Get urgent medical help (do not try to massage it away) if you have:
- back pain with numbness around the groin or buttocks, new bladder or bowel trouble, \
or weakness in a leg
- chest pain
- a sudden, severe headache

Ask a doctor or physiotherapist before pressure work (massage, balls, rollers) if any of the \
health questions apply to you. When in doubt, leave a card out: there is always another one."""

#: The stop signs, kept separately so tests (and anything that wants a short reminder) can use them.
STOP_SIGNS: tuple[str, ...] = (
    "sharp or growing pain",
    "pain spreading into an arm or a leg",
    "numbness or tingling",
    "dizziness",
    "chest pain",
    "breathlessness",
)

QUESTIONS: tuple[HealthQuestion, ...] = (
    HealthQuestion(
        "anticoagulants",
        "I have a bleeding or clotting disorder, or take blood thinners (anticoagulants)",
    ),
    HealthQuestion(
        "blood-clot",
        "I have had a blood clot, or have a swollen, painful calf",
    ),
    HealthQuestion(
        "skin",
        "I have a burn, wound, rash or skin infection where I would press",
    ),
    HealthQuestion("osteoporosis", "I have osteoporosis (fragile bones)"),
    HealthQuestion("recent-fracture", "I have broken a bone recently, or it is still healing"),
    HealthQuestion(
        "implant", "I have an implanted device (pacemaker, defibrillator, port, stimulator)"
    ),
    HealthQuestion("recent-surgery", "I had surgery recently"),
    HealthQuestion("pregnancy", "I am pregnant"),
    HealthQuestion("cancer", "I have cancer or am being treated for it"),
    HealthQuestion(
        "recent-injury",
        "I have a recent injury or an inflammatory flare-up",
    ),
    HealthQuestion(
        "unexplained-pain",
        "I have pain I cannot explain, or a fever",
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
