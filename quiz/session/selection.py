"""Choosing which questions a practice or review session asks."""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from quiz.domains import Domain
from quiz.library import Entry, Library
from quiz.models import Difficulty
from quiz.store.progress import ProgressStore


class Only(StrEnum):
    ALL = "all"
    UNSEEN = "unseen"  # never answered
    MISSED = "missed"  # latest answer wrong
    DUE = "due"  # FSRS due date passed
    LEECHES = "leeches"  # wrong 4 or more times
    FLAGGED = "flagged"  # flagged in any exam
    NOTED = "noted"  # a note is kept on it


@dataclass(frozen=True)
class PracticeFilter:
    domains: Collection[Domain] = ()
    topics: Collection[str] = ()
    banks: Collection[str] = ()
    difficulties: Collection[Difficulty] = ()
    kinds: Collection[str] = ()  # kinds of question ("matching", ...): none given, every kind
    only: Only = Only.ALL
    count: int | None = 20
    drills: bool = False  # include generated drills (also when the topics or banks name them)


def practice_entries(
    library: Library, store: ProgressStore | None, chosen: PracticeFilter, rng: random.Random, now: datetime
) -> list[Entry]:
    pool = library.select(
        domains=chosen.domains, topics=chosen.topics, banks=chosen.banks, difficulties=chosen.difficulties
    )
    # a drill is an entry the library generated (Entry.is_generated), never a name pattern
    wants_drills = chosen.drills or "drill" in chosen.topics or any(b in library.drill_banks for b in chosen.banks)
    if not wants_drills:
        pool = [e for e in pool if not e.is_generated]
    if chosen.kinds:
        pool = [e for e in pool if e.question.kind_name in chosen.kinds]
    history = store.history if store else {}
    if chosen.only is Only.UNSEEN:
        pool = [e for e in pool if e.key not in history]
    elif chosen.only is Only.MISSED:
        pool = [e for e in pool if e.key in history and not history[e.key].last_correct]
    elif chosen.only is Only.DUE:
        pool = [e for e in pool if e.key in history and history[e.key].due <= now]
    elif chosen.only is Only.LEECHES:
        pool = [e for e in pool if e.key in history and history[e.key].is_leech]
    elif chosen.only is Only.FLAGGED:
        flagged = {i.key for a in store.attempts for i in a.items if i.flagged} if store else set()
        pool = [e for e in pool if e.key in flagged]
    elif chosen.only is Only.NOTED:
        noted = set(store.noted_keys()) if store else set()
        pool = [e for e in pool if e.key in noted]
    pool.sort(key=lambda e: e.key)  # the seed alone decides the order
    rng.shuffle(pool)
    return pool if chosen.count is None else pool[: chosen.count]


def due_entries(library: Library, store: ProgressStore, now: datetime, *, limit: int | None = None) -> list[Entry]:
    """Questions whose due date has passed, most overdue first."""
    entries = library.available(store.due_keys(now, library.entries.keys()))
    return entries if limit is None else entries[:limit]


def missed_entries(library: Library, store: ProgressStore, *, attempt_id: str | None = None) -> list[Entry]:
    """Questions whose latest answer was wrong; or, with `attempt_id`, the misses of that attempt."""
    if attempt_id is None:
        keys = store.missed_keys()
    else:
        attempt = store.attempt(attempt_id)
        keys = [i.key for i in attempt.items if not i.is_correct] if attempt else []
    return library.available(keys)


def leech_entries(library: Library, store: ProgressStore) -> list[Entry]:
    return library.available(store.leech_keys())
