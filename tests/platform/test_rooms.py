"""platform/ sits between core and the shell: it may use core, never the Qt shell or the CLI
(docs/architecture.md, "The rooms"). core's side of the wall is tests/core/test_core_isolation.py.
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
