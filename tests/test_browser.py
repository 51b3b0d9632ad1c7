"""The question browser (issue 19): search as you type with words and field:value terms, sort, open a
question with its answer, history and schedule, suspend/bury/reset it, practise what is shown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from quiz.clock import ManualClock
from quiz.insight.browse import browse_rows, parse_query, search, sorted_rows
from quiz.library import Library
from quiz.store.progress import ProgressStore
from quiz.study import Study
from quiz.tui.app import QuizApp, StartBrowse
from quiz.tui.screens.browser import BrowserScreen
from quiz.tui.screens.dialogs import ConfirmScreen
from quiz.tui.screens.practice import PracticeScreen
from quiz.tui.screens.question_detail import QuestionDetailScreen
from tests.choices import choice_question
from tests.factories import answer_now
from tests.screen_text import screen_text, squashed, words
from tests.tui_support import pause_until

SHIPPED = Library.load(drills=False, use_cache=False)
START = datetime(2026, 3, 2, 9, tzinfo=UTC)
HL7_KEY = "imaging-informatics/hl7-msh2-encoding-characters"


def shipped_study(folder: Path) -> Study:
    clock = ManualClock(START)
    SHIPPED.set_aside = set()
    return Study(SHIPPED, ProgressStore.open(folder, clock.now()), clock=clock, fuzzing=False)


def answer(study: Study, key: str, correct: bool) -> None:
    answer_now(study, key, correct=correct, response=[1], duration_ms=7000)


def test_the_search_reads_words_fields_states_and_negation(tmp_path: Path) -> None:
    study = shipped_study(tmp_path)
    answer(study, HL7_KEY, False)
    rows = browse_rows(study.library, study.store, study.scheduling, study.clock.now())
    assert len(rows) == SHIPPED.question_count

    def keys(query: str) -> set[str]:
        terms, problems = parse_query(query)
        assert not problems, problems
        return {row.key for row in search(rows, terms)}

    assert keys("is:missed") == {HL7_KEY}
    assert HL7_KEY in keys('"^~\\&" domain:imaging-informatics')  # a phrase, with HL7's characters as written
    assert HL7_KEY not in keys("-is:missed")
    matching = keys("kind:matching")
    assert matching and all(SHIPPED.entries[k].question.kind_name == "matching" for k in matching)
    assert keys("bank:communications topic:change-management") <= {
        k for k in SHIPPED.entries if k.startswith("communications/")
    }
    assert keys("(0008,0060)")  # a DICOM tag is a word
    assert keys("port:104") == keys('"port:104"')  # not a field: searched as written
    _, problems = parse_query("is:bored")
    assert problems == ["is:bored is not a state (new, due, missed, leech, suspended, buried, flagged, noted)"]
    ordered = sorted_rows(rows, "answers")
    assert ordered[0].key == HL7_KEY and ordered[0].answers == 1 and ordered[0].accuracy == 0
    study.store.close()


async def test_browse_open_suspend_and_practise_what_is_shown(tmp_path: Path) -> None:
    study = shipped_study(tmp_path)
    answer(study, HL7_KEY, False)
    study.clock.advance(60)  # type: ignore[attr-defined]
    app = QuizApp(study, tick_seconds=0.05, start=StartBrowse("msh-2 is:missed"))
    question = choice_question(SHIPPED.entries[HL7_KEY].question)
    async with app.run_test(size=(120, 40)) as pilot:
        await pause_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await pilot.pause()
        seen = screen_text(app)
        assert f"1 of {SHIPPED.question_count:,} questions" in seen and "hl7-msh2-encoding-characters" in seen
        assert "missed" in seen
        assert squashed(question.question) in squashed(seen)  # the preview: the stem as written
        await pilot.press("enter", "enter")  # to the table, then open the question
        await pause_until(pilot, lambda: isinstance(app.screen, QuestionDetailScreen))
        await pilot.pause()
        detail = words(screen_text(app))
        right = "ABCDEF"[min(question.correct)]
        assert f"The answer: {right}" in detail
        assert "Your answers (as in the bank file)" in detail and "wrong" in detail and "B" in detail
        assert "Schedule: learning" in detail or "Schedule: relearning" in detail
        await pilot.press("s")
        await pause_until(pilot, lambda: HL7_KEY in study.store.states.suspended)
        await pilot.press("escape")
        await pause_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await pilot.pause()
        assert "suspended" in screen_text(app)
        await pilot.press("p")  # the only question shown is suspended: nothing to practise
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)
        await pilot.press("s")  # unsuspend it
        await pause_until(pilot, lambda: HL7_KEY not in study.store.states.suspended)
        await pilot.press("p")
        await pause_until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        assert isinstance(app.screen, PracticeScreen) and app.screen.session.total == 1
    study.store.close()


async def test_a_reset_is_asked_first_and_makes_the_question_new(tmp_path: Path) -> None:
    study = shipped_study(tmp_path)
    answer(study, HL7_KEY, True)
    app = QuizApp(study, tick_seconds=0.05, start=StartBrowse("hl7-msh2-encoding"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pause_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await pilot.press("enter", "r")
        await pause_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await pause_until(pilot, lambda: HL7_KEY not in study.store.history)
        await pilot.pause()
        assert "is:new" not in screen_text(app)
        assert "new" in screen_text(app)
    assert study.store.events[-1].action == "reset"
    study.store.close()


def test_rows_know_due_and_recall(tmp_path: Path) -> None:
    study = shipped_study(tmp_path)
    answer(study, HL7_KEY, True)
    study.clock.advance(10 * 86_400)  # type: ignore[attr-defined]
    rows = {r.key: r for r in browse_rows(study.library, study.store, study.scheduling, study.clock.now())}
    row = rows[HL7_KEY]
    assert "due" in row.states and row.due is not None and row.due < START + timedelta(days=10)
    assert row.recall is not None and 0 < row.recall < 1
    assert "new" in rows["imaging-informatics/hl7-mllp-framing"].states
    study.store.close()


async def test_a_note_kept_on_a_question_is_a_state_and_shows_with_it(tmp_path: Path) -> None:
    from quiz.store.question_notes import QuestionNote

    study = shipped_study(tmp_path)
    note = "Check MSH-2 against the vendor's [spec] ^~\\&"
    study.store.record_question_note(QuestionNote("n1", START, HL7_KEY, note))
    rows = browse_rows(study.library, study.store, study.scheduling, study.clock.now())
    terms, _ = parse_query("is:noted")
    assert [row.key for row in search(rows, terms)] == [HL7_KEY]
    app = QuizApp(study, tick_seconds=0.05, start=StartBrowse("is:noted"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pause_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        await pilot.press("enter", "enter")
        await pause_until(pilot, lambda: isinstance(app.screen, QuestionDetailScreen))
        await pilot.pause()
        assert note in screen_text(app)  # as written: the brackets are not markup
    study.store.close()
