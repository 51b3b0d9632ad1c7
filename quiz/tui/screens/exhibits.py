"""A question's exhibits full screen (v): every line as written, long lines scrolled sideways
instead of wrapped, so an HL7 segment or a log line reads as one line. # numbers HL7 fields here too;
o opens an image exhibit in the system's viewer (a key, never a click). The exam's clock runs on."""

from __future__ import annotations

import os
import subprocess
import sys

from textual.app import ComposeResult
from textual.containers import ScrollableContainer, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from quiz.models import Exhibit, Question
from quiz.tui.actions import bindings
from quiz.tui.images import image_widget
from quiz.tui.literal import literal
from quiz.tui.widgets.chrome import KeyBar
from quiz.tui.widgets.question import exhibit_body


def open_in_viewer(path: str) -> None:
    """The system's own viewer for a file; detached, its output discarded."""
    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined]
        return
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    subprocess.Popen(
        [opener, path],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


class ExhibitScreen(ModalScreen[None]):
    BINDINGS = bindings("exhibit")

    def __init__(self, question: Question, *, fields: bool) -> None:
        super().__init__()
        self.question = question
        self.exhibits: tuple[Exhibit, ...] = question.all_exhibits
        self.fields = fields

    def compose(self) -> ComposeResult:
        with Vertical(id="exhibit-screen"):
            yield Static(literal(f"Exhibits of: {self.question.question}"), id="exhibit-screen-title")
            with ScrollableContainer(id="exhibit-screen-body"):
                yield from self._bodies()
        yield KeyBar()

    def _bodies(self) -> ComposeResult:
        for number, exhibit in enumerate(self.exhibits, start=1):
            yield Static(literal(f"Exhibit {number}: {exhibit.title}"), classes="exhibit-title")
            if exhibit.kind == "image" and exhibit.file:
                picture = image_widget(exhibit.file, rows=max(8, self.app.size.height - 8))
                if picture is not None:
                    yield picture
                    if exhibit.text.strip():
                        yield Static(literal(exhibit.text.rstrip()), classes="exhibit-caption")
                    continue
            yield Static(literal(exhibit_body(exhibit, fields=self.fields)), classes="exhibit exhibit-wide")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_image":
            return any(e.kind == "image" for e in self.exhibits)  # hidden from the key bar otherwise
        if action == "fields":
            return any(e.kind == "hl7" for e in self.exhibits)
        return True

    def on_mount(self) -> None:
        self.query_one("#exhibit-screen-body").focus()

    async def action_fields(self) -> None:
        self.fields = not self.fields
        body = self.query_one("#exhibit-screen-body", ScrollableContainer)
        await body.remove_children()
        await body.mount_all(list(self._bodies()))

    def action_open_image(self) -> None:
        images = [e for e in self.exhibits if e.kind == "image" and e.file]
        if not images:
            self.notify("This question has no image exhibit.", timeout=3)
            return
        for exhibit in images:
            try:
                open_in_viewer(str(exhibit.file))
            except OSError as problem:
                self.notify(f"Could not open the image: {problem.strerror or problem}", severity="error", markup=False)
                return
        self.notify(f"Opened {len(images)} image(s) in your image viewer.", timeout=4)

    def action_close(self) -> None:
        self.dismiss(None)
