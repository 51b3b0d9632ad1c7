"""Exams asked for with options (fewer questions, another time limit, some domains or topics): the
checks every way in applies (the command line and the setup dialog alike) and the custom profile
they draw from, titled as what it is."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from quiz.domains import Domain
from quiz.errors import ExamRequestError, NoQuestionsForExamError
from quiz.library import Library
from quiz.models import Profile
from quiz.session.blueprint import eligible

MAX_MINUTES = 1440  # a day: anything longer is a typing mistake, and blanks the timer


@dataclass(frozen=True)
class ExamRequest:
    profile: Profile
    count: int | None = None
    minutes: int | None = None
    domains: tuple[Domain, ...] = ()
    topics: tuple[str, ...] = ()
    tutor: bool = False  # each answer marked and explained at once, no clock, reviews as answered
    # a pool to draw from (the Study narrows the library to it while the exam is drawn)
    only: str = "all"  # all, unseen, missed, due, leeches, flagged, noted (quiz.session.selection.Only)
    banks: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    difficulties: tuple[str, ...] = ()  # easy, medium, hard

    @property
    def pool(self) -> str:
        """The pool in words ("missed, from dicom, matching"), "" for every question."""
        parts = [self.only] if self.only != "all" else []
        parts += [f"from {', '.join(self.banks)}"] if self.banks else []
        return ", ".join([*parts, *self.kinds, *self.difficulties])


def short_name(profile: Profile) -> str:
    """ "ABII CIIP" for "ABII CIIP: full exam (2018 outline)"."""
    return profile.title.split(":", 1)[0].strip() or profile.id


def check_minutes(minutes: int | None) -> None:
    if minutes is not None and not 1 <= minutes <= MAX_MINUTES:
        raise ExamRequestError(f"the time limit must be a whole number of minutes from 1 to {MAX_MINUTES}")


def exam_profile(library: Library, request: ExamRequest) -> Profile:
    """The profile an exam is drawn from: the chosen one, or a custom one built from it."""
    base = request.profile
    check_minutes(request.minutes)
    domains = {d: base.domains.get(d, 1.0) for d in request.domains} if request.domains else dict(base.domains)
    topics = tuple(request.topics) or base.topics
    drills = base.include_drills or "drill" in topics
    filtered = replace(base, domains=domains, topics=topics, include_drills=drills)
    pool = len(eligible(library, filtered))
    if pool == 0:
        where = f" in the pool ({request.pool})" if request.pool else ""
        raise NoQuestionsForExamError(f"no questions match this exam's domains and topics{where}")
    if request.count is not None and not 1 <= request.count <= pool:
        raise ExamRequestError(f"the number of questions must be from 1 to {pool} (the questions that match)")
    count = request.count if request.count is not None else base.questions
    minutes = request.minutes if request.minutes is not None else base.minutes
    same_draw = (
        count == base.questions and set(domains) == set(base.domains) and topics == base.topics and not request.pool
    )
    if same_draw and minutes == base.minutes:
        return base
    timing = f"{minutes} min" if minutes else "untimed"
    return replace(
        filtered,
        id="custom",
        title=f"Custom: {_plural(count, 'question')}, {timing}, from {short_name(base)}"
        + (f" ({request.pool})" if request.pool else ""),
        questions=count,
        minutes=minutes,
        pass_percent=base.pass_percent if same_draw else None,  # a pass mark means something only for its blueprint
    )


def pool_size(
    library: Library, profile: Profile, domains: Collection[Domain] = (), topics: Collection[str] = ()
) -> int:
    """How many questions an exam from `profile` with these filters could draw from."""
    request = ExamRequest(profile, domains=tuple(domains), topics=tuple(topics))
    try:
        return len(eligible(library, exam_profile(library, request)))
    except ExamRequestError:
        return 0


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
