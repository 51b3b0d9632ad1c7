"""Issue 19's exam tools driven as a user does: striking out choices (s and a letter, a right-click),
notes on questions, the review screen with its filters and "review flagged", and the time each
question took in answer review and on the results."""

from __future__ import annotations

import json
from pathlib import Path

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Static, TextArea

from quiz.clock import ManualClock
from quiz.session.custom import ExamRequest
from quiz.session.selection import PracticeFilter
from quiz.tui.app import StartExam, StartPractice
from quiz.tui.kinds.choice import ChoiceRow
from quiz.tui.screens.answers import AnswerReviewScreen
from quiz.tui.screens.dialogs import ConfirmScreen, PauseScreen
from quiz.tui.screens.exam import ExamScreen
from quiz.tui.screens.note import NoteScreen
from quiz.tui.screens.practice import PracticeScreen
from quiz.tui.screens.results import ResultsScreen
from quiz.tui.screens.review import ExamReviewScreen
from tests.choices import on_screen
from tests.screen_text import screen_text
from tests.test_new_kinds import kinds_library
from tests.tui_support import PROFILES, exam_screen, make_app, pause_until


def struck_rows(screen: ExamScreen | PracticeScreen | AnswerReviewScreen) -> list[int]:
    return [row.position for row in screen.query(ChoiceRow) if row.has_class("-struck")]


def messages(app: App[None]) -> list[str]:
    return [n.message for n in app._notifications]


# striking out ------------------------------------------------------------------------------------
async def test_s_then_a_letter_strikes_a_choice_out_and_again_restores_it(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=2026))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = exam_screen(app)
        exam = screen.exam
        await pilot.press("s")
        await pilot.pause()
        assert "Strike out or restore which choice? Press a, b, c, d." in screen_text(app)
        await pilot.press("b")
        await pilot.pause()
        assert struck_rows(screen) == [1] and exam.struck() == {on_screen(exam).order[1]}
        assert "⊘  B." in screen_text(app) and "Strike out or restore" not in screen_text(app)
        assert not exam.is_answered(0)  # a strike is never an answer
        await pilot.press("s", "d")
        await pilot.pause()
        assert struck_rows(screen) == [1, 3]
        await pilot.press("s", "b")  # again: restored
        await pilot.pause()
        assert struck_rows(screen) == [3] and "○  B." in screen_text(app)
        assert "s Strike" in screen_text(app).splitlines()[-1]  # on the key bar
    app.study.close()


async def test_s_and_a_letter_typed_at_once_still_strike(tmp_path: Path) -> None:
    """A terminal may deliver both keys in one read: the letter must not be taken as an answer."""
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=2026))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = exam_screen(app)
        for key in ("s", "b", "s", "c"):
            app.post_message(events.Key(key, key))  # queued together, before any is handled
        await pilot.pause()
        await pilot.pause()
        assert struck_rows(screen) == [1, 2] and not screen.exam.is_answered(0)
    app.study.close()


async def test_striking_the_chosen_answer_clears_it_and_choosing_a_struck_one_restores_it(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=2026))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = exam_screen(app)
        exam = screen.exam
        await pilot.press("c")
        await pilot.pause()
        assert exam.is_answered(0) and "1 answered" in screen_text(app)
        await pilot.press("s", "c")
        await pilot.pause()
        assert not exam.is_answered(0) and "0 answered" in screen_text(app)
        assert struck_rows(screen) == [2]
        assert any("Struck out your pick" in m for m in messages(app))
        await pilot.press("c")  # picking a struck choice restores it
        await pilot.pause()
        assert exam.is_answered(0) and struck_rows(screen) == []
    app.study.close()


async def test_escape_or_any_other_key_cancels_a_pending_s_and_does_nothing_else(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=2026))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = exam_screen(app)
        await pilot.press("s", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen) and not isinstance(app.screen, PauseScreen)  # not paused
        assert not screen.striking and "Strike out or restore" not in screen_text(app)
        await pilot.press("s", "n")
        await pilot.pause()
        assert screen.exam.index == 0 and struck_rows(screen) == []  # n did not move on
        assert any("cancelled" in m for m in messages(app))
        await pilot.press("n")  # and n works again afterwards
        await pilot.pause()
        assert screen.exam.index == 1
    app.study.close()


async def test_a_right_click_on_a_choice_strikes_it_out(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=2026))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = exam_screen(app)
        rows = list(screen.query(ChoiceRow))
        await pilot.click(rows[2], button=3)
        await pilot.pause()
        assert struck_rows(screen) == [2] and not screen.exam.is_answered(0)
        await pilot.click(rows[2], button=3)
        await pilot.pause()
        assert struck_rows(screen) == []
        await pilot.click(rows[2])  # a left click still picks it
        await pilot.pause()
        assert on_screen(screen.exam).positions(screen.exam.response()) == {2}
    app.study.close()


async def test_s_on_a_question_without_choices_says_it_does_not_apply(tmp_path: Path) -> None:
    library = kinds_library()
    app = make_app(tmp_path, library=library, start=StartExam(ExamRequest(library.profiles["kinds"]), seed=3))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        screen = exam_screen(app)
        assert not screen.striking and "Strike out or restore" not in screen_text(app)
        assert any("Strike-out is for choices" in m for m in messages(app))
        assert screen.exam.state.struck == {}
    app.study.close()


async def test_practice_strikes_out_too_and_answer_review_shows_what_was_struck(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartPractice(PracticeFilter(count=2), seed=2026))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        await pilot.press("s", "b", "s", "c")
        await pilot.pause()
        assert struck_rows(screen) == [1, 2]
        await pilot.press("a")  # the answer; B and C stay struck on the verdict
        await pilot.pause()
        assert screen.feedback is not None and struck_rows(screen) == [1, 2]
        await pilot.press("s")
        await pilot.pause()
        assert any("strike-outs are for choosing" in m for m in messages(app))
        await pilot.press("escape")  # end the session: results, then the answers
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, AnswerReviewScreen)
        assert struck_rows(review) == [1, 2] and "⊘ struck out: B, C" in screen_text(app)
    app.study.close()


# notes ---------------------------------------------------------------------------------------------
async def test_a_note_is_written_saved_at_once_and_kept_on_the_question(tmp_path: Path) -> None:
    clock = ManualClock()
    app = make_app(tmp_path, clock=clock, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=2026))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = exam_screen(app)
        await pilot.press("n", "t")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert "Note on question 2 of 20" in screen_text(app) and "clock keeps running" in screen_text(app)
        await pilot.press(*"SCP [b]not[/b] SCU")  # the user's own text, never markup
        # the clock keeps running while the note is open, as at the test centre
        clock.advance(60)
        timer = screen.query_one("#timer", Static)
        await pause_until(pilot, lambda: "29:00" in str(timer.render()))
        assert "29:00" in str(timer.render())
        await pilot.click("#keep")
        assert app.screen.query_one(Checkbox).value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        assert screen.exam.remark(1) == "SCP [b]not[/b] SCU"
        assert "✎ noted" in screen_text(app)
        saved = json.loads((tmp_path / "session.json").read_text("utf-8"))["data"]
        assert saved["remarks"] == {"1": "SCP [b]not[/b] SCU"}  # on disk at once
        (kept,) = app.study.store.question_notes
        assert kept.text == "SCP [b]not[/b] SCU" and kept.key == screen.exam.state.items[1].key
        # opened again: the note as saved, the box still ticked; Esc changes nothing
        await pilot.press("t")
        await pilot.pause()
        assert app.screen.query_one(TextArea).text == "SCP [b]not[/b] SCU" and app.screen.query_one(Checkbox).value
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen) and not isinstance(app.screen, PauseScreen)
        # and it goes with the attempt, into answer review
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.study.store.attempts[-1].items[1].remark == "SCP [b]not[/b] SCU"
        await pilot.press("r", "n")
        await pilot.pause()
        assert "✎ Your note: SCP [b]not[/b] SCU" in screen_text(app)
    app.study.close()


async def test_a_note_being_typed_when_the_time_runs_out_is_kept(tmp_path: Path) -> None:
    clock = ManualClock()
    app = make_app(tmp_path, clock=clock, start=StartExam(ExamRequest(PROFILES["quick"]), seed=3))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("t", *"half a thought")
        await pilot.pause()
        clock.advance(61)
        await pause_until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert isinstance(app.screen, ResultsScreen) and app.screen.result.timed_out
        assert app.screen.result.items[0].remark == "half a thought"
    app.study.close()


async def test_a_note_in_practice_goes_with_the_session(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartPractice(PracticeFilter(count=2), seed=2026))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a")  # answered: now the explanation is there to think about
        await pilot.pause()
        await pilot.press("t", *"layer 3: routers", "ctrl+s")
        await pilot.pause()
        assert "✎ noted" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
    assert app.study.store.attempts[-1].items[0].remark == "layer 3: routers"
    assert app.study.store.question_notes == []  # not kept on the question: the box was not ticked
    app.study.close()


# the review screen ----------------------------------------------------------------------------------
async def _answer_and_flag(pilot: Pilot[None]) -> None:
    """Answer 1-6, flag 2, 4 and 7, note 3."""
    await pilot.pause()
    for number in range(8):
        if number < 6:
            await pilot.press("abcd"[number % 4])
        if number in (1, 3, 6):
            await pilot.press("f")
        if number == 2:
            await pilot.press("t", *"recheck", "ctrl+s")
            await pilot.press("s", "d")
        await pilot.press("n")


async def test_the_review_screen_lists_every_question_filters_and_jumps(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=2026))
    async with app.run_test(size=(80, 24)) as pilot:
        await _answer_and_flag(pilot)
        screen = exam_screen(app)
        await pilot.press("r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ExamReviewScreen)
        text = screen_text(app)
        assert "Review: 6 answered · 14 unanswered · 3 flagged · 1 noted" in text
        assert review.query_one(DataTable).row_count == 20
        first = text.splitlines()[5]
        assert first.lstrip().startswith("1 ") and "…" in first and "answered" in first  # cut to the width
        await pilot.press("f")
        await pilot.pause()
        assert review.positions == [1, 3, 6] and "The 3 flagged questions." in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert review.positions == list(range(6, 20))
        await pilot.press("a")
        await pilot.pause()
        assert review.positions == list(range(20))
        noted = next(line for line in screen_text(app).splitlines() if line.lstrip().startswith("3 "))
        assert "✎" in noted and "⊘1" in noted
        await pilot.press("f", "down", "enter")  # the second flagged question
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen) and screen.exam.index == 3
        assert screen.walk is None  # Enter only goes there: n is the next question
        await pilot.press("n")
        assert screen.exam.index == 4
    app.study.close()


async def test_review_flagged_walks_only_the_flagged_questions(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=2026))
    async with app.run_test(size=(80, 24)) as pilot:
        await _answer_and_flag(pilot)
        screen = exam_screen(app)
        await pilot.press("r", "f", "w")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen) and screen.exam.index == 1
        assert "Reviewing flagged 1 of 3" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert screen.exam.index == 3 and "Reviewing flagged 2 of 3" in screen_text(app)
        await pilot.press("f")  # unflagged on the way: the walk keeps its list
        await pilot.press("n")
        await pilot.pause()
        assert screen.exam.index == 6 and "Reviewing flagged 3 of 3" in screen_text(app)
        await pilot.press("p")
        await pilot.pause()
        assert screen.exam.index == 3
        await pilot.press("n", "n")  # past the last: back on the review screen, as at the test centre
        await pilot.pause()
        assert isinstance(app.screen, ExamReviewScreen) and screen.walk is None
        await pilot.press("escape")
        await pilot.pause()
        assert "Reviewing" not in screen_text(app)
        # review unanswered the same way
        await pilot.press("r", "u", "w")
        await pilot.pause()
        assert screen.exam.index == 6 and "Reviewing unanswered 1 of 14" in screen_text(app)
    app.study.close()


async def test_submitting_from_the_review_screen_asks_first(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=2026))
    async with app.run_test(size=(80, 24)) as pilot:
        await _answer_and_flag(pilot)
        await pilot.press("r", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "14 unanswered" in screen_text(app) and "3 flagged" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        await pilot.press("r", "ctrl+s", "y")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
    app.study.close()


async def test_the_review_screen_keeps_the_clock_and_the_time_can_run_out_on_it(tmp_path: Path) -> None:
    clock = ManualClock()
    app = make_app(tmp_path, clock=clock, start=StartExam(ExamRequest(PROFILES["quick"]), seed=3))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        clock.advance(30)
        await pause_until(pilot, lambda: "0:30" in screen_text(app))
        assert "⏱ 0:30" in screen_text(app)
        clock.advance(31)
        await pause_until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert isinstance(app.screen, ResultsScreen)
    app.study.close()


# time per question -------------------------------------------------------------------------------------
async def test_answer_review_and_results_show_the_time_each_question_took(tmp_path: Path) -> None:
    clock = ManualClock()
    app = make_app(tmp_path, clock=clock, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=2026))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for seconds in (72, 20, 200, 45, 10, 95):
            clock.advance(seconds)
            await pilot.press("a", "n")
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ResultsScreen)
        text = screen_text(app)
        # 442 s over 20 questions; the profile allows 30 minutes for 20
        assert "Time per question: average 22 s; the exam allows 1 min 30 s" in text
        lines = text.splitlines()
        top = lines.index(next(line for line in lines if "Slowest 5" in line))
        rows = [line.split() for line in lines[top + 2 : top + 7]]
        assert [row[0] for row in rows] == ["3", "6", "1", "4", "2"]
        assert lines[top + 2].rstrip().endswith("3 min 20 s")
        stem = results.questions[2]
        assert stem is not None and stem.question.split()[0] in lines[top + 2]
        await pilot.press("r")
        await pilot.pause()
        assert "⏱ 1 min 12 s on it" in screen_text(app)
        await pilot.press("n", "n")
        await pilot.pause()
        assert "⏱ 3 min 20 s on it" in screen_text(app)
    app.study.close()


# what survives ------------------------------------------------------------------------------------------
async def test_strike_outs_and_notes_come_back_when_the_exam_is_resumed(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=2026))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s", "a", "s", "d", "t", *"B or C", "ctrl+s", "n")
        await pilot.pause()
        await pilot.press("ctrl+q")  # the terminal closes
    app.study.close()
    again = make_app(tmp_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        screen = exam_screen(again)
        await pilot.press("p")
        await pilot.pause()
        assert struck_rows(screen) == [0, 3] and "✎ noted" in screen_text(again)
        assert screen.exam.remark() == "B or C"
    again.study.close()
