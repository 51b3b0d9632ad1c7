"""Loaded banks, and every bank or profile that failed to load with its located errors."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from quiz.library import Library
from quiz.tui.widgets.chrome import KeyBar


class BanksScreen(Screen[None]):
    BINDINGS = [Binding("escape", "back", "Back", id="banks.back")]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(f"{len(self.library.banks)} banks, {self.library.question_count} questions",
                         classes="section-title")
            yield DataTable(id="bank-table", cursor_type="row")
            problems = self.library.problems
            title = f"{len(problems)} problem(s) while loading" if problems else "No loading problems"
            yield Static(title, classes="section-title")
            if problems:
                yield Static("\n".join(str(p) for p in problems), id="problems", classes="problems")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Banks"
        table = self.query_one(DataTable)
        table.add_columns("bank", "title", "questions", "source")
        for loaded in self.library.banks:
            source = "shipped" if loaded.shipped else str(loaded.path)
            table.add_row(loaded.bank.bank, loaded.bank.title, str(len(loaded.bank.questions)), source)
        from quiz.drills import DRILL_BANK_TITLES

        for bank_id, count in self.library.drill_banks.items():
            table.add_row(bank_id, DRILL_BANK_TITLES[bank_id], str(count), "generated from pydicom / hl7apy")

    def action_back(self) -> None:
        self.dismiss(None)
