"""posture_break.core must work with no Qt and no apscheduler installed, and must not ask the
operating system anything (a pure core: see docs/architecture.md). Processes, native libraries,
sockets and D-Bus belong to posture_break.platform, which core never imports; the store and the
settings files are core's only I/O."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import posture_break.core

BLOCKED = ("PySide6", "shiboken6", "apscheduler")
# Asking the OS: the platform room's tools, and the platform room itself.
OS_BLOCKED = ("subprocess", "ctypes", "jeepney", "socket", "posture_break.platform")
CORE_DIR = Path(posture_break.core.__file__).parent
REPO_ROOT = CORE_DIR.parent.parent

# Runs in a fresh interpreter: the blocker goes in before anything of ours is imported.
SCRIPT = textwrap.dedent(
    """
    import sys

    BLOCKED = {blocked!r}

    def blocked(name):
        return any(name == b or name.startswith(b + ".") for b in BLOCKED)

    class Blocker:
        def find_spec(self, name, path=None, target=None):
            if blocked(name):
                raise ImportError(f"{{name}} is blocked in this test")
            return None

    sys.meta_path.insert(0, Blocker())
    for name in BLOCKED:  # prove the blocker works before relying on it
        try:
            __import__(name)
        except ImportError:
            pass
        else:
            raise SystemExit(f"blocker failed for {{name}}")

    import importlib
    import pkgutil
    import tempfile
    from datetime import datetime, timedelta, timezone
    from pathlib import Path

    import posture_break.core as core

    imported = []
    for info in pkgutil.iter_modules(core.__path__):
        importlib.import_module(f"posture_break.core.{{info.name}}")
        imported.append(info.name)

    from posture_break.core.paths import ensure_dirs, resolve_paths
    from posture_break.core.settings import Settings, load_settings
    from posture_break.core.store import BreakRecord, Store

    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve_paths(tmp)
        ensure_dirs(paths)
        loaded = load_settings(paths.settings_file)
        assert loaded.settings == Settings() and loaded.problems == [], loaded
        store = Store.open(paths.db_file)
        due = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
        rec = BreakRecord(due, due + timedelta(seconds=40), "micro", "done", 0, ("chin_tuck",), 30)
        assert store.record(rec)
        assert list(store.all_records()) == [rec]
        store.close()

    leaked = sorted(m for m in sys.modules if blocked(m))
    assert not leaked, leaked
    print("IMPORTED", " ".join(sorted(imported)))
    """
)


def test_core_imports_and_works_without_qt_apscheduler_or_the_os_probes() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(blocked=BLOCKED + OS_BLOCKED)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    imported = set(result.stdout.split("IMPORTED", 1)[1].split())
    expected = {p.stem for p in CORE_DIR.glob("*.py") if p.stem != "__init__"}
    # Every module on disk was imported (a module added later is covered without editing this).
    assert imported == expected
    assert {"settings", "store", "paths", "clock"} <= imported


IMPORT_RE = re.compile(
    r"^\s*(?:from\s+(?P<from>[\w.]+)\s+import|import\s+(?P<imports>[\w.]+(?:\s*,\s*[\w.]+)*))",
    re.MULTILINE,
)


def _imported_roots(source: str) -> set[str]:
    roots: set[str] = set()
    for m in IMPORT_RE.finditer(source):
        if m.group("from"):
            roots.add(m.group("from").split(".")[0])
        else:
            roots.update(n.strip().split(".")[0] for n in m.group("imports").split(","))
    return roots


def test_import_scanner_catches_every_spelling() -> None:
    # The static check below is only as good as this scanner.
    assert _imported_roots("import PySide6.QtCore\n") == {"PySide6"}
    assert _imported_roots("    from shiboken6 import isValid\n") == {"shiboken6"}
    assert _imported_roots("import os, apscheduler.schedulers\n") == {"os", "apscheduler"}
    assert _imported_roots("x = 'import PySide6 inside text'\n") == set()


def test_no_core_file_imports_qt_or_apscheduler() -> None:
    files = sorted(CORE_DIR.rglob("*.py"))
    assert len(files) >= 5
    offenders = {
        str(f.relative_to(REPO_ROOT)): sorted(_imported_roots(f.read_text("utf-8")) & set(BLOCKED))
        for f in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def _imported_modules(source: str) -> set[str]:
    """Every module an import statement anywhere in ``source`` names (inside functions too);
    ``from a import b`` counts as both ``a`` and ``a.b``, since ``b`` may be a module."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _asks_the_os(source: str) -> list[str]:
    return sorted(
        name
        for name in _imported_modules(source)
        if any(name == b or name.startswith(b + ".") for b in OS_BLOCKED)
    )


def test_os_scanner_catches_every_spelling() -> None:
    assert _asks_the_os("import subprocess\n") == ["subprocess"]
    assert _asks_the_os("def f():\n    import ctypes.util\n") == ["ctypes.util"]
    assert _asks_the_os("from jeepney.io.blocking import open_dbus_connection\n") == [
        "jeepney.io.blocking",
        "jeepney.io.blocking.open_dbus_connection",
    ]
    assert _asks_the_os("import os, socket\n") == ["socket"]
    assert _asks_the_os("from posture_break.platform.idle import detect_backend\n") != []
    assert _asks_the_os("from posture_break import platform\n") == ["posture_break.platform"]
    assert _asks_the_os("from posture_break import (\n    paths,\n    platform,\n)\n") == [
        "posture_break.platform"
    ]
    assert _asks_the_os("import platform\n") == []  # the standard library's, not ours
    assert _asks_the_os("from posture_break.core import paths\n") == []
    assert _asks_the_os("x = 'import subprocess inside text'\n") == []


def test_no_core_file_asks_the_os() -> None:
    offenders = {
        str(f.relative_to(REPO_ROOT)): _asks_the_os(f.read_text("utf-8"))
        for f in sorted(CORE_DIR.rglob("*.py"))
    }
    assert {k: v for k, v in offenders.items() if v} == {}
