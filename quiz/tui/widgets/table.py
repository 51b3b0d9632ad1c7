"""A table that draws only the lines in view (Textual's Line API), for lists of any length: the
question browser lists 20,000 questions and repaints at every keystroke, which a DataTable (an
object per cell, every cell measured when rows change) cannot do in time. Its header stays at the
top while the rows scroll under it; it scrolls sideways as a whole. Cells are plain text, shown as
written (never markup), cut to their column's width."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from quiz.text import printable_line

Item = TypeVar("Item")
GAP = 2  # cells between columns


@dataclass(frozen=True)
class Column:
    key: str
    width: int
    right: bool = False  # numbers are right-aligned


class LineTable(ScrollView, Generic[Item], can_focus=True):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"line-table--header", "line-table--cursor", "line-table--even"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge(0)", show=False),
        Binding("end", "edge(1)", show=False),
        Binding("enter", "select", show=False),
        Binding("left", "sideways(-4)", show=False),
        Binding("right", "sideways(4)", show=False),
    ]

    class Highlighted(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Selected(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class HeaderClicked(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, columns: Sequence[Column], cells: Callable[[Item], Sequence[str]], *, id: str | None = None):
        super().__init__(id=id)
        self.columns = list(columns)
        self.cells = cells
        self.items: Sequence[Item] = ()
        self.cursor = 0

    # data ------------------------------------------------------------------------------------------
    def show(self, items: Sequence[Item], cursor: int = 0) -> None:
        """List these items (a new search's), the cursor on `cursor`: nothing is drawn until seen."""
        self.items = items
        self.cursor = max(0, min(cursor, len(items) - 1))
        width = sum(column.width + GAP for column in self.columns)
        self.virtual_size = Size(width, len(items) + 1)  # + the header
        self._keep_cursor_in_view()
        self.refresh()
        self.post_message(self.Highlighted(self.cursor))

    def set_widths(self, widths: dict[str, int]) -> None:
        self.columns = [Column(c.key, widths.get(c.key, c.width), c.right) for c in self.columns]

    # drawing ---------------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        if y == 0:
            labels = [column.key for column in self.columns]
            return self._strip(labels, self.get_component_rich_style("line-table--header")).crop_extend(
                scroll_x, scroll_x + width, None
            )
        index = scroll_y + y - 1
        if index >= len(self.items):
            return Strip.blank(width, self.rich_style)
        if index == self.cursor:
            style = self.get_component_rich_style("line-table--cursor")
        elif index % 2:
            style = self.get_component_rich_style("line-table--even")
        else:
            style = self.rich_style
        return self._strip(self.cells(self.items[index]), style).crop_extend(scroll_x, scroll_x + width, style)

    def _strip(self, texts: Sequence[str], style: object) -> Strip:
        parts = []
        for column, text in zip(self.columns, texts, strict=False):
            shown = printable_line(text)
            if column.right and cell_len(shown) < column.width:
                shown = " " * (column.width - cell_len(shown)) + shown
            parts.append(set_cell_size(shown, column.width))
        line = (" " * GAP).join(parts) + " " * GAP
        return Strip([Segment(" " + line, style)])  # type: ignore[arg-type]

    # moving ----------------------------------------------------------------------------------------
    @property
    def _page(self) -> int:
        return max(1, self.size.height - 2)

    def _go(self, index: int) -> None:
        if not self.items:
            return
        index = max(0, min(index, len(self.items) - 1))
        if index != self.cursor:
            self.cursor = index
            self._keep_cursor_in_view()
            self.refresh()
            self.post_message(self.Highlighted(index))

    def _keep_cursor_in_view(self) -> None:
        top = self.scroll_offset.y
        rows = max(1, self.size.height - 1)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + rows:
            self.scroll_to(y=self.cursor - rows + 1, animate=False)

    def action_move(self, delta: int) -> None:
        self._go(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._go(self.cursor + direction * self._page)

    def action_edge(self, end: int) -> None:
        self._go(len(self.items) - 1 if end else 0)

    def action_sideways(self, cells: int) -> None:
        self.scroll_to(x=max(0, self.scroll_offset.x + cells), animate=False)

    def action_select(self) -> None:
        if self.items:
            self.post_message(self.Selected(self.cursor))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            x = event.x + self.scroll_offset.x - 1
            for column in self.columns:
                if x < column.width + GAP:
                    self.post_message(self.HeaderClicked(column.key))
                    return
                x -= column.width + GAP
            return
        index = self.scroll_offset.y + event.y - 1
        if 0 <= index < len(self.items):
            if index == self.cursor and event.chain >= 2:
                self.post_message(self.Selected(index))
            self._go(index)
