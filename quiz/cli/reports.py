"""Command-line reports over the study data: `quiz stats` and `quiz export results`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from quiz.insight.readiness import Readiness
from quiz.insight.render import (
    domain_table,
    due_text,
    framed_sparkline,
    leeches_text,
    readiness_text,
    sessions_table,
    stats_charts,
    streak_text,
)
from quiz.insight.results_table import result_rows, results_csv
from quiz.insight.stats import MASTERY_RULE
from quiz.study import Study
from quiz.text import printable


def readiness_json(readiness: Readiness) -> dict[str, Any]:
    plan = readiness.plan
    return {
        "profile": readiness.profile_id,
        "date": readiness.when.isoformat(),
        "assumes": (
            {"study_days": plan.study_days, "new_per_day": plan.new_per_day, "new_questions": plan.new_questions}
            if plan is not None
            else "no further study"
        ),
        "expected_percent": round(readiness.expected * 100, 1),
        "range_percent": [round(readiness.low * 100, 1), round(readiness.high * 100, 1)],
        "guessing_percent": round(readiness.floor * 100, 1),
        "pass_percent": readiness.pass_percent,
        "domains": [
            {
                "domain": d.domain.value,
                "questions_on_exam": d.questions_on_exam,
                "pool": d.pool,
                "seen": d.seen,
                "expected_percent": round(d.expected * 100, 1),
            }
            for d in readiness.domains
        ],
        "focus": [d.domain.value for d in readiness.focus],
    }


def print_stats(
    study: Study, *, profile_id: str | None = None, as_json: bool = False, console: Console | None = None
) -> int:
    """`quiz stats`. Nothing from a file is parsed as markup or sent raw (quiz.text.printable, Text)."""
    stats = study.stats()
    forecasts = study.readiness(profile_id)
    suspended = study.overview().suspended
    if as_json:
        data = stats.to_json()
        data["suspended"] = suspended
        data["readiness"] = [readiness_json(r) for r in forecasts]
        print(json.dumps(data, indent=2))
        return 0
    console = console or Console(highlight=False)
    scores, reviews, due = stats_charts(stats)

    def say(*parts: Text | Table | str, style: str = "") -> None:
        for part in parts:
            console.print(part, markup=False, highlight=False, style=style)

    say(
        streak_text(stats),
        Text(reviews.title + ":"),
        framed_sparkline(reviews),
        due_text(stats),
        Text(f"{due.title}, today first (by its end, overdue included):"),
        Text("  " + " ".join(f"{n:.0f}" for n in due.values)),
    )
    if stats.leeches:
        say(leeches_text(stats) + Text(". Practise them with the app's Leeches command."))
    if suspended:
        say(Text(f"Suspended: {suspended} (never asked until unsuspended in the browser)."))
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


def export_rows(study: Study) -> list[dict[str, Any]]:
    return result_rows(study.store.attempts)


def export_results(study: Study, *, fmt: str, output: Path | None) -> int:
    if output is not None:
        problem = unsafe_output(output, study.store.folder)
        if problem:
            print(f"quiz export: {printable(problem)}", file=sys.stderr)
            return 2
    rows = export_rows(study)
    if fmt == "json":
        text = json.dumps([a.to_dict() for a in study.store.attempts], indent=2, ensure_ascii=False) + "\n"
    else:
        text = results_csv(study.store.attempts)
    if output is None:
        # a terminal is not a file: nothing from the data may act on it (a file keeps every byte)
        sys.stdout.write(printable(text) + "\n" if sys.stdout.isatty() else text)
        return 0
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"quiz export: cannot write {printable(str(output))}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(
        printable(f"{len(rows)} answers from {len(study.store.attempts)} sessions written to {output}"), file=sys.stderr
    )
    return 0


def unsafe_output(output: Path, progress: Path) -> str | None:
    """Why writing the export to `output` would be a mistake, or None."""
    target = output.expanduser().resolve()
    if target.is_dir():
        return f"{output} is a folder; give a file name, e.g. {output / 'results.csv'}"
    if target.is_relative_to(progress.resolve()):
        return (
            f"{output} is inside the progress folder ({progress}); writing there could overwrite your "
            "history. Choose a file elsewhere."
        )
    return None
