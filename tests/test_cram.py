"""Cram (issue 19): the studied questions you know least, by FSRS recall; its answers count in
accuracy and a wrong one is a miss, but no FSRS card changes and the review export leaves them out."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.errors import NoQuestionsError
from quiz.paths import user_paths
from quiz.scheduling.fsrs import card_from_dict
from quiz.store.progress import ProgressStore
from quiz.study import Study
from tests.factories import answer_now, make_library

START = datetime(2026, 3, 2, 9, tzinfo=UTC)


def studied(folder: Path) -> Study:
    clock = ManualClock(START)
    study = Study(make_library(dict.fromkeys(Domain, 2)), ProgressStore.open(folder, START), clock=clock, fuzzing=False)
    keys = sorted(study.library.entries)
    for days, key in enumerate(keys[:6]):  # answered right, longer ago for the later keys
        answer_now(study, key, correct=True, when=START - timedelta(days=3 * days + 1))
    return study


def test_cram_asks_the_least_known_first_and_changes_no_card(tmp_path: Path) -> None:
    study = studied(tmp_path)
    now = study.clock.now()
    cards = {k: dict(h.card) for k, h in study.store.history.items()}
    recall = {k: study.scheduling.retrievability(card_from_dict(c), now) for k, c in cards.items()}
    session = study.cram(count=4, seed=1)
    assert session.title == "Cram (your schedule is not changed)" and session.kind == "cram"
    asked = [item.key for item in session.items]
    assert asked == sorted(recall, key=lambda k: (recall[k], k))[:4]  # least recall first; unseen never
    for position in range(session.total):
        session.answer([1] if position == 0 else [0])  # the first one wrong, the rest right (A, index 0)
        session.next()
    result = session.finish()
    assert result.kind == "cram" and result.score == 3
    assert {k: h.card for k, h in study.store.history.items()} == cards  # every card as it was
    assert study.store.missed_keys() == [asked[0]]  # a wrong cram answer is a miss
    study.store.close()
    again = ProgressStore.open(tmp_path, START)
    assert {k: h.card for k, h in again.history.items()} == cards  # and so after a restart
    assert [a.kind for a in again.attempts] == ["cram"]
    again.close()


def test_cram_answers_are_not_in_the_fsrs_review_export(capsys: pytest.CaptureFixture[str]) -> None:
    study = studied(user_paths().progress)
    session = study.cram(count=2, seed=1)
    session.answer([0])
    session.finish()
    study.store.close()
    assert main(["export", "reviews", "--format", "fsrs-csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 1 + 6  # the six studied answers, not the cram one


def test_nothing_studied_nothing_to_cram(tmp_path: Path) -> None:
    clock = ManualClock(START)
    study = Study(make_library({Domain.OPERATIONS: 2}), ProgressStore.open(tmp_path, START), clock=clock)
    with pytest.raises(NoQuestionsError, match="Nothing to cram"):
        study.cram()
    study.store.close()
