import os

import pytest

from tests import needs

# Unit tests never need a real screen; the e2e tests set their own platform.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_unconfigure(config: pytest.Config) -> None:
    """After pytest's own summary, as the very last line: the tests skipped for a missing
    program and the one command that installs what they need (tests/needs.py)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    reasons = []
    for report in reporter.stats.get("skipped", []):
        longrepr = getattr(report, "longrepr", None)
        if isinstance(longrepr, tuple) and len(longrepr) == 3:
            reasons.append(str(longrepr[2]))
    line = needs.summary(reasons)
    if line:
        reporter.write_line(line, yellow=True, bold=True)
