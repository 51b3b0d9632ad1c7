"""Problems a user reported with a question ("the key is wrong", "ambiguous"...), kept in
feedback.jsonl beside the progress, for `quiz feedback export` to hand to the bank's author. Each
report holds what the user saw (the stem, the parts in the order shown, their answer as shown) and a
digest of it, so the author can tell whether the question has changed since."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from quiz.kinds import kind_named
from quiz.models import Question
from quiz.store.files import Damage, JsonLog

REASONS = {
    "wrong-key": "The answer key is wrong",
    "ambiguous": "More than one answer could be right",
    "outdated": "Outdated (the standard or practice has changed)",
    "typo": "A typo or a formatting problem",
    "other": "Something else",
}
MAX_TEXT = 4000  # a report is a note to an author, not a document


@dataclass(frozen=True)
class ProblemReport:
    id: str
    time: datetime
    key: str  # bank/question
    reason: str  # one of REASONS
    text: str  # the user's words (may be empty)
    question: str  # the stem as shown
    shown: tuple[str, ...]  # the parts a response picks among, in the order shown ("B. C-STORE")
    presentation: dict[str, Any]  # how it was shown (its kind's), to tell later whether it has changed
    answer: str  # the user's answer as shown ("" when none)
    digest: str  # of what was shown: the same while the question is unchanged
    version: str  # the app's

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "time": self.time.isoformat(),
            "key": self.key,
            "reason": self.reason,
            "text": self.text,
            "question": self.question,
            "shown": list(self.shown),
            "presentation": self.presentation,
            "answer": self.answer,
            "digest": self.digest,
            "version": self.version,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProblemReport:
        return cls(
            data["id"],
            datetime.fromisoformat(data["time"]),
            data["key"],
            data["reason"],
            data["text"],
            data["question"],
            tuple(data["shown"]),
            data["presentation"],
            data["answer"],
            data["digest"],
            data["version"],
        )


def shown_digest(question: Question, presentation: dict[str, Any]) -> str:
    """Of the stem, the parts in the order shown and the exhibits: the same while none changes."""
    shown = kind_named(question.kind_name).displayed(question, presentation)
    exhibits = [exhibit.text for exhibit in question.all_exhibits]
    content = json.dumps([question.question, list(shown), exhibits], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(content.encode()).hexdigest()[:16]


def check_report(record: dict[str, Any]) -> str | None:
    texts = ("id", "key", "reason", "text", "question", "answer", "digest", "version")
    for name in texts:
        if not isinstance(record.get(name), str):
            return f"report: {name} is missing or not a text"
    if record["reason"] not in REASONS:
        return f"report: reason {record['reason']!r} is not one of {', '.join(REASONS)}"
    if not isinstance(record.get("presentation"), dict):
        return "report: presentation is not an object"
    if not isinstance(record.get("shown"), list) or not all(isinstance(s, str) for s in record["shown"]):
        return "report: shown is not a list of texts"
    try:
        moment = datetime.fromisoformat(record["time"]) if isinstance(record.get("time"), str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        return "report: time is not a date and time with its offset"
    return None


class FeedbackLog:
    """feedback.jsonl in the progress folder: appended durably, read when asked for (not at start)."""

    def __init__(self, folder: Path) -> None:
        self.log = JsonLog(folder / "feedback.jsonl", "feedback", check_report)

    def record(self, report: ProblemReport) -> None:
        try:
            self.log.append([report.to_json()], action="save your report")
        finally:
            self.log.close()

    def load(self, now: datetime, *, repair: bool) -> tuple[list[ProblemReport], list[Damage]]:
        records, damages = self.log.load(now, repair=repair)
        return [ProblemReport.from_json(r) for r in records], damages
