"""The one runner every desktop probe uses for external commands (platform/command.py)."""

from __future__ import annotations

import sys
import time

from posture_break.platform import calls, command, idle


def test_stdout_of_a_command_that_succeeds() -> None:
    assert command.run_command(["echo", "false"]) == "false\n"


def test_failure_is_none_never_an_exception() -> None:
    assert command.run_command(["definitely-not-a-command-here"]) is None
    assert command.run_command(["false"]) is None


def test_a_hung_command_is_cut_off_by_the_timeout() -> None:
    start = time.monotonic()
    assert command.run_command([sys.executable, "-c", "import time; time.sleep(30)"], 0.3) is None
    assert time.monotonic() - start < 10


def test_a_command_waiting_for_input_gets_end_of_file_instead() -> None:
    # stdin is /dev/null: `cat` reads nothing and ends at once instead of waiting for the timeout.
    assert command.run_command(["cat"], timeout=5) == ""


def test_idle_and_calls_use_it_too() -> None:
    assert idle.MacIoregBackend().idle_seconds.__self__._run is command.run_command
    assert idle.detect_backend.__kwdefaults__["mac_runner"] is command.run_command
    assert calls.pw_dump.__defaults__ == (calls.run_command,)
    assert not hasattr(idle, "_run_command")
