"""platform/ sits between core and the shell: it may use core, never the Qt shell or the CLI,
and the shell leaves asking the OS to it (docs/architecture.md, "The rooms"). core's side of the
wall is tests/core/test_core_isolation.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

import posture_break.platform

PLATFORM_DIR = Path(posture_break.platform.__file__).parent
ABOVE = ("posture_break.ui", "posture_break.cli", "posture_break.doctor")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_platform_never_imports_the_shell_or_the_cli() -> None:
    files = sorted(PLATFORM_DIR.glob("*.py"))
    assert len(files) >= 10
    offenders = {
        f.name: sorted(
            n for n in _imports(f) if n in ABOVE or n.startswith(tuple(a + "." for a in ABOVE))
        )
        for f in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_shell_leaves_asking_the_os_to_platform() -> None:
    # ui/ is the Qt shell: processes, native libraries and D-Bus are platform/'s. (ui/instance.py
    # keeps its plain socket: it is the app's own channel, not a question to the OS.)
    ui_dir = PLATFORM_DIR.parent / "ui"
    tools = ("subprocess", "ctypes", "jeepney", "pulsectl")
    offenders = {
        f.name: sorted(n for n in _imports(f) if n.split(".")[0] in tools)
        for f in sorted(ui_dir.glob("*.py"))
    }
    assert {k: v for k, v in offenders.items() if v} == {}
