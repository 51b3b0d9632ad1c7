"""Store format 2: typed records, event ids, cards that are a replay of their reviews."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import shutil
from datetime import timedelta
from pathlib import Path

import fsrs.scheduler
import pytest
from fsrs import Card, Rating, Scheduler

from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.scheduling.fsrs import Scheduling, card_to_dict
from quiz.scheduling.seeded import SeededScheduler
from quiz.session.selection import PracticeFilter
from quiz.store.progress import ProgressStore
from quiz.store.results import SessionResult
from quiz.store.review import Review
from quiz.study import Study
from tests.choices import choice_question, choose, practice_response
from tests.factories import make_library, make_profile

LIBRARY = make_library(dict.fromkeys(Domain, 4), multi_every=3)
V1 = Path(__file__).parent / "fixtures" / "store-v1"


def test_a_version_1_store_is_migrated_with_backups_and_nothing_lost(tmp_path: Path) -> None:
    shutil.copytree(V1, tmp_path / "progress")
    folder = tmp_path / "progress"
    clock = ManualClock()
    with ProgressStore.open(folder, clock.now()) as store:
        assert store.damages == []
        assert [r.key for r in store.reviews] == ["b/q1", "b/q2", "b/q1"]
        assert store.reviews[0].response == [0] and store.reviews[1].response is None  # [] was "unanswered"
        assert all(r.id.startswith("v1-") for r in store.reviews) and len({r.id for r in store.reviews}) == 3
        (attempt,) = store.attempts
        assert attempt.id.startswith("v1-") and attempt.items[0].presentation == {"order": [1, 0, 2, 3]}
        assert attempt.items[0].answer == [1] and attempt.score == 1
        pending = store.pending_session
        assert pending is not None and pending.items[0].presentation == {"order": [2, 0, 1, 3]}
        assert pending.answers == {0: [1]}
        assert store.settings.theme == "nord" and store.settings.desired_retention == 0.85
    for name in ("reviews.jsonl", "attempts.jsonl", "session.json", "settings.json"):
        assert (folder / f"{name}.schema-v1.bak").read_bytes() == (V1 / name).read_bytes()
    header = json.loads((folder / "reviews.jsonl").read_text().splitlines()[0])
    assert header == {"kind": "reviews", "schema_version": 2}
    # the same version-1 history, migrated on another machine, gets the same ids: it never counts twice
    shutil.copytree(V1, tmp_path / "other")
    with ProgressStore.open(folder, clock.now()) as first, ProgressStore.open(tmp_path / "other", clock.now()) as again:
        assert [r.id for r in first.reviews] == [r.id for r in again.reviews]
        assert first.attempts[0].id == again.attempts[0].id


def test_a_read_only_load_of_a_version_1_store_changes_nothing(tmp_path: Path) -> None:
    shutil.copytree(V1, tmp_path / "progress")
    before = {p.name: p.read_bytes() for p in (tmp_path / "progress").iterdir()}
    with ProgressStore.open(tmp_path / "progress", ManualClock().now(), read_only=True) as store:
        assert len(store.reviews) == 3 and store.pending_session is not None
    assert {p.name: p.read_bytes() for p in (tmp_path / "progress").iterdir()} == before


def test_every_event_has_a_unique_id_and_round_trips(tmp_path: Path) -> None:
    clock = ManualClock()
    study = Study(LIBRARY, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=True)
    exam = study.start_exam(make_profile(questions=6, minutes=10), seed=1)
    choose(exam, 0)
    result = exam.submit()
    practice = study.start_practice(PracticeFilter(count=3), seed=2)
    for _ in range(3):
        practice.answer(practice_response(practice, {0}))
        practice.mark_guess()
        practice.next()
    practice.finish()
    reviews, attempts = list(study.store.reviews), list(study.store.attempts)
    study.close()
    ids = [r.id for r in reviews] + [a.id for a in attempts]
    assert all(ids) and len(ids) == len(set(ids))
    assert {r.id for r in reviews if r.mode == "exam"} == {f"{result.session_id}.{n}" for n in range(6)}
    with ProgressStore.open(tmp_path, clock.now()) as store:
        assert store.reviews == reviews and store.attempts == attempts and store.damages == []
        assert all(isinstance(r, Review) for r in store.reviews)
        assert all(isinstance(a, SessionResult) for a in store.attempts)


def test_a_card_is_the_replay_of_its_reviews_fuzz_included(tmp_path: Path) -> None:
    """With fuzz on, the live run and a replay give exactly the same cards and due dates."""
    clock = ManualClock()
    study = Study(LIBRARY, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=True)
    rng = random.Random(4)
    for day in range(60):
        session = study.start_practice(PracticeFilter(count=5), seed=day)
        for _ in range(5):
            correct = rng.random() < 0.75
            order = session.presentation["order"]
            position = order.index(min(choice_question(session.question).correct)) if correct else order.index(1)
            session.answer(practice_response(session, {position}))
            if correct and rng.random() < 0.2:
                session.mark_guess()
            session.next()
        session.finish()
        clock.advance(timedelta(days=rng.choice([1, 2, 5])).total_seconds())
    store = study.store
    replayed = Scheduling(fuzzing=True)
    intervals = set()
    for key, history in store.history.items():
        reviews = [r for r in store.reviews if r.key == key]
        card = replayed.replay(key, reviews)
        assert card is not None and card_to_dict(card) == history.card, key
        intervals.add(history.card["due"])
    assert len(intervals) > 10  # long intervals were reached, so fuzz was applied
    study.close()


class FixedDraw(random.Random):
    """A generator whose every draw is `draw`."""

    def __init__(self, draw: float) -> None:
        super().__init__()
        self.draw = draw

    def random(self) -> float:
        return self.draw


@pytest.mark.parametrize("days", [1, 3, 7, 20, 45, 100, 400, 36500])
@pytest.mark.parametrize("draw", [0.0, 0.37, 0.999999])
def test_seeded_fuzz_is_fsrs_fuzz_given_the_same_draw(days: int, draw: float, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fsrs.scheduler, "random", lambda: draw)
    theirs = Scheduler()._get_fuzzed_interval(interval=timedelta(days=days))
    ours = SeededScheduler()
    ours._fuzz = FixedDraw(draw)
    assert ours._get_fuzzed_interval(interval=timedelta(days=days)) == theirs


def test_the_same_review_is_fuzzed_the_same_way_anywhere() -> None:
    scheduling = Scheduling(fuzzing=True)
    when = ManualClock().now()
    card = Card(card_id=1, due=when, stability=40.0, difficulty=5.0, state=fsrs.State.Review, last_review=when)
    later = when + timedelta(days=40)
    dues = {scheduling.review("b/q", card, Rating.Good, later, 1000, "same-id").due for _ in range(20)}
    assert len(dues) == 1
    others = {scheduling.review("b/q", card, Rating.Good, later, 1000, f"id-{n}").due for n in range(20)}
    assert len(others) > 1  # and different reviews do get different fuzz


# --- the checked-prefix note: a shortcut for a clean log, never a way past the checks ----------


def _store_with_reviews(folder: Path, count: int) -> None:
    clock = ManualClock()
    study = Study(LIBRARY, ProgressStore.open(folder, clock.now()), clock=clock)
    practice = study.start_practice(PracticeFilter(count=count), seed=3)
    for _ in range(count):
        practice.answer(practice_response(practice, {0}))
        practice.next()
    study.close()


def test_a_clean_log_is_noted_as_checked_and_loads_the_same_from_the_note(tmp_path: Path) -> None:
    _store_with_reviews(tmp_path, 5)
    with ProgressStore.open(tmp_path, ManualClock().now()) as first:
        reviews = list(first.reviews)
    note = json.loads((tmp_path / ".reviews.jsonl.checked").read_text())
    assert note["bytes"] == (tmp_path / "reviews.jsonl").stat().st_size
    with ProgressStore.open(tmp_path, ManualClock().now()) as again:
        assert again.reviews == reviews and again.damages == []


@pytest.mark.parametrize("edit", ["change a checked line", "append a bad line", "note from another version"])
def test_a_noted_log_that_changed_is_checked_again(tmp_path: Path, edit: str) -> None:
    _store_with_reviews(tmp_path, 5)
    ProgressStore.open(tmp_path, ManualClock().now()).close()  # writes the note
    log = tmp_path / "reviews.jsonl"
    lines = log.read_text().splitlines(keepends=True)
    if edit == "change a checked line":
        record = json.loads(lines[2])
        record["rating"] = 9  # same length, still JSON: only the check can refuse it
        lines[2] = json.dumps(record, separators=(",", ":")) + "\n"
        log.write_text("".join(lines))
    elif edit == "append a bad line":
        record = json.loads(lines[2])
        record["correct"] = "yes"
        log.write_text("".join(lines) + json.dumps(record) + "\n")
    else:
        note_path = tmp_path / ".reviews.jsonl.checked"
        note = json.loads(note_path.read_text())
        note["as"] = "0.0.1/0"
        note_path.write_text(json.dumps(note))
        record = json.loads(lines[2])
        record["rating"] = 9
        lines[2] = json.dumps(record, separators=(",", ":")) + "\n"
        # the bytes are as noted, but the note is another version's: not trusted
        log.write_text("".join(lines))
        note["bytes"], note["sha256"] = log.stat().st_size, hashlib.sha256(log.read_bytes()).hexdigest()
        note_path.write_text(json.dumps(note))
    with ProgressStore.open(tmp_path, ManualClock().now()) as store:
        assert len(store.reviews) == (5 if edit == "append a bad line" else 4)
        (damage,) = store.damages
        assert "line" in str(damage)


def test_each_review_replays_with_the_retention_it_was_made_for(tmp_path: Path) -> None:
    """A desired retention changed between two answers changes the interval of the later one only;
    a replay (a merge, a fit, another machine) gives the cards as they were recorded."""
    from tests.factories import answer_now

    clock = ManualClock()
    study = Study(LIBRARY, ProgressStore.open(tmp_path, clock.now()), clock=clock)
    key = next(iter(LIBRARY.entries))
    answer_now(study, key, correct=True)  # learning
    clock.advance(86400)
    answer_now(study, key, correct=True)  # a review interval, worked out for 0.9
    clock.advance(5 * 86400)
    study.set_desired_retention(0.8)
    answer_now(study, key, correct=True)
    reviews = study.store.reviews
    assert [review.retention for review in reviews] == [0.9, 0.9, 0.8]
    assert [Review.from_json(review.to_json()) for review in reviews] == reviews
    replayed = [card_to_dict(card) for card in study.scheduling.cards_after(key, reviews) if card]
    assert replayed == [review.card for review in reviews]
    # without what each was made for, a replay aims every answer at today's 0.8: the second differs
    forgotten = [dataclasses.replace(review, retention=None) for review in reviews]
    cards = [card_to_dict(card) for card in study.scheduling.cards_after(key, forgotten) if card]
    assert cards[1]["due"] > reviews[1].card["due"]  # 0.8 lets a card wait longer than 0.9
    study.close()
