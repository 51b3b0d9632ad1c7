"""The sub-topic outline: read with located errors, and every bank's `subtopic:` checked against it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from quiz.banks import cache as bank_cache
from quiz.banks.cache import CacheKey
from quiz.banks.formats import validate_bank
from quiz.banks.outline import read_outline, shipped_outline
from quiz.banks.problems import SourceError
from quiz.domains import Domain


def bank(**question: Any) -> dict[str, Any]:
    return {
        "bank": "b",
        "title": "B",
        "questions": [
            {
                "id": "q1",
                "domain": "image-management",
                "question": "Which transfer syntax is the default?",
                "choices": ["Implicit VR Little Endian", "Explicit VR Big Endian"],
                "answer": "A",
                "explanation": "It is. Every DICOM application supports it.",
                "references": ["DICOM PS3.5 10.1"],
                **question,
            }
        ],
    }


def test_the_shipped_outline_covers_every_domain() -> None:
    outline = shipped_outline()
    assert {s.domain for s in outline.subtopics.values()} == set(Domain)
    assert all(s.minimum == (8 if s.source == "abii" else 5) for s in outline.subtopics.values())


def test_a_shipped_question_needs_a_subtopic_of_its_own_domain() -> None:
    assert validate_bank(bank(subtopic="im-dicom-encoding"), shipped=True).questions[0].subtopic == "im-dicom-encoding"
    with pytest.raises(ValidationError, match="shipped questions need a subtopic"):
        validate_bank(bank(), shipped=True)
    with pytest.raises(ValidationError, match="belongs to information-technology"):
        validate_bank(bank(subtopic="it-hardware"), shipped=True)


def test_in_a_users_bank_the_subtopic_is_optional_but_must_exist() -> None:
    assert validate_bank(bank()).questions[0].subtopic is None
    with pytest.raises(ValidationError, match="unknown sub-topic 'im-nope'"):
        validate_bank(bank(subtopic="im-nope"))


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        (
            "source_notes: x\ndomains:\n  procurement:\n    - {id: pm-x, title: X, source: derived, minimum: 5}\n",
            1,
            "starts with 'proc-'",
        ),
        (
            "source_notes: x\ndomains:\n  procurement:\n    - {id: proc-x, title: X, source: abii, minimum: 0}\n",
            4,
            "minimum",
        ),
        (
            "source_notes: x\ndomains:\n  procurement:\n    - {id: proc-x, title: X, source: guess, minimum: 5}\n",
            4,
            "'abii' or 'derived'",
        ),
    ],
)
def test_a_malformed_outline_is_reported_with_its_line(tmp_path: Path, text: str, where: int, words: str) -> None:
    path = tmp_path / "subtopics.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(SourceError) as caught:
        read_outline(path)
    problem = caught.value.problems[0]
    assert words in problem.message and problem.line == where, problem


def test_a_changed_outline_changes_every_banks_cache_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    before = CacheKey.for_content(tmp_path / "b.yaml", b"bank: b", shipped=False)
    outline = tmp_path / "subtopics.yaml"
    outline.write_text("changed", "utf-8")
    monkeypatch.setattr(bank_cache, "shipped_outline_file", lambda: outline)
    bank_cache.outline_digest.cache_clear()
    try:
        after = CacheKey.for_content(tmp_path / "b.yaml", b"bank: b", shipped=False)
    finally:
        bank_cache.outline_digest.cache_clear()
    assert after != before and after._replace(outline=before.outline) == before
