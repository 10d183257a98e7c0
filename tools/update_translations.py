#!/usr/bin/env python3
"""Extract the interface strings into the .ts catalogues and compile them to .qm.

    tools/update_translations.py            # update posture_break/i18n/*.ts, then lrelease -> .qm
    tools/update_translations.py --check    # exit 1 if a string in the code has no catalogue entry
    tools/update_translations.py --stats    # counts per catalogue, changes nothing

pyside6-lupdate sees ``self.tr("...")`` and ``QCoreApplication.translate("Ctx", "...")`` with
literal strings. Two kinds of strings it cannot see are added through a generated file of
``QT_TRANSLATE_NOOP(context, text)`` markers (written to a temporary folder, never committed):

- calls to the small wrappers the UI modules define, such as
  ``def _tr(text): return QCoreApplication.translate("Tray", text)`` followed by ``_tr("Quit")``;
  the wrappers are found with ``ast`` (context: a literal, or a module constant it names);
- the English text that lives as plain data in ``posture_break/core`` (core never imports Qt) and
  that the UI translates at run time: health.py (context "health") and status.py ("status").

Run it with the project's venv (it needs PySide6's tools and imports the UI modules to resolve
wrapper contexts). Locations are left out of the .ts files so that moving code does not churn them.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "posture_break" / "ui"
I18N_DIR = ROOT / "posture_break" / "i18n"
LANGUAGES = ("de",)
CATALOGUE_STEM = "posture_break"
TRANSLATE_FUNCS = {"translate"}  # QCoreApplication.translate / QApplication.translate


def catalogue(language: str) -> Path:
    return I18N_DIR / f"{CATALOGUE_STEM}_{language}.ts"


def compiled(language: str) -> Path:
    return I18N_DIR / f"{CATALOGUE_STEM}_{language}.qm"


def qt_tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease from this interpreter's venv, else from PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"update_translations: {name} not found (install PySide6 in this venv)")
    return found


# --- strings lupdate cannot see on its own -----------------------------------------------------


@dataclass(frozen=True)
class Wrapper:
    """A function forwarding to ``translate``: its context is fixed, or taken from a parameter."""

    context: str | None  # fixed context, or None when the context is the ``context_arg``-th arg
    context_arg: int | None
    text_arg: int
    params: tuple[str, ...] = ()
    disambiguation_arg: int | None = None
    n_arg: int | None = None  # a count parameter forwarded to translate(): a numerus message


def _is_translate_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in TRANSLATE_FUNCS
        and len(node.args) >= 2
    )


def _resolve(expr: ast.expr, module_name: str) -> str | None:
    """A literal, or a name/attribute evaluated in the (imported) module, e.g. health.CONTEXT."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, (ast.Name, ast.Attribute)):
        try:
            module = importlib.import_module(module_name)
            value = eval(compile(ast.Expression(expr), "<context>", "eval"), vars(module))
        except Exception:  # an unresolvable context is reported by the caller
            return None
        return value if isinstance(value, str) else None
    return None


def find_wrappers(tree: ast.Module, module_name: str) -> dict[str, Wrapper]:
    wrappers: dict[str, Wrapper] = {}
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        params = [a.arg for a in node.args.args]
        if params and params[0] in ("self", "cls"):
            params = params[1:]
        for ret in ast.walk(node):
            if not (isinstance(ret, ast.Return) and ret.value is not None):
                continue
            call = ret.value
            # allow a trailing .format(...) or similar: look inside for the translate call
            inner = next((n for n in ast.walk(call) if _is_translate_call(n)), None)
            if inner is None:
                continue
            assert isinstance(inner, ast.Call)
            ctx_expr, text_expr = inner.args[0], inner.args[1]
            if not (isinstance(text_expr, ast.Name) and text_expr.id in params):
                continue
            text_arg = params.index(text_expr.id)
            extra = [
                params.index(a.id) if isinstance(a, ast.Name) and a.id in params else None
                for a in (*inner.args[2:4], None, None)[:2]
            ]
            rest = dict(params=tuple(params), disambiguation_arg=extra[0], n_arg=extra[1])
            if isinstance(ctx_expr, ast.Name) and ctx_expr.id in params:
                wrappers[node.name] = Wrapper(None, params.index(ctx_expr.id), text_arg, **rest)
            else:
                context = _resolve(ctx_expr, module_name)
                if context is not None:
                    wrappers[node.name] = Wrapper(context, None, text_arg, **rest)
    return wrappers


def _literal(args: list[ast.expr], index: int | None) -> str | None:
    if index is None or index >= len(args):
        return None
    arg = args[index]
    return arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None


def _argument(call: ast.Call, index: int | None, name: str | None) -> ast.expr | None:
    """The call's argument at a position, or passed by keyword."""
    if index is not None and index < len(call.args):
        return call.args[index]
    return next((k.value for k in call.keywords if name and k.arg == name), None)


def _comment(expr: ast.expr | None) -> str | None:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str) and expr.value:
        return expr.value
    return None


@dataclass(frozen=True)
class Entry:
    """One message for the catalogue: what lupdate would record for a literal call."""

    context: str
    text: str
    comment: str | None = None  # the disambiguation
    numerus: bool = False  # translated with a count (%n)


_SAFE_CALLS = {"items", "values", "keys"}


def _is_safe(expr: ast.expr) -> bool:
    """Names, attributes, subscripts and .items()/.values()/.keys() only: no side effects."""
    for node in ast.walk(expr):
        if isinstance(node, ast.Call):
            if not (
                isinstance(node.func, ast.Attribute)
                and node.func.attr in _SAFE_CALLS
                and not node.args
                and not node.keywords
            ):
                return False
        elif not isinstance(
            node, (ast.Name, ast.Attribute, ast.Subscript, ast.Constant, ast.Load, ast.expr_context)
        ):
            return False
    return True


class _Resolver(ast.NodeVisitor):
    """Finds the strings a UI module passes to translation calls, literal or not.

    Non-literal texts are resolved against the imported module when they are module-level data:
    ``_t(AREA_LABELS[area])`` (every value of the dict), ``_t(p.label)`` inside
    ``for p in presets.PRESETS`` (every preset's label), ``self.tr(name)`` inside
    ``for code, name in LANGUAGES`` (every second element). What cannot be resolved is reported.
    """

    def __init__(self, path: Path, tree: ast.Module, module_name: str) -> None:
        self.path = path
        self.module_name = module_name
        self.wrappers = find_wrappers(tree, self.module_name)
        self.classes: list[str] = []
        self.loops: list[tuple[ast.expr, ast.expr]] = []  # (target, iter), innermost last
        self.found: list[Entry] = []
        self.unresolved: list[str] = []
        self._namespace: dict[str, object] | None = None

    # -- evaluation against the imported module --
    def _eval(self, expr: ast.expr) -> object:
        if not _is_safe(expr):
            raise ValueError("not a plain data expression")
        if self._namespace is None:
            self._namespace = vars(importlib.import_module(self.module_name))
        code = compile(ast.Expression(expr), "<i18n>", "eval")
        return eval(code, dict(self._namespace))  # checked by _is_safe

    def _loop_items(self, name: str) -> list[object] | None:
        for target, iterable in reversed(self.loops):
            if isinstance(target, ast.Name) and target.id == name:
                return list(self._eval(iterable))  # type: ignore[call-overload]
            if isinstance(target, ast.Tuple):
                names = [e.id if isinstance(e, ast.Name) else None for e in target.elts]
                if name in names:
                    index = names.index(name)
                    return [item[index] for item in self._eval(iterable)]  # type: ignore[attr-defined,index]
        return None

    def _strings(self, expr: ast.expr) -> list[str] | None:
        try:
            if isinstance(expr, ast.Constant):
                return [expr.value] if isinstance(expr.value, str) else None
            if isinstance(expr, ast.IfExp):
                a, b = self._strings(expr.body), self._strings(expr.orelse)
                return None if a is None or b is None else a + b
            if isinstance(expr, ast.Name):
                items = self._loop_items(expr.id)
                values = items if items is not None else [self._eval(expr)]
            elif isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
                items = self._loop_items(expr.value.id)
                if items is not None:
                    values = [getattr(item, expr.attr) for item in items]
                else:
                    values = [self._eval(expr)]
            elif isinstance(expr, ast.Subscript):
                container = self._eval(expr.value)
                if isinstance(container, dict):
                    values = list(container.values())
                elif isinstance(container, (list, tuple)):
                    values = list(container)
                else:
                    return None
            else:
                return None
        except Exception:
            return None
        strings = [v for v in values if isinstance(v, str)]
        return strings if strings and len(strings) == len(values) else None

    # -- traversal --
    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if node.name in self.wrappers:
            return  # the wrapper's own translate(ctx, text) call: its callers are what counts
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def _visit_loop(self, target: ast.expr, iterable: ast.expr, body: list[ast.AST]) -> None:
        self.loops.append((target, iterable))
        for child in body:
            self.visit(child)
        self.loops.pop()

    def visit_For(self, node: ast.For) -> None:
        self.visit(node.iter)
        self._visit_loop(node.target, node.iter, [*node.body, *node.orelse])

    def _visit_comprehension(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp) -> None:
        for gen in node.generators:
            self.loops.append((gen.target, gen.iter))
        self.visit(node.elt)
        for _ in node.generators:
            self.loops.pop()

    visit_ListComp = visit_SetComp = visit_GeneratorExp = _visit_comprehension

    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)
        func = node.func
        name = (
            func.id
            if isinstance(func, ast.Name)
            else func.attr
            if isinstance(func, ast.Attribute)
            else ""
        )
        context: str | None
        if name in self.wrappers:
            wrapper = self.wrappers[name]
            if wrapper.text_arg >= len(node.args):
                return
            text_expr = node.args[wrapper.text_arg]
            context = wrapper.context or _literal(node.args, wrapper.context_arg)
            literal_seen_by_lupdate = False

            def param(index: int | None) -> ast.expr | None:
                names = wrapper.params
                return _argument(node, index, names[index] if index is not None else None)

            comment = _comment(param(wrapper.disambiguation_arg))
            numerus = param(wrapper.n_arg) is not None
        elif name == "tr" and isinstance(func, ast.Attribute) and node.args and self.classes:
            text_expr, context = node.args[0], self.classes[-1]
            literal_seen_by_lupdate = True
            comment = _comment(_argument(node, 1, "disambiguation"))
            numerus = _argument(node, 2, "n") is not None
        elif name in TRANSLATE_FUNCS and isinstance(func, ast.Attribute) and len(node.args) >= 2:
            text_expr = node.args[1]
            ctx_strings = self._strings(node.args[0])
            context = ctx_strings[0] if ctx_strings and len(ctx_strings) == 1 else None
            literal_seen_by_lupdate = isinstance(node.args[0], ast.Constant)
            comment = _comment(_argument(node, 2, "disambiguation"))
            numerus = _argument(node, 3, "n") is not None
        else:
            return
        if literal_seen_by_lupdate and isinstance(text_expr, ast.Constant):
            return
        texts = self._strings(text_expr)
        if context is None or texts is None:
            where = self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path
            self.unresolved.append(f"{where}:{node.lineno}: {ast.unparse(node)[:90]}")
            return
        self.found.extend(Entry(context, text, comment, numerus) for text in texts if text)


def wrapped_strings(
    path: Path, unresolved: list[str] | None = None, module_name: str | None = None
) -> list[Entry]:
    """The translation calls in one UI module that lupdate cannot see.

    ``module_name`` is what to import to resolve module-level data (default: the UI module).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    resolver = _Resolver(path, tree, module_name or f"posture_break.ui.{path.stem}")
    resolver.visit(tree)
    if unresolved is not None:
        unresolved.extend(resolver.unresolved)
    return resolver.found


_TEXT_SETTERS = {
    "setText", "setToolTip", "setWindowTitle", "setPlaceholderText", "setAccessibleName",
    "setAccessibleDescription", "setStatusTip", "setWhatsThis", "addAction", "addMenu", "addTab",
    "setTabText", "addItem", "setTitle", "setLabelText", "showMessage", "setSuffix", "setPrefix",
    "setSpecialValueText", "setHorizontalHeaderLabels", "setHtml", "critical", "warning",
    "information", "question", "getSaveFileName", "getOpenFileName", "addRow",
}  # fmt: skip
_TEXT_WIDGETS = {
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QToolButton",
    "QMenu", "QTableWidgetItem", "QListWidgetItem",
}  # fmt: skip


def _looks_like_words(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(v, ast.Constant) and re.search(r"[A-Za-z]{2}", str(v.value))
            for v in node.values
        )
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"[A-Za-z]{2}", node.value))
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(_looks_like_words(e) for e in node.elts)
    return False


def untranslated(path: Path) -> list[str]:
    """Bare English literals handed straight to a Qt text setter or widget (a heuristic)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in _TEXT_SETTERS and name not in _TEXT_WIDGETS:
            continue
        owner = func.value if isinstance(func, ast.Attribute) else None
        if isinstance(owner, ast.Name) and owner.id in ("log", "logger", "logging", "_log"):
            continue  # log lines are for developers, not translated
        for arg in node.args[:3]:
            if _looks_like_words(arg):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(arg)[:80]}")
    return found


def core_strings() -> Iterator[tuple[str, str]]:
    """English text kept as data (core/, platform/dnd.py) that the UI translates at run time."""
    from posture_break.core import health, status

    ctx = getattr(health, "TRANSLATION_CONTEXT", "health")
    for name in ("NOTICE_TITLE", "INTRO", "NOTICE"):
        value = getattr(health, name, None)
        if isinstance(value, str):
            yield ctx, value
    for text in getattr(health, "STOP_SIGNS", ()):
        yield ctx, text
    for question in getattr(health, "QUESTIONS", ()):
        yield ctx, question.label

    ctx = getattr(status, "TRANSLATION_CONTEXT", "status")
    for text in getattr(status, "MESSAGES", {}).values():
        yield ctx, text
    for text in getattr(status, "WEEKDAY_NAMES", ()):
        yield ctx, text

    # The weekly review's wording (core/review.py), translated by ui/review.py.
    from posture_break.core import review

    for text in (*review.MESSAGES.values(), *review.AREA_WORDS.values()):
        yield "review", text

    # Why a due break waits for a call (core/calls.py), translated by ui/i18n.py's call_reasons().
    try:
        from posture_break.core import calls
    except ImportError:
        pass
    else:
        for text in calls.REASONS.values():
            yield "calls", text
        yield "calls", calls.UNKNOWN_APP

    # Why a due break waits (platform/dnd.py), shown in the tooltip through app.py's _tr(reason).
    try:
        from posture_break.platform import dnd
    except ImportError:
        return
    for name in ("DND_ON", "FULLSCREEN"):
        value = getattr(dnd, name, None)
        if isinstance(value, str):
            yield "App", value


def marker_source(entries: Iterable[Entry]) -> str:
    """Literal translate() calls lupdate understands (numerus ones carry a count argument)."""
    lines = ["# Generated by tools/update_translations.py: strings lupdate cannot see directly."]
    seen: set[Entry] = set()
    for entry in entries:
        if entry in seen:
            continue
        seen.add(entry)
        args = [json.dumps(entry.context, ensure_ascii=False)]
        args.append(json.dumps(entry.text, ensure_ascii=False))
        if entry.comment or entry.numerus:
            args.append(json.dumps(entry.comment, ensure_ascii=False) if entry.comment else "None")
        if entry.numerus:
            args.append("0")
        lines.append(f"QCoreApplication.translate({', '.join(args)})")
    return "\n".join(lines) + "\n"


def ui_sources() -> list[Path]:
    return sorted(p for p in UI_DIR.glob("*.py") if p.name != "__init__.py")


def extract(ts_file: Path, *, keep_translations: bool = True) -> str:
    """Run lupdate over the UI modules and the markers into ``ts_file``; returns lupdate's report.

    With ``keep_translations`` an existing ``ts_file`` is merged (its translations stay, strings no
    longer in the code are dropped); otherwise the file is written fresh.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    pairs: list[Entry] = []
    unresolved: list[str] = []
    for path in ui_sources():
        # ui/i18n.py translates core/status.py's table, which core_strings() covers.
        pairs.extend(wrapped_strings(path, None if path.name == "i18n.py" else unresolved))
    pairs.extend(Entry(context, text) for context, text in core_strings())
    if not keep_translations and ts_file.exists():
        ts_file.unlink()
    with tempfile.TemporaryDirectory(prefix="pb-i18n-") as tmp:
        markers = Path(tmp) / "translation_markers.py"
        markers.write_text(marker_source(pairs), encoding="utf-8")
        cmd = [
            qt_tool("pyside6-lupdate"),
            *(str(p) for p in ui_sources()),
            str(markers),
            "-locations",
            "none",
            "-no-obsolete",
            "-source-language",
            "en",
            "-target-language",
            ts_file.stem.rsplit("_", 1)[-1],
            "-ts",
            str(ts_file),
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"update_translations: lupdate failed:\n{done.stdout}{done.stderr}")
    notes = "".join(f"    cannot see the text of {u}\n" for u in unresolved)
    return done.stdout + done.stderr + notes


def compile_qm(ts_file: Path, qm_file: Path) -> str:
    cmd = [qt_tool("pyside6-lrelease"), str(ts_file), "-qm", str(qm_file)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"update_translations: lrelease failed:\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


# --- reading catalogues ------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translation: str
    unfinished: bool


def read_catalogue(ts_file: Path) -> list[Message]:
    messages = []
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            text = "" if translation is None else (translation.text or "")
            if translation is not None and message.get("numerus") == "yes":
                text = "|".join(f.text or "" for f in translation.iter("numerusform"))
            kind = "" if translation is None else translation.get("type", "")
            if kind in ("obsolete", "vanished"):
                continue
            messages.append(
                Message(name, message.findtext("source") or "", text, kind == "unfinished")
            )
    return messages


def missing_sources(ts_file: Path) -> list[tuple[str, str]]:
    """(context, source) pairs the code has today that ``ts_file`` lacks."""
    have = {(m.context, m.source) for m in read_catalogue(ts_file)}
    with tempfile.TemporaryDirectory(prefix="pb-i18n-check-") as tmp:
        fresh = Path(tmp) / ts_file.name
        extract(fresh, keep_translations=False)
        wanted = [(m.context, m.source) for m in read_catalogue(fresh)]
    return [pair for pair in wanted if pair not in have]


def stats(ts_file: Path) -> str:
    messages = read_catalogue(ts_file)
    unfinished = sum(1 for m in messages if m.unfinished or not m.translation.strip())
    contexts = len({m.context for m in messages})
    return (
        f"{ts_file.name}: {len(messages)} messages in {contexts} contexts, "
        f"{len(messages) - unfinished} translated, {unfinished} unfinished"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="fail if the code has new strings")
    group.add_argument("--stats", action="store_true", help="print counts only")
    group.add_argument(
        "--untranslated", action="store_true", help="list bare literals given to Qt text setters"
    )
    args = parser.parse_args(argv)

    if args.untranslated:
        lines = [line for path in ui_sources() for line in untranslated(path)]
        print("\n".join(lines) or "no bare literals found")
        return 1 if lines else 0

    status = 0
    for language in LANGUAGES:
        ts_file = catalogue(language)
        if args.stats:
            print(stats(ts_file))
        elif args.check:
            missing = missing_sources(ts_file)
            for context, source in missing:
                print(f"{ts_file.name}: missing [{context}] {source!r}")
            print(stats(ts_file))
            status |= 1 if missing else 0
        else:
            I18N_DIR.mkdir(parents=True, exist_ok=True)
            print(extract(ts_file).strip())
            print(compile_qm(ts_file, compiled(language)).strip())
            print(stats(ts_file))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
