"""Moodle's Aiken format: a question on one line, then its choices, each a capital letter with
"." or ")" and the text, then `ANSWER: X`; questions apart by blank lines. As Moodle does, a choice
with no space after its letter is accepted. Every problem names its line."""

from __future__ import annotations

import re

from quiz.banks.importers import Imported, ReportEntry, stable_id

CHOICE = re.compile(r"^([A-Z])[.)]\s?(.*\S)\s*$")
ANSWER = re.compile(r"^ANSWER\s*:\s*(.*?)\s*$")
CHOICE_LIMIT = 6  # the bank format's limit on choices (quiz.kinds.choice)


def parse(text: str) -> Imported:
    imported = Imported()
    taken: set[str] = set()
    block: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line:  # blank lines between questions (or inside one) carry nothing
            block.append((number, line))
            if ANSWER.match(line):
                _question(block, imported, taken)
                block = []
    if block:
        _skip(imported, block[0][0], "no ANSWER: line after this question")
    return imported


def _skip(imported: Imported, line: int, why: str) -> None:
    imported.report.append(ReportEntry(line, "skipped", None, why))


def _question(block: list[tuple[int, str]], imported: Imported, taken: set[str]) -> None:
    start = block[0][0]
    answer_line, answer_text = block[-1]
    body = block[:-1]
    stem_lines: list[str] = []
    choices: list[tuple[str, str, int]] = []
    for number, line in body:
        match = CHOICE.match(line)
        if match and (choices or stem_lines):
            choices.append((match.group(1), match.group(2), number))
        elif choices:
            _skip(imported, number, f"line {number} is neither a choice (A. text) nor the ANSWER: line")
            return
        else:
            stem_lines.append(line)
    if not stem_lines:
        _skip(imported, start, "a question needs its text before the choices")
        return
    if len(choices) < 2:
        _skip(imported, start, f"too few choices ({len(choices)}): a question needs at least 2")
        return
    letters = [letter for letter, _, _ in choices]
    expected = [chr(ord("A") + i) for i in range(len(choices))]
    if letters != expected:
        _skip(imported, choices[0][2], f"the choices are lettered {''.join(letters)}, not {''.join(expected)}")
        return
    if len(choices) > CHOICE_LIMIT:
        _skip(imported, choices[CHOICE_LIMIT][2], f"{len(choices)} choices: a bank question has at most {CHOICE_LIMIT}")
        return
    answer = ANSWER.match(answer_text).group(1).upper()  # type: ignore[union-attr]
    if answer not in letters:
        _skip(
            imported,
            answer_line,
            f"ANSWER: {answer or '(empty)'} names no choice (the choices are {letters[0]}-{letters[-1]})",
        )
        return
    stem = " ".join(stem_lines)
    question_id = stable_id(stem, taken)
    imported.questions.append(
        {"id": question_id, "question": stem, "choices": [t for _, t, _ in choices], "answer": answer}
    )
    imported.report.append(ReportEntry(start, "imported", question_id))
