"""The installed `quiz` command in a real terminal (tmux), checked by reading the screen.

These are the journeys a person takes, with the bank's own text asserted on screen: start in a light
and a dark terminal and with a saved theme, take an exam (flag, grid, submit, results, answer review),
practise with a right and a wrong answer, survive kill -9 mid-exam, and let time run out with each
dialog open (a real minute, in parallel terminals).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TypedDict

import pytest
import yaml

from tests.terminal.tmux import QUIZ, Terminal, available, squash

pytestmark = pytest.mark.skipif(
    not available(), reason="needs tmux and the installed quiz command (.ci/run installs tmux)"
)

HERE = Path(__file__).parent
BANK = yaml.safe_load((HERE / "terminal-bank.yaml").read_text())


class BankQuestion(TypedDict):
    """A question of terminal-bank.yaml, as its file writes it (the fields these journeys read)."""

    id: str
    question: str
    choices: list[str]
    answer: str  # one letter: the bank has no select-all item
    explanation: str


QUESTIONS: dict[str, BankQuestion] = {q["id"]: q for q in BANK["questions"]}
LETTER_LINE = re.compile(r"(?:^|\s)([A-F])\. (\S.*?)\s*$")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "banks").mkdir()
    (tmp_path / "profiles").mkdir()
    shutil.copy(HERE / "terminal-bank.yaml", tmp_path / "banks" / "terminal.yaml")
    shutil.copy(HERE / "terminal-profile.yaml", tmp_path / "profiles" / "term.yaml")
    return tmp_path


def environment(home: Path, **extra: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "QUIZ_HOME": str(home),
        **extra,
    }
    if "PYTHONPATH" in os.environ:  # to run these journeys against another checkout of the app
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def start(
    terminals: list[Terminal],
    home: Path,
    *args: str,
    width: int = 80,
    height: int = 24,
    env: Mapping[str, str] | None = None,
) -> Terminal:
    terminal = Terminal([str(QUIZ), *args], environment(home, **(env or {})), width=width, height=height)
    terminals.append(terminal)
    return terminal


def shown_question(screen: str) -> BankQuestion:
    """The bank question whose stem is on the screen."""
    flat = squash(screen)
    found = [q for q in QUESTIONS.values() if squash(str(q["question"]))[:60] in flat]
    assert len(found) == 1, f"no single bank question on screen:\n{screen}"
    return found[0]


def letter_of(screen: str, choice: str) -> str:
    """The letter the screen shows before a choice's text (the choices are shuffled)."""
    for line in screen.splitlines():
        match = LETTER_LINE.search(line)
        if match and squash(choice).startswith(squash(match.group(2))[:30]):
            return match.group(1)
    raise AssertionError(f"choice {choice!r} is not on the screen:\n{screen}")


def right_and_wrong(screen: str) -> tuple[str, str, BankQuestion]:
    question = shown_question(screen)
    choices = list(question["choices"])
    right = choices["ABCDEF".index(str(question["answer"]))]
    wrong = next(c for c in choices if c != right)
    return letter_of(screen, right), letter_of(screen, wrong), question


def assert_no_crash(terminal: Terminal) -> None:
    screen = terminal.screen()
    assert "Traceback" not in screen and "Error" not in screen, screen


@pytest.mark.parametrize(
    "env",
    [
        {"COLORFGBG": "0;15"},
        {"COLORFGBG": "15;0"},
        {},
        {"NO_COLOR": "1"},
        {"LANG": "C", "LC_ALL": "C"},
    ],
    ids=["light", "dark", "no-colorfgbg", "no-color", "lang-c"],
)
def test_starts_to_home_in_any_terminal(home: Path, terminals: list[Terminal], env: dict[str, str]) -> None:
    terminal = start(terminals, home, env=env)
    screen = terminal.wait_for("Review missed")
    assert "questions in" in screen and "Exam" in screen
    assert_no_crash(terminal)
    terminal.send("C-q")
    deadline = time.monotonic() + 5
    while not terminal.exited and time.monotonic() < deadline:
        time.sleep(0.1)
    assert terminal.exited


def test_a_saved_theme_is_used_at_the_next_start(home: Path, terminals: list[Terminal]) -> None:
    progress = home / "progress"
    progress.mkdir()
    (progress / "settings.json").write_text(
        json.dumps({"kind": "settings", "schema_version": 1, "data": {"theme": "nord"}})
    )
    terminal = start(terminals, home, env={"COLORFGBG": "0;15"})
    terminal.wait_for("Review missed")
    assert_no_crash(terminal)
    settings = json.loads((progress / "settings.json").read_text())
    assert settings["data"]["theme"] == "nord"


def test_an_exam_with_flag_grid_submit_results_and_answer_review(home: Path, terminals: list[Terminal]) -> None:
    terminal = start(terminals, home, "exam", "--profile", "term", "--seed", "3")
    screen = terminal.wait_for("Question 1 of 4")
    right, _, first = right_and_wrong(screen)
    for text in (str(first["question"]), *map(str, first["choices"])):
        assert squash(text) in squash(screen), text  # every word, as the bank writes it
    terminal.send(right.lower(), "f")
    terminal.wait_for("⚑ flagged")
    terminal.send("n")
    screen = terminal.wait_for("Question 2 of 4")
    _, wrong2, _ = right_and_wrong(screen)
    terminal.send(wrong2.lower(), "g")
    screen = terminal.wait_for("Review: 2 answered, 2 unanswered, 1 flagged")
    assert "1●⚑" in screen.replace(" ", "")
    terminal.send("Escape")
    terminal.wait_until_gone("Review: 2 answered")
    terminal.send("C-s")
    screen = terminal.wait_for("Submit the exam?")
    assert "2 unanswered (they count as wrong) and 1 flagged" in " ".join(screen.split())
    terminal.send("y")
    screen = terminal.wait_for("1 of 4 correct")
    assert "BELOW THE PASS MARK" in screen
    terminal.send("r")
    screen = terminal.wait_for("question 1 of 4")
    assert squash(str(first["question"])) in squash(screen)
    assert f"✓ {right}." in screen  # the right answer marked, under the letter the exam showed
    assert squash(str(first["explanation"]))[:80] in squash(screen) or "References" not in screen
    terminal.send("n")
    screen = terminal.wait_for("question 2 of 4")
    assert f"✗ {wrong2}." in screen and "Wrong: you chose" in screen
    terminal.send("Escape", "Escape")
    screen = terminal.wait_for("Last exam: Terminal test: 4 questions: 1/4")
    assert_no_crash(terminal)


def test_practice_shows_the_verdict_the_right_answer_and_the_explanation(home: Path, terminals: list[Terminal]) -> None:
    terminal = start(terminals, home, "practice", "--topic", "terminal-test", "--count", "2", "--seed", "5")
    screen = terminal.wait_for("1 of 2")
    right, _, first = right_and_wrong(screen)
    terminal.send(right.lower())
    screen = terminal.wait_for("✓ Correct.")
    assert squash(str(first["explanation"]))[:60] in squash(screen)
    terminal.send("Enter")
    screen = terminal.wait_for("2 of 2")
    right, wrong, second = right_and_wrong(screen)
    terminal.send(wrong.lower())
    screen = terminal.wait_for(f"✗ Incorrect: the answer is {right}.")
    choices = list(second["choices"])
    right_text = choices["ABCDEF".index(str(second["answer"]))]
    right_line = next(line for line in screen.splitlines() if f"✓ {right}." in line)
    assert squash(right_text).startswith(squash(right_line.split(f"✓ {right}.", 1)[1])[:30])
    for choice in choices:  # every choice still in view, in full, after the verdict
        assert squash(choice) in squash(screen), choice
    assert_no_crash(terminal)


def test_kill_9_mid_exam_then_resume_keeps_every_answer(home: Path, terminals: list[Terminal]) -> None:
    terminal = start(terminals, home, "exam", "--profile", "term", "--seed", "7")
    screen = terminal.wait_for("Question 1 of 4")
    right, _, first = right_and_wrong(screen)
    terminal.send(right.lower())
    terminal.wait_for("1 answered")
    terminal.send("n")
    screen = terminal.wait_for("Question 2 of 4")
    _, wrong, second = right_and_wrong(screen)
    terminal.send(wrong.lower(), "f")
    terminal.wait_for("2 answered")
    terminal.kill_9()
    again = start(terminals, home)
    screen = again.wait_for("Unfinished exam")
    assert "2 of 4 answered" in " ".join(screen.split())
    again.send("c")
    screen = again.wait_for("Question 2 of 4")
    assert "⚑ flagged" in screen and shown_question(screen) == second
    assert re.search(rf"●\s+{wrong}\.", screen)
    again.send("p")
    screen = again.wait_for("Question 1 of 4")
    assert shown_question(screen) == first and re.search(rf"●\s+{right}\.", screen)
    assert_no_crash(again)


def test_time_runs_out_under_each_dialog(home: Path, terminals: list[Terminal]) -> None:
    """Grid and submit question: the clock keeps running and the results take over; pause: the
    clock stops, so after the same minute the exam is still waiting."""
    opened = {}
    for dialog, keys in {"grid": ["g"], "submit": ["C-s"], "pause": ["Escape"]}.items():
        folder = home / dialog
        shutil.copytree(home / "banks", folder / "banks")
        shutil.copytree(home / "profiles", folder / "profiles")
        terminal = start(terminals, folder, "exam", "--profile", "term", "--seed", "1")
        terminal.wait_for("Question 1 of 4")
        terminal.send("a", *keys)
        opened[dialog] = terminal
    opened["grid"].wait_for("Review: 1 answered")
    opened["submit"].wait_for("Submit the exam?")
    paused = opened["pause"].wait_for("Exam paused: the clock is stopped")
    question = QUESTIONS  # the paused question must not be readable behind the dialog
    assert not any(squash(str(q["question"]))[:40] in squash(paused) for q in question.values())
    time.sleep(62)
    for dialog in ("grid", "submit"):
        terminal = opened[dialog]
        screen = terminal.wait_for("time ran out", timeout=10)
        assert "of 4 correct" in screen
        terminal.send("Escape")
        screen = terminal.wait_for("Review missed")  # Home, not a dead exam screen
        assert "Last exam: Terminal test" in " ".join(screen.split())
        assert_no_crash(terminal)
    screen = opened["pause"].screen()
    assert "Exam paused" in screen and "time ran out" not in screen
    opened["pause"].send("Escape")
    screen = opened["pause"].wait_for("Question 1 of 4")
    match = re.search(r"⏱ (\d+):(\d\d)", screen)
    assert match and int(match.group(1)) * 60 + int(match.group(2)) >= 50, screen  # the paused minute did not count


FAKE_EDITOR = """
import sys
from pathlib import Path

# an editor: it is given +LINE and the file; it records them, then edits the question at that line
record, line, path = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
record.write_text(f"{line} {path}")
lines = path.read_text().splitlines(keepends=True)
number = int(line[1:])
assert lines[number - 1].strip() == "- id: msh2", lines[number - 1]
text = "".join(lines).replace("A header starts MSH", "EDITED: a header starts MSH", 1)
path.write_text(text)
"""


def test_a_question_opens_in_the_editor_at_its_line_and_the_edit_shows_at_once(
    terminals: list[Terminal], home: Path, tmp_path: Path
) -> None:
    import sys

    script = tmp_path / "editor.py"
    script.write_text(FAKE_EDITOR)
    record = tmp_path / "record.txt"
    editor = f"{sys.executable} {script} {record}"
    terminal = start(
        terminals, home, "browse", "bank:terminal", "id:msh2", width=120, height=40, env={"EDITOR": editor}
    )
    terminal.wait_for("1 of")
    terminal.send("Enter", "e")
    terminal.wait_for("Banks loaded again with your edits")
    line, path = record.read_text().split(" ", 1)
    bank = home / "banks" / "terminal.yaml"
    assert path == str(bank) and line == "+4"  # the line of "- id: msh2"
    terminal.wait_for("EDITED: a header starts MSH|^~\\&|RIS|MERCY|PACS.")  # the preview, from the file
    assert_no_crash(terminal)
