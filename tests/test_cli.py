"""The `quiz` command: options are checked where they are given, and mistakes get a clear message."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.clock import ManualClock
from quiz.paths import user_paths
from quiz.study import Study
from tests.choices import choose
from tests.conftest import FIXTURES

GOOD = FIXTURES / "good" / "good-bank.yaml"
QUIZ = Path(sys.executable).with_name("quiz")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(args)
    except SystemExit as stop:  # argparse refuses an option
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "args",
    [
        ["exam", "--minutes", "0"],
        ["exam", "--minutes", "-5"],
        ["exam", "--minutes", "1441"],
        ["exam", "--questions", "0"],
        ["exam", "--minutes", "ten"],
        ["practice", "--count", "-5"],
        ["practice", "--count", "0"],
    ],
)
def test_numbers_out_of_range_are_refused_before_anything_starts(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(args, capsys)
    assert code == 2
    assert "must be" in err or "not a whole number" in err
    assert not user_paths().progress.exists()  # nothing was opened, let alone recorded


def test_more_questions_than_match_names_the_pool(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["exam", "--questions", "9999", "--domain", "procurement"], capsys)
    assert code == 2
    assert "the number of questions must be from 1 to" in err and "(the questions that match)" in err


def test_bank_option_works_before_the_command_and_after_it(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["--bank", str(GOOD), "banks"], ["banks", "--bank", str(GOOD)]):
        code, out, _ = run(args, capsys)
        assert code == 0 and "good-bank" in out, args


def test_validate_checks_the_banks_named_with_bank_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("bank: broken\ntitle: B\nquestions: []\n")
    for args in (["validate", "--bank", str(broken)], ["--bank", str(broken), "validate"]):
        code, out, _ = run(args, capsys)
        assert code == 1 and "broken.yaml" in out, args


def test_options_that_do_not_apply_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--bank", str(GOOD), "schema"], capsys)
    assert code == 2 and "do not apply" in err
    code, _, err = run(["banks", "--bank", "/no/such/bank.yaml"], capsys)
    assert code == 2 and "no such bank file or folder" in err


def test_schema_save_puts_the_schema_where_the_readme_says(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["schema", "--save"], capsys)
    target = user_paths().banks / "quiz-bank.schema.json"
    assert code == 0 and target.exists() and str(target) in out
    assert '"title": "Question bank"' in target.read_text()


def test_exam_without_a_terminal_never_drops_an_unfinished_exam(capsys: pytest.CaptureFixture[str]) -> None:
    study = Study.open(clock=ManualClock())
    exam = study.start_exam(study.library.profiles["quick"], seed=1)
    choose(exam, 0)
    session_id = exam.state.session_id
    study.close()
    code, _, err = run(["exam", "--profile", "quick"], capsys)  # pytest's stdin is not a terminal
    assert code == 2 and "an unfinished exam is waiting" in err
    study = Study.open(clock=ManualClock())
    assert study.store.pending_session is not None and study.store.pending_session.session_id == session_id
    study.close()


def _finished_exam_titled(title: str) -> Path:
    study = Study.open(clock=ManualClock())
    exam = study.start_exam(study.library.profiles["quick"], seed=1)
    exam.state.title = title
    exam.submit()
    folder = study.store.folder
    study.close()
    return folder


def test_export_keeps_formulas_from_running_in_a_spreadsheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _finished_exam_titled('=HYPERLINK("http://example.invalid","Click")')
    target = tmp_path / "out.csv"
    code, _, _ = run(["export", "results", "--output", str(target)], capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert rows and all(row["title"] == '\'=HYPERLINK("http://example.invalid","Click")' for row in rows)


def test_export_refuses_to_write_over_the_progress_or_into_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    progress = _finished_exam_titled("Quick")
    reviews = (progress / "reviews.jsonl").read_bytes()
    code, _, err = run(["export", "results", "--output", str(progress / "reviews.jsonl")], capsys)
    assert code == 2 and "inside the progress folder" in err
    assert (progress / "reviews.jsonl").read_bytes() == reviews
    code, _, err = run(["export", "results", "--output", str(tmp_path)], capsys)
    assert code == 2 and "is a folder" in err


def _quiz(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(QUIZ), *args], capture_output=True, text=True, timeout=60, env={**os.environ, **env}, check=False
    )


@pytest.mark.skipif(not QUIZ.exists(), reason="needs the installed quiz command")
def test_a_closed_pipe_ends_quietly() -> None:
    result = subprocess.run(
        f"'{QUIZ}' validate | head -1", shell=True, capture_output=True, text=True, timeout=60, check=False
    )
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
    assert result.stdout.count("\n") == 1


@pytest.mark.skipif(not QUIZ.exists(), reason="needs the installed quiz command")
@pytest.mark.parametrize("command", [["validate"], ["banks"], ["stats"]])
def test_an_output_that_cannot_show_unicode_does_not_crash(command: list[str]) -> None:
    result = _quiz(*command, PYTHONIOENCODING="ascii")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_an_error_inside_the_app_is_not_a_success(monkeypatch: pytest.MonkeyPatch) -> None:
    from quiz.tui.app import QuizApp
    from quiz.tui.screens.home import HomeScreen

    def broken(self: HomeScreen) -> None:
        raise RuntimeError("a bug")

    run_app = QuizApp.run
    monkeypatch.setattr(HomeScreen, "on_mount", broken)
    monkeypatch.setattr(QuizApp, "run", lambda self: run_app(self, headless=True))
    assert main([]) == 1


def test_banks_listing_fits_80_columns_and_keeps_every_number(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(["banks"], capsys)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    library = Study.open(clock=ManualClock())
    for loaded in library.library.banks:
        assert f"{loaded.bank.bank} " in out and f" {len(loaded.bank.questions)}" in out
    library.close()
    assert "drill-dicom" in out and "generated from pydicom's DICOM dictionary" in out


def test_stats_for_an_unknown_profile_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["stats", "--profile", "nope"], capsys)
    assert code == 2 and "no exam profile 'nope'" in err and "ciip" in err
