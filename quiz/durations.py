"""Durations as people read them, shared by the screens and the commands."""

from __future__ import annotations


def clock_text(seconds: float | None) -> str:
    """H:MM:SS (or M:SS under an hour); "untimed" for no limit."""
    if seconds is None:
        return "untimed"
    whole = int(seconds + 0.999)  # show 0:01 until the very last moment
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def duration_text(seconds: float) -> str:
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"
