"""Command-line reports over the study data: `quiz stats` and `quiz export results`."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from quiz.readiness import Readiness, predict
from quiz.stats import MASTERY_RULE, Stats, compute_stats
from quiz.study import Study

BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float], top: float | None = None) -> str:
    if not values:
        return ""
    ceiling = top if top is not None else max(values) or 1
    return "".join(BLOCKS[min(len(BLOCKS) - 1, int(v / ceiling * (len(BLOCKS) - 1) + 0.5))] if v else " "
                   for v in values)


def readiness_for(study: Study, profile_id: str | None) -> list[Readiness]:
    """Readiness today, and on the exam date when one is planned."""
    plan = study.scheduling.plan
    chosen = profile_id or (plan.profile_id if plan else "ciip")
    profile = study.library.profiles.get(chosen)
    if profile is None:
        return []
    now = study.clock.now()
    forecasts = [predict(study.library, study.store, study.scheduling, profile, now)]
    if plan is not None and plan.profile_id == chosen and plan.exam_start() > now:
        exam_noon = datetime.combine(plan.exam_date, time(12), tzinfo=UTC)
        forecasts.append(predict(study.library, study.store, study.scheduling, profile, exam_noon))
    return forecasts


def readiness_json(readiness: Readiness) -> dict[str, Any]:
    return {
        "profile": readiness.profile_id,
        "date": readiness.when.isoformat(),
        "expected_percent": round(readiness.expected * 100, 1),
        "range_percent": [round(readiness.low * 100, 1), round(readiness.high * 100, 1)],
        "pass_percent": readiness.pass_percent,
        "domains": [
            {"domain": d.domain.value, "questions_on_exam": d.questions_on_exam, "pool": d.pool, "seen": d.seen,
             "expected_percent": round(d.expected * 100, 1)}
            for d in readiness.domains
        ],
        "focus": [d.domain.value for d in readiness.focus],
    }


def print_stats(study: Study, *, profile_id: str | None = None, as_json: bool = False) -> int:
    stats = compute_stats(study.library, study.store, study.scheduling, study.clock.now())
    forecasts = readiness_for(study, profile_id)
    if as_json:
        data = stats.to_json()
        data["readiness"] = [readiness_json(r) for r in forecasts]
        print(json.dumps(data, indent=2))
        return 0
    console = Console(soft_wrap=False)
    _print_summary(console, stats)
    _print_domains(console, stats)
    _print_attempts(console, stats)
    for readiness in forecasts:
        console.print(readiness_text(readiness))
    return 0


def _print_summary(console: Console, stats: Stats) -> None:
    reviews = [n for _, n in stats.reviews_per_day]
    due = [n for _, n in stats.due_forecast]
    console.print(f"[bold]Study streak:[/bold] {stats.streak} day{'s' if stats.streak != 1 else ''}   "
                  f"[bold]Reviews, last 30 days:[/bold] {sum(reviews)}  {sparkline([float(n) for n in reviews])}")
    console.print(f"[bold]Due, next 14 days:[/bold] {' '.join(str(n) for n in due)}  (today first, overdue included)")
    if stats.leeches:
        shown = ", ".join(f"{leech.key} ({leech.wrong} wrong)" for leech in stats.leeches[:5])
        console.print(f"[bold]Leeches[/bold] (missed 4+ times): {len(stats.leeches)}: {shown}. "
                      "Practise them with the app's Leeches command.")


def _print_domains(console: Console, stats: Stats) -> None:
    table = Table(title="Mastery by domain", title_justify="left")
    for column in ("domain", "questions", "seen", "never seen", "mastered", "accuracy"):
        table.add_column(column, justify="left" if column == "domain" else "right")
    for d in stats.domains:
        accuracy = "-" if d.accuracy is None else f"{d.accuracy:.0%}"
        table.add_row(d.domain.label, str(d.questions), str(d.seen), str(d.never_seen), f"{d.mastery:.0%}", accuracy)
    console.print(table)
    console.print(MASTERY_RULE, style="dim", markup=False, highlight=False)


def _print_attempts(console: Console, stats: Stats) -> None:
    exams = [a for a in stats.attempts if a.kind == "exam"]
    if not stats.attempts:
        console.print("No finished sessions yet.")
        return
    table = Table(title=f"Sessions (exam scores over time: {sparkline([a.percent for a in exams], 100)})",
                  title_justify="left")
    for column in ("finished", "kind", "title", "score", "%", "result"):
        table.add_column(column, justify="right" if column in ("score", "%") else "left")
    for attempt in stats.attempts[-15:]:
        result = "" if attempt.passed is None else ("pass" if attempt.passed else "below")
        table.add_row(attempt.finished.astimezone().strftime("%Y-%m-%d %H:%M"), attempt.kind, attempt.title,
                      f"{attempt.score}/{attempt.total}", f"{attempt.percent:.0f}", result)
    console.print(table)


def readiness_text(readiness: Readiness) -> str:
    day = readiness.when.astimezone().strftime("%Y-%m-%d")
    text = (f"[bold]Readiness for {readiness.title} on {day}:[/bold] about {readiness.expected:.0%} "
            f"(likely {readiness.low:.0%}-{readiness.high:.0%} on a {readiness.questions}-question exam)")
    if readiness.pass_percent is not None:
        text += f"; practice pass mark {readiness.pass_percent:.0f}%"
    focus = ", ".join(f"{d.domain.label} (+{d.gain(readiness.questions):.0%} if mastered)" for d in readiness.focus)
    if focus:
        text += f"\n  Work on: {focus}"
    return text


EXPORT_COLUMNS = [
    "session_id", "finished_at", "kind", "title", "profile_id", "score", "total", "percent", "passed",
    "time_used_s", "question", "domain", "chosen", "correct_answer", "correct", "flagged", "seconds",
]


def export_rows(study: Study) -> list[dict[str, Any]]:
    from quiz.models import LETTERS

    rows = []
    for attempt in study.store.attempts:
        pass_mark = attempt.get("pass_percent")
        passed = "" if pass_mark is None else attempt.get("percent", 0) >= pass_mark
        for item in attempt.get("items", []):
            rows.append({
                "session_id": attempt.get("session_id"), "finished_at": attempt.get("finished_at"),
                "kind": attempt.get("kind"), "title": attempt.get("title"), "profile_id": attempt.get("profile_id"),
                "score": attempt.get("score"), "total": attempt.get("total"), "percent": attempt.get("percent"),
                "passed": passed, "time_used_s": attempt.get("time_used"), "question": item.get("key"),
                "domain": item.get("domain"),
                "chosen": "".join(LETTERS[i] for i in item.get("chosen", []) if i < len(LETTERS)),
                "correct_answer": "".join(LETTERS[i] for i in item.get("correct_answer", []) if i < len(LETTERS)),
                "correct": item.get("correct"), "flagged": item.get("flagged"), "seconds": item.get("seconds"),
            })
    return rows


def export_results(study: Study, *, fmt: str, output: Path | None) -> int:
    rows = export_rows(study)
    if fmt == "json":
        text = json.dumps(study.store.attempts, indent=2, ensure_ascii=False) + "\n"
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        print(f"{len(rows)} answers from {len(study.store.attempts)} sessions written to {output}", file=sys.stderr)
    return 0
