#!/usr/bin/env python3
"""Update the translation catalogues from the code with pyside6-lupdate and compile them, or check.

    tools/update_translations.py          # lupdate posture_break/ -> i18n/*.ts, lrelease -> .qm
    tools/update_translations.py --check  # exit 1 unless the catalogues match the code (below)

The code marks its strings the way pyside6-lupdate reads them: ``QCoreApplication.translate(
"Context", "text")``, ``self.tr("text")`` (context: the class's name) and, for English kept as data,
``QT_TRANSLATE_NOOP("Context", "text")`` (PySide6's in ui/, ``posture_break.core.i18n``'s in the
Qt-free core). How to add a string and its German: docs/translations.md.

``--check`` extracts the code afresh into a temporary catalogue and reports
- a string of the code that the catalogue lacks, or has without a finished translation;
- a catalogue entry the code no longer has (stale or obsolete);
- a compiled .qm that translates differently from its .ts (run this tool without --check);
- a literal translate()/tr()/QT_TRANSLATE_NOOP call that lupdate read differently from Python
  (lupdate's Python reader takes a variable 4th argument of translate() for PyQt4's encoding).

Run it with the project's venv (it uses PySide6's pyside6-lupdate and pyside6-lrelease).
Locations are left out of the .ts files so that moving code does not churn them.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "posture_break"
I18N_DIR = PACKAGE / "i18n"
LANGUAGES = ("de",)

Key = tuple[str, str, str, bool]  # context, source, disambiguation ("" if none), numerus


def catalogue(language: str) -> Path:
    return I18N_DIR / f"posture_break_{language}.ts"


def sources(package: Path = PACKAGE) -> list[Path]:
    return sorted(package.rglob("*.py"))


def qt_tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease from this interpreter's venv, else from PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"update_translations: {name} not found (install PySide6 in this venv)")
    return found


def _run(*cmd: str) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tool = Path(cmd[0]).name
        raise SystemExit(f"update_translations: {tool} failed:\n{done.stdout}{done.stderr}")
    return (done.stdout + done.stderr).strip()


def lupdate(files: list[Path], ts: Path) -> str:
    """Extract ``files`` into ``ts``: translations kept, strings gone from the code dropped."""
    language = ts.stem.rsplit("_", 1)[-1]
    return _run(
        qt_tool("pyside6-lupdate"), *map(str, files), "-locations", "none", "-no-obsolete",
        "-source-language", "en", "-target-language", language, "-ts", str(ts),
    )  # fmt: skip


def lrelease(ts: Path, qm: Path) -> str:
    return _run(qt_tool("pyside6-lrelease"), str(ts), "-qm", str(qm))


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    numerus: bool
    forms: tuple[str, ...]  # the translation, one form per plural of the language
    state: str  # "" (finished), "unfinished", "obsolete" or "vanished"

    @property
    def key(self) -> Key:
        return (self.context, self.source, self.comment, self.numerus)

    @property
    def translation(self) -> str:
        return "|".join(self.forms)

    def __str__(self) -> str:
        comment = f" ({self.comment})" if self.comment else ""
        return f"[{self.context}] {self.source!r}{comment}"


def read_catalogue(ts: Path) -> list[Message]:
    """Every message of a .ts file, obsolete ones included (their ``state`` says so)."""
    messages = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            numerus = message.get("numerus") == "yes"
            if translation is None:
                forms: tuple[str, ...] = ()
            elif numerus:
                forms = tuple(f.text or "" for f in translation.iter("numerusform"))
            else:
                forms = (translation.text or "",)
            state = "" if translation is None else translation.get("type", "")
            source = message.findtext("source") or ""
            comment = message.findtext("comment") or ""
            messages.append(Message(name, source, comment, numerus, forms, state))
    return messages


def extracted(files: list[Path], language: str) -> list[Message]:
    """What lupdate finds in ``files`` today, into an empty catalogue."""
    with tempfile.TemporaryDirectory(prefix="pb-i18n-") as tmp:
        fresh = Path(tmp) / f"fresh_{language}.ts"
        lupdate(files, fresh)
        return read_catalogue(fresh)


def _qm_problems(ts: Path, qm: Path, messages: list[Message]) -> list[str]:
    """The committed .qm must translate every message as the .ts compiled now does."""
    from PySide6.QtCore import QTranslator

    if not qm.exists():
        return [f"{qm.name} is missing"]
    committed, current = QTranslator(), QTranslator()
    with tempfile.TemporaryDirectory(prefix="pb-i18n-") as tmp:
        compiled = Path(tmp) / qm.name
        lrelease(ts, compiled)
        if not committed.load(str(qm)) or not current.load(str(compiled)):
            return [f"{qm.name} does not load"]
    for m in messages:
        for n in (1, 2, 5) if m.numerus else (-1,):
            args = (m.context, m.source, m.comment or None, n)
            if committed.translate(*args) != current.translate(*args):
                return [f"{qm.name} is older than {ts.name}, e.g. {m}"]
    return []


def _literal_calls(path: Path) -> list[tuple[Key, int]]:
    """Literal translate()/QT_TRANSLATE_NOOP() calls as Python reads them, with their line."""

    def text(node: ast.expr | None) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        return None

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        if name not in ("translate", "QT_TRANSLATE_NOOP") or len(node.args) < 2:
            continue
        context, source = text(node.args[0]), text(node.args[1])
        if context is None or source is None:
            continue  # a variable: its text is marked where it is defined
        keywords = {k.arg: k.value for k in node.keywords}
        comment = text(node.args[2] if len(node.args) > 2 else keywords.get("disambiguation"))
        numerus = name == "translate" and (len(node.args) > 3 or "n" in keywords)
        found.append(((context, source, comment or "", numerus), node.lineno))
    return found


def check(ts: Path, qm: Path, files: list[Path]) -> list[str]:
    """What is wrong with one catalogue for the code in ``files`` (nothing: an empty list)."""
    fresh = extracted(files, ts.stem.rsplit("_", 1)[-1])
    wanted = {m.key for m in fresh}
    messages = read_catalogue(ts)
    have = {m.key: m for m in messages}
    problems = []
    for m in fresh:
        if m.key not in have:
            problems.append(f"{ts.name}: missing {m}")
        elif have[m.key].state or not all(have[m.key].forms):
            problems.append(f"{ts.name}: not translated {m}")
    for m in messages:
        if m.key not in wanted or m.state in ("obsolete", "vanished"):
            problems.append(f"{ts.name}: stale {m} (not in the code)")
    for path in files:
        for key, line in _literal_calls(path):
            if key not in wanted:
                where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                problems.append(
                    f"{where}:{line}: pyside6-lupdate does not read this call as Python does "
                    f"{key}; a count needs self.tr(text, '', n) (docs/translations.md)"
                )
    return problems + _qm_problems(ts, qm, messages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 on a problem")
    args = parser.parse_args(argv)
    status = 0
    for language in LANGUAGES:
        ts = catalogue(language)
        if args.check:
            problems = check(ts, ts.with_suffix(".qm"), sources())
            print("\n".join(problems) or f"{ts.name}: complete, nothing stale, .qm up to date")
            status |= 1 if problems else 0
        else:
            print(lupdate(sources(), ts))
            print(lrelease(ts, ts.with_suffix(".qm")))
            unfinished = [m for m in read_catalogue(ts) if m.state or not all(m.forms)]
            for m in unfinished:
                print(f"{ts.name}: to translate {m}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
