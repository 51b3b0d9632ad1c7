"""How records written by an earlier version of the store are brought up to this one's format.

Version 2 gives every event (a review, an attempt) an id, and names a response and a presentation as
such instead of as multiple-choice fields: `chosen` is `response` (None when unanswered, not []),
`correct_answer` is `answer`, and a question's `order` is its `presentation`. Records written before
ids existed get an id from their content, so two copies of the same history get the same ids.

Fields that are new and optional need no migration (a record without them reads as before): struck-out
choices and remarks on an exam in progress (`struck`, `remarks`) and on an attempt's items (`struck`,
`remark`), an attempt's `limit_seconds`, and the log of notes kept on questions (question_notes.jsonl).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quiz.store.review import content_id

_BESIDE_PRESENTATION = frozenset(
    {"key", "variant", "type", "domain", "chosen", "correct_answer", "correct", "flagged", "seconds"}
)


def _presentation(item: dict[str, Any]) -> dict[str, Any]:
    """What version 1 wrote beside an item's key that was its presentation (`order`)."""
    return {name: value for name, value in item.items() if name not in _BESIDE_PRESENTATION}


def review_1_to_2(record: dict[str, Any]) -> dict[str, Any]:
    upgraded = {name: value for name, value in record.items() if name != "chosen"}
    upgraded["id"] = content_id(record)
    upgraded["response"] = record.get("chosen") or None
    return upgraded


def _result_item_1_to_2(item: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(item, dict):
        return item  # the record check reports it
    upgraded = {
        name: value for name, value in item.items() if name in _BESIDE_PRESENTATION - {"chosen", "correct_answer"}
    }
    upgraded["response"] = item.get("chosen") or None
    upgraded["answer"] = item.get("correct_answer")
    presentation = _presentation(item)
    if presentation:
        upgraded["presentation"] = presentation
    return upgraded


def attempt_1_to_2(record: dict[str, Any]) -> dict[str, Any]:
    upgraded = dict(record)
    upgraded["id"] = content_id(record)
    items = record.get("items")
    if isinstance(items, list):
        upgraded["items"] = [_result_item_1_to_2(item) for item in items]
    return upgraded


def session_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    upgraded = dict(data)
    items = data.get("items")
    if isinstance(items, list):
        upgraded["items"] = [
            {**{k: v for k, v in item.items() if k in ("key", "variant", "type")}, "presentation": _presentation(item)}
            if isinstance(item, dict)
            else item
            for item in items
        ]
    return upgraded


def unchanged(data: dict[str, Any]) -> dict[str, Any]:
    return data


Migration = Callable[[dict[str, Any]], dict[str, Any]]

# kind -> {from_version: upgrade one record to from_version + 1}
MIGRATIONS: dict[str, dict[int, Migration]] = {
    "reviews": {1: review_1_to_2},
    "attempts": {1: attempt_1_to_2},
    "session": {1: session_1_to_2},
    "settings": {1: unchanged},
    "exam-copy": {1: unchanged},
    "question-notes": {1: unchanged},  # new in version 2: no version 1 file exists
    "rescheduled": {1: unchanged},  # new in version 2: no version 1 file exists
    # the sync folder's logs and this machine's memory of them (quiz.sync): new in version 2 as well
    "sync-state": {1: unchanged},
    "sync-reviews": {1: unchanged},
    "sync-attempts": {1: unchanged},
    "sync-notes": {1: unchanged},
    "sync-events": {1: unchanged},
    "sync-settings": {1: unchanged},
}
