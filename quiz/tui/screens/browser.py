"""The question browser (B on Home, `quiz browse`): every bank question in a table, searched as you
type, sorted by any column; Enter opens one with its explanation, history and schedule. Dismisses
with the keys to practise when asked to (the App starts that practice), else None."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from quiz.errors import StoreWriteError
from quiz.insight.browse import Row, browse_rows, parse_query, search, sorted_rows
from quiz.study import Study
from quiz.text import printable_line
from quiz.tui.actions import bindings
from quiz.tui.literal import literal, literal_text
from quiz.tui.widgets.chrome import KeyBar

# what matters most first; the table scrolls sideways to the rest (and the preview shows them too)
COLUMNS = ("question", "state", "recall", "due", "answers", "right", "id", "kind", "difficulty", "domain", "bank")
NUMBERS = ("recall", "answers", "right")
SORTABLE = {
    "id": "key",
    "bank": "key",
    "domain": "domain",
    "kind": "kind",
    "difficulty": "difficulty",
    "recall": "recall",
    "due": "due",
    "answers": "answers",
    "right": "accuracy",
}
SORT_ORDER = ("key", "domain", "kind", "difficulty", "recall", "due", "answers", "accuracy")
STATE_ORDER = ("suspended", "buried", "leech", "missed", "due", "flagged", "new")


def state_text(row: Row) -> str:
    return ", ".join(s for s in STATE_ORDER if s in row.states) or "learning"


def due_text(due: datetime | None, now: datetime) -> str:
    """A short date ("12 Mar"; with the year when not this year's)."""
    if due is None:
        return ""
    local = due.astimezone()
    return local.strftime("%d %b" if local.year == now.astimezone().year else "%b %Y")


class BrowserScreen(Screen[list[str] | None]):
    BINDINGS = bindings("browser")

    def __init__(self, study: Study, query: str = "") -> None:
        super().__init__()
        self.study = study
        self.query_text = query
        self.sort = "key"
        self.reverse = False
        self.rows: list[Row] = []
        self.shown: list[Row] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="browser"):
            yield Input(
                self.query_text,
                placeholder="search: words, or domain: topic: kind: bank: difficulty: id: is:due|missed|new|…",
                id="browse-search",
            )
            yield Static(id="browse-status")
            yield DataTable(id="browse-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="browse-preview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Browse questions"
        table = self.query_one(DataTable)
        # the question fills what the next five columns leave of the width (each cell has 2 of padding)
        beside = sum(_WIDTHS[c] + 2 for c in COLUMNS[1:6])
        widths = {**_WIDTHS, "question": max(24, self.app.size.width - beside - 6)}
        for column in COLUMNS:
            label = Text(column, justify="right") if column in NUMBERS else Text(column)
            table.add_column(label, key=column, width=widths[column])
        self.reload()
        self.query_one(Input).focus()

    # data ----------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Rows anew from the progress (after a suspend, a reset...), the search and cursor kept."""
        study = self.study
        self.rows = browse_rows(study.library, study.store, study.scheduling, study.clock.now())
        self._refill()

    def _refill(self) -> None:
        table = self.query_one(DataTable)
        keep = self.current.key if self.current is not None else None
        terms, problems = parse_query(self.query_text)
        self.shown = sorted_rows(search(self.rows, terms), self.sort, reverse=self.reverse)
        table.clear()
        now = self.study.clock.now()
        table.add_rows(_cells(row, now) for row in self.shown)
        if keep is not None:
            for index, row in enumerate(self.shown):
                if row.key == keep:
                    table.move_cursor(row=index, animate=False)
                    break
        status = f"{len(self.shown):,} of {len(self.rows):,} question{'' if len(self.rows) == 1 else 's'}"
        status += f"   ·   sorted by {self.sort}{' (reversed)' if self.reverse else ''}"
        if problems:
            status += "   ·   " + "; ".join(problems)
        self.query_one("#browse-status", Static).update(literal(status))
        self._preview()

    @property
    def current(self) -> Row | None:
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def _preview(self) -> None:
        row = self.current
        preview = self.query_one("#browse-preview", Static)
        if row is None:
            preview.update("No question matches." if self.rows else "No questions are loaded.")
            return
        entry = self.study.library.get(row.key)
        text = entry.question.question.strip() if entry else row.stem
        where = f"{row.key}   ·   {entry.domain.label if entry else row.domain}   ·   {row.kind}   ·   {row.difficulty}"
        topics = f"   ·   {', '.join(row.topics)}" if row.topics else ""
        preview.update(literal(f"{where}{topics}\n{text}"))

    # events ----------------------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self._refill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._preview()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        sort = SORTABLE.get(str(event.column_key.value))
        if sort is None:
            return
        self.reverse = not self.reverse if sort == self.sort else False
        self.sort = sort
        self._refill()

    # actions ---------------------------------------------------------------------------------------
    def action_search(self) -> None:
        self.query_one(Input).focus()

    def action_sort(self) -> None:
        self.sort = SORT_ORDER[(SORT_ORDER.index(self.sort) + 1) % len(SORT_ORDER)]
        self.reverse = False
        self._refill()

    def action_reverse(self) -> None:
        self.reverse = not self.reverse
        self._refill()

    def action_practise(self) -> None:
        keys = [row.key for row in self.shown if "suspended" not in row.states and "buried" not in row.states]
        if not keys:
            self.notify("No question here can be practised (suspended and buried ones are not asked).")
            return
        self.dismiss(keys)

    @work(exclusive=True, group="browser-open")
    async def action_open(self) -> None:
        from quiz.tui.screens.question_detail import QuestionDetailScreen

        row = self.current
        if row is None:
            return
        await self.app.push_screen_wait(QuestionDetailScreen(self.study, row.key))
        self.reload()

    def action_state(self, action: str) -> None:
        row = self.current
        if row is None:
            return
        if action == "suspend" and "suspended" in row.states:
            action = "unsuspend"
        elif action == "bury" and "buried" in row.states:
            action = "unbury"
        self._set_state(row.key, action)

    @work(exclusive=True, group="browser-state")
    async def _set_state(self, key: str, action: str) -> None:
        await set_question_state(self, self.study, key, action)
        self.reload()

    def action_back(self) -> None:
        if self.focused is self.query_one(Input) and self.shown:
            self.query_one(DataTable).focus()
            return
        self.dismiss(None)


async def set_question_state(screen: Screen[Any], study: Study, key: str, action: str) -> bool:
    """Suspend, unsuspend, bury, unbury or reset `key` (a reset is asked first); says what was done."""
    from quiz.tui.screens.dialogs import ConfirmScreen

    if action == "reset":
        sure = await screen.app.push_screen_wait(
            ConfirmScreen(
                "Reset its schedule?",
                f"{key} becomes a new question: it is scheduled from its next answer as if never seen. "
                "Your answers to it stay in the history.",
                yes="Reset",
            )
        )
        if not sure:
            return False
    try:
        study.set_question_state(key, action)
    except StoreWriteError as error:
        screen.notify(printable_line(error.user_message), severity="error", timeout=8, markup=False)
        return False
    said = {
        "suspend": "Suspended: it is not asked again until you unsuspend it (s).",
        "unsuspend": "Unsuspended: it is asked again.",
        "bury": "Buried until tomorrow.",
        "unbury": "Unburied: it can be asked today.",
        "reset": "Reset: it is a new question again.",
    }[action]
    screen.notify(said, timeout=4)
    return True


_WIDTHS = {
    "question": 30,
    "state": 12,
    "recall": 6,
    "due": 6,
    "answers": 7,
    "right": 5,
    "id": 30,
    "kind": 12,
    "difficulty": 10,
    "domain": 22,
    "bank": 24,
}


def _cells(row: Row, now: datetime) -> list[Text]:
    recall = f"{row.recall:.0%}" if row.recall is not None else ""
    right = f"{row.accuracy:.0%}" if row.accuracy is not None else ""
    return [
        literal_text(row.stem),
        Text(state_text(row)),
        Text(recall, justify="right"),
        Text(due_text(row.due, now)),
        Text(str(row.answers) if row.answers else "", justify="right"),
        Text(right, justify="right"),
        literal_text(row.id),
        Text(row.kind),
        Text(row.difficulty),
        Text(row.domain),
        literal_text(row.bank),
    ]
