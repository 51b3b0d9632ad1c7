"""`quiz sync`: each machine writes only its own logs in a shared folder; merging them gives every
machine the same union of events and the same schedule, whatever order they sync in."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from quiz.store.settings import SYNCED
from tests.factories import make_profile
from tests.sync_machines import KEYS, Machine, assert_replayed, fingerprint, state

START_DATE = date(2026, 6, 1)


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "Sync"
    folder.mkdir()
    return folder


def machines(tmp_path: Path, shared: Path, *names: str, skews: tuple[float, ...] = ()) -> list[Machine]:
    made = []
    for number, name in enumerate(names):
        machine = Machine.make(tmp_path, name, skew_hours=skews[number] if skews else 0)
        machine.study.set_sync_folder(shared)
        made.append(machine)
    return made


def sync_all(*machines: Machine, rounds: int = 2) -> None:
    for _ in range(rounds):
        for machine in machines:
            machine.study.sync()
    for machine in machines:
        assert_replayed(machine.study)


def test_two_machines_answer_in_turn_and_end_with_the_same_progress(tmp_path: Path, shared: Path) -> None:
    a, b = machines(tmp_path, shared, "a", "b")
    for key in KEYS[:3]:
        a.answer(key)
    a.study.sync()
    report = b.study.sync()
    assert [(news.device, news.reviews) for news in report.received] == [("a", 3)]
    b.clock.advance(3600)
    b.answer(KEYS[0], correct=False)  # a question A answered: its card must be replayed on A
    b.answer(KEYS[5])
    b.study.sync()
    report = a.study.sync()
    assert [(news.device, news.reviews) for news in report.received] == [("b", 2)]
    assert state(a.study) == state(b.study)
    assert_replayed(a.study)
    assert_replayed(b.study)
    a.clock.advance((b.clock.now() - a.clock.now()).total_seconds())  # the same moment on both
    assert a.study.overview() == b.study.overview()
    assert a.study.store.history[KEYS[0]].wrong == 1 and a.study.store.history[KEYS[0]].reviews == 2
    assert {path.name for path in shared.glob("reviews-*")} == {"reviews-a.jsonl", "reviews-b.jsonl"}


def test_merged_progress_comes_back_from_the_local_files_after_a_restart(tmp_path: Path, shared: Path) -> None:
    a, b = machines(tmp_path, shared, "a", "b")
    a.answer(KEYS[0])
    b.clock.advance(-600)  # B's answer is older: it goes before A's in the merged order
    b.answer(KEYS[0], correct=False)
    sync_all(a, b)
    merged = state(a.study)
    a.reopen()
    b.reopen()
    assert state(a.study) == merged == state(b.study)


def test_three_machines_interleaving_answers_and_exams(tmp_path: Path, shared: Path) -> None:
    a, b, c = machines(tmp_path, shared, "a", "b", "c")
    for turn in range(4):
        for machine in (a, b, c):
            machine.answer(KEYS[(turn * 3 + len(machine.name)) % len(KEYS)], correct=turn % 2 == 0)
            machine.answer(KEYS[turn], correct=True)
        c.finish_exam(turn)
        a.finish_exam(turn)
        (a if turn % 2 else c).study.sync()
        b.study.sync()
    sync_all(a, b, c)
    assert state(a.study) == state(b.study) == state(c.study)
    assert len(a.study.store.reviews) == 24  # nothing counted twice
    assert len(a.study.store.attempts) == 8


def test_clocks_hours_apart_still_give_one_order(tmp_path: Path, shared: Path) -> None:
    a, b = machines(tmp_path, shared, "a", "b", skews=(0, -5))
    for key in KEYS[:4]:
        a.answer(key)
        b.answer(key, correct=False)
    a.study.sync()
    b.study.sync()
    a.study.sync()
    assert state(a.study) == state(b.study)
    assert_replayed(a.study)
    assert a.study.store.history[KEYS[0]].reviews == 2


def test_an_answer_given_here_before_a_merged_one_by_the_clocks_is_put_in_order(tmp_path: Path, shared: Path) -> None:
    ahead, behind = machines(tmp_path, shared, "ahead", "behind", skews=(6, 0))
    ahead.answer(KEYS[0])
    ahead.study.sync()
    behind.study.sync()
    behind.answer(KEYS[0], correct=False)  # after the merged answer, but its clock says hours before
    sync_all(ahead, behind)
    assert state(ahead.study)["history"] == state(behind.study)["history"]


def test_a_log_copied_twice_counts_once(tmp_path: Path, shared: Path) -> None:
    a, b = machines(tmp_path, shared, "a", "b")
    a.answer(KEYS[0])
    a.answer(KEYS[1])
    a.study.sync()
    shutil.copy(shared / "reviews-a.jsonl", shared / "reviews-a.sync-conflict-20260302.jsonl")
    report = b.study.sync()
    assert report.new_events == 2
    assert len(b.study.store.reviews) == 2


def test_a_torn_last_line_is_skipped_now_and_taken_when_complete(tmp_path: Path, shared: Path) -> None:
    a, b = machines(tmp_path, shared, "a", "b")
    a.answer(KEYS[0])
    a.answer(KEYS[1])
    a.study.sync()
    log = shared / "reviews-a.jsonl"
    whole = log.read_bytes()
    log.write_bytes(whole[:-40])  # the sync tool is still delivering the last line
    report = b.study.sync()
    assert report.received[0].reviews == 1 and report.waiting_lines == 1 and not report.problems
    log.write_bytes(whole)
    report = b.study.sync()
    assert report.received[0].reviews == 1
    assert state(a.study)["reviews"] == state(b.study)["reviews"]


def test_a_stale_copy_of_the_folder_loses_nothing(tmp_path: Path, shared: Path) -> None:
    a, b = machines(tmp_path, shared, "a", "b")
    a.answer(KEYS[0])
    a.study.sync()
    stale = {path.name: path.read_bytes() for path in shared.iterdir()}
    a.answer(KEYS[1])
    b.answer(KEYS[2])
    sync_all(a, b)
    for name, content in stale.items():  # an older, shorter copy of every file comes back
        (shared / name).write_bytes(content)
    (shared / "reviews-b.jsonl").unlink()
    sync_all(a, b)
    assert len(a.study.store.reviews) == len(b.study.store.reviews) == 3
    assert state(a.study) == state(b.study)
    c = machines(tmp_path, shared, "c")[0]  # a new machine finds everything again
    assert len(c.study.store.reviews) == 3


def test_merging_never_changes_another_devices_files(tmp_path: Path, shared: Path) -> None:
    a, b = machines(tmp_path, shared, "a", "b")
    b.answer(KEYS[0])
    b.study.sync()
    with (shared / "reviews-b.jsonl").open("ab") as log:
        log.write(b'{"not": "a review"}\nnot json\n')  # damaged by hand or by a tool
    before = fingerprint(shared, except_device="a")
    a.answer(KEYS[1])
    report = a.study.sync()
    assert fingerprint(shared, except_device="a") == before
    assert len(report.problems) == 2 and all("reviews-b.jsonl line" in problem for problem in report.problems)
    assert len(a.study.store.reviews) == 2
    assert a.study.sync().problems == ()  # each bad line is said once


def test_an_absent_folder_studies_locally_and_merges_when_back(tmp_path: Path, shared: Path) -> None:
    a, b = machines(tmp_path, shared, "a", "b")
    away = shared.with_name("unmounted")
    shared.rename(away)
    a.answer(KEYS[0])
    report = a.study.sync()
    assert report.folder_missing and "not there now" in report.summary()
    assert len(a.study.store.reviews) == 1 and not shared.exists()  # the folder is never made again
    away.rename(shared)
    a.study.sync()
    assert b.study.sync().received[0].reviews == 1


def test_synced_settings_follow_the_latest_change_and_device_ones_stay(tmp_path: Path, shared: Path) -> None:
    from datetime import date

    from quiz.scheduling.exam_plan import ExamPlan

    assert "fsrs_parameters" in SYNCED and "theme" not in SYNCED
    a, b = machines(tmp_path, shared, "a", "b")
    a.study.set_plan(ExamPlan(date(2026, 6, 1), "ciip"))
    a.study.store.save_settings(a.study.store.settings.changed(theme="nord"))
    a.clock.advance(60)
    b.clock.advance(120)
    b.study.set_desired_retention(0.85)
    b.study.set_plan(ExamPlan(date(2026, 7, 1), "ciip"))  # later than A's: wins
    sync_all(a, b)
    for machine in (a, b):
        settings = machine.study.store.settings
        assert (settings.exam_date, settings.desired_retention) == (date(2026, 7, 1), 0.85)
        assert machine.study.scheduling.plan is not None and machine.study.scheduling.plan.exam_date == date(2026, 7, 1)
    assert a.study.store.settings.theme == "nord" and b.study.store.settings.theme is None
    assert a.study.store.settings.device_id == "a" and b.study.store.settings.device_id == "b"


def test_suspend_bury_reset_and_notes_merge_like_answers(tmp_path: Path, shared: Path) -> None:
    a, b = machines(tmp_path, shared, "a", "b")
    a.answer(KEYS[0])
    a.answer(KEYS[1])
    a.study.sync()
    b.study.sync()
    b.event(KEYS[0], "reset")
    b.event(KEYS[2], "suspend")
    b.note(KEYS[3], "check the PS3.4 table")
    a.event(KEYS[4], "bury")
    sync_all(a, b)
    assert state(a.study) == state(b.study)
    assert KEYS[0] not in a.study.store.history  # reset on B: new again on A
    assert a.study.store.question_note(KEYS[3]) is not None


def test_an_unfinished_exam_stays_on_its_machine(tmp_path: Path, shared: Path) -> None:
    from tests.factories import make_profile

    a, b = machines(tmp_path, shared, "a", "b")
    a.study.library.profiles["p"] = make_profile(questions=4)
    a.study.start_exam(a.study.library.profiles["p"], seed=1)
    a.study.sync()
    report = b.study.sync()
    assert b.study.store.pending_session is None
    assert [device for device, _ in report.unfinished_elsewhere] == ["a"]
    a.study.discard_pending_exam()
    a.study.sync()
    assert b.study.sync().unfinished_elsewhere == ()


def test_a_new_folder_detaches_the_old_one(tmp_path: Path, shared: Path) -> None:
    (a,) = machines(tmp_path, shared, "a")
    a.answer(KEYS[0])
    a.study.sync()
    other = tmp_path / "Other"
    other.mkdir()
    a.study.set_sync_folder(other)
    assert (other / "reviews-a.jsonl").exists()  # everything, not only what came after the old one
    b = machines(tmp_path, other, "b")[0]
    assert len(b.study.store.reviews) == 1
    assert a.study.store.settings.sync_folder == str(other)


def test_no_folder_set_means_no_sync(tmp_path: Path) -> None:
    a = Machine.make(tmp_path, "a")
    report = a.study.sync()
    assert report.folder is None and report.new_events == 0
    assert not (a.progress / "sync_state.json").exists()


def test_time_passes_between_syncs(tmp_path: Path, shared: Path) -> None:
    a, b = machines(tmp_path, shared, "a", "b")
    for day in range(3):
        for machine in (a, b):
            machine.answer(KEYS[day])
            machine.clock.advance(timedelta(days=1).total_seconds())
            machine.study.sync()
    sync_all(a, b)
    assert state(a.study) == state(b.study)


async def test_the_app_merges_after_its_first_frame_and_says_so(tmp_path: Path, shared: Path) -> None:
    from quiz.tui.screens.home import HomeScreen
    from tests.tui_support import make_app, pause_until

    folder = tmp_path / "a-progress"
    setup = make_app(folder)
    setup.study.set_sync_folder(shared)
    setup.study.close()
    (b,) = machines(tmp_path, shared, "b")
    for key in KEYS[:3]:
        b.answer(key)
    b.study.sync()
    app = make_app(folder)
    assert app.study.store.reviews == []  # nothing merged before the first frame
    async with app.run_test(size=(80, 24)) as pilot:
        await pause_until(pilot, lambda: len(app.study.store.reviews) == 3)
        await pause_until(pilot, lambda: bool(app._notifications))
        assert "b: 3 answers" in list(app._notifications)[-1].message
        assert isinstance(app.screen, HomeScreen)


async def test_the_app_studies_without_its_folder_and_says_so_briefly(tmp_path: Path, shared: Path) -> None:
    from tests.tui_support import make_app, pause_until

    folder = tmp_path / "a-progress"
    setup = make_app(folder)
    setup.study.set_sync_folder(shared)
    setup.study.close()
    shared.rename(shared.with_name("unmounted"))
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await pause_until(pilot, lambda: bool(app._notifications))
        notice = list(app._notifications)[-1]
        assert "not there now" in notice.message and notice.severity == "information"
        assert len(app.screen_stack) == 1  # no dialog


async def test_home_says_an_exam_is_unfinished_on_another_machine(tmp_path: Path, shared: Path) -> None:
    from tests.screen_text import screen_text
    from tests.tui_support import make_app, pause_until

    (b,) = machines(tmp_path, shared, "laptop")
    b.study.library.profiles["p"] = make_profile(questions=4)
    b.study.start_exam(b.study.library.profiles["p"], seed=1)
    b.study.sync()
    folder = tmp_path / "a-progress"
    setup = make_app(folder)
    setup.study.set_sync_folder(shared)
    setup.study.close()
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await pause_until(pilot, lambda: app.study.last_sync is not None)
        await pilot.pause()
        shown = " ".join(screen_text(app).split())
        assert "Unfinished exam on laptop: P: 0 of 4" in shown and "answered. Continue it there." in shown
        assert app.study.store.pending_session is None  # it stays on the laptop


def test_a_setting_changed_without_a_time_still_syncs(tmp_path: Path, shared: Path) -> None:
    a, b = machines(tmp_path, shared, "a", "b")
    retention = {"desired_retention": 0.8}  # as a version that stamps nothing would save it
    a.study.store.save_settings(a.study.store.settings.with_synced("desired_retention", 0.8))
    sync_all(a, b)
    assert b.study.store.settings.synced_values() == a.study.store.settings.synced_values() == retention
    assert (
        b.study.store.settings.changed_at["desired_retention"] == a.study.store.settings.changed_at["desired_retention"]
    )
    assert b.study.scheduling.desired_retention == 0.8


def test_fitted_fsrs_parameters_sync_and_every_card_follows_them(tmp_path: Path, shared: Path) -> None:
    from quiz.scheduling.reschedule import rescheduled_cards
    from quiz.store.fsrs_parameters import FittedParameters

    a, b = machines(tmp_path, shared, "a", "b")
    for key in KEYS[:3]:
        a.answer(key)
    sync_all(a, b)
    weights = tuple(weight * 1.1 for weight in a.study.scheduling.parameters)
    fitted = FittedParameters(weights, START_DATE, 5000, 0.49, 0.03, 0.52, 0.09)
    a.study.store.save_settings(a.study.store.settings.changed(fsrs_parameters=fitted), now=a.clock.now())
    a.study._schedule_with(weights)
    sync_all(a, b)
    assert b.study.store.settings.fsrs_parameters == fitted
    assert b.study.scheduling.parameters == a.study.scheduling.parameters
    expected = rescheduled_cards(b.study.scheduling, b.study.store.reviews, b.study.store.states.resets)
    assert {key: entry.card for key, entry in b.study.store.history.items()} == expected
    assert state(a.study) == state(b.study)


def test_the_sync_command(tmp_path: Path, shared: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from quiz.cli import main

    assert main(["sync"]) == 2
    assert "no sync folder is set" in capsys.readouterr().err
    assert main(["sync", "--folder", str(tmp_path / "nowhere")]) == 2
    (b,) = machines(tmp_path, shared, "b")
    b.answer(KEYS[0])
    b.study.sync()
    assert main(["sync", "--folder", str(shared)]) == 0
    out = capsys.readouterr().out
    assert "Synced with 1 other device: b: 1 answer." in out and "Now: 1 answer, 0 sessions" in out
    assert main(["sync"]) == 0
    assert "nothing new" in capsys.readouterr().out
    assert main(["sync", "--stop"]) == 0
    assert main(["sync"]) == 2


def test_losing_the_sync_state_costs_a_full_read_and_nothing_else(tmp_path: Path, shared: Path) -> None:
    from quiz.scheduling.exam_plan import ExamPlan

    a, b = machines(tmp_path, shared, "a", "b")
    a.answer(KEYS[0])
    b.answer(KEYS[1])
    b.study.set_plan(ExamPlan(START_DATE, "ciip"))
    sync_all(a, b)
    folder_before = {path.name: path.read_bytes() for path in shared.iterdir() if "-a." in path.name}
    (a.progress / "sync_state.json").unlink()
    report = a.study.sync()
    assert report.new_events == 0 and report.published == 0
    assert {path.name: path.read_bytes() for path in shared.iterdir() if "-a." in path.name} == folder_before
    assert len(a.study.store.reviews) == 2 and a.study.store.settings.exam_date == START_DATE


def test_a_log_from_a_newer_version_is_left_for_later(tmp_path: Path, shared: Path) -> None:
    (a,) = machines(tmp_path, shared, "a")
    line = b'{"kind": "sync-reviews", "schema_version": 99}\n{"id": "x", "device": "z", "seq": 0}\n'
    (shared / "reviews-z.jsonl").write_bytes(line)
    report = a.study.sync()
    assert report.problems == ("reviews-z.jsonl: written by a newer version of this app; upgrade it here to read it",)
    assert a.study.store.reviews == [] and a.study.sync().problems == report.problems  # said again: still unread


def published_ids(log: Path) -> list[str]:
    """The ids of the events in a device's file in the sync folder (its first line is the header)."""
    if not log.exists():
        return []
    return [json.loads(line)["id"] for line in log.read_text("utf-8").splitlines()[1:]]


async def test_a_finished_session_is_published_without_waiting_for_the_app_to_quit(
    tmp_path: Path, shared: Path
) -> None:
    from quiz.tui.screens.practice import PracticeScreen
    from quiz.tui.screens.results import ResultsScreen
    from tests.tui_support import make_app, pause_until

    folder = tmp_path / "a-progress"
    setup = make_app(folder)
    setup.study.set_sync_folder(shared)
    setup.study.close()
    app = make_app(folder)
    device = app.study.store.settings.device_id
    published = shared / f"reviews-{device}.jsonl"
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()  # the start's sync: nothing to publish yet
        assert published_ids(published) == []
        session = app.study._practice(list(app.study.library.entries.values())[:2], "Practice", "practice", seed=1)
        app._start_flow(PracticeScreen(session))
        await pilot.pause()
        await pilot.press("a", "enter")  # answered
        await pilot.press("escape")  # end the session: its results
        await pause_until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pause_until(pilot, lambda: len(published_ids(published)) == 1)
        assert published_ids(published) == [app.study.store.reviews[0].id]
    app.study.close()


def test_quitting_the_app_publishes_what_was_answered(
    tmp_path: Path, shared: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from quiz.cli import _sync_on_leaving

    (a,) = machines(tmp_path, shared, "a")
    a.answer(KEYS[0])
    a.answer(KEYS[1])
    _sync_on_leaving(a.study)
    assert published_ids(shared / "reviews-a.jsonl") == [review.id for review in a.study.store.reviews]
    assert "Published 2 new events from this machine." in capsys.readouterr().out
    _sync_on_leaving(a.study)  # nothing new: nothing said
    assert capsys.readouterr().out == ""
    shared.rename(shared.with_name("away"))
    a.answer(KEYS[2])
    _sync_on_leaving(a.study)
    assert "is not there; the next sync publishes this session" in capsys.readouterr().out


def test_quitting_never_fails_on_a_sync_folder_in_any_state(
    tmp_path: Path, shared: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from quiz.cli import _sync_on_leaving

    (a,) = machines(tmp_path, shared, "a")
    a.answer(KEYS[0])

    def broken() -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(a.study, "sync", broken)
    _sync_on_leaving(a.study)
    assert "not synced now" in capsys.readouterr().err
