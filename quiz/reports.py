"""Command-line reports over the study data: `quiz stats` and `quiz export results`."""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from quiz.readiness import Readiness
from quiz.stats import MASTERY_RULE, Stats
from quiz.study import Study
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
    return "".join(BLOCKS[min(len(BLOCKS) - 1, int(v / ceiling * (len(BLOCKS) - 1) + 0.5))] if v > 0 else " "
                   for v in values)


def column_chart(values: list[float], top: float, height: int = 3) -> list[str]:
    """Rows (top first) of a column chart, one column per value, scaled from 0 to `top` (the full
    height); any value above zero shows at least the lowest eighth of a row."""
    eighths = height * len(BLOCKS)
    levels = [0 if v <= 0 else max(1, min(eighths, round(v / top * eighths))) if top > 0 else 0 for v in values]
    rows = []
    for row in range(height - 1, -1, -1):
        base = row * len(BLOCKS)
        rows.append("".join("█" if level >= base + len(BLOCKS) else BLOCKS[level - base - 1] if level > base else " "
                            for level in levels))
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
        Chart(f"Exam scores ({shown}), oldest first", [a.percent for a in exams], 100, "%",
              exams[0].finished.astimezone().strftime("%b %d") if exams else "",
              exams[-1].finished.astimezone().strftime("%b %d") if exams else ""),
        Chart(f"Reviews a day, last 30 days ({sum(reviews):.0f})", reviews, max([*reviews, 1.0]), " a day",
              day(stats.reviews_per_day[0][0]), day(stats.reviews_per_day[-1][0])),
        Chart(f"Due a day, next 14 days ({sum(due):.0f})", due, max([*due, 1.0]), " a day",
              day(stats.due_forecast[0][0]), day(stats.due_forecast[-1][0])),
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
    axis = chart.first if span < len(chart.first) + len(chart.last) + 2 else (
        chart.first + " " * (span - len(chart.first) - len(chart.last)) + chart.last)
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
        cells += [Text(f"{d.seen}/{d.questions}"), Text(str(d.never_seen)),
                  Text("-" if d.accuracy is None else f"{d.accuracy:.0%}")]
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
        table.add_row(Text(attempt.finished.astimezone().strftime("%Y-%m-%d %H:%M")), Text(printable(attempt.kind)),
                      Text(printable(attempt.title)), Text(f"{attempt.score}/{attempt.total}"),
                      Text(f"{attempt.percent:.0f}"), Text(result))
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
        style = "green" if readiness.pass_percent is None or readiness.expected * 100 >= readiness.pass_percent else (
            "yellow")
        text.append(f"about {readiness.expected:.0%}", style=f"bold {style}")
        text.append(f", likely {readiness.low:.0%}-{readiness.high:.0%}")
        if n == 0:
            text.append(f" on a {readiness.questions}-question exam")
        if readiness.plan is not None:
            new = readiness.plan
            plural = "s" if new.new_per_day != 1 else ""
            text.append(f"\n    (every review as it falls due, and {new.new_per_day} new question{plural} a day: "
                        f"{new.new_questions} in all)", style="dim")
    text.append(f"\n  Guessing alone scores {first.floor:.0%}; only answers you got right raise the forecast.",
                style="dim")
    focus = forecasts[-1].focus
    if focus:
        text.append("\n  Work on: ", style="bold")
        suffix = " if mastered" if detail else ""
        text.append(", ".join(f"{d.domain.label} (+{d.gain(forecasts[-1].questions):.0%}{suffix})" for d in focus))
    return text


def readiness_json(readiness: Readiness) -> dict[str, Any]:
    plan = readiness.plan
    return {
        "profile": readiness.profile_id,
        "date": readiness.when.isoformat(),
        "assumes": ({"study_days": plan.study_days, "new_per_day": plan.new_per_day,
                     "new_questions": plan.new_questions} if plan is not None else "no further study"),
        "expected_percent": round(readiness.expected * 100, 1),
        "range_percent": [round(readiness.low * 100, 1), round(readiness.high * 100, 1)],
        "guessing_percent": round(readiness.floor * 100, 1),
        "pass_percent": readiness.pass_percent,
        "domains": [
            {"domain": d.domain.value, "questions_on_exam": d.questions_on_exam, "pool": d.pool, "seen": d.seen,
             "expected_percent": round(d.expected * 100, 1)}
            for d in readiness.domains
        ],
        "focus": [d.domain.value for d in readiness.focus],
    }


def print_stats(study: Study, *, profile_id: str | None = None, as_json: bool = False,
                console: Console | None = None) -> int:
    """`quiz stats`. Nothing from a file is parsed as markup or sent raw (quiz.text.printable, Text)."""
    stats = study.stats()
    forecasts = study.readiness(profile_id)
    if as_json:
        data = stats.to_json()
        data["readiness"] = [readiness_json(r) for r in forecasts]
        print(json.dumps(data, indent=2))
        return 0
    console = console or Console(highlight=False)
    scores, reviews, due = stats_charts(stats)

    def say(*parts: Text | Table | str, style: str = "") -> None:
        for part in parts:
            console.print(part, markup=False, highlight=False, style=style)

    say(streak_text(stats), Text(reviews.title + ":"), framed_sparkline(reviews), due_text(stats),
        Text(f"{due.title}, today first (by its end, overdue included):"),
        Text("  " + " ".join(f"{n:.0f}" for n in due.values)))
    if stats.leeches:
        say(leeches_text(stats) + Text(". Practise them with the app's Leeches command."))
    say("", Text("Mastery by domain", style="bold"), domain_table(stats, bars=False, boxed=True))
    say(MASTERY_RULE, style="dim")
    say("")
    if stats.attempts:
        say(Text("Sessions", style="bold"), sessions_table(stats, newest_first=False, limit=15, boxed=True))
        if scores.values:
            say(Text(scores.title + ":"), framed_sparkline(scores))
    else:
        say("No finished sessions yet.")
    say("", readiness_text(forecasts))
    return 0


EXPORT_COLUMNS = [
    "session_id", "finished_at", "kind", "title", "profile_id", "score", "total", "percent", "passed",
    "time_used_s", "question", "domain", "chosen", "correct_answer", "correct", "flagged", "seconds",
]


def export_rows(study: Study) -> list[dict[str, Any]]:
    from quiz.kinds import kind_named

    rows = []
    for attempt in study.store.attempts:
        passed = "" if attempt.passed is None else attempt.passed
        for item in attempt.items:
            kind = kind_named(item.kind)
            rows.append({
                "session_id": attempt.session_id, "finished_at": attempt.finished_at.isoformat(),
                "kind": attempt.kind, "title": attempt.title, "profile_id": attempt.profile_id,
                "score": attempt.score, "total": attempt.total, "percent": round(attempt.percent, 2),
                "passed": passed, "time_used_s": round(attempt.time_used, 3), "question": item.key,
                "domain": item.domain.value, "chosen": kind.response_text(item.response),
                "correct_answer": kind.response_text(item.answer), "correct": item.is_correct,
                "flagged": item.flagged, "seconds": round(item.seconds, 3),
            })
    return rows


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (`=HYPERLINK(...)`) is kept as text, with the
    leading apostrophe that spreadsheet apps themselves use for that (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_results(study: Study, *, fmt: str, output: Path | None) -> int:
    if output is not None:
        problem = _unsafe_output(output, study.store.folder)
        if problem:
            print(f"quiz export: {printable(problem)}", file=sys.stderr)
            return 2
    rows = export_rows(study)
    if fmt == "json":
        text = json.dumps([a.to_dict() for a in study.store.attempts], indent=2, ensure_ascii=False) + "\n"
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: spreadsheet_safe(value) for key, value in row.items()} for row in rows)
        text = buffer.getvalue()
    if output is None:
        # a terminal is not a file: nothing from the data may act on it (a file keeps every byte)
        sys.stdout.write(printable(text) + "\n" if sys.stdout.isatty() else text)
        return 0
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"quiz export: cannot write {printable(str(output))}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(printable(f"{len(rows)} answers from {len(study.store.attempts)} sessions written to {output}"),
          file=sys.stderr)
    return 0


def _unsafe_output(output: Path, progress: Path) -> str | None:
    """Why writing the export to `output` would be a mistake, or None."""
    target = output.expanduser().resolve()
    if target.is_dir():
        return f"{output} is a folder; give a file name, e.g. {output / 'results.csv'}"
    if target.is_relative_to(progress.resolve()):
        return (f"{output} is inside the progress folder ({progress}); writing there could overwrite your "
                "history. Choose a file elsewhere.")
    return None
