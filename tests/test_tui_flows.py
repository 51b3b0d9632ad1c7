"""Whole flows driven the way a user does, with Textual's Pilot."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from quiz.banks.problems import Problem
from quiz.clock import ManualClock
from quiz.session.custom import ExamRequest
from quiz.tui.app import StartExam, StartReview
from quiz.tui.kinds.choice import ChoiceRow
from quiz.tui.screens.answers import AnswerReviewScreen
from quiz.tui.screens.exam import ExamScreen
from quiz.tui.screens.grid import ReviewGridScreen
from quiz.tui.screens.home import HomeScreen
from quiz.tui.screens.practice import PracticeScreen
from quiz.tui.screens.results import ResultsScreen
from tests.choices import choice_question
from tests.screen_text import screen_text
from tests.tui_support import PROFILES, exam_screen, make_app, pause_until, snapshot_library


def right_key(screen: ExamScreen) -> str:
    exam = screen.exam
    order = exam.state.items[exam.index].presentation["order"]
    return "abcdef"[order.index(min(choice_question(exam.question()).correct))]


def wrong_key(screen: ExamScreen) -> str:
    exam = screen.exam
    order = exam.state.items[exam.index].presentation["order"]
    wrong = next(i for i in range(len(order)) if i not in choice_question(exam.question()).correct)
    return "abcdef"[order.index(wrong)]


async def test_take_a_20_question_exam_from_home(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")  # the first profile: the 20-question test "ciip"
        await pilot.pause()
        screen = exam_screen(app)
        exam = screen.exam
        assert exam.total == 20
        assert "Question 1 of 20" in str(screen.query_one("#position", Static).render())
        # answer 1-10 right, 11-15 wrong, leave 16-20 blank; flag question 3
        for number in range(15):
            await pilot.press(right_key(screen) if number < 10 else wrong_key(screen))
            if number == 2:
                await pilot.press("f")
            await pilot.press("n")
        assert exam.index == 15
        await pilot.press("p", "p")  # go back and change question 14 to right
        assert exam.index == 13
        await pilot.press(right_key(screen))
        # the grid: jump to question 3 (row 0, column 2)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ReviewGridScreen)
        await pilot.press("home")
        await pilot.press("up", "up", "left", "left", "left", "left", "left", "left", "left", "left", "left")
        await pilot.press("right", "right", "enter")
        await pilot.pause()
        screen = exam_screen(app)
        assert exam.index == 2 and exam.is_flagged(2)
        # submit from the grid, confirming
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "5 unanswered" in str(app.screen.query_one(".dialog-detail", Static).render())
        assert "1 flagged" in str(app.screen.query_one(".dialog-detail", Static).render())
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        result = app.screen.result
        assert (result.score, result.total) == (11, 20)
        assert "11 of 20 correct" in str(app.screen.query_one("#headline", Static).render())
        stored = app.study.store.attempts[-1]
        assert stored.score == 11 and stored.items[2].flagged
        assert app.study.store.pending_session is None
        # review the answers, wrong ones only
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, AnswerReviewScreen)
        await pilot.press("w")
        await pilot.pause()
        assert len(app.screen.items) == 9
        assert all(not item.is_correct for _, item in app.screen.items)
        assert "References:" in str(app.screen.query_one("#references", Static).render())
        # choices appear in the order the exam showed them, so the letter you picked is the one marked
        review = app.screen
        shuffled = 0
        for index, (number, item) in enumerate(review.items):
            order = item.presentation["order"]
            assert order == exam.state.items[number].presentation["order"]
            shuffled += order != list(range(len(order)))
            rows = list(review.query(ChoiceRow))
            if item.answered and not item.is_correct:
                assert [r.position for r in rows if r.has_class("-wrong")] == [order.index(item.response[0])]
            assert [r.position for r in rows if r.has_class("-correct")] == sorted(
                item.presentation["order"].index(i) for i in item.answer
            )
            if index + 1 < len(review.items):
                await pilot.press("n")
                await pilot.pause()
        assert shuffled
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "11/20" in str(app.screen.query_one("#progress-summary", Static).render())


async def test_time_runs_out_and_the_exam_submits_itself(tmp_path: Path) -> None:
    clock = ManualClock()
    app = make_app(tmp_path, clock=clock, start=StartExam(ExamRequest(PROFILES["quick"]), seed=3))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = exam_screen(app)
        await pilot.press(right_key(screen))
        clock.advance(50)
        timer = screen.query_one("#timer", Static)
        await pause_until(pilot, lambda: "0:10" in str(timer.render()))  # the next tick shows it
        assert timer.has_class("-short") and "0:10" in str(timer.render())
        clock.advance(11)
        await pause_until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.result.timed_out and app.screen.result.score == 1
        assert "time ran out" in str(app.screen.query_one("#headline", Static).render())


async def test_quit_mid_exam_and_resume_in_a_new_app(tmp_path: Path) -> None:
    clock = ManualClock()
    app = make_app(tmp_path, clock=clock, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=11))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = exam_screen(app)
        await pilot.press("b", "n", "c", "f", "n")
        clock.advance(300)
        await pilot.pause(0.1)
        answers = dict(screen.exam.state.answers)
        items = list(screen.exam.state.items)
        await pilot.press("ctrl+q")  # the terminal closes: nothing else is saved
    app.study.close()
    clock.advance(7200)  # two hours away do not count
    app2 = make_app(tmp_path, clock=clock)
    async with app2.run_test(size=(100, 32)) as pilot:
        home = app2.screen
        assert isinstance(home, HomeScreen)
        banner = str(home.query_one("#pending", Static).render())
        assert "2 of 20 answered" in banner and "25:00 left" in banner
        await pilot.press("c")
        await pilot.pause()
        screen = exam_screen(app2)
        assert screen.exam.state.answers == answers and screen.exam.state.items == items
        assert screen.exam.index == 2 and screen.exam.flagged() == [1]
        assert screen.exam.remaining is not None and abs(screen.exam.remaining - 1500) < 1
    app2.study.close()


async def test_pause_menu_saves_and_returns_home(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=1))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("a", "escape")
        await pilot.pause()
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.study.store.pending_session is not None
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.study.store.pending_session is None


async def test_practice_shows_the_explanation_and_records_guesses(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.click("#start")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        session = screen.session
        order = session.items[0].presentation["order"]
        await pilot.press("abcdef"[order.index(min(choice_question(session.question).correct))])
        await pilot.pause()
        verdict = str(screen.query_one("#verdict", Static).render())
        assert verdict.startswith("✓ Correct")
        explanation = str(screen.query_one("#explanation", Static).render())
        assert session.question.explanation and session.question.explanation.strip()[:30] in explanation
        await pilot.press("g")
        assert app.study.store.reviews[-1].rating == 2  # re-rated Hard
        await pilot.press("enter")
        await pilot.pause()
        order = session.items[1].presentation["order"]
        wrong = next(i for i in range(len(order)) if i not in choice_question(session.question).correct)
        await pilot.press("abcdef"[order.index(wrong)])
        await pilot.pause()
        assert str(screen.query_one("#verdict", Static).render()).startswith("✗ Incorrect: the answer is")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen) and app.screen.result.total == 2


async def test_review_missed_asks_exactly_the_misses(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["quick"]), seed=5))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = exam_screen(app)
        for number in range(10):
            await pilot.press(right_key(screen) if number % 3 else wrong_key(screen), "n")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ResultsScreen), type(results)
        result = results.result
        missed = {i.key for i in result.items if not i.is_correct}
        assert len(missed) == 4
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        assert {e.key for e in app.screen.session.entries} == missed


async def test_review_due_with_nothing_due_says_so(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartReview())
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("Nothing is due" in n.message for n in app._notifications)


async def test_broken_bank_is_visible_on_home(tmp_path: Path) -> None:
    library = snapshot_library()
    library.problems.append(Problem(Path("/banks/mine.yaml"), "unknown field 'explaination'", 12, 5, "mine", "q1"))
    library.failed.append(Path("/banks/mine.yaml"))
    app = make_app(tmp_path, library=library)
    async with app.run_test(size=(100, 32)) as pilot:
        text = str(app.screen.query_one("#load-problems", Static).render())
        assert "1 file skipped" in text and "/banks/mine.yaml:12:5" in text
        await pilot.press("b")
        await pilot.pause()
        assert "explaination" in str(app.screen.query_one("#problems", Static).render())


async def test_help_and_command_palette(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert "Keys" in screen_text(app) and "Everywhere" in screen_text(app)
        await pilot.press("escape")
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Exam", "Practice", "Review due", "Review missed", "Stats", "Banks", "Help"} <= set(commands)
        await pilot.press("s")
        await pilot.pause()
        assert type(app.screen).__name__ == "StatsScreen"


async def test_stats_screen_shows_readiness_and_practises_leeches(tmp_path: Path) -> None:
    from quiz.tui.screens.stats import StatsScreen
    from tests.tui_support import seed_history

    clock = ManualClock()
    app = make_app(tmp_path, clock=clock)
    seed_history(app.study)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        readiness = str(app.screen.query_one("#readiness", Static).render())
        assert "Readiness for Practice exam: 20 questions" in readiness and "Work on:" in readiness
        assert "Leeches (missed 4+ times): 1" in str(app.screen.query_one("#streak", Static).render())
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen) and len(app.screen.session.entries) == 1


async def test_custom_exam_from_the_setup_dialog(tmp_path: Path) -> None:
    from textual.widgets import Input, SelectionList

    from quiz.domains import Domain

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#count", Input).value = "4"
        dialog.query_one("#minutes", Input).value = "7"
        dialog.query_one("#domains", SelectionList).select(Domain.OPERATIONS.value)
        dialog.query_one("#domains", SelectionList).select(Domain.PROCUREMENT.value)
        await pilot.click("#start")
        await pilot.pause()
        exam = exam_screen(app).exam
        assert exam.total == 4 and exam.state.limit_seconds == 7 * 60
        assert {exam.question(i).domain for i in range(exam.total)} <= {Domain.OPERATIONS, Domain.PROCUREMENT}
        assert exam.state.profile_id == "custom"


async def test_key_bar_and_title_bar_answer_the_mouse(tmp_path: Path) -> None:
    from textual.command import CommandPalette

    from quiz.tui.screens.stats import StatsScreen
    from quiz.tui.widgets.chrome import KeyBar, TitleBar

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        bar = app.screen.query_one(KeyBar)
        shown = bar.render().plain
        for label in (" e Exam ", " p Practice ", " s Stats ", " ? Help ", "^p palette"):
            assert label in shown
        assert "Continue exam" not in shown  # bindings with show=False stay off the bar
        await pilot.click(KeyBar, offset=(shown.index(" s Stats ") + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert " esc Back " in app.screen.query_one(KeyBar).render().plain  # each screen its own keys
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.click(TitleBar, offset=(1, 0))  # the icon opens the command palette
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
