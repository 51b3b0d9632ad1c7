"""What a person sees: the composited screen of a running app as plain text lines."""

from __future__ import annotations

import io
from typing import TypeVar

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot

R = TypeVar("R")  # what the app returns: these helpers only read its screen


def screen_lines(app: App[R]) -> list[str]:
    """Every row of the terminal as drawn now, dialogs over their screens included (as
    `App.export_screenshot` renders it, but as text)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text().split("\n")[:height]


def region_text(app: App[R], selector: str) -> str:
    """The screen's rows within one widget's region (a dialog), as drawn: what overlaps it is left out."""
    box = app.screen.query_one(selector).region
    return "\n".join(line[box.x : box.right] for line in screen_lines(app)[box.y : box.bottom])


def screen_text(app: App[R]) -> str:
    return "\n".join(screen_lines(app))


def unwrapped(app: App[R]) -> str:
    """The screen's words in reading order, whatever the line breaks (for comparing wrapped text)."""
    return " ".join(screen_text(app).split())


_FRAME = dict.fromkeys(range(0x2500, 0x25A0))  # box drawing and block elements: borders, scroll bars


def words(text: str) -> str:
    """`text`'s words in order, without borders and scroll bars: for text wrapped in a frame."""
    return " ".join(text.translate(_FRAME).split())


def squashed(text: str) -> str:
    """`text` without any whitespace, borders or scroll bars: equal for equal text however it wraps
    (a long HL7 segment folds in the middle of a "word")."""
    return "".join(text.translate(_FRAME).split())


async def scrolled_rows(app: App[R], pilot: Pilot[R], *, top: int = 1, bottom: int = 1, limit: int = 200) -> list[str]:
    """Every row of the focused scrolling area, as a person scrolling down one line at a time sees
    them: the first screenful, then each row that scrolls into view at the bottom."""

    def area() -> list[str]:
        lines = screen_lines(app)
        return lines[top : len(lines) - bottom]

    rows = area()
    for _ in range(limit):
        before = area()
        await pilot.press("down")
        await pilot.pause()
        after = area()
        if after == before:
            break
        rows.append(after[-1])
    return rows
