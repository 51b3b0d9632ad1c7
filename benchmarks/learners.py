"""Simulated learners for testing the FSRS fit: a learner's true memory follows FSRS-6 with chosen
parameters, while the app schedules them with the parameters in use (the defaults). Each review is
answered right with the learner's true chance of recall; seeded, so a log is the same every run."""

from __future__ import annotations

import heapq
import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating
from fsrs.scheduler import DEFAULT_PARAMETERS

from quiz.scheduling.fsrs import Scheduling, card_from_dict
from quiz.session.recording import review_record
from quiz.store.review import Review

DEFAULTS: tuple[float, ...] = tuple(DEFAULT_PARAMETERS)
# forgets faster than FSRS's average learner: a third of the first stabilities, less stability gained
# at each successful review, half the stability kept after a lapse
FORGETS_FASTER: tuple[float, ...] = (
    *(w * 0.3 for w in DEFAULTS[:4]),
    *DEFAULTS[4:8],
    DEFAULTS[8] - 0.6,
    DEFAULTS[9],
    DEFAULTS[10],
    DEFAULTS[11] * 0.5,
    *DEFAULTS[12:],
)
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def learner_reviews(
    true_parameters: Sequence[float],
    *,
    questions: int = 800,
    days: int = 120,
    new_per_day: int = 10,
    seed: int = 1,
    start: datetime = START,
    scheduling: Scheduling | None = None,
    keys: Sequence[str] | None = None,
) -> list[Review]:
    """Every review of a learner who studies each day at 9:00 (and again when a learning step falls
    due that day), `new_per_day` new questions a day, over `days` days, oldest first."""
    rng = random.Random(seed)
    app = scheduling or Scheduling(fuzzing=True)
    truth = Scheduling(fuzzing=False, parameters=true_parameters)
    cards: dict[str, Card] = {}
    true_cards: dict[str, Card] = {}
    due: list[tuple[datetime, str]] = []
    reviews: list[Review] = []
    keys = list(keys or [f"sim/q{n:05d}" for n in range(questions)])[:questions]
    for day in range(days):
        morning = start + timedelta(days=day)
        for key in keys[day * new_per_day : (day + 1) * new_per_day]:
            heapq.heappush(due, (morning, key))
        evening = morning + timedelta(hours=12)
        moment = morning
        while due and due[0][0] < evening:
            when, key = heapq.heappop(due)
            moment = max(moment, when) + timedelta(seconds=rng.randint(5, 40))
            true_card = true_cards.get(key)
            recall = truth.retrievability(true_card, moment) if true_card is not None else 0.0
            first = true_card is None
            correct = rng.random() < (0.7 if first else recall)
            review = review_record(
                app,
                key=key,
                card=cards.get(key),
                response=[0 if correct else 1],
                correct=correct,
                when=moment,
                duration_ms=rng.randint(5_000, 40_000),
                mode="practice",
                session_id=f"day{day}",
                review_id=f"r{len(reviews):07d}",
            )
            reviews.append(review)
            cards[key] = card_from_dict(review.card)
            true_cards[key] = truth.review(key, true_card, Rating(review.rating), moment, review.ms, review.id)
            heapq.heappush(due, (cards[key].due, key))
    return reviews
