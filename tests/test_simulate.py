"""The retention simulator: from the cards as they are, what each desired retention costs (reviews and
minutes a day) and gives (the blueprint recalled on the exam day); `quiz simulate` and `quiz settings`."""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, State

from quiz.cli import main
from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.errors import SettingError
from quiz.insight.retention import (
    DEFAULT_NEW_SECONDS,
    DEFAULT_REVIEW_SECONDS,
    LONGEST_ANSWER_SECONDS,
    RetentionReport,
)
from quiz.insight.retention_view import retention_chart, retention_notes, retention_table
from quiz.scheduling.exam_plan import ExamPlan
from quiz.scheduling.fsrs import Scheduling
from quiz.scheduling.simulate import HORIZON_DAYS, RETENTIONS, Group, SimulationStart, simulate, simulate_retentions
from quiz.store.progress import ProgressStore
from quiz.study import Study
from tests.factories import answer_now, make_library, make_profile

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def deck(stability: float, cards: int = 300, *, seed: int = 5) -> list[tuple[Card, str | None]]:
    """`cards` review cards of about this stability, last reviewed in the past weeks and due as FSRS
    at 0.90 would have them (due today at the earliest)."""
    rng = random.Random(seed)
    scheduler = Scheduling(fuzzing=False).scheduler
    made: list[tuple[Card, str | None]] = []
    for n in range(cards):
        s = stability * rng.uniform(0.7, 1.3)
        last = NOW - timedelta(days=rng.randint(0, 20))
        interval = scheduler._next_interval(stability=s)
        due = max(last + timedelta(days=interval), NOW)
        card = Card(n, State.Review, None, s, rng.uniform(4, 7), due, last)
        made.append((card, "a"))
    return made


def start_from(cards: Sequence[tuple[Card, str | None]], **changes: object) -> SimulationStart:
    start = SimulationStart(
        now=NOW,
        days=60,
        cards=cards,
        new=[],
        new_per_day=0,
        new_days=0,
        first_right=0.5,
        groups={"a": Group(1.0, len(cards))},
        target=NOW + timedelta(days=60),
        review_seconds=20.0,
        new_seconds=50.0,
        tz=UTC,
    )
    return dataclasses.replace(start, **changes)  # type: ignore[arg-type]


def test_stronger_cards_need_fewer_reviews_a_day() -> None:
    scheduling = Scheduling()
    weak = simulate(start_from(deck(3.0)), scheduling, 0.9)
    strong = simulate(start_from(deck(60.0)), scheduling, 0.9)
    assert strong.reviews_per_day < weak.reviews_per_day / 2, (strong.reviews_per_day, weak.reviews_per_day)
    assert strong.minutes_per_day < weak.minutes_per_day
    assert strong.recall is not None and weak.recall is not None and strong.recall > weak.recall


def test_a_higher_retention_costs_more_reviews_and_recalls_more() -> None:
    cards = deck(8.0, 400)
    new = ["a"] * 200
    start = start_from(cards, new=new, new_per_day=5, new_days=40, groups={"a": Group(1.0, 600)})
    outcomes = simulate_retentions(start, Scheduling(), RETENTIONS)
    assert [o.retention for o in outcomes] == list(RETENTIONS)
    reviews = [o.reviews_per_day for o in outcomes]
    minutes = [o.minutes_per_day for o in outcomes]
    recall = [o.recall for o in outcomes]
    assert reviews == sorted(reviews) and len(set(reviews)) == len(reviews), reviews
    assert minutes == sorted(minutes) and len(set(minutes)) == len(minutes), minutes
    assert recall == sorted(recall) and len(set(recall)) == len(recall), recall  # type: ignore[type-var]
    assert all(o.new_per_day == 5 * 40 / 60 for o in outcomes)  # new questions do not depend on it


def test_the_same_seed_gives_the_same_run() -> None:
    start = start_from(deck(5.0, 200), new=["a"] * 50, new_per_day=3, new_days=20)
    scheduling = Scheduling()
    first = simulate(start, scheduling, 0.85, seed=7)
    assert simulate(start, scheduling, 0.85, seed=7) == first
    assert simulate(start, scheduling, 0.85, seed=8).reviews != first.reviews  # the seed does decide


def test_new_questions_are_introduced_each_day_until_none_are_left() -> None:
    start = start_from([], new=["a"] * 25, new_per_day=10, new_days=60, groups={"a": Group(1.0, 25)})
    outcome = simulate(start, Scheduling(), 0.9)
    assert outcome.new[:4] == (10, 10, 5, 0) and sum(outcome.new) == 25
    assert outcome.reviews[0] == 0 and outcome.reviews[1] == 10  # yesterday's new ones come back the next day
    assert outcome.minutes_per_day == pytest.approx(
        (sum(outcome.reviews) * 20 + 25 * 50) / 60 / 60
    )  # review_seconds 20, new_seconds 50, over 60 days
    nothing = simulate(start_from([], groups={"a": Group(1.0, 25)}), Scheduling(), 0.9)
    assert nothing.reviews_per_day == 0 and nothing.minutes_per_day == 0 and nothing.recall == 0


def test_recall_is_weighted_by_the_blueprint() -> None:
    """One domain well known, the other never seen: recall is the known one's share of the weights."""
    known = [
        (Card(n, State.Review, None, 5000.0, 5.0, NOW + timedelta(days=400), NOW - timedelta(days=1)), "a")
        for n in range(10)
    ]
    start = start_from(known, days=5, target=NOW + timedelta(days=5), groups={"a": Group(3, 10), "b": Group(1, 10)})
    outcome = simulate(start, Scheduling(), 0.9)
    assert outcome.reviews_per_day == 0
    assert outcome.recall == pytest.approx(0.75, abs=0.002)
    off = start_from([(card, None) for card, _ in known], groups={"a": Group(1, 10)})  # off the blueprint
    assert simulate(off, Scheduling(), 0.9).recall == 0


def test_with_an_exam_date_no_card_is_due_after_the_exam() -> None:
    """The simulation schedules as the app does: every card comes back in the final week, and none
    is due on the exam's eve or later for long."""
    plan = ExamPlan(date(2026, 4, 1), "p")
    days = (plan.exam_date - NOW.date()).days
    start = start_from(deck(40.0, 200), days=days, target=datetime(2026, 4, 1, 12, tzinfo=UTC))
    with_plan = simulate(start, Scheduling(plan=plan), 0.9)
    without = simulate(start, Scheduling(), 0.9)
    final_week = with_plan.reviews[-7:]
    assert sum(final_week) >= 200  # each of the 200 cards at least once
    assert sum(without.reviews[-7:]) < 100
    assert with_plan.recall is not None and without.recall is not None and with_plan.recall > without.recall


# through the study: the cards, times and plan of a real store ----------------------------------------


def make_study(tmp_path: Path) -> Study:
    library = make_library(dict.fromkeys(Domain, 6))
    library.profiles["ciip"] = make_profile(id="ciip", questions=20)
    clock = ManualClock(NOW)
    return Study(library, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)


def test_no_reviews_at_all_uses_defaults_and_says_so(tmp_path: Path) -> None:
    study = make_study(tmp_path)
    report = study.retention_simulation(tz=UTC)()
    assert report.studied == 0 and report.unseen == 60 and report.first_answers == 0
    assert report.review_time.seconds == DEFAULT_REVIEW_SECONDS and report.review_time.answers == 0
    assert report.new_time.seconds == DEFAULT_NEW_SECONDS and report.first_right == 0.5
    assert report.days == HORIZON_DAYS and not report.exam_day and report.target == date(2026, 5, 31)
    assert report.new_per_day == 20 and not report.new_from_plan  # daily_new's default
    assert [o.retention for o in report.outcomes] == [0.8, 0.85, 0.9, 0.95]
    assert all(sum(o.new) == 60 for o in report.outcomes)  # every question introduced
    notes = retention_notes(report).plain
    assert "none given yet" in notes and "defaults where you have no recorded times yet" in notes


def test_the_users_cards_times_and_first_answers_are_used(tmp_path: Path) -> None:
    study = make_study(tmp_path)
    keys = sorted(study.library.entries)
    for n, key in enumerate(keys[:10]):
        answer_now(study, key, correct=n < 8, duration_ms=40_000, when=NOW - timedelta(days=3))
    answer_now(study, keys[0], correct=True, duration_ms=10_000, when=NOW - timedelta(days=1))
    answer_now(study, keys[1], correct=True, duration_ms=3_600_000, when=NOW - timedelta(days=1))  # a break
    study.set_question_state(keys[9], "suspend")
    report = study.retention_simulation(tz=UTC)()
    assert report.studied == 9 and report.unseen == 50  # the suspended one is left out
    assert report.new_time.seconds == 40 and report.new_time.answers == 10
    assert report.review_time.seconds == (10 + LONGEST_ANSWER_SECONDS) / 2 and report.review_time.answers == 2
    assert report.first_right == (8 + 1) / (10 + 2) and report.first_answers == 10


def test_an_exam_date_sets_the_days_the_new_questions_and_the_recall_day(tmp_path: Path) -> None:
    study = make_study(tmp_path)
    study.set_plan(ExamPlan(date(2026, 3, 22), "ciip"))
    report = study.retention_simulation(tz=UTC)()
    assert report.days == 20 and report.exam_day and report.target == date(2026, 3, 22)
    assert report.new_from_plan and report.new_per_day == 4 and report.new_days == 19  # 60 over 19 days
    assert all(sum(o.new) == 60 for o in report.outcomes)
    assert "recalled\non exam day" in [c.header for c in retention_table(report).columns]
    longer = study.retention_simulation(days=30, tz=UTC)()
    assert longer.days == 30 and not longer.exam_day and longer.target == date(2026, 4, 1)
    with pytest.raises(ValueError, match="days must be from 1 to 3650"):
        study.retention_simulation(days=0)


def test_the_current_setting_is_among_the_choices_and_marked(tmp_path: Path) -> None:
    study = make_study(tmp_path)
    study.set_desired_retention(0.87)
    report = study.retention_simulation(tz=UTC)()
    assert report.current == 0.87 and report.retentions == [0.8, 0.85, 0.87, 0.9, 0.95]
    rows = [str(cell) for cell in retention_table(report).columns[0].cells]
    assert [row for row in rows if "in use" in row] == ["▸ 0.87 in use"]
    chart = retention_chart(report, 0.87, columns=40)
    assert len(chart.values) == 30 and "each column the mean of 3 days" in chart.title  # 90 days in 40 columns


def test_setting_the_retention_saves_it_and_schedules_with_it(tmp_path: Path) -> None:
    study = make_study(tmp_path)
    key = sorted(study.library.entries)[0]
    answer_now(study, key, correct=True, when=NOW - timedelta(days=2))
    old = study.scheduling
    study.set_desired_retention(0.8)
    assert study.scheduling is not old and study.scheduling.scheduler.desired_retention == 0.8
    assert study.scheduling.scheduler.parameters == old.scheduler.parameters
    assert study.scheduling.plan is old.plan and study.scheduling.scheduler.enable_fuzzing is False
    for bad in (0.69, 0.98, float("nan")):
        with pytest.raises(SettingError, match=r"must be from 0\.70 to 0\.97"):
            study.set_desired_retention(bad)
    study.close()
    again = Study(study.library, ProgressStore.open(tmp_path, NOW), clock=ManualClock(NOW), fuzzing=False)
    assert again.store.settings.desired_retention == 0.8 and again.scheduling.scheduler.desired_retention == 0.8
    again.close()


def test_report_json_holds_every_number(tmp_path: Path) -> None:
    report: RetentionReport = make_study(tmp_path).retention_simulation(days=10, tz=UTC)()
    data = json.loads(json.dumps(report.to_json()))
    assert [row["retention"] for row in data["retentions"]] == [0.8, 0.85, 0.9, 0.95]
    assert [row["current"] for row in data["retentions"]] == [False, False, True, False]
    assert all(len(row["reviews_each_day"]) == 10 for row in data["retentions"])
    assert data["new_time"] == {"seconds": 60.0, "answers": 0, "default": True}


def test_cli_simulate_and_settings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["settings", "retention", "0.85"]) == 0
    assert "retention: 0.85 (saved)" in capsys.readouterr().out
    assert main(["settings", "retention", "0.99"]) == 2
    assert "the desired retention must be from 0.70 to 0.97, not 0.99" in capsys.readouterr().err
    assert main(["settings", "retention", "high"]) == 2
    assert "must be a number such as 0.9, not 'high'" in capsys.readouterr().err
    assert main(["settings", "exam", "x"]) == 2
    assert "set with `quiz plan`" in capsys.readouterr().err
    assert main(["settings", "daily-new", "7"]) == 0
    assert main(["settings", "retention"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0.85"
    assert main(["settings"]) == 0
    listing = capsys.readouterr().out
    assert "retention  0.85" in listing and "daily-new  7" in listing and "exam       none" in listing

    assert main(["simulate", "--json", "--days", "30"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["current_retention"] == 0.85 and data["days"] == 30 and data["new_per_day"] == 7
    assert [r["retention"] for r in data["retentions"]] == [0.8, 0.85, 0.9, 0.95]
    assert {"reviews_per_day", "minutes_per_day", "recall_percent", "busiest_day"} <= data["retentions"][0].keys()
    assert main(["simulate"]) == 0
    text = capsys.readouterr().out
    assert "▸ 0.85 in use" in text and "minutes" in text and "recalled" in text


def test_cli_simulate_refuses_too_many_days(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["simulate", "--days", "4000"])
    assert stopped.value.code == 2
    assert "must be from 1 to 3650" in capsys.readouterr().err
