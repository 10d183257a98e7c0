"""Inside tools/wayland-session (sway): the app's own warning pop-up (used when no notification
service runs) floats at its own small size and takes no focus from the editor.

    python wayland_toast.py OUT      prints key=value lines
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from posture_break.ui.notify import Toast

OUT = Path(sys.argv[1])
EDITOR = Path(__file__).with_name("editor.py")
TITLE = "Micro-break in 30 s"


def out(key: str, value: object) -> None:
    print(f"{key}={value}", flush=True)


def views(node: dict) -> list[dict]:
    found = []
    for child in node.get("nodes", []) + node.get("floating_nodes", []):
        if child.get("pid"):
            found.append(child)
        found += views(child)
    return found


def tree_views() -> list[dict]:
    tree = subprocess.run(["swaymsg", "-t", "get_tree"], capture_output=True, text=True).stdout
    return views(json.loads(tree))


editor = subprocess.Popen([sys.executable, str(EDITOR), str(OUT / "e.txt")])
try:
    end = time.monotonic() + 20
    while not any(v.get("name") == "pb-editor" and v.get("focused") for v in tree_views()):
        if time.monotonic() > end:
            raise SystemExit("no editor")
        time.sleep(0.1)
    app = QApplication(["posture-break"])
    app.setApplicationDisplayName("posture-break")
    app.setDesktopFileName("posture-break")
    toast = Toast(
        TITLE, "Stand up and roll your shoulders.", [("snooze", "Snooze"), ("skip", "Skip")]
    )
    toast.popup()
    found: dict = {}

    def look() -> None:
        mine = [v for v in tree_views() if v.get("name", "").startswith(TITLE)]
        if not mine:
            QTimer.singleShot(100, look)
            return
        found.update(mine[0])
        subprocess.run(["grim", str(OUT / "toast.png")], timeout=20)
        editor_view = next(v for v in tree_views() if v.get("name") == "pb-editor")
        out("editor_focused", editor_view.get("focused"))
        app.quit()

    QTimer.singleShot(100, look)
    QTimer.singleShot(15000, app.quit)
    app.exec()
    out("toast_floating", found.get("type") == "floating_con")
    out("toast_focused", found.get("focused"))
    rect = found.get("rect", {})
    out("toast_size", f"{rect.get('width')}x{rect.get('height')}")
finally:
    editor.terminate()
    editor.wait(timeout=10)
