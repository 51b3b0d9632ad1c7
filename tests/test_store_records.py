"""Well-formed but wrong progress records (issue 14, item 8): each is set aside like unreadable JSON,
reported, and never crashes a start; everything sound is kept."""

from __future__ import annotations

import contextlib
import io
import json
import math
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.cli import main
from quiz.cli.reports import export_results, print_stats
from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.errors import NoQuestionsError
from quiz.paths import UserPaths
from quiz.scheduling.fsrs import Scheduling
from quiz.session.exam import ExamSession
from quiz.session.selection import Only, PracticeFilter
from quiz.store.progress import ProgressStore
from quiz.store.settings import Settings
from quiz.study import Study
from tests.choices import choose, practice_response
from tests.factories import make_library, make_profile

LIBRARY = make_library(dict.fromkeys(Domain, 2), multi_every=2)
LIBRARY.profiles["ciip"] = make_profile(id="ciip", questions=10, minutes=20)
Mutation = Callable[[dict[str, Any]], None]


def progress(folder: Path) -> None:
    """A finished exam (attempt and reviews), a practice answer, an exam in progress, settings."""
    clock = ManualClock()
    scheduling = Scheduling(fuzzing=False)
    with ProgressStore.open(folder, clock.now()) as store:
        done = ExamSession.start(
            LIBRARY, make_profile(questions=4, minutes=5), clock=clock, scheduling=scheduling, store=store, seed=1
        )
        choose(done, 0)
        done.submit()
        study = Study(LIBRARY, store, clock=clock, fuzzing=False)
        practice = study.start_practice(PracticeFilter(count=2), seed=1)
        practice.answer(practice_response(practice, {0}))
        practice.finish()
        store.save_settings(Settings(desired_retention=0.85, theme="nord"))
        pending = ExamSession.start(
            LIBRARY, make_profile(questions=4, minutes=5), clock=clock, scheduling=scheduling, store=store, seed=2
        )
        choose(pending, 1)
        pending.toggle_flag()


def start(folder: Path) -> Study:
    """Everything a start and the first screens do with the progress: none of it may raise."""
    clock = ManualClock()
    study = Study(LIBRARY, ProgressStore.open(folder, clock.now()), clock=clock, fuzzing=False)
    study.overview()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert print_stats(study) == 0
        assert print_stats(study, as_json=True) == 0
        assert export_results(study, fmt="csv", output=None) == 0
    for chosen in Only:
        with contextlib.suppress(NoQuestionsError):  # "no questions" is an answer, not a crash
            study.start_practice(PracticeFilter(only=chosen), seed=1)
    with contextlib.suppress(NoQuestionsError):
        study.review_due()
    with contextlib.suppress(NoQuestionsError):
        study.review_missed()
    exam = study.resume_exam()
    if exam is not None:
        choose(exam, 0)
        exam.go(exam.total - 1)
        exam.submit()
    return study


def rewrite_line(path: Path, number: int, mutate: Mutation) -> None:
    lines = path.read_text("utf-8").splitlines()
    record = json.loads(lines[number])
    mutate(record)
    lines[number] = json.dumps(record)
    path.write_text("\n".join(lines) + "\n", "utf-8")


def rewrite_document(path: Path, mutate: Mutation) -> None:
    document = json.loads(path.read_text("utf-8"))
    mutate(document["data"])
    path.write_text(json.dumps(document), "utf-8")


def setter(field: str, value: Any) -> Mutation:
    return lambda record: record.__setitem__(field, value)


def card_setter(field: str, value: Any) -> Mutation:
    return lambda record: record["card"].__setitem__(field, value)


def item_setter(field: str, value: Any) -> Mutation:
    return lambda record: record["items"][0].__setitem__(field, value)


def deleter(field: str) -> Mutation:
    return lambda record: record.pop(field)


BAD_REVIEWS = {
    "card with a naive due date": card_setter("due", "2026-01-05T09:00:00"),
    "card with a naive last review": card_setter("last_review", "2026-01-05T09:00:00"),
    "naive time": setter("time", "2026-01-05T09:00:00"),
    "response is a number": setter("response", 5),
    "response past the choices": setter("response", [9]),
    "no id": deleter("id"),
    "no card": deleter("card"),
    "card is a list": setter("card", [1, 2]),
    "card state 7": card_setter("state", 7),
    "stability 'abc'": card_setter("stability", "abc"),
    "correct is a string": setter("correct", "yes"),
    "rating 9": setter("rating", 9),
    "key is a number": setter("key", 7),
    "no session": deleter("session"),
    "retention 'high'": setter("retention", "high"),
    "retention 1.5": setter("retention", 1.5),
    "retention NaN": setter("retention", float("nan")),
}

BAD_ATTEMPTS = {
    "no title": deleter("title"),
    "items: 7": setter("items", 7),
    "an item is a string": setter("items", ["b/q"]),
    "naive finish time": setter("finished_at", "2026-01-05T09:00:00"),
    "time_used 'abc'": setter("time_used", "abc"),
    "score 'x'": setter("score", "x"),
    "percent 500": setter("percent", 500),
    "kind 'quiz'": setter("kind", "quiz"),
    "item domain 'nope'": item_setter("domain", "nope"),
    "item response past its choices": item_setter("response", [7]),
    "item order not an order": item_setter("presentation", {"order": [0, 0, 1, 2]}),
    "item without its answer": lambda record: record["items"][0].pop("answer"),
    "no id": deleter("id"),
    "item struck past its choices": item_setter("struck", [7]),
    "item struck twice": item_setter("struck", [1, 1]),
    "item struck 'A'": item_setter("struck", "A"),
    "item remark a number": item_setter("remark", 5),
    "item remark too long": item_setter("remark", "x" * 4001),
    "limit_seconds 'abc'": setter("limit_seconds", "abc"),
}

BAD_SESSIONS = {
    "answers: 5": setter("answers", 5),
    "items: 7": setter("items", 7),
    "elapsed 'abc'": setter("elapsed", "abc"),
    "current 500": setter("current", 500),
    "current -1": setter("current", -1),
    "an order index past the choices": lambda data: data["items"][0].__setitem__(
        "presentation", {"order": [0, 1, 2, 9]}
    ),
    "an answer index past the choices": setter("answers", {"0": [4]}),
    "an answer for question 99": setter("answers", {"99": [0]}),
    "seconds of the wrong length": setter("seconds", [1.0]),
    "seconds 'abc'": setter("seconds", ["abc"] * 4),
    "flagged 'all'": setter("flagged", "all"),
    "a session id that is a path": setter("session_id", "../../elsewhere"),
    "naive start time": setter("started_at", "2026-01-05T09:00:00"),
    "seed 'abc'": setter("seed", "abc"),
    "limit_seconds 'abc'": setter("limit_seconds", "abc"),
    "no items": deleter("items"),
    "struck: 5": setter("struck", 5),
    "struck for question 99": setter("struck", {"99": [0]}),
    "struck past the choices": setter("struck", {"0": [4]}),
    "struck not a list": setter("struck", {"0": 1}),
    "remarks: a list": setter("remarks", ["a note"]),
    "a remark that is a number": setter("remarks", {"0": 3}),
    "a remark for question 'x'": setter("remarks", {"x": "a note"}),
}


@pytest.mark.parametrize("mutate", BAD_REVIEWS.values(), ids=BAD_REVIEWS.keys())
def test_a_bad_review_is_set_aside_and_the_rest_kept(tmp_path: Path, mutate: Mutation) -> None:
    progress(tmp_path)
    log = tmp_path / "reviews.jsonl"
    count = len(log.read_text("utf-8").splitlines()) - 1
    rewrite_line(log, 2, mutate)  # the second review
    study = start(tmp_path)
    (damage,) = [d for d in study.store.damages if d.path == log]
    assert "line 3: review" in str(damage) and f"{count - 1} records recovered" in str(damage)
    assert damage.moved_to is not None and damage.moved_to.read_text("utf-8").count("\n") == count + 1
    study.close()
    with ProgressStore.open(tmp_path, ManualClock().now()) as again:
        assert again.damages == []
        assert len(again.reviews) >= count - 1


@pytest.mark.parametrize("mutate", BAD_ATTEMPTS.values(), ids=BAD_ATTEMPTS.keys())
def test_a_bad_attempt_is_set_aside_and_the_rest_kept(tmp_path: Path, mutate: Mutation) -> None:
    progress(tmp_path)
    log = tmp_path / "attempts.jsonl"
    rewrite_line(log, 1, mutate)  # the finished exam
    study = start(tmp_path)
    (damage,) = [d for d in study.store.damages if d.path == log]
    assert "line 2: attempt" in str(damage) and damage.moved_to is not None
    assert all(a.kind != "exam" or a.session_id != "" for a in study.store.attempts)
    study.close()
    with ProgressStore.open(tmp_path, ManualClock().now()) as again:
        assert again.damages == []


@pytest.mark.parametrize("mutate", BAD_SESSIONS.values(), ids=BAD_SESSIONS.keys())
def test_a_bad_exam_in_progress_is_set_aside_and_the_app_starts(tmp_path: Path, mutate: Mutation) -> None:
    progress(tmp_path)
    rewrite_document(tmp_path / "session.json", mutate)
    study = start(tmp_path)
    (damage,) = study.store.damages
    assert "the unfinished exam's" in str(damage) and damage.moved_to is not None
    assert study.store.pending_session is None and not (tmp_path / "session.json").exists()
    assert len(study.store.attempts) == 2  # the finished exam and the practice session are untouched
    study.close()


@pytest.mark.parametrize("value", ["abc", 0, -1, 5, 0.5, 0.98, None, True, [0.9], math.nan])
def test_a_bad_desired_retention_is_reported_and_the_default_used(tmp_path: Path, value: Any) -> None:
    progress(tmp_path)
    rewrite_document(tmp_path / "settings.json", setter("desired_retention", value))
    study = start(tmp_path)
    (damage,) = study.store.damages
    assert "desired_retention" in str(damage) and "0.70 to 0.97" in str(damage)
    assert study.scheduling.scheduler.desired_retention == 0.9
    assert study.store.settings == Settings(theme="nord")  # the rest of the settings are kept
    study.close()
    saved = json.loads((tmp_path / "settings.json").read_text("utf-8"))["data"]
    assert saved == {"theme": "nord"}
    assert damage.moved_to is not None and "desired_retention" in damage.moved_to.read_text("utf-8")


@pytest.mark.parametrize("value", [0.7, 0.97, 0.8])
def test_a_desired_retention_in_range_is_used(tmp_path: Path, value: float) -> None:
    progress(tmp_path)
    rewrite_document(tmp_path / "settings.json", setter("desired_retention", value))
    study = start(tmp_path)
    assert study.store.damages == [] and study.scheduling.scheduler.desired_retention == value
    study.close()


@pytest.mark.parametrize("value", [123, None, ["nord"], {"name": "nord"}])
def test_a_theme_that_is_not_a_name_is_dropped_with_a_report(tmp_path: Path, value: Any) -> None:
    progress(tmp_path)
    rewrite_document(tmp_path / "settings.json", setter("theme", value))
    study = start(tmp_path)
    (damage,) = study.store.damages
    assert "theme" in str(damage) and study.store.settings == Settings(desired_retention=0.85)
    study.close()


def test_quiz_stats_with_a_bad_retention_works(paths: UserPaths, capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressStore.open(paths.progress, ManualClock().now()) as store:
        store.save_settings(Settings(other={"desired_retention": "abc"}))
    assert main(["stats"]) == 0
    assert main(["stats", "--json"]) == 0
    assert "Traceback" not in capsys.readouterr().err


# Any JSON value in any field of any record: loading sets it aside or keeps it, and the start works.
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-10, 10**12)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["2026-01-05T09:00:00", "2026-01-05T09:00:00+00:00", "image-management", "exam", ""]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=8,
)
TARGETS = ["review", "review.card", "attempt", "attempt.item", "session", "session.item", "settings"]


def _field_of(record: dict[str, Any], target: str) -> dict[str, Any]:
    field: dict[str, Any] = record
    if target.endswith(".card"):
        field = record["card"]
    elif target.endswith(".item"):
        field = record["items"][0]
    return field


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    target=st.sampled_from(TARGETS),
    field=st.text(max_size=12)
    | st.sampled_from(
        [
            "id",
            "key",
            "time",
            "card",
            "response",
            "correct",
            "rating",
            "due",
            "state",
            "step",
            "stability",
            "last_review",
            "title",
            "items",
            "domain",
            "presentation",
            "answer",
            "seconds",
            "answers",
            "current",
            "elapsed",
            "flagged",
            "desired_retention",
            "theme",
            "exam_date",
            "session_id",
            "started_at",
            "finished_at",
            "time_used",
            "score",
            "total",
            "percent",
            "pass_percent",
            "limit_seconds",
            "notes",
            "struck",
            "remarks",
            "remark",
            "variant",
            "kind",
        ]
    ),
    value=JSON,
    remove=st.booleans(),
)
def test_any_value_in_any_field_never_breaks_a_start(target: str, field: str, value: Any, remove: bool) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        progress(folder)

        def mutate(record: dict[str, Any]) -> None:
            where = _field_of(record, target)
            if remove:
                where.pop(field, None)
            else:
                where[field] = value

        kind = target.split(".")[0]
        if kind == "review":
            rewrite_line(folder / "reviews.jsonl", 1, mutate)
        elif kind == "attempt":
            rewrite_line(folder / "attempts.jsonl", 1, mutate)
        else:
            rewrite_document(folder / f"{kind}.json", mutate)
        start(folder).close()
        start(folder).close()  # and the repaired folder starts again
