"""The title bar and the key bar every screen shows.

Textual's Header and Footer build a widget per part (three for the header, one per key for the
footer), which took a third of the start-up budget. These draw the same one-line bars as a single
widget each, with the same theme colours, clicks and hover.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

PALETTE_ICON = "⭘"


class TitleBar(Widget):
    """The app's title and the screen's sub-title, centred; the icon on the left opens the palette."""

    ALLOW_SELECT = False

    def on_mount(self) -> None:
        self.watch(self.screen, "title", self._title_changed, init=False)
        self.watch(self.screen, "sub_title", self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    def render(self) -> Text:
        title = self.screen.title if self.screen.title is not None else self.app.title
        sub_title = self.screen.sub_title if self.screen.sub_title is not None else self.app.sub_title
        heading = Text(title)
        if sub_title:
            heading.append(" — ")
            heading.append(sub_title, style="dim")
        if getattr(self.app, "read_only", False):  # on every screen: nothing here records (quiz.tui.read_only)
            heading.append("  ")
            heading.append(" read-only ", style="reverse")
        icon = f" {PALETTE_ICON} " if self.app.ENABLE_COMMAND_PALETTE else "   "
        width = self.size.width
        left = max(len(icon), (width - heading.cell_len) // 2)
        line = Text(icon + " " * (left - len(icon)), no_wrap=True, overflow="ellipsis", end="")
        line.append_text(heading)
        return line

    async def on_click(self, event: events.Click) -> None:
        if event.x < 3 and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")


class _Key(NamedTuple):  # not a dataclass: building one is start-up time (see quiz.tui.app)
    key: str
    start: int  # in cells, for clicks
    end: int
    char_start: int  # in characters, for styling
    char_end: int
    enabled: bool


class KeyBar(Widget):
    """The screen's shown bindings as `key description` pairs, one action each (its first key);
    the command palette key on the right. Clicking a key presses it. When they do not all fit, the
    app's own keys (Quit, then Help) are left off rather than cut: Help lists them all."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--description", "keybar--hover"}

    def __init__(self) -> None:
        super().__init__()
        self._keys: list[_Key] = []
        self._hover: int | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        hover_style = self.get_component_rich_style("keybar--hover")
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        keys: list[_Key] = []
        actions: set[str] = set()
        palette = None
        shown: list[tuple[Binding, bool, bool]] = []  # binding, enabled, the app's own (not the screen's)
        for key, (node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if key == self.app.COMMAND_PALETTE_BINDING:
                palette = (binding, enabled)
                continue
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            shown.append((binding, enabled, node is self.app))
        # the screen's own keys first: when they do not all fit, the app's give way, Help last
        give_way = sorted((entry for entry in shown if entry[2]), key=lambda entry: entry[0].action == "help")
        while give_way and sum(self._width(binding) for binding, _, _ in shown) > self.size.width:
            shown.remove(give_way.pop(0))
        for binding, enabled, _app in shown:
            start, char_start = line.cell_len, len(line)
            dim = Style() if enabled else Style(dim=True)
            line.append(f" {self.app.get_key_display(binding)} ", key_style + dim)
            line.append(f"{binding.description} ", description_style + dim)
            keys.append(_Key(binding.key, start, line.cell_len, char_start, len(line), enabled))
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            binding, enabled = palette
            label = Text.assemble(
                (f" {self.app.get_key_display(binding)} ", key_style), (f"{binding.description} ", description_style)
            )
            gap = self.size.width - line.cell_len - label.cell_len
            if gap >= 1:
                line.append(" " * gap)
                start, char_start = line.cell_len, len(line)
                line.append_text(label)
                keys.append(_Key(binding.key, start, line.cell_len, char_start, len(line), enabled))
        if self._hover is not None and self._hover < len(keys):
            hovered = keys[self._hover]
            line.stylize(hover_style, hovered.char_start, hovered.char_end)
        self._keys = keys
        return line

    def _width(self, binding: Binding) -> int:
        return cell_len(f" {self.app.get_key_display(binding)} {binding.description} ")

    def _key_at(self, x: int) -> int | None:
        return next((index for index, key in enumerate(self._keys) if key.start <= x < key.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._key_at(event.x)
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        index = self._key_at(event.x)
        if index is None:
            return
        event.stop()
        key = self._keys[index]
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
