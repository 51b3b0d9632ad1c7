"""The retention simulator's speed: 2,000 studied cards over 90 days (budget 2 s for the whole answer).

    python -m benchmarks.simulate [--cards N] [--days N] [--runs N]

Builds a store whose cards come from a learner who studied for 60 days (every review as it fell due,
answered right with FSRS's recall chance, and new questions each day), then times what `quiz simulate`
and the Stats screen run: reading the store into a simulation start, and the simulation of every
retention compared (0.80, 0.85, 0.90, 0.95), without and with an exam date 90 days ahead.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.scheduling.exam_plan import ExamPlan
from quiz.scheduling.fsrs import card_from_dict
from quiz.session.recording import review_record
from quiz.store.progress import ProgressStore
from quiz.study import Study
from tests.factories import make_library, make_profile

STUDIED_DAYS = 60


def build_history(study: Study, cards: int, seed: int = 1) -> None:
    """`cards` questions studied over STUDIED_DAYS days before the study's clock."""
    rng = random.Random(seed)
    keys = sorted(study.library.entries)[:cards]
    start = study.clock.now() - timedelta(days=STUDIED_DAYS)
    per_day = -(-cards // (STUDIED_DAYS - 5))  # every card seen by five days before now
    for day in range(STUDIED_DAYS):
        when = start + timedelta(days=day)
        due = study.store.due_keys(when + timedelta(hours=12))
        new = keys[day * per_day : (day + 1) * per_day]
        batch = []
        for n, key in enumerate([*due, *new]):
            history = study.store.history.get(key)
            card = card_from_dict(history.card) if history else None
            recall = study.scheduling.retrievability(card, when) if card else 0.6
            correct = rng.random() < recall
            batch.append(
                review_record(
                    study.scheduling,
                    key=key,
                    card=card,
                    response=[0 if correct else 1],
                    correct=correct,
                    when=when + timedelta(seconds=n),
                    duration_ms=rng.randint(8_000, 60_000),
                    mode="practice",
                    session_id=f"day{day}",
                )
            )
        study.store.record_reviews(batch)


def timed(study: Study, runs: int, days: int | None) -> tuple[float, float, list[str]]:
    """The best of `runs`: seconds to read the start, seconds to simulate, and the table's rows."""
    reads, simulations = [], []
    rows: list[str] = []
    for _ in range(runs):
        began = time.perf_counter()
        simulation = study.retention_simulation(days=days)
        read = time.perf_counter()
        report = simulation()
        done = time.perf_counter()
        reads.append(read - began)
        simulations.append(done - read)
        rows = [
            f"  {o.retention:.2f}  {o.reviews_per_day:6.1f} reviews a day  {o.minutes_per_day:5.1f} min a day  "
            f"recall {o.recall or 0:.0%} on {report.target}"
            for o in report.outcomes
        ]
    return min(reads), min(simulations), rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=2_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="quiz-simulate-bench-"))
    try:
        per_domain = -(-(args.cards + 1_000) // len(Domain))  # 1,000 questions more, not seen yet
        library = make_library(dict.fromkeys(Domain, per_domain))
        library.profiles["ciip"] = make_profile(id="ciip", questions=150)
        clock = ManualClock(datetime(2026, 3, 2, 9, tzinfo=UTC))
        study = Study(library, ProgressStore.open(folder, clock.now()), clock=clock, fuzzing=False)
        began = time.perf_counter()
        build_history(study, args.cards)
        print(
            f"history: {len(study.store.reviews):,} reviews of {len(study.store.history):,} cards over "
            f"{STUDIED_DAYS} days, {len(library.entries):,} questions (built in {time.perf_counter() - began:.1f} s)"
        )
        for label, plan in (
            (f"no exam date, {args.days} days", None),
            ("exam in 90 days", ExamPlan(date(2026, 5, 31), "ciip")),
        ):
            study.scheduling.plan = plan
            read, simulated, rows = timed(study, args.runs, args.days if plan is None else None)
            total = read + simulated
            timing = f"read {read * 1000:.0f} ms + simulate {simulated * 1000:.0f} ms = {total:.2f} s"
            print(f"{label}: {timing} (budget 2 s)")
            print("\n".join(rows))
        study.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
