"""Entry point for the PyInstaller bundle (the same as ``python -m posture_break``)."""

from posture_break.cli import main

raise SystemExit(main())
