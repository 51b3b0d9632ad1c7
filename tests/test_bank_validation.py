"""Every kind of broken bank gets one clear, located error; good banks beside them still load."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.banks.loader import Source, load_banks, read_model
from quiz.banks.problems import SourceError
from quiz.cli import main
from quiz.models import Bank
from tests.conftest import FIXTURES

BROKEN = FIXTURES / "broken"

# file -> (line, column, words the message must contain): the key or value the error is about
EXPECTED = {
    "01-syntax-error.yaml": (8, 5, "YAML syntax error"),
    "02-tab-indent.yaml": (5, 1, "tab is used for indentation"),
    "03-duplicate-key.yaml": (9, 5, "duplicate key 'answer'"),
    "04-wrong-type.yaml": (7, 14, "choices: expected a list, got text"),
    "05-missing-field.yaml": (4, 5, "missing required field 'question'"),
    "06-answer-out-of-range.yaml": (8, 13, "answer 'E' is out of range: there are 4 choices (A-D)"),
    "07-duplicate-choices.yaml": (7, 81, "choices C and D are the same"),
    "08-duplicate-ids.yaml": (9, 9, "question id 'q1' is already used by question #1"),
    "09-empty-bank.yaml": (3, 12, "the bank has no questions"),
    "10-not-utf8.yaml": (6, 28, "not valid UTF-8"),
    "11-not-a-mapping.yaml": (1, 1, "must be a mapping"),
    "12-unknown-domain.yaml": (5, 13, "did you mean 'image-management'?"),
    "13-unknown-key.yaml": (9, 5, "unknown field 'explaination' (did you mean 'explanation'?)"),
    "14-python-tag.yaml": (8, 13, "only plain YAML data is allowed"),
    "15-alias-bomb.yaml": (7, 4, "possible alias bomb"),
    "16-bad-bank-id.yaml": (1, 7, "is not a valid bank id"),
    "17-bad-question-id.yaml": (4, 9, "'Q 1' is not a valid id"),
    "18-too-many-choices.yaml": (7, 14, "at most 6 choices"),
    "19-answer-not-a-letter.yaml": (8, 13, "answer must be a letter"),
    "20-empty-file.yaml": (1, 1, "it is empty"),
    "21-bad-difficulty.yaml": (9, 17, "'brutal' is not allowed"),
    "22-missing-title.yaml": (1, 1, "missing required field 'title'"),
    "23-two-documents.yaml": (9, 1, "more than one YAML document"),
    "24-uppercase-topic.yaml": (9, 14, "'DICOM' is not a valid topic"),
    "25-empty-question.yaml": (6, 15, "question: must not be blank"),
    "26-choices-not-text.yaml": (7, 66, "choice C: expected text, got a mapping"),
    "27-unknown-subtopic.yaml": (9, 15, "unknown sub-topic 'im-dicom-transfer-syntaxes'"),
    "28-subtopic-of-another-domain.yaml": (9, 15, "'it-network-fundamentals' belongs to information-technology"),
}


def test_every_fixture_is_listed() -> None:
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_bank_gets_one_located_error(name: str) -> None:
    line, column, words = EXPECTED[name]
    with pytest.raises(SourceError) as caught:
        read_model(BROKEN / name, Bank)
    problems = caught.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    assert (problems[0].line, problems[0].column) == (line, column), str(problems[0])
    assert words in problems[0].message
    assert str(problems[0]).startswith(f"{BROKEN / name}:{line}:{column}: ")


def test_every_problem_in_a_file_is_reported(tmp_path: Path) -> None:
    source = (BROKEN / "08-duplicate-ids.yaml").read_text("utf-8")
    path = tmp_path / "many.yaml"
    broken = source.replace("answer: A", "answer: G", 1).replace("domain: image-management", "domain: x")
    path.write_text(broken, "utf-8")
    with pytest.raises(SourceError) as caught:
        read_model(path, Bank)
    messages = [p.message for p in caught.value.problems]
    assert any("unknown domain 'x'" in m for m in messages)
    assert any("not a choice letter" in m for m in messages)
    assert any("already used" in m for m in messages)


def test_validate_cli_reports_each_broken_file_and_loads_the_good(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(BROKEN), str(FIXTURES / "good")])
    out = capsys.readouterr().out
    assert code == 1
    assert "Traceback" not in out
    for name in EXPECTED:
        assert out.count(name + ":") == 1, name
    # 17 broken files still hold a bank (a mapping); the other 9 cannot be read as one
    assert out.strip().endswith("20 banks, 2 questions, 0 profiles, 28 errors")


def test_validate_cli_is_clean_on_a_good_bank(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FIXTURES / "good" / "good-bank.yaml")]) == 0
    assert capsys.readouterr().out == "1 bank, 2 questions, 0 profiles, 0 errors\n"


def test_validate_cli_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "/no/such/bank.yaml"]) == 2
    assert "no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["validate", "--bogus"])
    assert caught.value.code == 2


def test_validate_runs_as_a_module_without_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quiz", "validate", str(BROKEN)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.endswith("\n19 banks, 0 questions, 0 profiles, 28 errors\n")


def test_broken_banks_are_skipped_and_good_ones_load() -> None:
    sources = [Source(p) for p in sorted(BROKEN.iterdir())] + [Source(FIXTURES / "good" / "good-bank.yaml")]
    report = load_banks(sources)
    assert [b.bank.bank for b in report.banks] == ["good-bank"]
    assert len(report.failed) == len(EXPECTED)


def test_duplicate_bank_ids_across_files(tmp_path: Path) -> None:
    first = FIXTURES / "good" / "good-bank.yaml"
    second = tmp_path / "copy.yaml"
    shutil.copy(first, second)
    report = load_banks([Source(first), Source(second)])
    assert len(report.banks) == 1
    assert report.problems[0].path == second
    assert "bank id 'good-bank' is already used by" in report.problems[0].message
    assert report.problems[0].line == 1


def test_shipped_questions_need_an_explanation(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    text = (FIXTURES / "good" / "good-bank.yaml").read_text("utf-8")
    path.write_text(re.sub(r"    explanation: An ORU.*\n", "", text), "utf-8")
    read_model(path, Bank)  # fine as a user bank
    with pytest.raises(SourceError) as caught:
        read_model(path, Bank, shipped=True)
    assert "shipped questions need an explanation" in str(caught.value)
