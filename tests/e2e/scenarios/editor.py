"""A tiny editor for the Wayland tests: one line edit that keeps its text in a file.

    python editor.py OUT_FILE   (app_id "pb-editor", title "pb-editor")

Every change is written to OUT_FILE at once, so the test reads exactly what reached it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLineEdit

out = Path(sys.argv[1])
app = QApplication(sys.argv[:1])
app.setDesktopFileName("pb-editor")
edit = QLineEdit()
edit.setWindowTitle("pb-editor")
edit.textChanged.connect(lambda text: out.write_text(text, "utf-8"))
out.write_text("", "utf-8")
edit.resize(600, 80)
edit.show()
sys.exit(app.exec())
