"""Small text helpers shared by screens."""

from __future__ import annotations


def bar(percent: float, width: int = 20) -> str:
    filled = round(width * max(0.0, min(percent, 100.0)) / 100)
    return "█" * filled + "░" * (width - filled)
