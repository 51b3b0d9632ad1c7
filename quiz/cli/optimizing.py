"""`quiz optimize`: fit FSRS to your reviews and use the fit only if it predicts your later reviews
better; `--dry-run` saves nothing, `--reset` goes back to FSRS's defaults."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from quiz.insight.fitting import ABOUT, in_use_line, outcome_json, outcome_lines
from quiz.study import Study
from quiz.text import printable

REFUSED = 3  # the exit status when there are too few reviews to fit


def optimize_command(study: Study, *, dry_run: bool = False, reset: bool = False, as_json: bool = False) -> int:
    if reset:
        study.reset_fsrs_parameters()
        if as_json:
            print(json.dumps({"reset": True, "saved": True}, indent=2))
        else:
            print("FSRS's default parameters are in use again; every card was rescheduled with them.")
        return 0
    in_use = in_use_line(study.store.settings.fsrs_parameters)
    with _progress(enabled=not as_json and sys.stderr.isatty()) as progress:
        outcome = study.fsrs_fit(progress)()
    saved = outcome.report is not None and outcome.report.switch and not dry_run
    if saved and outcome.report is not None:
        study.use_fit(outcome.report)
    if as_json:
        print(json.dumps(outcome_json(outcome, saved=saved), indent=2))
        return REFUSED if outcome.report is None else 0
    lines = [in_use, *outcome_lines(outcome)]
    if outcome.report is not None:
        lines.append(ABOUT)
        if saved:
            lines.append("Saved: the fitted parameters are in use from now on; every card was rescheduled with them.")
        elif outcome.report.switch:
            lines.append("Dry run: nothing was saved.")
    _print_wrapped(lines)
    return REFUSED if outcome.report is None else 0


def _print_wrapped(lines: list[str]) -> None:
    """Each line wrapped at words to the terminal (a table row, indented, is left as it is)."""
    import shutil
    import textwrap

    width = shutil.get_terminal_size((80, 24)).columns
    for line in lines:
        print(printable(line if line.startswith(" ") else textwrap.fill(line, width) or line))


@contextmanager
def _progress(*, enabled: bool) -> Iterator[Callable[[str, float], None] | None]:
    """A progress bar on stderr (fsrs-rs reports no progress of its own: the bar moves by stage)."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn

    console = Console(stderr=True, highlight=False)
    with Progress(TextColumn("{task.description}"), BarColumn(), console=console, transient=True) as bar:
        task = bar.add_task("fitting FSRS", total=1.0)

        def say(what: str, done: float) -> None:
            bar.update(task, description=what, completed=done)

        yield say
