"""The harness itself: a child that hangs is reported with where it hung, not only that it did."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.faults.apphelp import PYTHON, run_process


def test_a_hung_child_is_stopped_and_its_stacks_are_shown(tmp_path: Path) -> None:
    script = "import threading\nprint('started', flush=True)\nthreading.Event().wait()\n"
    with pytest.raises(AssertionError) as caught:
        run_process([PYTHON, "-c", script], timeout=3, env=dict(os.environ), cwd=tmp_path)
    message = str(caught.value)
    assert "did not finish within 3 s" in message
    assert "started" in message  # what it printed before it hung
    assert 'File "<string>", line 3' in message  # faulthandler's stack: the line it hung on


def test_a_child_that_finishes_gives_its_output(tmp_path: Path) -> None:
    done = run_process(
        [PYTHON, "-c", "import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)"],
        timeout=30,
        env=dict(os.environ),
        cwd=tmp_path,
    )
    assert (done.returncode, done.stdout, done.stderr) == (3, "out\n", "err\n")
