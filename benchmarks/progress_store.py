"""Progress-store speed with a large history: 100,000 reviews over 20,000 question cards.

    python -m benchmarks.progress_store [--reviews N] [--cards N] [--answers N]

Prints: load time (budget 1 s), answer recording p50/p95 (budget p95 <= 5 ms; each answer is
scheduled by FSRS and fsync'ed), the same for an answer in a 160-question exam (session.json replaced
atomically), and due-queue build time over all cards (budget 50 ms).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.kinds.choice import shown
from quiz.scheduling.fsrs import Scheduling, card_from_dict, rating_for
from quiz.session.exam import ExamSession
from quiz.session.recording import review_record
from quiz.store.files import JsonLog
from quiz.store.progress import ProgressStore


def build_history(folder: Path, reviews: int, cards: int, start: datetime) -> None:
    """A realistic log: every card reviewed a few times through FSRS, spread over a year."""
    scheduling = Scheduling(fuzzing=False)
    rng = random.Random(1)
    keys = [f"bank{k % 12}/q{k:05d}" for k in range(cards)]
    latest: dict[str, dict[str, object]] = {}
    records = []
    for n in range(reviews):
        key = keys[n % cards]
        when = start + timedelta(minutes=n * 5)
        correct = rng.random() < 0.8
        previous = latest.get(key)
        card = card_from_dict(previous) if previous else None
        record = review_record(
            scheduling,
            key=key,
            card=card,
            response=[0],
            correct=correct,
            when=when,
            duration_ms=rng.randint(5_000, 60_000),
            mode="practice",
            session_id=f"s{n // 20}",
        )
        latest[key] = record.card
        records.append(record.to_json())
    JsonLog(folder / "reviews.jsonl", "reviews").rewrite(records)


def exam_answer_timings(store: ProgressStore, answers: int) -> list[float]:
    """Seconds per exam answer (choose, which saves the session) in 160-question exams."""
    from tests.factories import make_library, make_profile  # a synthetic bank of 200 questions

    library = make_library(dict.fromkeys(Domain, 20))
    profile = make_profile(questions=160, minutes=180)
    clock = ManualClock()
    timings: list[float] = []
    while len(timings) < answers:
        exam = ExamSession.start(library, profile, clock=clock, scheduling=Scheduling(), store=store, seed=len(timings))
        for position in range(exam.total):
            exam.go(position)
            response = shown(exam.question(), exam.presentation()).response({position % 4})
            began = time.perf_counter()
            exam.respond(response)
            timings.append(time.perf_counter() - began)
        store.clear_session()
    return timings[:answers]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--answers", type=int, default=500)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="quiz-store-bench-"))
    start = datetime(2025, 1, 1, tzinfo=UTC)
    try:
        build_history(folder, args.reviews, args.cards, start)
        size = (folder / "reviews.jsonl").stat().st_size / 2**20
        loads = []
        for _ in range(3):
            began = time.perf_counter()
            store = ProgressStore.open(folder, datetime.now(UTC))
            loads.append(time.perf_counter() - began)
            store.close()
        store = ProgressStore.open(folder, datetime.now(UTC))
        assert len(store.reviews) == args.reviews and len(store.history) == args.cards

        scheduling = Scheduling(fuzzing=True)
        rng = random.Random(2)
        now = start + timedelta(days=400)
        timings = []
        for n in range(args.answers):
            key = f"bank{n % 12}/q{rng.randrange(args.cards):05d}"
            began = time.perf_counter()
            history = store.history.get(key)
            card = card_from_dict(history.card) if history else None
            correct = rng.random() < 0.8
            record = review_record(
                scheduling,
                key=key,
                card=card,
                response=[1],
                correct=correct,
                when=now + timedelta(seconds=n),
                duration_ms=20_000,
                mode="practice",
                session_id="bench",
                rating=rating_for(correct),
            )
            store.record_reviews([record])
            timings.append(time.perf_counter() - began)

        exam_timings = exam_answer_timings(store, args.answers)

        keys = list(store.history)
        due_times = []
        for _ in range(5):
            began = time.perf_counter()
            due = store.due_keys(now, keys)
            due_times.append(time.perf_counter() - began)
        store.close()

        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        exam_timings.sort()
        exam_p95 = exam_timings[int(len(exam_timings) * 0.95) - 1]
        print(f"history: {args.reviews:,} reviews, {args.cards:,} cards, reviews.jsonl {size:.1f} MiB")
        print(f"load store              {min(loads) * 1000:8.0f} ms   (budget 1000 ms)")
        print(
            f"record one answer       p50 {statistics.median(timings) * 1000:6.2f} ms, "
            f"p95 {p95 * 1000:6.2f} ms   (budget p95 5 ms, with fsync)"
        )
        print(
            f"record one exam answer  p50 {statistics.median(exam_timings) * 1000:6.2f} ms, "
            f"p95 {exam_p95 * 1000:6.2f} ms   (budget p95 5 ms; 160 questions, atomic replace)"
        )
        print(f"due queue over {len(keys):,} cards {min(due_times) * 1000:6.1f} ms ({len(due):,} due)   (budget 50 ms)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
