"""py-fsrs (the scheduler the app uses) and fsrs-rs (the engine that fits parameters) agree on every
memory state of a real user's public review log (py-fsrs's test CSV, MIT: tests/data/py-fsrs), with
the same parameters and the one elapsed-days rule (quiz.scheduling.review_items.elapsed_days)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pytest
from fsrs import Rating
from fsrs_rs_python import FSRS, FSRSItem

from benchmarks.learners import DEFAULTS, FORGETS_FASTER
from quiz.scheduling.fsrs import Scheduling
from quiz.scheduling.review_items import Rated, fsrs_reviews

LOG = Path(__file__).parent / "data" / "py-fsrs" / "review_logs_josh_1711744352250_to_1728234780857.csv"
FITTED_ON_THE_LOG = (  # what fsrs-rs fits to this log's first 80 %: parameters far from the defaults
    0.1162, 0.3464, 0.7400, 1.4128, 6.4860, 0.5436, 3.1107, 0.0463, 1.6875, 0.1573, 0.6476,
    1.5477, 0.0435, 0.3396, 1.8113, 0.6029, 1.8729, 0.7865, 0.3178, 0.1610, 0.2631,
)  # fmt: skip


def log_sequences() -> dict[str, list[Rated]]:
    sequences: dict[str, list[Rated]] = {}
    with LOG.open(newline="") as file:
        for row in csv.DictReader(file):
            rated = Rated(datetime.fromisoformat(row["review_time"]), int(row["review_rating"]))
            sequences.setdefault(row["card_id"], []).append(rated)
    for sequence in sequences.values():
        sequence.sort(key=lambda r: r.time)
    return sequences


def largest_differences(parameters: Sequence[float]) -> tuple[float, float, int]:
    """The largest |ΔS|/S and |ΔD| over every review of the log, and how many reviews were compared."""
    scheduling = Scheduling(fuzzing=False, parameters=parameters)
    rust = FSRS(list(parameters))
    worst_s = worst_d = 0.0
    compared = 0
    for key, sequence in log_sequences().items():
        states = rust.historical_memory_states(FSRSItem(fsrs_reviews(sequence)))
        card = None
        for n, (rated, state) in enumerate(zip(sequence, states, strict=True)):
            card = scheduling.review(key, card, Rating(rated.rating), rated.time, None, str(n))
            assert card.stability is not None and card.difficulty is not None
            worst_s = max(worst_s, abs(card.stability - state.stability) / card.stability)
            worst_d = max(worst_d, abs(card.difficulty - state.difficulty))
            compared += 1
    return worst_s, worst_d, compared


@pytest.mark.parametrize(
    "parameters", [DEFAULTS, FITTED_ON_THE_LOG, FORGETS_FASTER], ids=["defaults", "fitted", "faster"]
)
def test_both_engines_give_the_same_memory_state_after_every_review(parameters: Sequence[float]) -> None:
    worst_s, worst_d, compared = largest_differences(parameters)
    assert compared == 12_580  # every review of the log
    assert worst_s <= 1e-3, f"|ΔS|/S up to {worst_s:.2e}"
    assert worst_d <= 1e-3, f"|ΔD| up to {worst_d:.2e}"


def test_the_log_ships_with_its_licence() -> None:
    notice = (LOG.parent / "LICENSE").read_text()
    assert "MIT License" in notice and "Open Spaced Repetition" in notice
