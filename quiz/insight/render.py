"""Progress drawn as Rich text and tables (charts, mastery by domain, sessions, readiness): shared by the
stats screen and `quiz stats`. Nothing from a file is parsed as markup (quiz.text.printable, Text)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich import box
from rich.table import Table
from rich.text import Text

from quiz.insight.readiness import Readiness
from quiz.insight.stats import Stats
from quiz.text import printable

BLOCKS = "▁▂▃▄▅▆▇█"
BAR_WIDTH = 12
EXAM_SCORES_SHOWN = 30  # the most recent exams drawn in the scores chart


def sparkline(values: list[float], top: float | None = None) -> str:
    """One character per value on a 0..top scale (default top: the largest value); zero is a blank.
    Always show it with its scale (`framed_sparkline`): alone, the blanks and the tallest block say
    nothing about size."""
    if not values:
        return ""
    ceiling = top if top is not None else max(values) or 1
    return "".join(
        BLOCKS[min(len(BLOCKS) - 1, int(v / ceiling * (len(BLOCKS) - 1) + 0.5))] if v > 0 else " " for v in values
    )


def column_chart(values: list[float], top: float, height: int = 3) -> list[str]:
    """Rows (top first) of a column chart, one column per value, scaled from 0 to `top` (the full
    height); any value above zero shows at least the lowest eighth of a row."""
    eighths = height * len(BLOCKS)
    levels = [0 if v <= 0 else max(1, min(eighths, round(v / top * eighths))) if top > 0 else 0 for v in values]
    rows = []
    for row in range(height - 1, -1, -1):
        base = row * len(BLOCKS)
        rows.append(
            "".join(
                "█" if level >= base + len(BLOCKS) else BLOCKS[level - base - 1] if level > base else " "
                for level in levels
            )
        )
    return rows


@dataclass(frozen=True)
class Chart:
    """A chart with its scale stated: values from 0 (the bottom) to `top` (the full height)."""

    title: str
    values: list[float]
    top: float
    unit: str  # what one value counts, as shown after the top: "%" or " a day"
    first: str  # what the first and the last column stand for
    last: str

    @property
    def scale(self) -> str:
        return f"0-{self.top:.0f}{self.unit}"


def stats_charts(stats: Stats) -> list[Chart]:
    """Exam scores (0-100%), reviews a day for 30 days and the due forecast, each with its scale."""
    exams = [a for a in stats.attempts if a.kind == "exam"][-EXAM_SCORES_SHOWN:]
    reviews = [float(n) for _, n in stats.reviews_per_day]
    due = [float(n) for _, n in stats.due_forecast]

    def day(value: date) -> str:
        return value.strftime("%b %d")

    shown = f"last {len(exams)}" if len(exams) == EXAM_SCORES_SHOWN else str(len(exams))
    return [
        Chart(
            f"Exam scores ({shown}), oldest first",
            [a.percent for a in exams],
            100,
            "%",
            exams[0].finished.astimezone().strftime("%b %d") if exams else "",
            exams[-1].finished.astimezone().strftime("%b %d") if exams else "",
        ),
        Chart(
            f"Reviews a day, last 30 days ({sum(reviews):.0f})",
            reviews,
            max([*reviews, 1.0]),
            " a day",
            day(stats.reviews_per_day[0][0]),
            day(stats.reviews_per_day[-1][0]),
        ),
        Chart(
            f"Due a day, next 14 days ({sum(due):.0f})",
            due,
            max([*due, 1.0]),
            " a day",
            day(stats.due_forecast[0][0]),
            day(stats.due_forecast[-1][0]),
        ),
    ]


def chart_text(chart: Chart, height: int = 3) -> Text:
    """The chart with its title, the scale on the left axis and the first and last column named."""
    text = Text(chart.title + "\n", style="bold")
    if not chart.values:
        text.append("none yet", style="dim")
        return text
    top = f"{chart.top:.0f}{chart.unit.strip() if chart.unit == '%' else ''}"
    bottom = "0%" if chart.unit == "%" else "0"
    width = max(len(top), len(bottom))
    for n, row in enumerate(column_chart(chart.values, chart.top, height)):
        label = top if n == 0 else bottom if n == height - 1 else ""
        text.append(f"{label:>{width}}▕", style="dim")
        text.append(row + "\n")
    span = len(chart.values)
    axis = (
        chart.first
        if span < len(chart.first) + len(chart.last) + 2
        else (chart.first + " " * (span - len(chart.first) - len(chart.last)) + chart.last)
    )
    text.append(" " * (width + 1) + axis, style="dim")
    return text


def framed_sparkline(chart: Chart) -> Text:
    """One line: the sparkline between bars, then its scale and the span it covers."""
    text = Text("  ▕", style="dim")
    text.append(sparkline(chart.values, chart.top))
    text.append(f"▏ scale {chart.scale}", style="dim")
    if chart.first:
        text.append(f", {chart.first} to {chart.last}", style="dim")
    return text


def domain_table(stats: Stats, *, bars: bool, boxed: bool = False) -> Table:
    """Mastery, seen, unseen and accuracy per domain. Numbers never wrap; the domain name may."""
    table = Table(box=box.SQUARE if boxed else box.SIMPLE_HEAD, pad_edge=boxed, show_edge=boxed)
    table.add_column("domain", ratio=1, min_width=12, overflow="fold")
    table.add_column("mastered", justify="right", no_wrap=True)
    if bars:
        table.add_column("", no_wrap=True, width=BAR_WIDTH)
    for column in ("seen", "unseen", "accuracy"):
        table.add_column(column, justify="right", no_wrap=True)
    for d in stats.domains:
        cells = [Text(d.domain.label), Text(f"{d.mastery:.0%}")]
        if bars:
            filled = round(BAR_WIDTH * d.mastery)
            cells.append(Text("█" * filled + "░" * (BAR_WIDTH - filled)))
        cells += [
            Text(f"{d.seen}/{d.questions}"),
            Text(str(d.never_seen)),
            Text("-" if d.accuracy is None else f"{d.accuracy:.0%}"),
        ]
        table.add_row(*cells)
    return table


def sessions_table(stats: Stats, *, newest_first: bool, limit: int | None = None, boxed: bool = False) -> Table:
    """Finished sessions; titles come from files, so they are shown literally (quiz.text.printable)."""
    table = Table(box=box.SQUARE if boxed else box.SIMPLE_HEAD, pad_edge=boxed, show_edge=boxed)
    table.add_column("finished", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("title", ratio=1, min_width=10, overflow="fold")
    for column in ("score", "%"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("result", no_wrap=True)
    attempts = stats.attempts[-limit:] if limit else stats.attempts
    for attempt in reversed(attempts) if newest_first else attempts:
        result = "" if attempt.passed is None else ("pass" if attempt.passed else "below")
        table.add_row(
            Text(attempt.finished.astimezone().strftime("%Y-%m-%d %H:%M")),
            Text(printable(attempt.kind)),
            Text(printable(attempt.title)),
            Text(f"{attempt.score}/{attempt.total}"),
            Text(f"{attempt.percent:.0f}"),
            Text(result),
        )
    return table


def due_text(stats: Stats) -> Text:
    """Due now and by the end of today, named exactly as the Home screen names them."""
    text = Text("Due now: ", style="bold")
    text.append(str(stats.due.now))
    text.append("   Due by the end of today (local time): ", style="bold")
    text.append(str(stats.due.by_end_of_today))
    return text


def streak_text(stats: Stats) -> Text:
    text = Text("Study streak: ", style="bold")
    text.append(f"{stats.streak} day{'s' if stats.streak != 1 else ''}")
    return text


def leeches_text(stats: Stats, *, shown: int = 5) -> Text:
    text = Text("Leeches (missed 4+ times): ", style="bold")
    text.append(str(len(stats.leeches)))
    if stats.leeches:
        listed = (f"{printable(leech.key)} ({leech.wrong} wrong)" for leech in stats.leeches[:shown])
        text.append(": " + ", ".join(listed))
        if len(stats.leeches) > shown:
            text.append(f" and {len(stats.leeches) - shown} more")
    return text


NO_MORE_STUDY = "if you study no more from today (forgetting only)"
PROJECTING = "working it out..."


def readiness_text(forecasts: list[Readiness], *, detail: bool = True, projecting: bool = False) -> Text:
    """Today's forecast and, when planned, the exam day's, each saying what it assumes. `projecting`:
    the follow-the-plan forecast is still being computed (the screen fills it in)."""
    if not forecasts:
        return Text("Readiness: no exam profile loaded.")
    first = forecasts[0]
    text = Text("Readiness for ", style="bold")
    text.append(printable(first.title), style="bold")
    if first.pass_percent is not None:
        text.append(f"; practice pass mark {first.pass_percent:.0f}%")
    for n, readiness in enumerate(forecasts):
        day = readiness.when.astimezone().strftime("%Y-%m-%d")
        if n and readiness.plan is None and projecting:
            text.append(f"\n  Exam day ({day}), if you follow the plan: {PROJECTING}")
        text.append(f"\n  {'Today' if n == 0 else 'Exam day'} ({day})")
        if n:
            text.append(", if you follow the plan" if readiness.plan is not None else f", {NO_MORE_STUDY}")
        text.append(": ")
        style = (
            "green"
            if readiness.pass_percent is None or readiness.expected * 100 >= readiness.pass_percent
            else ("yellow")
        )
        text.append(f"about {readiness.expected:.0%}", style=f"bold {style}")
        text.append(f", likely {readiness.low:.0%}-{readiness.high:.0%}")
        if n == 0:
            text.append(f" on a {readiness.questions}-question exam")
        if readiness.plan is not None:
            new = readiness.plan
            plural = "s" if new.new_per_day != 1 else ""
            text.append(
                f"\n    (every review as it falls due, and {new.new_per_day} new question{plural} a day: "
                f"{new.new_questions} in all)",
                style="dim",
            )
    text.append(
        f"\n  Guessing alone scores {first.floor:.0%}; only answers you got right raise the forecast.", style="dim"
    )
    focus = forecasts[-1].focus
    if focus:
        text.append("\n  Work on: ", style="bold")
        suffix = " if mastered" if detail else ""
        text.append(", ".join(f"{d.domain.label} (+{d.gain(forecasts[-1].questions):.0%}{suffix})" for d in focus))
    return text
