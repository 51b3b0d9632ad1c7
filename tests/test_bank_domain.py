"""A bank-level `domain:` (issue 16): the default for every question that names none."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.banks.loader import read_model
from quiz.banks.problems import SourceError
from quiz.domains import Domain
from quiz.models import Bank

BANK = """\
bank: small
title: A small bank
domain: operations
questions:
  - id: q1
    question: Which report shows turnaround from exam end to final signature?
    choices: [Report turnaround time, Exam volume by modality]
    answer: A
  - id: q2
    domain: procurement
    question: Which document asks vendors for binding prices?
    choices: [An RFQ, An RFI]
    answer: A
"""


def test_questions_without_a_domain_take_the_banks(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(BANK, "utf-8")
    bank = read_model(path, Bank)
    assert [q.domain for q in bank.questions] == [Domain.OPERATIONS, Domain.PROCUREMENT]  # its own wins
    assert Bank.from_dict(bank.to_dict()) == bank  # through the cache


def test_a_wrong_bank_domain_is_reported_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(BANK.replace("domain: operations", "domain: operation"), "utf-8")
    with pytest.raises(SourceError) as caught:
        read_model(path, Bank)
    first = caught.value.problems[0]
    assert first.line == 3 and "did you mean 'operations'?" in first.message, first


def test_without_either_the_question_says_what_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(BANK.replace("domain: operations\n", ""), "utf-8")
    with pytest.raises(SourceError) as caught:
        read_model(path, Bank)
    assert [p.question for p in caught.value.problems] == ["q1"]
    assert "missing required field 'domain'" in caught.value.problems[0].message
