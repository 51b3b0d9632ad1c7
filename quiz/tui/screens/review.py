"""The exam's review screen, as at the test centre: every question with its number, the first line of
its stem and its state; filters for the flagged and the unanswered questions; Enter goes to one,
"review these" walks the listed ones in order, and the exam can be submitted from here."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from quiz.durations import clock_text
from quiz.session.exam import ExamSession
from quiz.tui.actions import bindings
from quiz.tui.formatting import first_line
from quiz.tui.literal import literal_text
from quiz.tui.screens.grid import GoTo, SubmitExam
from quiz.tui.widgets.chrome import KeyBar

ELLIPSIS = "…"


class ReviewFilter(StrEnum):
    ALL = "all"
    FLAGGED = "flagged"
    UNANSWERED = "unanswered"


@dataclass(frozen=True)
class WalkThrough:
    """Review these questions in order: n and p move among them."""

    label: str  # "flagged", "unanswered", "all"
    positions: tuple[int, ...]


# the columns beside the stem: (title, width); the stem takes what is left
COLUMNS = (("No.", 4), ("Status", 10), ("Marks", 7))
CELL_PADDING = 1
CHROME = 2 + 2  # the screen's padding and the table's scroll bar


def fitted(text: str, width: int) -> Text:
    """Literal text cut to `width` cells, with an ellipsis when it was longer."""
    shown = literal_text(text)
    if shown.cell_len > width:
        shown.truncate(max(1, width), overflow="ellipsis")
    return shown


class ExamReviewScreen(ModalScreen[GoTo | SubmitExam | WalkThrough | None]):
    """Dismisses with the question to go to, a walk through some questions, a request to submit, or
    None to go back. The exam's clock keeps running (shown here too)."""

    BINDINGS = bindings("review")

    def __init__(self, exam: ExamSession, shown: ReviewFilter = ReviewFilter.ALL) -> None:
        super().__init__()
        self.exam = exam
        self.shown = shown
        self.positions: list[int] = []
        self._stem_width = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="review"):
            with Horizontal(id="review-bar"):
                yield Static(id="review-summary")
                yield Static(id="review-timer")
            yield Static(id="review-filter")
            yield DataTable(id="review-table", cursor_type="row", zebra_stripes=True, cell_padding=CELL_PADDING)
            yield Static(
                "⚑ flagged   ✎ noted   ⊘2: two choices struck out   Enter: go to the question",
                id="review-legend",
                classes="hint",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        exam = self.exam
        answered = exam.total - len(exam.unanswered())
        self.query_one("#review-summary", Static).update(
            f"Review: {answered} answered · {len(exam.unanswered())} unanswered · {len(exam.flagged())} flagged"
            f" · {len(exam.noted())} noted"
        )
        self._tick()
        self.set_interval(1.0, self._tick)
        self._build()
        self.query_one(DataTable).focus()

    def _tick(self) -> None:
        if not self.exam.finished:
            self.query_one("#review-timer", Static).update(f"⏱ {clock_text(self.exam.remaining)}")

    def on_resize(self) -> None:
        if self._width() != self._stem_width:
            self._build()

    def _width(self) -> int:
        fixed = sum(width + 2 * CELL_PADDING for _, width in COLUMNS) + 2 * CELL_PADDING
        return max(10, self.size.width - fixed - CHROME)

    def _listed(self) -> list[int]:
        exam = self.exam
        if self.shown is ReviewFilter.FLAGGED:
            return exam.flagged()
        if self.shown is ReviewFilter.UNANSWERED:
            return exam.unanswered()
        return list(range(exam.total))

    def _build(self) -> None:
        """(Re)fill the table for the filter and the width: the stem column takes what is left."""
        exam = self.exam
        table = self.query_one(DataTable)
        row = table.cursor_row
        keep = self.positions[row] if 0 <= row < len(self.positions) else None
        self._stem_width = self._width()
        self.positions = self._listed()
        table.clear(columns=True)
        number, status, marks = COLUMNS
        table.add_column(number[0], width=number[1], key="number")
        table.add_column("Question", width=self._stem_width, key="question")
        table.add_column(status[0], width=status[1], key="status")
        table.add_column(marks[0], width=marks[1], key="marks")
        for position in self.positions:
            answered = exam.is_answered(position)
            mark = ("⚑" if exam.is_flagged(position) else " ") + ("✎" if exam.remark(position) else " ")
            struck = len(exam.struck(position))
            mark += f" ⊘{struck}" if struck else ""
            table.add_row(
                Text(f"{position + 1:>3}", style="bold" if position == exam.index else ""),
                fitted(first_line(exam.question(position)), self._stem_width),
                # words and marks, not colours: they read the same in light and dark themes
                Text("answered") if answered else Text("unanswered", style="bold"),
                Text(mark, style="bold"),
                key=str(position),
            )
        self._describe()
        target = keep if keep in self.positions else exam.index
        if target in self.positions:
            table.move_cursor(row=self.positions.index(target), animate=False)

    def _describe(self) -> None:
        count = len(self.positions)
        if self.shown is ReviewFilter.ALL:
            text = f"All {count} questions.   f: flagged only   u: unanswered only"
        elif count == 0:
            text = f"No {self.shown.value} questions.   a: all questions"
        else:
            text = f"The {count} {self.shown.value} question{'s' if count != 1 else ''}.   a: all questions"
        self.query_one("#review-filter", Static).update(text)

    def action_show(self, shown: str) -> None:
        self.shown = ReviewFilter(shown)
        self._build()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.dismiss(GoTo(int(event.row_key.value)))

    def action_walk(self) -> None:
        if not self.positions:
            self.notify(f"No {self.shown.value} questions to review.", timeout=3)
            return
        self.dismiss(WalkThrough(self.shown.value, tuple(self.positions)))

    def action_submit(self) -> None:
        self.dismiss(SubmitExam())

    def action_back(self) -> None:
        self.dismiss(None)
