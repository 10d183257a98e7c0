"""What was seen of the person while the break on screen ran, and the outcome it adds up to.

All in monotonic seconds: idle readings and locks give spans away from keyboard and mouse; a
suspend adds wall time the monotonic clock missed (``gap_s``, counted as away). A break that runs
out is ``done`` if they were away for at least half of it, ``missed`` if the readings showed them
working, ``unconfirmed`` if nothing was observed at all (no idle backend, no lock).
"""

from __future__ import annotations

__all__ = ["BreakWatch"]


class BreakWatch:
    def __init__(self, started: float) -> None:
        self.started = started  # monotonic time the break appeared
        self.away: list[tuple[float, float]] = []  # (from, to): idle readings and locks
        self.readings = 0  # idle readings taken while it ran
        self.gap_s = 0.0  # wall time the monotonic clock missed (asleep): away

    def elapsed(self, mono: float) -> float:
        """Seconds on screen by the monotonic clock (a suspend not included)."""
        return max(0.0, mono - self.started)

    def reading(self, mono: float, idle: float) -> None:
        """An idle reading at ``mono``: away for the last ``idle`` seconds."""
        self.away.append((mono - idle, mono))
        self.readings += 1

    def judged(self, mono: float, locked_since: float | None) -> str:
        """The outcome of a break that ran out; ``locked_since``: the screen is locked now."""
        if self.readings == 0 and self.gap_s == 0:
            # No idle readings: a lock or suspend may still show them away for half of it;
            # otherwise nothing says whether they worked.
            locked = bool(self.away) or locked_since is not None
            return "done" if locked and self.away_enough(mono, locked_since) else "unconfirmed"
        return "done" if self.away_enough(mono, locked_since) else "missed"

    def away_enough(self, mono: float, locked_since: float | None) -> bool:
        """Away from keyboard and mouse for at least half of the break so far."""
        start, end = self.started, mono
        covered = 0.0
        reach = start
        spans = list(self.away)
        if locked_since is not None:  # locked right now: that is away from the keyboard
            spans.append((locked_since, end))
        for lo, hi in sorted(spans):
            lo, hi = max(lo, reach), min(hi, end)
            if hi > lo:
                covered += hi - lo
                reach = hi
        total = max(0.0, end - start) + self.gap_s
        if total <= 0:
            return True
        return (covered + self.gap_s) / total >= 0.5
