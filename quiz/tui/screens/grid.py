"""The exam's review grid: every question at a glance; Enter jumps to one, or submit from here."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from quiz.session.exam import ExamSession
from quiz.tui.actions import bindings
from quiz.tui.widgets.chrome import KeyBar

COLUMNS = 10


@dataclass(frozen=True)
class GoTo:
    index: int


@dataclass(frozen=True)
class SubmitExam:
    pass


class ReviewGridScreen(ModalScreen[GoTo | SubmitExam | None]):
    """Dismisses with the question to jump to, a request to submit, or None to go back."""

    BINDINGS = bindings("grid")

    def __init__(self, exam: ExamSession) -> None:
        super().__init__()
        self.exam = exam

    def compose(self) -> ComposeResult:
        exam = self.exam
        with Vertical(classes="dialog grid"):
            yield Static(
                f"Review: {exam.total - len(exam.unanswered())} answered, {len(exam.unanswered())} unanswered, "
                f"{len(exam.flagged())} flagged",
                classes="dialog-title",
            )
            yield DataTable(id="cells", show_header=False, cursor_type="cell", zebra_stripes=False, cell_padding=0)
            yield Static("● answered   ○ unanswered   ⚑ flagged   Enter: go there", classes="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*[str(c) for c in range(COLUMNS)])
        row: list[Text] = []
        for index in range(self.exam.total):
            row.append(self._cell(index))
            if len(row) == COLUMNS:
                table.add_row(*row)
                row = []
        if row:
            table.add_row(*row, *[Text("")] * (COLUMNS - len(row)))
        table.cursor_coordinate = table.cursor_coordinate._replace(
            row=self.exam.index // COLUMNS, column=self.exam.index % COLUMNS
        )
        table.focus()
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Rows beyond the screen's height scroll inside the table, so the legend and the keys stay
        in view (160 questions are 16 rows: more than an 80x24 terminal has)."""
        chrome = 12  # the dialog's border and padding, the title and legend with their margins, the key bar
        self.query_one(DataTable).styles.max_height = max(3, self.size.height - chrome)

    def _cell(self, index: int) -> Text:
        answered = self.exam.is_answered(index)
        flagged = self.exam.is_flagged(index)
        style = "bold yellow" if flagged else ("green" if answered else "dim")
        return Text(f" {index + 1:>3}{'●' if answered else '○'}{'⚑' if flagged else ' '}", style=style)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        index = event.coordinate.row * COLUMNS + event.coordinate.column
        if index < self.exam.total:
            self.dismiss(GoTo(index))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        self.dismiss(SubmitExam())
