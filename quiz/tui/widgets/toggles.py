"""Check boxes whose state reads without colour: a tick when on, an empty box when off.

Textual's Checkbox and SelectionList draw the same "X" in both states and tell them apart by
colour only, which a light theme, NO_COLOR or a colour-blind user cannot see.
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.widgets import Checkbox, SelectionList
from textual.widgets._toggle_button import ToggleButton

ON, OFF = "✓", " "
Value = TypeVar("Value")


class TickBox(Checkbox):
    @property
    def _button(self) -> Content:
        # as ToggleButton._button draws it, with the inner character following the value
        button_style = self.get_visual_style("toggle--button")
        side_style = Style(foreground=button_style.background, background=self.background_colors[1])
        return Content.assemble(
            (self.BUTTON_LEFT, side_style), (ON if self.value else OFF, button_style), (self.BUTTON_RIGHT, side_style)
        )


class TickList(SelectionList[Value]):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        index = self.scroll_offset.y + y
        # SelectionList draws [left, inner, right, " ", *prompt]: only the inner character changes
        if len(segments) < 4 or segments[1].text != ToggleButton.BUTTON_INNER or index >= self.option_count:
            return strip
        selected = self.get_option_at_index(index).value in self._selected
        segments[1] = Segment(ON if selected else OFF, segments[1].style, segments[1].control)
        return Strip(segments, strip.cell_length)
