"""Finished sessions as a table of answers, one row an answer: what `quiz export results` writes and
what the results screen hands over as a CSV file."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from quiz.kinds import kind_named
from quiz.store.results import SessionResult

EXPORT_COLUMNS = [
    "session_id",
    "finished_at",
    "kind",
    "title",
    "profile_id",
    "score",
    "total",
    "percent",
    "passed",
    "time_used_s",
    "question",
    "domain",
    "chosen",
    "correct_answer",
    "correct",
    "flagged",
    "seconds",
]


def result_rows(attempts: Iterable[SessionResult]) -> list[dict[str, Any]]:
    rows = []
    for attempt in attempts:
        passed = "" if attempt.passed is None else attempt.passed
        for item in attempt.items:
            kind = kind_named(item.kind)
            rows.append(
                {
                    "session_id": attempt.session_id,
                    "finished_at": attempt.finished_at.isoformat(),
                    "kind": attempt.kind,
                    "title": attempt.title,
                    "profile_id": attempt.profile_id,
                    "score": attempt.score,
                    "total": attempt.total,
                    "percent": round(attempt.percent, 2),
                    "passed": passed,
                    "time_used_s": round(attempt.time_used, 3),
                    "question": item.key,
                    "domain": item.domain.value,
                    "chosen": kind.response_text(item.response),
                    "correct_answer": kind.response_text(item.answer),
                    "correct": item.is_correct,
                    "flagged": item.flagged,
                    "seconds": round(item.seconds, 3),
                }
            )
    return rows


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (`=HYPERLINK(...)`) is kept as text, with the
    leading apostrophe that spreadsheet apps themselves use for that (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def results_csv(attempts: Iterable[SessionResult]) -> str:
    """The rows as CSV with a header line, every cell spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: spreadsheet_safe(value) for key, value in row.items()} for row in result_rows(attempts))
    return buffer.getvalue()
