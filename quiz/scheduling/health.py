"""Can the user's reviews support fitting FSRS? The counts, and warnings in plain words (as Anki's
health check gives them). Fitting is refused below MIN_REVIEWS reviews or MIN_CARDS questions
reviewed again on a later day: with fewer, 21 parameters fitted to the data describe its noise."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from quiz.scheduling.review_items import Rated, elapsed_days

MIN_REVIEWS = 400  # scheduling reviews (cram answers and amended ratings not counted twice)
MIN_CARDS = 100  # questions answered again at least a day (24 hours) after an earlier answer
MOSTLY_GOOD = 0.95  # a larger share of Good among repeat answers says too little about forgetting
GOOD = 3


@dataclass(frozen=True)
class Health:
    reviews: int
    questions: int  # questions with at least one review
    cards_reviewed_again: int  # reviewed again on a later day (MIN_CARDS)
    repeat_reviews: int  # reviews after a question's first
    good_share: float  # share of Good among repeat reviews (0 when there is none)
    warnings: tuple[str, ...]

    @property
    def enough(self) -> bool:
        """Enough data to fit at all (the warnings may still advise caution)."""
        return self.reviews >= MIN_REVIEWS and self.cards_reviewed_again >= MIN_CARDS

    def refusal(self) -> str | None:
        """Why fitting is refused, in a sentence; None when it is not."""
        if self.enough:
            return None
        return (
            f"Not enough reviews to fit FSRS to you yet: {self.reviews:,} reviews, and "
            f"{self.cards_reviewed_again:,} questions answered again on a later day; fitting needs at "
            f"least {MIN_REVIEWS} reviews and {MIN_CARDS} such questions. The default parameters stay in use."
        )


def health_check(sequences: Mapping[str, list[Rated]]) -> Health:
    reviews = sum(len(sequence) for sequence in sequences.values())
    again = sum(
        1
        for sequence in sequences.values()
        if any(elapsed_days(sequence[0].time, later.time) >= 1 for later in sequence[1:])
    )
    repeats = [rated.rating for sequence in sequences.values() for rated in sequence[1:]]
    good_share = sum(1 for rating in repeats if rating == GOOD) / len(repeats) if repeats else 0.0
    warnings: list[str] = []
    if reviews < MIN_REVIEWS:
        warnings.append(f"Too few reviews: {reviews} (at least {MIN_REVIEWS} are needed).")
    if again < MIN_CARDS:
        warnings.append(f"Too few questions answered again on a later day: {again} (at least {MIN_CARDS} are needed).")
    if repeats and good_share > MOSTLY_GOOD:
        warnings.append(
            f"Almost every repeat answer is Good ({good_share:.0%}): the reviews say little about forgetting, "
            "so a fit cannot learn much from them."
        )
    return Health(reviews, len(sequences), again, len(repeats), good_share, tuple(warnings))
