"""`quiz simulate`: what each desired retention costs and gives, from your own cards and plan."""

from __future__ import annotations

import json

from rich.console import Console
from rich.text import Text

from quiz.insight.retention_view import retention_chart_text, retention_notes, retention_table
from quiz.study import Study


def print_simulation(
    study: Study, *, days: int | None = None, as_json: bool = False, console: Console | None = None
) -> int:
    report = study.retention_simulation(days=days)()
    if as_json:
        print(json.dumps(report.to_json(), indent=2))
        return 0
    console = console or Console(highlight=False)
    for part in (
        Text("Desired retention: what each choice costs and gives", style="bold"),
        retention_table(report),
        retention_notes(report),
        Text(""),
        retention_chart_text(report, report.current),
        Text(""),
        Text("Pick one with `quiz settings retention 0.85` (0.70 to 0.97), or + and - on the Stats screen."),
    ):
        console.print(part, markup=False, highlight=False)
    return 0
