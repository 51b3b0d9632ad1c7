"""`quiz validate` as a person reads it: each problem at the key or value it is about, sorted,
counted in plain numbers, warnings apart from errors, and YAML mistakes in plain words."""

from __future__ import annotations

import math
import re
import textwrap
from pathlib import Path

import pytest

from quiz.banks.loader import Source, load_banks, read_model
from quiz.banks.problems import SourceError
from quiz.cli import main
from quiz.library import Library
from quiz.models import Bank, Profile
from quiz.paths import UserPaths
from tests.choices import choice_question
from tests.conftest import FIXTURES

README = Path(__file__).parent.parent / "README.md"
GOOD = (FIXTURES / "good" / "good-bank.yaml").read_text("utf-8")
# the bank behind the README's example; the test below checks the README shows what validate prints
README_BANK = """\
bank: dicom-basics
title: DICOM basics
questions:
  - id: c-move-dest
    domain: image-management
    question: Which field of a C-MOVE request names the AE that will **receive** the images?
    choices: [Calling AE Title, Move Destination, Called AE Title, Affected SOP Class UID]
    difficulty: medium
    answer: E
    references: ["DICOM PS3.7 section 9.1.4"]
    shuffle: true
    explaination: C-MOVE carries a Move Destination AE title.
"""


def _bank(tmp_path: Path, text: str, name: str = "bank.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), "utf-8")
    return path


def _validate(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, list[str]]:
    code = main(["validate", *map(str, args)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out.splitlines()


def _question(**fields: str) -> str:
    """A one-question bank whose fields can be replaced (or dropped with an empty value)."""
    base = {
        "id": "q1",
        "domain": "image-management",
        "question": "What is asked?",
        "choices": "[First, Second, Third]",
        "answer": "A",
    }
    base.update(fields)
    lines = "".join(f"    {k}: {v}\n" for k, v in base.items() if v)
    return f"bank: b\ntitle: T\nquestions:\n  - {lines[4:]}"


def test_the_readme_example_is_what_validate_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "my-bank.yaml").write_text(README_BANK, "utf-8")
    monkeypatch.chdir(tmp_path)
    code, lines = _validate(capsys, "my-bank.yaml")
    shown = re.search(r"\*\*Checking\.\*\*.*?```\n(.*?)```", README.read_text("utf-8"), re.DOTALL)
    assert shown is not None
    assert lines == shown.group(1).splitlines()
    assert code == 1


def test_an_out_of_range_answer_points_at_the_answer_value(tmp_path: Path) -> None:
    path = _bank(tmp_path, _question(answer="D"))
    with pytest.raises(SourceError) as caught:
        read_model(path, Bank)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (8, 13)  # "    answer: D", not the question's "- id" line
    listed = _bank(tmp_path, _question(answer="[A, F]"), "listed.yaml")
    with pytest.raises(SourceError) as caught:
        read_model(listed, Bank)
    assert [(p.line, p.column) for p in caught.value.problems] == [(8, 17)]  # the F in [A, F]


def test_the_summary_counts_a_broken_bank_in_plain_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _validate(capsys, FIXTURES / "broken" / "06-answer-out-of-range.yaml")
    assert (code, lines[-1]) == (1, "1 bank, 0 questions, 0 profiles, 1 error")
    two = _bank(tmp_path, GOOD.replace("good-bank", "other"))
    code, lines = _validate(capsys, FIXTURES / "good" / "good-bank.yaml", two)
    assert (code, lines) == (0, ["2 banks, 4 questions, 0 profiles, 0 errors"])


def test_problems_are_sorted_by_file_then_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # pydantic reports field errors before unknown keys, and duplicate ids come last: not line order
    repeat = _question().split("questions:\n")[1]
    later = _bank(tmp_path, "unknown: 1\n" + _question(domain="nowhere", answer="Z") + repeat, "b.yaml")
    earlier = _bank(tmp_path, _question(answer="Q"), "a.yaml")
    _, lines = _validate(capsys, later, earlier)
    places = [re.match(r"(.*?):(\d+):(\d+): ", line) for line in lines[:-1]]
    assert all(places), lines
    keys = [(m.group(1), int(m.group(2)), int(m.group(3))) for m in places if m]
    assert keys == sorted(keys) and len(keys) == 5
    assert keys[0][0] == str(earlier)


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("bank: b\ntitle: T\nquestions:\n  - id: q1\n     domain: x\n", 5, 12, "indent it like the keys"),
        ("bank: b\ntitle: T\nquestions:\n  - id: q1\n    domain: x\n   question: y\n", 6, 4, "indented differently"),
        ("bank: b\ntitle: Which: this one\n", 2, 13, "contains ': '"),
        ("bank: b\ntitle\nquestions: []\n", 2, 1, "neither 'key: value'"),
        ('bank: b\ntitle: "HL7 \\E\\ escape"\n', 2, 13, "use single quotes"),
        ('bank: b\ntitle: "never closed\nquestions: []\n', 2, 8, "never closed"),
        ("bank: b\nquestions: [one, two\ntitle: T\n", 3, 6, "'[' list opened on line 2 is not closed"),
        ("bank: b\ntitle: @home\n", 2, 8, "cannot start a value"),
        ("bank: b\ntitle: *nope\n", 2, 8, "anchor (&name) that is not defined"),
    ],
)
def test_yaml_syntax_errors_are_described_in_plain_words_with_a_hint(
    tmp_path: Path, text: str, line: int, column: int, words: str
) -> None:
    path = _bank(tmp_path, text)
    with pytest.raises(SourceError) as caught:
        read_model(path, Bank)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (line, column), problem.message
    assert words in problem.message and "Hint:" in problem.message
    parser_words = (
        "mapping values are not allowed",
        "did not find expected",
        "could not find expected",
        "while scanning",
        "while parsing",
        "<block end>",
    )
    assert not any(w in problem.message for w in parser_words), problem.message


MARKDOWN_BANK = """\
bank: md
title: Markdown everywhere
questions:
  - id: q1
    domain: image-management
    question: Which field is **required**?
    choices: ["`Move Destination`", "Called AE", "See [the standard](https://dicom.nema.org)"]
    answer: A
    explanation: |
      First line is fine.
      # A heading
      Then<br>a break and <p>a paragraph</p> and <b>bold</b>.
    references: ["*PS3.7*"]
  - id: hl7
    domain: imaging-informatics
    question: |
      <VT>MSH|^~\\&|RIS|HOSP|PACS|HOSP|20240101||ORM^O01|1|P|2.5<CR>
      OBX|1|FT|||line one\\.br\\line two \\E\\ and \\X0D\\ and \\F\\<CR><FS><CR>
    choices: ["<SUB> and <DEL> are control names", "SELECT * FROM t WHERE a * b", "*.dcm and *.jpg"]
    answer: A
    explanation: 'The encoding characters ^~\\& follow MSH-1; "\\T\\" escapes the &.'
"""


def test_markdown_and_html_in_text_fields_are_warnings_not_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _bank(tmp_path, MARKDOWN_BANK)
    code, lines = _validate(capsys, path)
    assert code == 0  # warnings never change the exit code
    assert lines[-1] == "1 bank, 2 questions, 0 profiles, 0 errors, 5 warnings"
    warnings = lines[:-1]
    assert all(": warning: bank md, question q1: " in w for w in warnings), warnings  # nothing for HL7
    expected = [
        (6, 30, "question: ", "bold '**required**'"),  # at the '**' of a plain one-line text
        (7, 15, "choice A: ", "inline code '`Move Destination`'"),  # at the opening quote of a quoted one
        (7, 50, "choice C: ", "a link '[the standard](https://dicom.nema.org)'"),
        (11, 7, "explanation: ", "a heading '# A heading'"),  # at the line inside a '|' block
        (13, 18, "reference 1: ", "italics '*PS3.7*'"),
    ]
    for warning, (line, column, field, found) in zip(warnings, expected, strict=True):
        assert warning.startswith(f"{path}:{line}:{column}: warning: "), warning
        assert field in warning and found in warning, warning
    assert "an HTML tag '<br>'" in warnings[3]
    report = load_banks([Source(path)])
    assert [b.bank.bank for b in report.banks] == ["md"] and not report.problems
    assert len(report.warnings) == 5


def test_shipped_banks_have_no_warnings(capsys: pytest.CaptureFixture[str], paths: UserPaths) -> None:
    code, lines = _validate(capsys)
    assert code == 0 and lines[-1].endswith(" 0 errors"), lines[-5:]


def test_control_characters_in_text_fields_are_warned_about_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], paths: UserPaths
) -> None:
    text = _question(question='"Clear the screen\\e[2J and ring\\a"', choices='["A\\u009b", B]')
    path = _bank(tmp_path, text.replace("title: T", 'title: "Bank\\x07"'))
    code, lines = _validate(capsys, path)
    assert code == 0
    assert lines == [
        f"{path}:2:8: warning: bank b: title: holds control characters, shown as ␇",
        f"{path}:6:15: warning: bank b, question q1: question: holds control characters, shown as ␇ ␛",
        f"{path}:7:15: warning: bank b, question q1: choice A: holds control characters, shown as ⟨U+009B⟩",
        "1 bank, 1 question, 0 profiles, 0 errors, 3 warnings",
    ]
    paths.banks.mkdir(parents=True)
    path.rename(paths.banks / "mine.yaml")
    library = Library.load(paths, drills=False)
    assert "b" in {b.bank.bank for b in library.banks} and not library.problems
    assert len(library.warnings) == 3
    assert len(Library.load(paths, drills=False).warnings) == 3  # kept in the cache with the bank


def test_drill_ids_are_reserved_for_the_generated_drills(tmp_path: Path) -> None:
    path = _bank(tmp_path, GOOD.replace("bank: good-bank", "bank: drill-mine"))
    with pytest.raises(SourceError) as caught:
        read_model(path, Bank)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (1, 7)
    assert "bank id 'drill-mine' starts with 'drill-', which is reserved for the generated drills" in problem.message


def test_yes_and_no_as_choices_explain_what_yaml_did(tmp_path: Path) -> None:
    path = _bank(tmp_path, _question(choices="[yes, no]"))
    with pytest.raises(SourceError) as caught:
        read_model(path, Bank)
    messages = [p.message for p in caught.value.problems]
    assert messages == [
        'choice A: YAML reads yes as true (a boolean), not as text; put it in quotes ("yes") to keep it as text',
        'choice B: YAML reads no as false (a boolean), not as text; put it in quotes ("no") to keep it as text',
    ]
    quoted = read_model(_bank(tmp_path, _question(choices='["yes", "no"]', answer="B"), "quoted.yaml"), Bank)
    assert choice_question(quoted.questions[0]).choices == ("yes", "no")


@pytest.mark.parametrize("weight", [".inf", ".nan", "-.inf"])
def test_a_profile_weight_must_be_a_finite_number(tmp_path: Path, weight: str) -> None:
    path = _bank(tmp_path, f"id: p\ntitle: P\nquestions: 10\ndomains:\n  image-management: 1\n  operations: {weight}\n")
    with pytest.raises(SourceError) as caught:
        read_model(path, Profile)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (6, 15), problem
    assert "domains.operations" in problem.message
    fine = read_model(
        _bank(tmp_path, "id: p\ntitle: P\nquestions: 10\ndomains:\n  operations: 2.5\n", "ok.yaml"), Profile
    )
    assert math.isfinite(sum(fine.domains.values()))


def test_a_merge_key_may_be_overridden_but_a_written_key_may_not_repeat(tmp_path: Path) -> None:
    merged = """\
    defaults: &defaults {domain: image-management, difficulty: easy, choices: [One, Two]}
    bank: b
    title: T
    questions:
      - <<: *defaults
        id: q1
        question: Which?
        difficulty: hard
        answer: B
    """
    data = _bank(tmp_path, merged.replace("defaults: &defaults", "x-defaults: &defaults"))
    with pytest.raises(SourceError) as caught:  # 'x-defaults' is an unknown field, nothing else is wrong
        read_model(data, Bank)
    assert [p.message for p in caught.value.problems] == [
        "unknown field 'x-defaults'; known fields: bank, title, description, domain, cases, questions"
    ]
    from quiz.banks.yaml_reader import read_yaml

    question = read_yaml(data).data["questions"][0]
    assert (question["difficulty"], question["domain"]) == ("hard", "image-management")
    twice = _bank(tmp_path, merged.replace("        answer: B\n", "        answer: B\n        id: q2\n"), "twice.yaml")
    with pytest.raises(SourceError) as caught:
        read_model(twice, Bank)
    (problem,) = caught.value.problems
    assert "duplicate key 'id'" in problem.message and (problem.line, problem.column) == (10, 5)


def test_a_tab_inside_a_block_of_text_is_content_not_indentation(tmp_path: Path) -> None:
    text = _question(question="|\n      Fields:\n      \tPID-3\tidentifier list\n      end")
    question = read_model(_bank(tmp_path, text), Bank).questions[0]
    assert question.question == "Fields:\n\tPID-3\tidentifier list\nend\n"
    with pytest.raises(SourceError) as caught:  # a tab that indents a key is still refused
        read_model(_bank(tmp_path, text.replace("    answer: A", "\tanswer: A"), "tab.yaml"), Bank)
    assert "a tab is used for indentation" in caught.value.problems[0].message
