"""posture-break: a break reminder that desk workers keep running."""

__version__ = "0.1.0"
