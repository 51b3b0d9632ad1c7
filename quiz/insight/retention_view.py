"""The retention simulation drawn as Rich text: the table of choices, what it assumes, and the chart
of a choice's reviews a day; shared by the Stats screen and `quiz simulate`. Numbers never wrap, and
the profile's title (from a file) is shown literally."""

from __future__ import annotations

import math
from datetime import timedelta

from rich import box
from rich.table import Table
from rich.text import Text

from quiz.insight.render import Chart, chart_text
from quiz.insight.retention import RetentionReport
from quiz.scheduling.simulate import RetentionOutcome
from quiz.text import printable

CHART_COLUMNS = 60  # at most; longer spans show each column as the mean of a few days
IN_USE = "in use"


def amount(value: float) -> str:
    """A count or minutes a day: a decimal below 10, where it still says something."""
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def recall_heading(report: RetentionReport) -> str:
    return "recalled\non exam day" if report.exam_day else f"recalled\non {report.target.isoformat()}"


def retention_table(report: RetentionReport, *, boxed: bool = False) -> Table:
    """One row per retention: reviews a day (mean), the busiest day (reviews and new questions),
    minutes a day and the blueprint's share recalled at the end; the retention in use is marked."""
    table = Table(box=box.SQUARE if boxed else box.SIMPLE_HEAD, pad_edge=boxed, show_edge=boxed)
    table.add_column("retention", no_wrap=True)
    for heading in ("reviews\na day", "busiest\nday", "minutes\na day", recall_heading(report)):
        table.add_column(heading, justify="right", no_wrap=True)
    for outcome in report.outcomes:
        in_use = _in_use(report, outcome)
        style = "bold" if in_use else ""
        table.add_row(
            Text(f"{'▸' if in_use else ' '} {outcome.retention:.2f}{' ' + IN_USE if in_use else ''}", style=style),
            Text(amount(outcome.reviews_per_day), style=style),
            Text(str(outcome.busiest_day), style=style),
            Text(amount(outcome.minutes_per_day), style=style),
            Text("-" if outcome.recall is None else f"{outcome.recall:.0%}", style=style),
        )
    return table


def _in_use(report: RetentionReport, outcome: RetentionOutcome) -> bool:
    return abs(outcome.retention - report.current) < 1e-9


def retention_notes(report: RetentionReport) -> Text:
    """What the numbers assume, in a few sentences."""
    last = report.start + timedelta(days=report.days - 1)
    span = (
        f"from today to the exam's eve ({last.isoformat()})"
        if report.exam_day
        else f"from today to {last.isoformat()} ({report.days} days)"
    )
    plural = "s" if report.studied != 1 else ""
    text = Text(
        f"Simulated with FSRS from your {report.studied:,} studied question{plural}, as their cards are now, {span}: "
        "each question due is answered once that day, right with the chance FSRS gives it",
        style="dim",
    )
    runs = report.outcomes[0].runs if report.outcomes else 1
    text.append(
        f" (the mean of {runs} runs, as one run of so few questions is noisy).\n" if runs > 1 else ".\n", style="dim"
    )
    source = "the exam plan's number" if report.new_from_plan else "daily_new in your settings"
    if report.unseen and report.new_per_day and report.new_days:
        days = f"{report.new_days} day{'s' if report.new_days != 1 else ''}"
        until = (
            f"until the {report.unseen:,} not seen yet are all seen"
            if report.unseen <= report.new_per_day * report.new_days
            else f"for {days}: {report.new_per_day * report.new_days:,} of the {report.unseen:,} not seen yet"
        )
        text.append(f"New questions: {report.new_per_day} a day ({source}) {until}; ", style="dim")
    else:
        text.append("New questions: none ", style="dim")
        text.append("(none left to see); " if not report.unseen else f"({source} is 0); ", style="dim")
    basis = f"your {report.first_answers:,} first answers" if report.first_answers else "none given yet"
    text.append(f"a first answer is right {report.first_right:.0%} of the time ({basis}).\n", style="dim")
    times = (
        "your recorded times"
        if report.review_time.answers and report.new_time.answers
        else "defaults where you have no recorded times yet"
    )
    text.append(
        f"Minutes a day: {report.review_time.seconds:.0f} s a review and {report.new_time.seconds:.0f} s a new "
        f"question ({times}).\n",
        style="dim",
    )
    whose = f"the blueprint of {printable(report.blueprint)}" if report.blueprint else "every bank question"
    text.append(
        f"Recalled: FSRS's chance of recalling each question of {whose} on {report.target.isoformat()} (none for "
        "one never seen), averaged by the blueprint's domain weights.",
        style="dim",
    )
    return text


def retention_chart(report: RetentionReport, retention: float, *, columns: int = CHART_COLUMNS) -> Chart:
    """Reviews and new questions a day at `retention`, today first; over `columns` days, each column
    is the mean of a few days (the title says how many). Its scale is the same for every retention
    of the report, so stepping from one to the next shows the difference."""
    per = max(1, math.ceil(report.days / columns))

    def columns_of(outcome: RetentionOutcome) -> list[float]:
        daily = [float(r + n) for r, n in zip(outcome.reviews, outcome.new, strict=True)]
        return [sum(daily[i : i + per]) / len(daily[i : i + per]) for i in range(0, len(daily), per)]

    outcome = report.outcome(retention)
    top = max([1.0, *(value for other in report.outcomes for value in columns_of(other))])
    each = f", each column the mean of {per} days" if per > 1 else ""
    last = report.start + timedelta(days=report.days - 1)
    return Chart(
        f"Questions a day at retention {outcome.retention:.2f} (reviews and new{each})",
        columns_of(outcome),
        float(math.ceil(top)),
        " a day",
        report.start.strftime("%b %d"),
        last.strftime("%b %d"),
    )


def retention_chart_text(report: RetentionReport, retention: float, *, columns: int = CHART_COLUMNS) -> Text:
    return chart_text(retention_chart(report, retention, columns=columns), height=4)
