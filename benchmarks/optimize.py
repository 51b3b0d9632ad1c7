"""The FSRS fit's speed: a simulated learner's reviews (default about 20,000) fitted and scored
(budget 30 s on a 2-core machine), as `quiz optimize` runs it from a store.

    python -m benchmarks.optimize [--reviews N] [--into QUIZ_HOME]

`--into` writes the learner's reviews into that home's progress (for trying `quiz optimize` and the
Stats screen's dialog by hand; the keys are the loaded banks' questions) and times nothing.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.learners import FORGETS_FASTER, learner_reviews
from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.library import Library
from quiz.paths import UserPaths
from quiz.store.progress import ProgressStore
from quiz.store.review import Review
from quiz.study import Study
from tests.factories import make_library

BUDGET_SECONDS = 30.0


def learner_for(reviews: int, keys: list[str] | None = None) -> list[Review]:
    """About `reviews` reviews: ten new questions a day, as many days as that takes."""
    days = max(30, reviews // 112)  # this learner answers about 112 a day over the span
    questions = days * 10
    return learner_reviews(FORGETS_FASTER, questions=questions, days=days, keys=keys)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", type=int, default=20_000)
    parser.add_argument("--into", type=Path, help="a QUIZ_HOME to seed with the reviews (nothing is timed)")
    args = parser.parse_args()
    if args.into is not None:
        paths = UserPaths(data=args.into, cache=args.into / "cache")
        keys = sorted(Library.load(paths).entries)
        reviews = learner_for(args.reviews, keys)
        with ProgressStore.open(paths.progress, datetime.now(UTC)) as store:
            store.record_reviews(reviews)
        print(f"{len(reviews):,} reviews of {len({r.key for r in reviews}):,} questions written to {paths.progress}")
        return
    began = time.perf_counter()
    reviews = learner_for(args.reviews)
    built = time.perf_counter() - began
    folder = Path(tempfile.mkdtemp(prefix="quiz-optimize-bench-"))
    try:
        clock = ManualClock(reviews[-1].time + timedelta(days=1))
        with ProgressStore.open(folder, clock.now()) as store:
            store.record_reviews(reviews)
        store = ProgressStore.open(folder, clock.now())
        study = Study(make_library({Domain.OPERATIONS: 1}), store, clock=clock)
        began = time.perf_counter()
        outcome = study.fsrs_fit()()
        seconds = time.perf_counter() - began
        report = outcome.report
        print(f"learner: {len(reviews):,} reviews of {len(store.history):,} questions (simulated in {built:.1f} s)")
        if report is None:
            print("refused:", outcome.health.refusal())
            return
        print(
            f"fit: {report.trained_on:,} training reviews, {report.held_out:,} held out; "
            f"log loss {report.current.log_loss:.4f} -> {report.fitted.log_loss:.4f}, "
            f"RMSE(bins) {report.current.rmse_bins:.4f} -> {report.fitted.rmse_bins:.4f}, "
            f"{'switch' if report.switch else 'keep'}"
        )
        print(f"read + fit + score: {seconds:.2f} s (budget {BUDGET_SECONDS:.0f} s)")
        study.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
