from __future__ import annotations

import csv
import dataclasses
import io
import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.errors import UnknownProfileError
from quiz.insight.stats import compute_stats, domain_mastery
from quiz.insight.workload import workload
from quiz.scheduling.exam_plan import ExamPlan, cap_for_exam
from quiz.scheduling.fsrs import Scheduling, card_to_dict, rating_for
from quiz.session.recording import current_card, review_record
from quiz.store.progress import ProgressStore
from quiz.store.results import ItemResult, SessionResult
from quiz.study import Study
from tests.choices import choose
from tests.factories import make_library, make_profile

LIBRARY = make_library(dict.fromkeys(Domain, 5))
KEYS = sorted(LIBRARY.entries)


def answer(store: ProgressStore, key: str, correct: bool, when: datetime, scheduling: Scheduling) -> None:
    store.record_reviews(
        [
            review_record(
                scheduling,
                key=key,
                card=current_card(store, key),
                response=[0],
                correct=correct,
                when=when,
                duration_ms=1000,
                mode="practice",
                session_id="s",
                rating=rating_for(correct),
            )
        ]
    )


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore.open(tmp_path, datetime(2026, 3, 1, tzinfo=UTC))


def test_stats_streak_reviews_due_mastery_and_leeches(store: ProgressStore) -> None:
    scheduling = Scheduling(fuzzing=False)
    day = datetime(2026, 3, 1, 9, tzinfo=UTC)
    for offset in (0, 2, 3, 4):  # a gap on day 1; then three days in a row
        answer(store, KEYS[offset], True, day + timedelta(days=offset), scheduling)
    for n in range(4):
        answer(store, KEYS[10], False, day + timedelta(days=4, minutes=n), scheduling)
    now = day + timedelta(days=4, hours=1)
    stats = compute_stats(LIBRARY, store, scheduling, now, tz=UTC)
    assert stats.streak == 3
    per_day = dict(stats.reviews_per_day)
    assert len(stats.reviews_per_day) == 30 and per_day[date(2026, 3, 5)] == 5 and per_day[date(2026, 3, 2)] == 0
    assert sum(n for _, n in stats.due_forecast) == 5  # every seen card, overdue ones counted today
    assert stats.due_forecast[0][0] == date(2026, 3, 5)
    assert [leech.key for leech in stats.leeches] == [KEYS[10]]
    by_domain = {d.domain: d for d in stats.domains}
    assert sum(d.seen for d in stats.domains) == 5
    first = LIBRARY.entries[KEYS[4]].domain
    assert by_domain[first].mastered >= 1 and by_domain[first].accuracy == 1.0
    assert by_domain[LIBRARY.entries[KEYS[10]].domain].accuracy == 0.0
    json.dumps(stats.to_json())
    tomorrow = compute_stats(LIBRARY, store, scheduling, now + timedelta(days=1), tz=UTC)
    assert tomorrow.streak == 3  # today not studied yet: the streak still counts up to yesterday
    assert compute_stats(LIBRARY, store, scheduling, now + timedelta(days=2), tz=UTC).streak == 0


def test_final_week_cap() -> None:
    plan = ExamPlan(date(2026, 6, 30), "ciip")
    exam = plan.exam_start()
    reviewed = datetime(2026, 5, 1, tzinfo=UTC)
    # due after the exam: brought into the final week
    capped = cap_for_exam(datetime(2026, 9, 1, tzinfo=UTC), reviewed, 12345, plan)
    assert exam - timedelta(days=7) <= capped < exam
    # due before the exam: left alone
    assert cap_for_exam(datetime(2026, 6, 1, tzinfo=UTC), reviewed, 1, plan) == datetime(2026, 6, 1, tzinfo=UTC)
    # reviewed inside the final week: no interval runs past the exam (due on the exam day at the latest)
    late = datetime(2026, 6, 25, tzinfo=UTC)
    assert cap_for_exam(datetime(2026, 9, 1, tzinfo=UTC), late, 1, plan) == exam
    assert cap_for_exam(datetime(2026, 6, 27, tzinfo=UTC), late, 1, plan) == datetime(2026, 6, 27, tzinfo=UTC)
    # from the exam day on, and without a plan: the date limits nothing
    after = datetime(2026, 6, 30, 8, tzinfo=UTC)
    assert cap_for_exam(datetime(2026, 9, 1, tzinfo=UTC), after, 1, plan) == datetime(2026, 9, 1, tzinfo=UTC)
    assert cap_for_exam(datetime(2026, 9, 1, tzinfo=UTC), reviewed, 1, None) == datetime(2026, 9, 1, tzinfo=UTC)


def test_no_interval_runs_past_the_exam_live_or_on_replay(store: ProgressStore) -> None:
    """Answers right and wrong until the exam day, with fuzz: no card is due after the exam day's
    start, none answered before the final week is due on the exam day, and replaying each key's
    reviews gives exactly the cards the live run stored."""
    plan = ExamPlan(date(2026, 4, 20), "p")
    scheduling = Scheduling(fuzzing=True, plan=plan)
    rng = random.Random(4)
    exam, final_week = plan.exam_start(), plan.exam_start() - timedelta(days=7)
    moment = datetime(2026, 3, 1, 9, tzinfo=UTC)
    while moment < exam:
        for key in rng.sample(KEYS, 6):
            answer(store, key, rng.random() < 0.85, moment, scheduling)
        moment += timedelta(hours=rng.choice((5, 11, 26)))
    brought_back = on_exam_day = 0
    for key, history in store.history.items():
        last, card_id = history.last_review, history.card["card_id"]
        assert last is not None and history.due <= exam, key
        if last < final_week:
            assert history.due < exam, key
            brought_back += history.due == final_week + timedelta(days=card_id % 6)
        else:
            on_exam_day += history.due == exam
        replayed = scheduling.replay(key, [r for r in store.reviews if r.key == key])
        assert replayed is not None and card_to_dict(replayed) == history.card
    assert brought_back > 3 and on_exam_day > 3  # both parts of the rule were at work


def test_cards_scheduled_before_the_exam_date_was_set_follow_it(tmp_path: Path) -> None:
    clock = ManualClock(datetime(2026, 3, 1, 9, tzinfo=UTC))
    library = make_library(dict.fromkeys(Domain, 5))
    library.profiles["p"] = make_profile(questions=20)
    study = Study(library, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)
    key = KEYS[0]
    card = None
    for _ in range(5):  # right every time: its next review is months away
        card = study.scheduling.review(key, card, rating_for(True), clock.now(), 1000)
        answer(study.store, key, True, clock.now(), study.scheduling)
        clock.advance((card.due - clock.now()).total_seconds())
    written = study.store.history[key].due
    plan = ExamPlan(date(2026, 6, 1), "p")
    assert written > plan.exam_start()
    study.set_plan(plan)
    due = study.store.history[key].due
    assert plan.exam_start() - timedelta(days=7) <= due < plan.exam_start()  # back in the final week
    assert study.store.due_keys(due) == [key] and study.store.history[key].card["due"] == written.isoformat()
    study.set_plan(None)
    assert study.store.history[key].due == written  # the plan gone, the card's own date again
    study.set_plan(plan)
    study.close()
    again = Study(library, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)
    assert again.store.history[key].due == due  # and so from the next start on
    again.close()


def test_every_card_comes_back_in_the_final_week(store: ProgressStore) -> None:
    plan = ExamPlan(date(2026, 4, 20), "p")
    scheduling = Scheduling(fuzzing=False, plan=plan)
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    final_week = plan.exam_start() - timedelta(days=7)
    day = 0
    while (now := start + timedelta(days=day)) < plan.exam_start():
        new = KEYS[day * 2 : day * 2 + 2] if now < final_week else []
        for key in store.due_keys(now) + new:  # do every due review, always right: long intervals
            answer(store, key, True, now, scheduling)
        day += 1
    in_final_week = {r.key for r in store.reviews if final_week <= r.time < plan.exam_start()}
    assert set(store.history) == in_final_week
    without_plan = Scheduling(fuzzing=False)
    card = without_plan.review("b/x", None, rating_for(True), start, 1000)
    for _ in range(4):
        card = without_plan.review("b/x", card, rating_for(True), card.due, 1000)
    assert card.due > plan.exam_start()  # without the plan this card would skip the final week


def test_workload_spreads_unseen_questions_over_the_days_left(store: ProgressStore) -> None:
    now = datetime(2026, 3, 1, 9, tzinfo=UTC)
    plan = ExamPlan(date(2026, 3, 11), "p")
    profile = make_profile(questions=20)
    load = workload(plan, profile, LIBRARY, store, now)
    assert load.days_left == 10 and load.unseen == 50 and load.new_per_day == 6 and load.due_today == 0


def test_study_plan_is_saved_and_used(tmp_path: Path) -> None:
    clock = ManualClock(datetime(2026, 3, 1, 9, tzinfo=UTC))
    library = make_library(dict.fromkeys(Domain, 5))
    library.profiles["ciip"] = make_profile(id="ciip", questions=20)
    study = Study(library, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)
    with pytest.raises(UnknownProfileError, match="'nope'; known profiles: ciip"):
        study.set_plan(ExamPlan(date(2026, 4, 1), "nope"))
    study.set_plan(ExamPlan(date(2026, 4, 1), "ciip"))
    study.close()
    again = Study(library, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)
    assert again.scheduling.plan == ExamPlan(date(2026, 4, 1), "ciip")
    overview = again.overview()
    assert overview.workload is not None and overview.workload.days_left == 31
    again.set_plan(None)
    assert again.scheduling.plan is None and again.store.settings.exam_date is None
    again.close()


def test_cli_plan_stats_and_export(capsys: pytest.CaptureFixture[str]) -> None:
    future = (datetime.now(UTC) + timedelta(days=60)).date().isoformat()
    assert main(["plan", "--date", future, "--profile", "ciip"]) == 0
    assert f"Exam: ciip on {future}" in capsys.readouterr().out
    assert main(["plan", "--date", "2000-01-01"]) == 2
    assert main(["plan", "--date", future, "--profile", "nope"]) == 2
    capsys.readouterr()
    # take a short exam through the core, then report on it
    study = Study.open(fuzzing=False)
    exam = study.start_exam(study.library.profiles["quick"], seed=1)
    choose(exam, 0)
    result = exam.submit()
    study.close()
    assert main(["stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["attempts"][0]["score"] == result.score and data["streak"] == 1
    assert [r["assumes"] for r in data["readiness"]][::2] == ["no further study", "no further study"]
    assert data["readiness"][1]["assumes"]["new_per_day"] > 0 and data["readiness"][0]["profile"] == "ciip"
    assert len(data["readiness"][0]["focus"]) == 3
    assert main(["stats"]) == 0
    assert "Mastery by domain" in capsys.readouterr().out
    assert main(["export", "results", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 20 and rows[0]["session_id"] == result.session_id
    assert {r["correct"] for r in rows} <= {"True", "False"}
    assert main(["plan", "--clear"]) == 0


def _blank_exams(tmp_path: Path, times: int, questions: int = 10) -> Study:
    """`times` exams over the same `questions` questions, submitted without a single answer."""
    clock = ManualClock(datetime(2026, 3, 2, 9, tzinfo=UTC))
    library = make_library(dict.fromkeys(Domain, 5))
    library.profiles["p"] = make_profile(questions=questions)
    study = Study(library, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)
    for _ in range(times):
        study.start_exam(library.profiles["p"], seed=3).submit()
        clock.advance(60)
    return study


def test_a_blank_exam_masters_nothing_and_counts_every_item_as_a_wrong_answer(tmp_path: Path) -> None:
    study = _blank_exams(tmp_path, times=1)
    stats = compute_stats(study.library, study.store, study.scheduling, study.clock.now(), tz=UTC)
    assert sum(d.seen for d in stats.domains) == 10 and sum(d.answers for d in stats.domains) == 10
    assert sum(d.mastered for d in stats.domains) == 0  # an Again leaves high recall for the day: not mastery
    assert all(d.correct == 0 and d.accuracy in (None, 0.0) for d in stats.domains)
    assert len(study.store.missed_keys()) == 10 and study.overview().missed == 10
    study.close()


def test_unanswered_exam_items_count_toward_leeches(tmp_path: Path) -> None:
    study = _blank_exams(tmp_path, times=4, questions=50)  # the whole library, four times
    stats = compute_stats(study.library, study.store, study.scheduling, study.clock.now(), tz=UTC)
    assert len(stats.leeches) == 50 and all(leech.wrong == 4 for leech in stats.leeches)
    study.close()


def test_mastery_needs_the_latest_answer_right(store: ProgressStore) -> None:
    scheduling = Scheduling(fuzzing=False)
    key = KEYS[0]
    when = datetime(2026, 3, 1, 9, tzinfo=UTC)
    for days in (0, 1, 4, 12):
        answer(store, key, True, when + timedelta(days=days), scheduling)
    now = when + timedelta(days=12, minutes=1)
    domain = LIBRARY.entries[key].domain

    def mastered(at: datetime) -> int:
        return next(d.mastered for d in domain_mastery(LIBRARY, store, scheduling, at) if d.domain == domain)

    assert mastered(now) == 1
    answer(store, key, False, now, scheduling)
    card = current_card(store, key)
    assert card is not None and scheduling.retrievability(card, now) >= 0.9  # FSRS alone: still "mastered"
    assert mastered(now) == 0
    answer(store, key, True, now + timedelta(minutes=10), scheduling)
    assert mastered(now + timedelta(minutes=11)) == 1


def _due_at(store: ProgressStore, key: str, due: datetime, reviewed: datetime) -> None:
    """A review whose card falls due at `due` (the counting only reads the card's due time)."""
    scheduling = Scheduling(fuzzing=False)
    record = review_record(
        scheduling,
        key=key,
        card=None,
        response=[0],
        correct=True,
        when=reviewed,
        duration_ms=1000,
        mode="practice",
        session_id="s",
    )
    record.card["due"] = due.isoformat()
    store.record_reviews([record])


def test_due_now_and_due_by_the_end_of_today_are_one_definition_in_local_time(tmp_path: Path) -> None:
    from datetime import timezone

    from quiz.insight.workload import due_counts
    from quiz.scheduling.exam_plan import day_end

    local = timezone(timedelta(hours=-5))  # 20:00 local on 1 March is 01:00 UTC on 2 March
    now = datetime(2026, 3, 1, 20, tzinfo=local).astimezone(UTC)
    clock = ManualClock(now)
    library = make_library(dict.fromkeys(Domain, 5))
    library.profiles["p"] = make_profile(questions=20)
    store = ProgressStore.open(tmp_path, now)
    keys = sorted(library.entries)
    for key, due in zip(
        keys,
        (
            now - timedelta(days=2),
            now - timedelta(hours=1),
            now + timedelta(hours=2),
            datetime(2026, 3, 1, 23, 59, tzinfo=local),
            datetime(2026, 3, 2, 0, 30, tzinfo=local),
            now + timedelta(days=3),
        ),
        strict=False,
    ):
        _due_at(store, key, due, now - timedelta(days=3))
    _due_at(store, "gone/from-the-banks", now - timedelta(hours=1), now - timedelta(days=3))
    assert day_end(now, local) == datetime(2026, 3, 2, tzinfo=local)
    counts = due_counts(store, library.entries.keys(), now, local)
    assert (counts.now, counts.later_today, counts.by_end_of_today) == (2, 2, 4)
    # in UTC the same moment is already 2 March: 00:30 local (05:30 UTC) is still today there
    assert due_counts(store, library.entries.keys(), now, UTC).by_end_of_today == 5
    stats = compute_stats(library, store, Scheduling(fuzzing=False), now, tz=local)
    assert stats.due == counts and stats.due_forecast[0] == (date(2026, 3, 1), 4)
    assert stats.to_json()["due_now"] == 2 and stats.to_json()["due_by_end_of_today"] == 4
    study = Study(library, store, clock=clock, fuzzing=False)
    overview = study.overview(tz=local)
    assert (overview.due, overview.due_now, overview.due_later_today) == (2, 2, 2)
    study.set_plan(ExamPlan(date(2026, 3, 20), "p"))
    workload = study.plan_workload(tz=local)
    assert workload is not None and workload.due_today == 4 and workload.days_left == 19
    study.close()


def _report_study(tmp_path: Path, *, profile_title: str = "P", attempt_title: str | None = None) -> Study:
    """Two exams (35% and 33%) and two reviews today, on a fixed clock, for reading `quiz stats`."""
    clock = ManualClock(datetime(2026, 3, 20, 15, tzinfo=UTC))
    library = make_library(dict.fromkeys(Domain, 5))
    library.profiles["ciip"] = make_profile(id="ciip", title=profile_title, questions=20, pass_percent=70)
    study = Study(library, ProgressStore.open(tmp_path, clock.now()), clock=clock, fuzzing=False)
    study.set_plan(ExamPlan(date(2026, 4, 30), "ciip"))
    for n, percent in enumerate((35.0, 33.0)):
        finished = clock.now() - timedelta(days=2 - n)
        right = ItemResult(KEYS[0], Domain.OPERATIONS, [0], [0], True, False, 1.0)
        items = [right] * round(percent / 5) + [dataclasses.replace(right, response=[1], correct=False)] * (
            20 - round(percent / 5)
        )
        study.store.record_attempt(
            SessionResult(
                f"s{n}",
                "exam",
                attempt_title or f"Exam {n}",
                "ciip",
                finished,
                finished,
                600.0,
                False,
                70,
                tuple(items),
            )
        )
    answer(study.store, KEYS[0], True, clock.now() - timedelta(hours=1), study.scheduling)  # due again now
    answer(study.store, KEYS[1], True, clock.now() - timedelta(minutes=1), study.scheduling)  # due in 9 minutes
    return study


def _stats_output(
    study: Study, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, width: int = 80
) -> str:
    """What `quiz stats` prints, as a terminal of `width` columns would show it."""
    from quiz.cli.reports import print_stats

    monkeypatch.setenv("COLUMNS", str(width))
    capsys.readouterr()
    assert print_stats(study) == 0
    return capsys.readouterr().out


def test_quiz_stats_states_every_scale_and_names_what_is_due(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks = "▁▂▃▄▅▆▇█"
    study = _report_study(tmp_path)
    text = _stats_output(study, capsys, monkeypatch)
    words = " ".join(text.split())
    lines = text.splitlines()
    assert all(len(line) <= 80 for line in lines)
    # the stray block: a lone sparkline column at the end of a line, with no frame and no scale
    assert not [line for line in lines if line.rstrip() and line.rstrip()[-1] in blocks]
    assert "  ▕" + " " * 29 + "█▏ scale 0-2 a day, Feb 19 to Mar 20" in lines
    # 35% and 33% on a stated 0-100% scale, not both full height
    assert "  ▕▃▃▏ scale 0-100%, Mar 18 to Mar 19" in lines
    assert "Due now: 1   Due by the end of today (local time): 2" in lines
    assert "mastered: your latest answer was right and FSRS recall now is at least 90%" in lines
    assert "Exam day (2026-04-30), if you study no more from today (forgetting only): about " in words
    assert "Exam day (2026-04-30), if you follow the plan: about " in words
    assert "(every review as it falls due, and 2 new questions a day: 48 in all)" in words
    study.close()


def test_quiz_stats_shows_titles_from_files_literally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    study = _report_study(tmp_path, profile_title="[bold]Profile[/] \x1b[2J", attempt_title="[red]x[/red]\x1b]0;t\x07")
    text = _stats_output(study, capsys, monkeypatch, width=120)
    assert "\x1b" not in text and "\x07" not in text  # nothing from a file reaches the terminal raw
    assert "[bold]Profile[/] ␛[2J" in text  # shown as written, not parsed as markup
    assert "[red]x[/red]␛]0;t␇" in text
    study.close()
