"""A note kept on a question for later study (one line of question_notes.jsonl, typed).

A note written in an exam or in practice belongs to that attempt (`ItemResult.remark`); the user may
also keep it on the question itself. Each keeping is an event with its own id, so replaying the log
or merging two machines' logs keeps them: a question's note is its latest event, and an event with
empty text removes it. (Not to be confused with the `notes` the app writes on an exam in progress,
which are its own notices, or a profile's `notes`, which say where it comes from.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

MAX_NOTE_CHARACTERS = 4000


@dataclass(frozen=True)
class QuestionNote:
    """A note the user wrote on a question (the latest one for a key is in force)."""

    id: str
    time: datetime
    key: str  # bank/question
    text: str  # "" removes the question's note
    session: str = ""  # the session it was written in
    item: int | None = None  # the question's position in that session

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "time": self.time.isoformat(), "key": self.key, "text": self.text}
        if self.session:
            data["session"] = self.session
        if self.item is not None:
            data["item"] = self.item
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QuestionNote:
        """From a checked record (quiz.store.checks)."""
        return cls(
            data["id"],
            datetime.fromisoformat(data["time"]),
            data["key"],
            data["text"],
            data.get("session", ""),
            data.get("item"),
        )
