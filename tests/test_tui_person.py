"""Flows checked on the screen a person sees (the composited terminal, read as text), at 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from quiz.clock import ManualClock
from quiz.kinds.choice import LETTERS
from quiz.library import Library
from quiz.session.custom import ExamRequest
from quiz.store.progress import ProgressStore
from quiz.study import Study
from quiz.text import printable
from quiz.tui.app import QuizApp, StartExam
from quiz.tui.screens.dialogs import ConfirmScreen, PauseScreen, PendingExamScreen
from quiz.tui.screens.exam import ExamScreen
from quiz.tui.screens.grid import ReviewGridScreen
from quiz.tui.screens.home import HomeScreen
from quiz.tui.screens.practice import PracticeScreen
from quiz.tui.screens.results import ResultsScreen
from tests.choices import choice_question, on_screen
from tests.screen_text import screen_text, scrolled_rows, squashed, words
from tests.tui_support import PROFILES, exam_screen, make_app, pause_until

SHIPPED = Library.load(drills=False, use_cache=False)
HL7_KEYS = [
    "imaging-informatics/hl7-msh2-encoding-characters",
    "imaging-informatics/hl7-escape-special-characters",
    "imaging-informatics/hl7-mllp-framing",
    "imaging-informatics/hl7-msh1-field-separator",
    "imaging-informatics/hl7-msh-field-counting",
]


def shipped_app(folder: Path, clock: ManualClock | None = None) -> QuizApp:
    clock = clock or ManualClock()
    study = Study(SHIPPED, ProgressStore.open(folder, clock.now()), clock=clock, fuzzing=False)
    return QuizApp(study, tick_seconds=0.05)


async def scroll_through(app: QuizApp, pilot: Pilot[None]) -> str:
    """The whole question area as a person scrolling down reads it, without whitespace."""
    return squashed("\n".join(await scrolled_rows(app, pilot)))


@pytest.mark.parametrize("key", HL7_KEYS)
async def test_a_wrong_answer_shows_every_choice_the_right_one_and_the_bank_text_as_written(
    tmp_path: Path, key: str
) -> None:
    app = shipped_app(tmp_path)
    entry = SHIPPED.entries[key]
    question = choice_question(entry.question)
    async with app.run_test(size=(80, 24)) as pilot:
        session = app.study._practice([entry], "Practice", "practice", seed=7)
        app._start_flow(PracticeScreen(session))
        await pilot.pause()
        order = session.items[0].presentation["order"]
        wrong = next(p for p, i in enumerate(order) if i not in question.correct)
        right = next(p for p, i in enumerate(order) if i in question.correct)
        await pilot.press("abcdef"[wrong])
        await pilot.pause()
        first = screen_text(app)
        assert f"✗ Incorrect: the answer is {LETTERS[right]}." in first  # the verdict is in view at once
        assert f"✓ {LETTERS[right]}. " in first  # and so is the right choice, marked
        seen = await scroll_through(app, pilot)
        for text in (question.question, *question.choices, question.explanation or ""):
            assert squashed(printable(text)) in seen, text
        assert squashed("References: " + "; ".join(question.references)) in seen
    app.study.close()


async def test_a_long_exam_stem_scrolls_to_its_last_choice(tmp_path: Path) -> None:
    from quiz.banks.loader import LoadedBank
    from quiz.models import Bank, Profile

    entry = SHIPPED.entries["imaging-informatics/hl7-msh-field-counting"]
    bank = Bank("imaging-informatics", "One", (entry.question,))
    profile = Profile("one", "One question", 1, {entry.domain: 1.0}, minutes=5)
    library = Library(banks=[LoadedBank(bank, Path("one.yaml"), True)], profiles={"one": profile})
    app = make_app(tmp_path, library=library, start=StartExam(ExamRequest(profile), seed=1))
    async with app.run_test(size=(80, 12)) as pilot:  # a short terminal: the question cannot fit
        await pilot.pause()
        assert "MSH|^~\\&|RIS" in screen_text(app)
        last = on_screen(exam_screen(app).exam).choices[-1]
        assert last not in screen_text(app)
        seen = await scroll_through(app, pilot)
        assert squashed(last) in seen
    app.study.close()


@pytest.mark.parametrize("dialog", ["grid", "submit"])
async def test_time_running_out_under_a_dialog_shows_results_and_escape_goes_home(tmp_path: Path, dialog: str) -> None:
    clock = ManualClock()
    app = make_app(tmp_path, clock=clock, start=StartExam(ExamRequest(PROFILES["quick"]), seed=3))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.press("g" if dialog == "grid" else "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewGridScreen if dialog == "grid" else ConfirmScreen)
        clock.advance(61)
        # the next tick submits the exam and the results are drawn
        await pause_until(pilot, lambda: isinstance(app.screen, ResultsScreen) and "time ran out" in screen_text(app))
        assert isinstance(app.screen, ResultsScreen)
        assert "time ran out" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 1
        assert app.study.store.pending_session is None
    app.study.close()


async def test_pause_stops_the_clock_and_hides_the_question(tmp_path: Path) -> None:
    clock = ManualClock()
    app = make_app(tmp_path, clock=clock, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=4))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        exam = exam_screen(app).exam
        stem_words = words(exam.question().question)[:40]
        assert stem_words in words(screen_text(app))
        clock.advance(60)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen)
        shown = screen_text(app)
        assert "Exam paused: the clock is stopped" in shown and "29:00" in shown
        assert stem_words not in words(shown)
        assert not any(choice[:20] in shown for choice in on_screen(exam).choices)
        clock.advance(3600)
        await pilot.pause(0.2)
        assert exam.remaining == pytest.approx(29 * 60)
        await pilot.press("escape")  # resume
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen) and stem_words in words(screen_text(app))
        clock.advance(30)
        await pilot.pause(0.2)
        assert exam.remaining == pytest.approx(28 * 60 + 30)
    app.study.close()


async def test_a_new_exam_never_throws_away_an_unfinished_one(tmp_path: Path) -> None:
    clock = ManualClock()
    app = make_app(tmp_path, clock=clock, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("b", "n")
        first = exam_screen(app).exam.state.session_id
    app.study.close()
    # `quiz exam` again: the same question `e` asks, and "continue" keeps the answers
    again = make_app(tmp_path, clock=clock, start=StartExam(ExamRequest(PROFILES["quick"]), seed=2))
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, PendingExamScreen)
        assert "1 of 20 answered" in screen_text(again)
        await pilot.press("c")
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, ExamScreen) and screen.exam.state.session_id == first
        assert screen.exam.is_answered(0)
    again.study.close()
    # cancel keeps it; discard starts the new one
    third = make_app(tmp_path, clock=clock, start=StartExam(ExamRequest(PROFILES["quick"]), seed=2))
    async with third.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(third.screen, HomeScreen)
        assert third.study.store.pending_session is not None
        assert third.study.store.pending_session.session_id == first
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(third.screen, PendingExamScreen)
        await pilot.press("d")
        await pilot.pause()
        assert third.study.store.pending_session is None or third.study.store.pending_session.session_id != first
    third.study.close()


async def test_quitting_mid_exam_says_the_exam_is_kept(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        shown = words(screen_text(app))
        assert "Your exam is saved (1 of 20 answered, 30:00 left)" in shown
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running
    assert app.study.store.pending_session is not None
    app.study.close()


async def test_a_custom_exam_is_titled_as_such_with_no_pass_mark(tmp_path: Path) -> None:
    request = ExamRequest(PROFILES["ciip"], count=3, minutes=1)
    app = make_app(tmp_path, start=StartExam(request, seed=5))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        exam = exam_screen(app).exam
        assert exam.total == 3 and exam.state.title == "Custom: 3 questions, 1 min, from Practice exam"
        assert exam.state.pass_percent is None
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        shown = screen_text(app)
        assert "Custom: 3 questions, 1 min" in shown and "PASS" not in shown
        await pilot.press("escape")
        await pilot.pause()
        home = screen_text(app)
        assert "Last exam: Custom: 3 questions, 1 min" in words(home) and "pass mark" not in home
    app.study.close()


async def start_from_the_profile_list(pilot: Pilot[None], dialog: object) -> None:
    from textual.screen import Screen

    assert isinstance(dialog, Screen)
    dialog.query_one("#profiles").focus()
    await pilot.press("enter")  # Enter on a profile starts it, as the dialog says
    await pilot.pause()


async def test_the_exam_dialog_refuses_what_the_command_line_refuses(tmp_path: Path) -> None:
    from textual.widgets import Input

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#minutes", Input).value = "0"
        await start_from_the_profile_list(pilot, dialog)
        assert dialog is app.screen  # not started with the limit silently dropped
        assert "from 1 to 1440" in words(screen_text(app))
        dialog.query_one("#minutes", Input).value = ""
        dialog.query_one("#count", Input).value = "9999"
        await start_from_the_profile_list(pilot, dialog)
        assert "from 1 to 30" in words(screen_text(app))  # the snapshot bank holds 30 questions
        dialog.query_one("#count", Input).value = "2"
        await start_from_the_profile_list(pilot, dialog)
        assert isinstance(app.screen, ExamScreen) and app.screen.exam.total == 2
    app.study.close()


async def test_results_offer_only_what_makes_sense(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"], count=2), seed=8))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        for position in range(2):
            order = screen.exam.state.items[position].presentation["order"]
            await pilot.press("abcdef"[order.index(min(choice_question(screen.exam.question()).correct))], "n")
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        shown = screen_text(app)
        assert "2 of 2 correct" in shown and "Weakest: none" in shown
        assert "Practise misses" not in shown  # nothing to practise: not on the key bar
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
    app.study.close()


async def test_a_filtered_exam_says_in_one_toast_why_it_is_short(tmp_path: Path) -> None:
    request = ExamRequest(PROFILES["ciip"], topics=("hl7",))
    app = make_app(tmp_path, start=StartExam(request, seed=8))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert len(notes) == 1 and notes[0].startswith("Only ")
    app.study.close()


async def test_dialogs_show_their_own_keys_not_those_of_the_screen_behind(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        key_bar = screen_text(app).splitlines()[-1]
        assert "y Yes" in key_bar and "Flag" not in key_bar and "Grid" not in key_bar
    app.study.close()


async def test_no_one_minute_warning_at_the_start_of_a_one_minute_exam(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["quick"]), seed=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        assert not any("One minute left" in n.message for n in app._notifications)
    app.study.close()


async def test_select_all_items_show_boxes_not_radio_circles(tmp_path: Path) -> None:
    from tests.factories import CIIP_WEIGHTS, make_library

    library = make_library(dict.fromkeys(CIIP_WEIGHTS, 2), multi_every=1)
    library.profiles.update(PROFILES)
    app = make_app(tmp_path, library=library, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "☐  A." in shown and "○" not in shown and "Select all that apply" in shown
        await pilot.press("a", "c")
        await pilot.pause()
        assert screen_text(app).count("☑") == 2
    app.study.close()


async def test_banks_screen_fits_80_columns_without_cutting_a_number(tmp_path: Path) -> None:
    from tests.factories import CIIP_WEIGHTS, make_library

    library = make_library({d: 68 if i else 65 for i, d in enumerate(CIIP_WEIGHTS)}, bank_id="a-rather-long-bank-id")
    library.profiles.update(PROFILES)
    app = make_app(tmp_path, library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        shown = screen_text(app)
        assert "a-rather-long-bank-id" in shown and "677" in shown and "a-rather-long-bank-id.yaml" in shown
        assert "bank" in shown.splitlines()[2] and "questions" in shown.splitlines()[2]
    app.study.close()


async def test_a_skipped_bank_is_said_above_the_fold_on_home(tmp_path: Path) -> None:
    from quiz.banks.problems import Problem
    from tests.tui_support import snapshot_library

    library = snapshot_library()
    library.problems.append(Problem(Path("/banks/mine.yaml"), "unknown field 'explaination'", 12, 5, "mine", "q1"))
    library.failed.append(Path("/banks/mine.yaml"))
    app = make_app(tmp_path, library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "1 problem in the banks (1 file skipped)" in words(screen_text(app))
    app.study.close()


async def test_the_grid_of_a_160_question_exam_scrolls_at_80x24(tmp_path: Path) -> None:
    app = shipped_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app._run_exam(app.study.start_exam(SHIPPED.profiles["ciip"], seed=1))
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert "Enter: go there" in screen_text(app)  # the legend is in view
        await pilot.press(*["down"] * 16, "right", "right")
        await pilot.pause()
        shown = screen_text(app)
        assert "160○" in shown.replace(" ", "") and "Enter: go there" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen) and app.screen.exam.index == 152
    app.study.close()


async def test_discarding_an_exam_clears_its_saved_notice(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a", "escape")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and "Unfinished exam" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not app._notifications and "Unfinished exam" not in screen_text(app)
    app.study.close()


async def test_check_boxes_read_without_colour_and_their_labels_fit(tmp_path: Path) -> None:
    from quiz.tui.screens.setup import PracticeSetupScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PracticeSetupScreen)
        assert "▐ ▌ Procurement" in screen_text(app)
        app.screen.query_one("#domains").focus()
        await pilot.press("space")  # tick the highlighted domain
        await pilot.pause()
        assert "▐✓▌ Procurement" in screen_text(app)
        app.screen.query_one("#drills").focus()
        await pilot.press("space")
        await pilot.pause()
        assert "▐✓▌ Include DICOM/HL7 drills" in screen_text(app)
    app.study.close()


async def test_the_unfinished_exam_banner_keeps_its_keys_together(tmp_path: Path) -> None:
    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=1))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a", "escape")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert "c continue   d discard" in screen_text(app)
    app.study.close()


async def test_the_banks_screen_lists_warnings_apart_from_problems(tmp_path: Path) -> None:
    from quiz.banks.problems import Problem, Severity
    from tests.tui_support import snapshot_library

    library = snapshot_library()
    library.warnings.append(
        Problem(
            Path("/banks/mine.yaml"),
            "choice B: Markdown '**bold**' shows as written",
            7,
            9,
            "mine",
            "q1",
            severity=Severity.WARNING,
        )
    )
    app = make_app(tmp_path, library=library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        shown = words(screen_text(app))
        assert "No loading problems" in shown and "1 warning (the banks loaded" in shown
        assert "/banks/mine.yaml:7:9: warning: bank mine, question q1: choice B: Markdown '**bold**'" in shown
    app.study.close()


@pytest.mark.parametrize("error", ["ENOSPC", "EFBIG"])
async def test_a_full_disk_on_an_answer_is_said_on_screen_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: str
) -> None:
    import errno

    from quiz.tui.screens.dialogs import WriteFailedScreen
    from tests.store_faults import FailingWrites

    base = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"]), seed=1))
    # the clock's own saves (every tick) must not take the failure meant for the answer
    app = QuizApp(base.study, start=base.start, tick_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        exam = exam_screen(app).exam
        await pilot.press("a", "n", "b", "n")
        faults = FailingWrites(monkeypatch, fail_at_call=1, error=getattr(errno, error))
        await pilot.press("c")  # answer 3: its save fails
        await pilot.pause()
        assert isinstance(app.screen, WriteFailedScreen)
        shown = words(screen_text(app))
        assert "Could not" in shown and "Nothing saved before was lost" in shown
        assert "Traceback" not in shown
        assert not exam.is_answered(2)  # not taken: it was not saved
        faults.fail_at_call = None  # space was freed
        await pilot.press("r")  # try again
        for _ in range(20):  # the retry runs in the App's worker once the dialog has closed
            await pilot.pause()
            if exam.is_answered(2):
                break
        assert isinstance(app.screen, ExamScreen) and exam.is_answered(2)
        await pilot.press("n")
        faults.fail_at_call = faults.calls + 1
        await pilot.press("d")  # answer 4 fails again, and the user quits
        await pilot.pause()
        assert isinstance(app.screen, WriteFailedScreen) and not exam.is_answered(3)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 1
    app.study.close()
    again = make_app(tmp_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        resumed = exam_screen(again).exam
        assert [resumed.is_answered(i) for i in range(4)] == [True, True, True, False]
    again.study.close()


async def test_an_exam_resumed_after_its_bank_was_edited_is_reviewed_as_it_was_asked(tmp_path: Path) -> None:
    """Started, left, the bank edited (every choice reworded), continued and submitted: the answer
    review shows the question as the exam asked it, not the edited one."""
    from dataclasses import replace

    from tests.tui_support import snapshot_library

    app = make_app(tmp_path, start=StartExam(ExamRequest(PROFILES["ciip"], count=2), seed=3))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        exam = exam_screen(app).exam
        asked = choice_question(exam.question(0))
        key = exam.state.items[0].key
        await pilot.press("a")
    app.study.close()
    library = snapshot_library()
    entry = library.entries[key]
    edited = replace(asked, choices=tuple(f"EDITED {c}" for c in asked.choices))
    library.entries[key] = replace(entry, source=(edited,), at=0)
    again = make_app(tmp_path, library=library)
    async with again.run_test(size=(100, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert "EDITED" not in screen_text(again)  # the exam goes on as it was asked
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        shown = squashed(screen_text(again))
        assert squashed(asked.choices[0]) in shown and "EDITED" not in shown
    again.study.close()
