"""Progress at a glance: past attempts and accuracy by domain."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from quiz.domains import Domain
from quiz.study import Study
from quiz.tui.formatting import bar


class StatsScreen(Screen[None]):
    BINDINGS = [Binding("escape", "back", "Back", id="stats.back")]

    def __init__(self, study: Study) -> None:
        super().__init__()
        self.study = study

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("By domain", classes="section-title")
            yield DataTable(id="domain-table", cursor_type="none")
            yield Static("Attempts", classes="section-title")
            yield DataTable(id="attempt-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Stats"
        library, store = self.study.library, self.study.store
        in_domain = library.domain_counts()
        seen: Counter[Domain] = Counter()
        answered: Counter[Domain] = Counter()
        right: Counter[Domain] = Counter()
        for review in store.reviews:
            entry = library.get(review.get("key", ""))
            if entry is None or review.get("amends"):
                continue
            answered[entry.domain] += 1
            right[entry.domain] += bool(review.get("correct"))
        for key in store.history:
            entry = library.get(key)
            if entry is not None:
                seen[entry.domain] += 1
        table = self.query_one("#domain-table", DataTable)
        table.add_columns("domain", "seen", "answers", "accuracy", "")
        for domain in Domain:
            accuracy = 100 * right[domain] / answered[domain] if answered[domain] else 0.0
            table.add_row(
                domain.label, f"{seen[domain]}/{in_domain[domain]}", str(answered[domain]),
                f"{accuracy:.0f}%" if answered[domain] else "-", bar(accuracy, 16) if answered[domain] else "",
            )
        attempts = self.query_one("#attempt-table", DataTable)
        attempts.add_columns("finished", "kind", "title", "score", "%", "result")
        for attempt in reversed(store.attempts):
            finished = datetime.fromisoformat(attempt["finished_at"]).astimezone().strftime("%Y-%m-%d %H:%M")
            passed = attempt.get("pass_percent")
            verdict = "" if passed is None else ("pass" if attempt["percent"] >= passed else "below")
            attempts.add_row(finished, attempt["kind"], attempt["title"], f"{attempt['score']}/{attempt['total']}",
                             f"{attempt['percent']:.0f}", verdict)

    def action_back(self) -> None:
        self.dismiss(None)
