"""Progress figures from the store: attempts over time, per-domain mastery, daily reviews, the due
forecast, the study streak and leeches. Pure computation over the store and the library."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from quiz.domains import Domain
from quiz.insight.workload import DueCounts, due_counts
from quiz.library import Library
from quiz.scheduling.exam_plan import local_date
from quiz.scheduling.fsrs import Scheduling, card_from_dict
from quiz.store.progress import KeyHistory, ProgressStore

MASTERY_RETRIEVABILITY = 0.9
MASTERY_RULE = "mastered: your latest answer was right and FSRS recall now is at least 90%"


def is_mastered(history: KeyHistory, scheduling: Scheduling, now: datetime) -> bool:
    """Mastered: the latest answer was right AND FSRS recall now is at least 0.9. Recall alone is not
    enough: a wrong answer (rated Again) leaves FSRS recall high for the rest of the day."""
    return history.last_correct and (
        scheduling.retrievability(card_from_dict(history.card), now) >= MASTERY_RETRIEVABILITY
    )


@dataclass(frozen=True)
class AttemptPoint:
    finished: datetime
    kind: str
    title: str
    score: int
    total: int
    percent: float
    passed: bool | None


@dataclass(frozen=True)
class DomainMastery:
    domain: Domain
    questions: int  # in the loaded banks (drills not counted)
    seen: int
    mastered: int  # latest answer right and retrievability >= 0.9 now (is_mastered)
    answers: int
    correct: int

    @property
    def never_seen(self) -> int:
        return self.questions - self.seen

    @property
    def mastery(self) -> float:
        return self.mastered / self.questions if self.questions else 0.0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None


@dataclass(frozen=True)
class Leech:
    key: str
    wrong: int
    reviews: int


@dataclass(frozen=True)
class Stats:
    attempts: list[AttemptPoint]
    domains: list[DomainMastery]
    reviews_per_day: list[tuple[date, int]]  # the last 30 days, oldest first
    due_forecast: list[tuple[date, int]]  # today (by its end, overdue included) and the next 13 days
    due: DueCounts  # due now, and by the end of today (local time): the Home screen's definitions
    streak: int  # consecutive study days up to today (or yesterday, if today has no review yet)
    leeches: list[Leech]

    def to_json(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            if isinstance(value, datetime | date):
                return value.isoformat()
            if isinstance(value, Domain):
                return value.value
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [plain(v) for v in value]
            return value

        data = {
            "attempts": [asdict(a) for a in self.attempts],
            "domains": [
                {
                    **asdict(d),
                    "never_seen": d.never_seen,
                    "mastery": round(d.mastery, 4),
                    "accuracy": None if d.accuracy is None else round(d.accuracy, 4),
                }
                for d in self.domains
            ],
            "reviews_per_day": [{"date": day, "reviews": n} for day, n in self.reviews_per_day],
            "due_forecast": [{"date": day, "due": n} for day, n in self.due_forecast],
            "due_now": self.due.now,
            "due_by_end_of_today": self.due.by_end_of_today,
            "streak": self.streak,
            "leeches": [asdict(leech) for leech in self.leeches],
        }
        result: dict[str, Any] = plain(data)
        return result


def compute_stats(
    library: Library, store: ProgressStore, scheduling: Scheduling, now: datetime, tz: tzinfo | None = None
) -> Stats:
    """`tz` decides where a day starts (default: this machine's local time, DST included)."""
    today = local_date(now, tz)
    return Stats(
        attempts=_attempts(store),
        domains=domain_mastery(library, store, scheduling, now),
        reviews_per_day=_reviews_per_day(store, today, tz),
        due_forecast=_due_forecast(store, library, today, tz),
        due=due_counts(store, library.entries.keys(), now, tz),
        streak=_streak(store, today, tz),
        leeches=[
            Leech(k, store.history[k].wrong, store.history[k].reviews)
            for k in store.leech_keys()
            if k in library.entries
        ],
    )


def _attempts(store: ProgressStore) -> list[AttemptPoint]:
    return [
        AttemptPoint(
            finished=a.finished_at,
            kind=a.kind,
            title=a.title,
            score=a.score,
            total=a.total,
            percent=a.percent,
            passed=a.passed,
        )
        for a in store.attempts
    ]


def domain_mastery(
    library: Library, store: ProgressStore, scheduling: Scheduling, now: datetime
) -> list[DomainMastery]:
    questions = library.domain_counts()
    seen: Counter[Domain] = Counter()
    mastered: Counter[Domain] = Counter()
    for key, history in store.history.items():
        entry = library.entries.get(key)
        if entry is None or entry.is_generated:
            continue
        seen[entry.domain] += 1
        if is_mastered(history, scheduling, now):
            mastered[entry.domain] += 1
    answers: Counter[Domain] = Counter()
    correct: Counter[Domain] = Counter()
    for review in store.reviews:
        entry = library.entries.get(review.key)
        if entry is None or entry.is_generated or review.amends:
            continue
        answers[entry.domain] += 1
        correct[entry.domain] += review.correct
    return [DomainMastery(d, questions[d], seen[d], mastered[d], answers[d], correct[d]) for d in Domain]


def _review_days(store: ProgressStore, tz: tzinfo | None) -> Counter[date]:
    days: Counter[date] = Counter()
    for review in store.reviews:
        if not review.amends:
            days[local_date(review.time, tz)] += 1
    return days


def _reviews_per_day(store: ProgressStore, today: date, tz: tzinfo | None, days: int = 30) -> list[tuple[date, int]]:
    counts = _review_days(store, tz)
    return [(day, counts[day]) for day in (today - timedelta(days=n) for n in range(days - 1, -1, -1))]


def _due_forecast(
    store: ProgressStore, library: Library, today: date, tz: tzinfo | None, days: int = 14
) -> list[tuple[date, int]]:
    counts: Counter[date] = Counter()
    for key, history in store.history.items():
        if key in library.entries:
            counts[max(local_date(history.due, tz), today)] += 1
    return [(day, counts[day]) for day in (today + timedelta(days=n) for n in range(days))]


def _streak(store: ProgressStore, today: date, tz: tzinfo | None) -> int:
    studied = _review_days(store, tz)
    day = today if studied[today] else today - timedelta(days=1)
    streak = 0
    while studied[day]:
        streak += 1
        day -= timedelta(days=1)
    return streak
