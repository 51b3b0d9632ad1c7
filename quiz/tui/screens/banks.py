"""Loaded banks, and every bank or profile that failed to load with its located errors."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from quiz.study import Study
from quiz.text import printable, printable_line
from quiz.tui.actions import bindings
from quiz.tui.literal import literal, literal_text
from quiz.tui.widgets.chrome import KeyBar


def shortened(text: str, width: int) -> str:
    """`text` in at most `width` cells, cut in the middle (the start and the file name both matter)."""
    if len(text) <= width:
        return text
    keep = max(width - 1, 2)
    head = keep // 3
    return f"{text[:head]}…{text[len(text) - (keep - head) :]}"


class BanksScreen(Screen[None]):
    BINDINGS = bindings("banks")

    def __init__(self, study: Study) -> None:
        super().__init__()
        self.study = study
        self.library = study.library

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="banks"):
            banks = len(self.library.banks)
            yield Static(
                f"{banks} bank{'s' if banks != 1 else ''}, {self.library.question_count:,} questions",
                classes="section-title",
            )
            yield DataTable(id="bank-table", cursor_type="row", zebra_stripes=True)
            problems = self.library.problems
            count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
            yield Static(f"{count} while loading" if problems else "No loading problems", classes="section-title")
            if problems:
                yield Static(literal("\n".join(str(p) for p in problems)), id="problems", classes="problems")
            warnings = self.library.warnings
            if warnings:
                count = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
                yield Static(
                    f"{count} (the banks loaded; their text may not show as intended)", classes="section-title"
                )
                yield Static(literal("\n".join(str(w) for w in warnings)), id="warnings", classes="warnings")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Banks"
        table = self.query_one(DataTable)
        ids = [loaded.bank.bank for loaded in self.library.banks] + list(self.library.drill_banks)
        id_width = max([4, *(len(printable(i)) for i in ids)])
        # bank, questions (never cut), then the title above its source in the rest of the width
        rest = max(20, self.size.width - id_width - 9 - 10)
        table.add_column("bank", width=id_width)
        table.add_column(Text("questions", justify="right"), width=9)
        table.add_column("title / source", width=rest)
        for loaded in self.library.banks:
            source = "shipped" if loaded.shipped else str(loaded.path)
            self._row(table, loaded.bank.bank, len(loaded.bank.questions), loaded.bank.title, source, rest)
        from quiz.drills import DRILL_BANK_TITLES, DRILL_SOURCES

        for bank_id, count in self.library.drill_banks.items():
            self._row(table, bank_id, count, DRILL_BANK_TITLES[bank_id], DRILL_SOURCES[bank_id], rest)

    @staticmethod
    def _row(table: DataTable[Text], bank_id: str, count: int, title: str, source: str, width: int) -> None:
        cell = literal_text(shortened(printable_line(title), width))
        cell.append("\n")
        cell.append_text(literal_text(shortened(printable_line(source), width), "dim"))
        table.add_row(literal_text(bank_id), Text(f"{count:,}", justify="right"), cell, height=2)

    def action_export_anki(self) -> None:
        from quiz.tui.downloads import export_anki

        table = self.query_one(DataTable)
        if table.row_count == 0:
            return
        bank_ids = [loaded.bank.bank for loaded in self.library.banks] + list(self.library.drill_banks)
        export_anki(self, self.study, bank_ids[table.cursor_row])

    def action_back(self) -> None:
        self.dismiss(None)
