"""Small in-memory libraries for core tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from quiz.banks.formats import validate_bank, validate_profile
from quiz.banks.loader import LoadedBank
from quiz.domains import Domain
from quiz.kinds import Response
from quiz.library import Library
from quiz.models import Profile
from quiz.study import Study

CIIP_WEIGHTS: dict[Domain, float] = {  # a profile's weights (whole numbers, as the CIIP outline gives them)
    Domain.PROCUREMENT: 6,
    Domain.PROJECT_MANAGEMENT: 7,
    Domain.OPERATIONS: 13,
    Domain.COMMUNICATIONS: 10,
    Domain.TRAINING_EDUCATION: 6,
    Domain.IMAGE_MANAGEMENT: 24,
    Domain.INFORMATION_TECHNOLOGY: 18,
    Domain.SYSTEMS_MANAGEMENT: 15,
    Domain.CLINICAL_ENGINEERING: 14,
    Domain.IMAGING_INFORMATICS: 17,
}


def make_library(per_domain: dict[Domain, int], bank_id: str = "b", *, multi_every: int = 0) -> Library:
    """Questions whose right answer is always the bank's choice A (index 0), so tests can answer
    correctly by choice index whatever the shuffle; every `multi_every`-th is select-all (A and C)."""
    questions = []
    for domain, count in per_domain.items():
        for index in range(count):
            multi = multi_every and index % multi_every == 0
            questions.append(
                {
                    "id": f"{domain.value}-{index}",
                    "domain": domain.value,
                    "question": f"Q {domain} {index}?",
                    "choices": ["right", "wrong one", "wrong two" if not multi else "also right", "wrong three"],
                    "answer": ["A", "C"] if multi else "A",
                    "topics": ["dicom"] if index % 2 else ["hl7"],
                    "explanation": "Because. It is so.",
                    "references": ["DICOM PS3.4"],
                }
            )
    bank = validate_bank({"bank": bank_id, "title": "T", "questions": questions})
    return Library(banks=[LoadedBank(bank, Path(f"{bank_id}.yaml"), False)])


def make_profile(**overrides: object) -> Profile:
    data: dict[str, object] = {"id": "p", "title": "P", "questions": 160, "domains": CIIP_WEIGHTS}
    data.update(overrides)
    return validate_profile(data)


def answer_now(
    study: Study,
    key: str,
    *,
    correct: bool,
    response: Response = None,
    duration_ms: int = 1000,
    guessed: bool = False,
    amends: bool = False,
    when: datetime | None = None,
) -> None:
    """Record one practice answer to `key` at the study's clock (or `when`), as a session records it."""
    from quiz.scheduling.fsrs import rating_for
    from quiz.session.recording import current_card, review_record

    review = review_record(
        study.scheduling,
        key=key,
        card=current_card(study.store, key),
        response=[0] if response is None else response,
        correct=correct,
        when=when or study.clock.now(),
        duration_ms=duration_ms,
        mode="practice",
        session_id="s",
        rating=rating_for(correct, guessed=guessed),
        amends=amends,
    )
    study.store.record_reviews([review])
