"""Item analysis (issue 19): simulated examinees of spread ability take exams in which one item
carries a wrong key; that item, and only it, is flagged, with the distractor that draws them."""

from __future__ import annotations

import json
import math
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.domains import Domain
from quiz.insight.item_analysis import MIN_EXAMS, analyze, point_biserial
from quiz.store.results import ItemResult, SessionResult
from quiz.study import Study
from tests.factories import make_library

LIBRARY = make_library({Domain.IMAGE_MANAGEMENT: 20}, bank_id="authored")
KEYS = sorted(LIBRARY.entries, key=lambda k: LIBRARY.entries[k].position)
MISKEYED = KEYS[7]  # its bank key is A, but the truly right answer is C (index 2)
START = datetime(2026, 3, 1, 9, tzinfo=UTC)


def simulated_exams(examinees: int, seed: int = 5) -> list[SessionResult]:
    rng = random.Random(seed)
    difficulty = {key: rng.uniform(-1.5, 1.0) for key in KEYS}
    attempts = []
    for number in range(examinees):
        ability = rng.gauss(0, 1)
        items = []
        for key in KEYS:
            knows = rng.random() < 1 / (1 + math.exp(difficulty[key] - ability))
            truth = 2 if key == MISKEYED else 0
            picked = truth if knows else rng.randrange(4)
            entry = LIBRARY.entries[key]
            items.append(ItemResult(key, entry.domain, [picked], [0], picked == 0, False, 30.0))
        when = START + timedelta(hours=number)
        attempts.append(
            SessionResult(f"s{number}", "exam", "Exam", "p", when, when, 600.0, False, 70.0, tuple(items), f"a{number}")
        )
    return attempts


def test_the_item_with_a_wrong_key_is_the_one_flagged() -> None:
    report = analyze(LIBRARY, simulated_exams(80), "authored")
    assert [item.key for item in report] == KEYS  # the bank's file order
    flagged = {item.key: item for item in report if item.flags}
    assert set(flagged) == {MISKEYED}
    item = flagged[MISKEYED]
    assert item.discrimination is not None and item.discrimination < 0
    assert item.options == ("A", "B", "C", "D") and item.keyed == (0,)
    assert item.chosen[2] > item.chosen[0] and sum(item.chosen) == item.answers == 80
    assert "a distractor chosen more often than the key: C" in item.flags[1]
    others = [i.discrimination for i in report if i.key != MISKEYED]
    assert all(d is not None and d > 0.1 for d in others)


def test_discrimination_needs_enough_exams_and_practice_does_not_count_for_it() -> None:
    few = simulated_exams(MIN_EXAMS - 1)
    practice = [
        SessionResult(f"p{n}", "practice", "Practice", None, START, START, 60.0, False, None, attempt.items, f"pa{n}")
        for n, attempt in enumerate(simulated_exams(30, seed=9))
    ]
    report = analyze(LIBRARY, few + practice, "authored")
    assert all(item.discrimination is None and item.exams == MIN_EXAMS - 1 for item in report)
    assert all(item.answers == MIN_EXAMS - 1 + 30 for item in report)  # the share right counts every answer


def test_point_biserial_is_the_textbook_value() -> None:
    # three right with rest scores 0.9, 0.8, 0.7 and two wrong with 0.4, 0.3: r = (0.8 - 0.35) / sd * sqrt(pq)
    pairs = [(True, 0.9), (True, 0.8), (True, 0.7), (False, 0.4), (False, 0.3)]
    scores = [s for _, s in pairs]
    mean = sum(scores) / 5
    sd = math.sqrt(sum((s - mean) ** 2 for s in scores) / 5)
    assert point_biserial(pairs) == pytest.approx((0.8 - 0.35) / sd * math.sqrt(0.6 * 0.4))
    assert point_biserial([(True, 0.5), (True, 0.7)]) is None  # no one wrong: nothing to correlate


def test_quiz_analyze_prints_the_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    study = Study.open(fuzzing=False)
    bank = study.library.banks[0].bank
    study.close()
    assert main(["analyze", bank.bank]) == 0
    out = capsys.readouterr().out
    assert f"Item analysis of {bank.bank}" in out and "no exam attempts yet" in out
    assert main(["analyze", bank.bank, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == len(bank.questions) and rows[0]["id"] == bank.questions[0].id
    assert rows[0]["answers"] == 0 and rows[0]["discrimination"] is None
    assert main(["analyze", "no-such-bank"]) == 2
    assert "no bank 'no-such-bank'" in capsys.readouterr().err


def test_the_browser_shows_each_questions_discrimination(tmp_path: Path) -> None:
    from quiz.insight.browse import browse_rows, sorted_rows
    from quiz.scheduling.fsrs import Scheduling
    from quiz.store.progress import ProgressStore

    store = ProgressStore.open(tmp_path, START)
    for attempt in simulated_exams(80):
        store.record_attempt(attempt)
    rows = browse_rows(LIBRARY, store, Scheduling(fuzzing=False), START)
    by_key = {row.key: row for row in rows}
    discrimination = by_key[MISKEYED].discrimination
    assert discrimination is not None and discrimination < 0
    assert sorted_rows(rows, "discrimination")[0].key == MISKEYED  # the lowest first
    store.close()
    few = ProgressStore.open(tmp_path / "few", START)
    assert all(row.discrimination is None for row in browse_rows(LIBRARY, few, Scheduling(), START))
    few.close()
