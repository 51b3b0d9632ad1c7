"""The store's reviews as FSRS training data: one time-ordered sequence of (moment, rating) per
question, and fsrs-rs's `FSRSItem`s made from them (one item per review after a question's first,
holding its history up to that review).

Elapsed days, the one rule both engines use: whole 24-hour periods since the previous review
(`elapsed_days`), as py-fsrs counts them for its stability and recall; fsrs-rs is given the same
whole numbers. Counting local calendar days for one engine and 24-hour periods for the other makes
their memory states disagree (and can predict a recall of exactly 1.0 on a "0-day" gap)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from fsrs_rs_python import FSRSItem, FSRSReview

if TYPE_CHECKING:
    from quiz.store.review import Review

CRAM = "cram"  # cram answers schedule nothing (quiz.session.recording.CRAM): they are no FSRS data


def elapsed_days(before: datetime, after: datetime) -> int:
    """Whole 24-hour periods from `before` to `after` (0 for a review the same day, never negative)."""
    return max(0, (after - before).days)


@dataclass(frozen=True, slots=True)
class Rated:
    time: datetime
    rating: int  # 1 Again, 2 Hard, 3 Good, 4 Easy


def rated_sequences(reviews: Iterable[Review], resets: Mapping[str, datetime] | None = None) -> dict[str, list[Rated]]:
    """Each question's scheduling reviews, oldest first, as `Scheduling.replay` counts them: cram
    answers left out, an amending review (an answer marked as a guess) in place of the one before it,
    and nothing from before the question's latest reset (it started again then)."""
    from quiz.scheduling.reschedule import histories

    sequences: dict[str, list[Rated]] = {}
    for key, history in histories(reviews, resets).items():
        sequence: list[Rated] = []
        for review in history:
            if review.mode == CRAM:
                continue
            if review.amends and sequence:
                sequence[-1] = Rated(sequence[-1].time, review.rating)  # the same answer, re-rated
                continue
            sequence.append(Rated(review.time, review.rating))
        if sequence:
            sequences[key] = sequence
    return sequences


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One review to predict (the last of `item`) with the history before it."""

    key: str
    time: datetime  # when the predicted review happened (what the time-ordered split sorts by)
    item: FSRSItem
    last_interval: int  # elapsed days before the predicted review (0: the same day)
    recalled: bool  # the predicted review was not Again


def fsrs_reviews(sequence: list[Rated]) -> list[FSRSReview]:
    reviews = []
    previous: datetime | None = None
    for rated in sequence:
        reviews.append(FSRSReview(rated.rating, 0 if previous is None else elapsed_days(previous, rated.time)))
        previous = rated.time
    return reviews


def review_items(sequences: Mapping[str, list[Rated]]) -> list[ReviewItem]:
    """Every question's items (none for a question answered once), ordered by the predicted review's time."""
    items: list[ReviewItem] = []
    for key, sequence in sequences.items():
        reviews = fsrs_reviews(sequence)
        for end in range(1, len(sequence)):
            delta = elapsed_days(sequence[end - 1].time, sequence[end].time)
            items.append(
                ReviewItem(key, sequence[end].time, FSRSItem(reviews[: end + 1]), delta, sequence[end].rating > 1)
            )
    items.sort(key=lambda item: (item.time, item.key))
    return items
