"""Report a problem with a question (issue 19): from practice and answer review, a short form; the
report keeps what the reader saw, survives in feedback.jsonl, and `quiz feedback export` prints it as
Markdown in which every bank text is literal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.clock import ManualClock
from quiz.library import Library
from quiz.paths import user_paths
from quiz.store.feedback import FeedbackLog, check_report
from quiz.store.progress import ProgressStore
from quiz.study import Study
from quiz.tui.app import QuizApp
from quiz.tui.screens.practice import PracticeScreen
from quiz.tui.screens.report import ReportProblemScreen
from tests.choices import choice_question
from tests.screen_text import region_text, squashed
from tests.tui_support import pause_until

SHIPPED = Library.load(drills=False, use_cache=False)
HL7_KEY = "imaging-informatics/hl7-msh2-encoding-characters"


async def test_a_problem_reported_in_practice_is_kept_as_the_reader_saw_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    clock = ManualClock()
    study = Study(SHIPPED, ProgressStore.open(user_paths().progress, clock.now()), clock=clock, fuzzing=False)
    app = QuizApp(study, tick_seconds=0.05)
    entry = SHIPPED.entries[HL7_KEY]
    question = choice_question(entry.question)
    async with app.run_test(size=(80, 24)) as pilot:
        session = app.study._practice([entry], "Practice", "practice", seed=7)
        app._start_flow(PracticeScreen(session))
        await pilot.pause()
        order = session.items[0].presentation["order"]
        wrong = next(p for p, i in enumerate(order) if i not in question.correct)
        await pilot.press("abcdef"[wrong], "exclamation_mark")
        await pause_until(pilot, lambda: isinstance(app.screen, ReportProblemScreen))
        form = region_text(app, "#report-dialog")
        assert squashed(f"Report a problem: {HL7_KEY}") in squashed(form)  # a long key wraps
        assert "More than one answer could be right" in form and "Save" in form
        await pilot.press("down", "enter", "tab")  # the second reason, then the details
        await pilot.press(*"Both B and C are read as `^~\\&`")
        await pilot.press("ctrl+s")
        await pause_until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        await pilot.pause()
    study.close()
    reports, damages = FeedbackLog(user_paths().progress).load(clock.now(), repair=False)
    assert not damages and len(reports) == 1
    report = reports[0]
    assert (report.key, report.reason, report.text) == (HL7_KEY, "ambiguous", "Both B and C are read as `^~\\&`")
    assert report.question == question.question
    letters = "ABCDEF"
    assert report.shown == tuple(f"{letters[p]}. {question.choices[i]}" for p, i in enumerate(order))
    assert report.answer == letters[wrong]
    # the export: every text in a fenced block, exactly as written; the question unchanged since
    assert main(["feedback", "export"]) == 0
    out = capsys.readouterr().out
    assert "## `imaging-informatics` / `hl7-msh2-encoding-characters`" in out
    assert "More than one answer could be right" in out and "unchanged in the bank since" in out
    assert f"```text\n{question.question.removesuffix(chr(10))}\n```" in out  # but its closing line break
    assert "```text\n" + "\n".join(report.shown) + "\n```" in out
    assert f"Their answer: `{letters[wrong]}`" in out


def test_a_damaged_report_is_said_and_the_others_kept(capsys: pytest.CaptureFixture[str]) -> None:
    study = Study.open(fuzzing=False)
    entry = study.library.entries[HL7_KEY]
    study.report_problem(HL7_KEY, entry.question, {"order": [0, 1, 2, 3]}, reason="typo", text=" x ", answer="")
    study.close()
    path = user_paths().progress / "feedback.jsonl"
    with path.open("a") as handle:
        handle.write(json.dumps({"id": "broken", "reason": "bored"}) + "\n")
    assert main(["feedback", "export"]) == 0
    captured = capsys.readouterr()
    assert "feedback.jsonl" in captured.err and "1 report" in captured.err
    assert "A typo or a formatting problem" in captured.out and "Their answer: none" in captured.out


def test_a_report_on_a_question_that_changed_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    study = Study.open(fuzzing=False)
    entry = study.library.entries[HL7_KEY]
    report = study.report_problem(HL7_KEY, entry.question, {"order": [3, 2, 1, 0]}, reason="other", text="", answer="")
    study.close()
    path = user_paths().progress / "feedback.jsonl"
    lines = path.read_text().splitlines()
    changed = {**json.loads(lines[1]), "digest": "0" * 16}  # as if the bank's text differed when reported
    path.write_text("\n".join([lines[0], json.dumps(changed)]) + "\n")
    assert report.digest != "0" * 16
    assert main(["feedback", "export"]) == 0
    assert "the question has changed since" in capsys.readouterr().out


def test_fences_hold_backticks_and_records_are_checked(tmp_path: Path) -> None:
    from quiz.cli.feedback import _fenced, _inline

    assert _fenced("a ``` b") == ["````text", "a ``` b", "````"]
    assert _inline("x`y") == "``x`y``" and _inline("`x") == "`` `x ``"
    assert check_report({"id": "x"}) == "report: key is missing or not a text"
    study = Study.open(fuzzing=False)
    with pytest.raises(ValueError, match="reason 'bored'"):
        study.report_problem(HL7_KEY, SHIPPED.entries[HL7_KEY].question, {}, reason="bored", text="", answer="")
    study.close()
    assert not (user_paths().progress / "feedback.jsonl").exists()  # nothing kept
