from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.banks.loader import LoadedBank
from quiz.domains import Domain
from quiz.library import Entry, Library
from quiz.models import Question
from quiz.session.blueprint import allocate, draw_exam, largest_remainder
from quiz.session.selection import PracticeFilter, practice_entries
from tests.factories import CIIP_WEIGHTS as CIIP
from tests.factories import make_library
from tests.factories import make_profile as profile


def test_largest_remainder_on_the_ciip_blueprint() -> None:
    shares = largest_remainder(160, CIIP)
    assert sum(shares.values()) == 160
    assert shares[Domain.IMAGE_MANAGEMENT] == 30  # 29.54 rounds up on its remainder
    assert shares[Domain.PROCUREMENT] == 7


@given(st.integers(0, 500), st.dictionaries(st.text(min_size=1, max_size=3), st.floats(0.01, 100), min_size=1))
def test_largest_remainder_sums_and_stays_near_quota(total: int, weights: dict[str, float]) -> None:
    shares = largest_remainder(total, weights)
    assert sum(shares.values()) == total
    weight_sum = sum(weights.values())
    for key, share in shares.items():
        assert abs(share - total * weights[key] / weight_sum) < 1


@given(st.integers(0, 300), st.lists(st.tuples(st.floats(0.1, 10), st.integers(0, 60)), min_size=1, max_size=10))
def test_allocate_respects_capacity(total: int, spec: list[tuple[float, int]]) -> None:
    weights = {i: w for i, (w, _) in enumerate(spec)}
    capacity = {i: c for i, (_, c) in enumerate(spec)}
    result = allocate(total, weights, capacity)
    assert all(result[k] <= capacity[k] for k in result)
    assert sum(result.values()) == min(total, sum(capacity.values()))


def test_draw_follows_the_blueprint_without_repeats() -> None:
    library = make_library(dict.fromkeys(Domain, 40))
    draw = draw_exam(library, profile(), random.Random(1))
    keys = [e.key for e in draw.entries]
    assert len(keys) == 160 == len(set(keys))
    assert draw.drawn == draw.wanted and draw.notes == []


def test_same_seed_same_exam_different_seed_different_exam() -> None:
    library = make_library(dict.fromkeys(Domain, 40))
    first = [e.key for e in draw_exam(library, profile(), random.Random(7)).entries]
    again = [e.key for e in draw_exam(library, profile(), random.Random(7)).entries]
    other = [e.key for e in draw_exam(library, profile(), random.Random(8)).entries]
    assert first == again and first != other


def test_short_domain_is_filled_from_others_and_said() -> None:
    library = make_library({**dict.fromkeys(Domain, 40), Domain.IMAGE_MANAGEMENT: 10})
    draw = draw_exam(library, profile(), random.Random(1))
    assert len(draw.entries) == 160
    assert draw.drawn[Domain.IMAGE_MANAGEMENT] == 10
    assert any("Image Management: the blueprint asks for 30, only 10 available" in n for n in draw.notes)


def test_too_few_questions_overall_is_said() -> None:
    library = make_library({Domain.OPERATIONS: 5})
    draw = draw_exam(library, profile(domains={Domain.OPERATIONS: 1}, questions=20), random.Random(1))
    assert len(draw.entries) == 5
    assert "Only 5 of the 20" in draw.notes[-1]


@pytest.mark.parametrize("topic", ["dicom", "hl7"])
def test_topics_and_exclusions_filter_the_pool(topic: str) -> None:
    library = make_library(dict.fromkeys(Domain, 10))
    p = profile(topics=[topic], questions=50)
    excluded = {e.key for e in library.select(topics=[topic])[:10]}
    draw = draw_exam(library, p, random.Random(3), exclude=excluded)
    assert all(topic in e.question.topics and e.key not in excluded for e in draw.entries)
    assert len(draw.entries) == 40


def _always(question: Question) -> Callable[[int], Question]:
    """A generator that makes `question` whatever the seed."""
    return lambda _seed: question


def _as_drills(library: Library, bank_id: str) -> Library:
    """The same questions as generated drill entries, the way `Library.add_drills` makes them."""
    drills = Library()
    for entry in library.entries.values():
        question = entry.question
        key = f"{bank_id}/{question.id}"
        drills.entries[key] = Entry(
            key, bank_id, entry.domain, entry.topics, entry.difficulty, generator=_always(question)
        )
    drills.drill_banks[bank_id] = len(drills.entries)
    return drills


def test_drills_only_when_the_profile_allows() -> None:
    library = _as_drills(make_library(dict.fromkeys(Domain, 3)), "drill-dicom")
    assert draw_exam(library, profile(questions=10), random.Random(1)).entries == []
    assert len(draw_exam(library, profile(questions=10, include_drills=True), random.Random(1)).entries) == 10


def test_a_written_bank_counts_the_same_everywhere_whatever_its_id() -> None:
    """One definition of a drill (Entry.is_generated): a written bank named like one (validation
    refuses 'drill-' ids in files; this one is built directly) is no drill for exams, practice or Home."""
    written = make_library(dict.fromkeys(Domain, 3)).banks[0]
    bank = replace(written.bank, bank="drill-mine")
    library = Library(banks=[LoadedBank(bank, Path("drill-mine.yaml"), shipped=False)])
    now = datetime(2026, 1, 1, tzinfo=UTC)
    in_exams = len(draw_exam(library, profile(questions=30), random.Random(1)).entries)
    in_practice = len(practice_entries(library, None, PracticeFilter(count=None), random.Random(1), now))
    assert in_exams == in_practice == library.question_count == 30
    drills = _as_drills(make_library(dict.fromkeys(Domain, 1)), "drill-dicom")
    assert (
        len(practice_entries(drills, None, PracticeFilter(banks=["drill-dicom"], count=None), random.Random(1), now))
        == 10
    )
    assert drills.question_count == 0
