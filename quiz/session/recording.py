"""Turning an answer into a durable review record with the question's next FSRS card."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fsrs import Card, Rating

from quiz.kinds import Response
from quiz.scheduler import Scheduling, card_from_dict, card_to_dict, rating_for
from quiz.store.progress import ProgressStore


def current_card(store: ProgressStore | None, key: str) -> Card | None:
    history = store.history.get(key) if store else None
    return card_from_dict(history.card) if history else None


def review_record(
    scheduling: Scheduling,
    *,
    key: str,
    card: Card | None,
    response: Response,
    correct: bool,
    when: datetime,
    duration_ms: int,
    mode: str,
    session_id: str,
    rating: Rating | None = None,
    amends: bool = False,
    kind: str = "choice",
) -> dict[str, Any]:
    rating = rating if rating is not None else rating_for(correct)
    after = scheduling.review(key, card, rating, when, duration_ms)
    record: dict[str, Any] = {
        "time": when.isoformat(),
        "key": key,
        "chosen": response if response is not None else [],  # the response, as its kind writes it
        "correct": correct,
        "rating": int(rating),
        "ms": duration_ms,
        "mode": mode,
        "session": session_id,
        "card": card_to_dict(after),
    }
    if amends:
        record["amends"] = True
    if kind != "choice":
        record["type"] = kind
    return record
