"""The question browser (B on Home, `quiz browse`): every bank question in a table, searched as you
type, sorted by any column; Enter opens one with its explanation, history and schedule. Dismisses
with the keys to practise when asked to (the App starts that practice), else None."""

from __future__ import annotations

import gc
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from quiz.errors import StoreWriteError
from quiz.insight.browse import Row, Term, browse_rows, narrows, parse_query, search, sorted_rows
from quiz.study import Study
from quiz.text import printable_line
from quiz.tui.actions import bindings
from quiz.tui.literal import literal
from quiz.tui.read_only import refused
from quiz.tui.widgets.chrome import KeyBar
from quiz.tui.widgets.table import GAP, Column, LineTable

if TYPE_CHECKING:
    from quiz.tui.app import QuizApp

# what matters most first; the table scrolls sideways to the rest (and the preview shows them too)
COLUMNS = (
    *("question", "state", "recall", "due", "answers", "right", "discr."),
    *("id", "kind", "difficulty", "domain", "bank"),
)
NUMBERS = ("recall", "answers", "right", "discr.")
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
    "discr.": "discrimination",
}
SORT_ORDER = ("key", "domain", "kind", "difficulty", "recall", "due", "answers", "accuracy", "discrimination")
STATE_ORDER = ("suspended", "buried", "leech", "missed", "due", "flagged", "noted", "new")


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
        self._terms: list[Term] = []  # the last search, and what it found (in key order)
        self._found: list[Row] = []
        self._now = study.clock.now()

    def compose(self) -> ComposeResult:
        with Vertical(id="browser"):
            yield Input(
                self.query_text,
                placeholder="search: words, or domain: topic: kind: bank: difficulty: id: is:due|missed|new|…",
                id="browse-search",
            )
            yield Static(id="browse-status")
            yield LineTable[Row](
                [Column(key, _WIDTHS[key], key in NUMBERS) for key in COLUMNS], self._cells, id="browse-table"
            )
            yield Static(id="browse-preview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Browse questions"
        # the question fills what the next six columns leave of the width
        beside = sum(_WIDTHS[c] + GAP for c in COLUMNS[1:7])
        self.table.set_widths({"question": max(24, self.app.size.width - beside - GAP - 4)})
        self.reload()
        self.query_one(Input).focus()

    @property
    def table(self) -> LineTable[Row]:
        return self.query_one("#browse-table", LineTable)

    # data ----------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Rows anew from the progress (after a suspend, a reset...), the search and cursor kept."""
        study = self.study
        self._now = study.clock.now()
        self.rows = browse_rows(study.library, study.store, study.scheduling, self._now)
        # 20,000 rows hold some 100,000 objects: a full collection scanning them all while you type costs
        # 60-100 ms a time. They hold no cycles (refcounting frees them), so the collector may skip them.
        gc.freeze()
        self._terms = []
        self._refill()

    def _refill(self) -> None:
        keep = self.current.key if self.current is not None else None
        terms, problems = parse_query(self.query_text)
        # typing a word further narrows the last search: look only at what it found
        pool = self._found if narrows(terms, self._terms) else self.rows
        self._terms, self._found = terms, search(pool, terms)
        self.shown = sorted_rows(self._found, self.sort, reverse=self.reverse)
        cursor = next((i for i, row in enumerate(self.shown) if row.key == keep), 0) if keep else 0
        self.table.show(self.shown, cursor)
        status = f"{len(self.shown):,} of {len(self.rows):,} question{'' if len(self.rows) == 1 else 's'}"
        status += f"   ·   sorted by {self.sort}{' (reversed)' if self.reverse else ''}"
        if problems:
            status += "   ·   " + "; ".join(problems)
        self.query_one("#browse-status", Static).update(literal(status))
        self._preview()

    @property
    def current(self) -> Row | None:
        if not self.shown:
            return None
        return self.shown[min(self.table.cursor, len(self.shown) - 1)]

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

    def _cells(self, row: Row) -> list[str]:
        return [
            row.stem,
            state_text(row),
            f"{row.recall:.0%}" if row.recall is not None else "",
            due_text(row.due, self._now),
            str(row.answers) if row.answers else "",
            f"{row.accuracy:.0%}" if row.accuracy is not None else "",
            f"{row.discrimination:.2f}" if row.discrimination is not None else "",
            row.id,
            row.kind,
            row.difficulty,
            row.domain,
            row.bank,
        ]

    # events ----------------------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self._refill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.table.focus()

    def on_line_table_highlighted(self, event: LineTable.Highlighted) -> None:
        self._preview()

    def on_line_table_selected(self, event: LineTable.Selected) -> None:
        self.action_open()

    def on_line_table_header_clicked(self, event: LineTable.HeaderClicked) -> None:
        sort = SORTABLE.get(event.key)
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
        if refused(self, self.study, "Practice"):
            return  # said before leaving the browser, so the search stays as it is
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

    @work(exclusive=True, group="browser-edit")
    async def action_edit(self) -> None:
        row = self.current
        if row is None:
            return
        await cast("QuizApp", self.app).edit_question(row.key).wait()
        self.reload()

    def action_back(self) -> None:
        if self.focused is self.query_one(Input) and self.shown:
            self.table.focus()
            return
        self.dismiss(None)


async def set_question_state(screen: Screen[Any], study: Study, key: str, action: str) -> bool:
    """Suspend, unsuspend, bury, unbury or reset `key` (a reset is asked first); says what was done."""
    from quiz.tui.screens.dialogs import ConfirmScreen

    if refused(screen, study, "Suspending, burying or resetting a question"):
        return False
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
    "discr.": 6,
    "id": 30,
    "kind": 12,
    "difficulty": 10,
    "domain": 22,
    "bank": 24,
}
