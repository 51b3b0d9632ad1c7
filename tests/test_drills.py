"""Drills are correct by construction: checked here against pydicom and hl7apy directly."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from hl7apy.v2_5 import messages as hl7_messages
from hl7apy.v2_5 import segments as hl7_segments
from hl7apy.v2_5 import tables as hl7_tables
from pydicom._dicom_dict import DicomDictionary
from pydicom._uid_dict import UID_dictionary
from pydicom.datadict import keyword_for_tag
from pydicom.valuerep import MAX_VALUE_LEN, VR

from quiz.drills import dicom, drill_facts, exhibits, hl7
from quiz.drills.common import DrillFact
from quiz.drills.dicom_data import ATTRIBUTES, MULTI_VR, RETIRED, UIDS, VRS
from quiz.drills.hl7_data import EVENTS, FIELDS, SEGMENTS, STRUCTURES
from quiz.hl7 import numbered_fields, segments
from quiz.kinds.choice import ChoiceQuestion
from quiz.library import Library
from quiz.models import Question
from quiz.session.blueprint import draw_exam
from quiz.session.selection import PracticeFilter, practice_entries
from tests import content_rules
from tests.choices import choice_question, choose, on_screen
from tests.factories import make_profile

FACTS = drill_facts()
BY_KIND: dict[object, list[DrillFact]] = {}
for _fact in FACTS:
    BY_KIND.setdefault(_fact.kind, []).append(_fact)


def test_curated_dicom_data_matches_pydicom() -> None:
    for hex_tag, keyword, level in ATTRIBUTES:
        tag = int(hex_tag, 16)
        assert keyword_for_tag(tag) == keyword and level in (1, 2, 3)
        assert not DicomDictionary[tag][3], f"{keyword} is retired"
    for hex_tag, keyword in RETIRED:
        assert keyword_for_tag(int(hex_tag, 16)) == keyword and DicomDictionary[int(hex_tag, 16)][3]
    assert {kw for t, kw, _ in ATTRIBUTES if DicomDictionary[int(t, 16)][0] not in VRS} == MULTI_VR
    for uid, keyword, _level in UIDS:
        assert UID_dictionary[uid][4] == keyword
    assert set(VRS) == {v.value for v in VR if len(v.value) == 2}
    for code, limit in MAX_VALUE_LEN.items():
        assert str(limit) in VRS[code][1], code


def test_curated_hl7_data_matches_hl7apy() -> None:
    events = set(hl7_tables.TABLES["HL70003"][1])
    for segment, number, _level in FIELDS:
        assert number <= len(hl7_segments.SEGMENTS[segment][1])
    assert set(SEGMENTS) <= set(hl7_segments.SEGMENTS)
    for kind, event in EVENTS:
        assert event in events, f"{kind}^{event}"
    for structure, (_written, asked, _level) in STRUCTURES.items():
        assert structure in hl7_messages.MESSAGES
        assert set(asked) <= hl7.structure_segments(structure)


def test_stable_keys() -> None:
    keys = [f.key for f in drill_facts()]
    assert keys == [f.key for f in FACTS] and len(keys) == len(set(keys))
    for key in (
        "drill-dicom/tag.00100010.vr",
        "drill-dicom/tag.0020000d.name",
        "drill-dicom/vr.ui.meaning",
        "drill-dicom/uid.1.2.840.10008.1.2.name",
        "drill-hl7/field.pid-3.name",
        "drill-hl7/field.pv1-19.name",
        "drill-hl7/event.adt-a08.meaning",
        "drill-hl7/structure.oru_r01.obx",
        "drill-hl7/field.obr-4.type",
    ):
        assert key in keys
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9._-]*", f.qid) for f in FACTS)


def test_same_variant_same_question_new_variant_new_distractors() -> None:
    fact = next(f for f in FACTS if f.key == "drill-dicom/tag.00100010.name")
    assert fact.generate(7) == fact.generate(7)
    assert len({choice_question(fact.generate(v)).choices for v in range(20)}) > 1


# --- every kind checked independently against the dictionaries -------------------------------
def _tag(text: str) -> int:
    found = re.search(r"\(([0-9A-F]{4}),([0-9A-F]{4})\)", text)
    assert found, text
    group, element = found.groups()
    return int(group + element, 16)


def _event(code: str) -> tuple[str, str]:
    """("ADT", "A01") for "ADT^A01"."""
    message, event = code.split("^")
    return message, event


def check(fact: DrillFact, question: Question) -> None:
    q = choice_question(question)
    assert len(q.choices) == len(set(q.choices)) >= 3
    assert q.answer == "A" and not q.is_multi
    right, wrong = q.choices[0], q.choices[1:]
    kind, subject = fact.kind, fact.subject
    if kind is dicom.ask_name:
        assert right == DicomDictionary[subject][2]
        names = {DicomDictionary[subject][2]}
        assert not names & set(wrong)
        for other in wrong:  # each distractor is some other real attribute
            assert any(v[2] == other for v in DicomDictionary.values())
    elif kind is dicom.ask_tag:
        assert _tag(right) == subject
        for other in wrong:
            assert DicomDictionary[_tag(other)][2] != DicomDictionary[subject][2]
    elif kind is dicom.ask_vr:
        assert right.split()[0] == DicomDictionary[subject][0]
        assert all(w.split()[0] != DicomDictionary[subject][0] for w in wrong)
    elif kind is dicom.ask_retired:
        assert DicomDictionary[subject][3] and right == DicomDictionary[subject][2]
        for other in wrong:
            assert any(v[2] == other and not v[3] for v in DicomDictionary.values())
    elif kind is dicom.ask_vr_meaning:
        assert right.startswith(VRS[subject][0])
        assert all(not w.startswith(VRS[subject][0] + ";") for w in wrong)
    elif kind is dicom.ask_uid_name:
        assert right == UID_dictionary[subject][0] and UID_dictionary[subject][0] not in wrong
    elif kind is dicom.ask_uid:
        assert right == subject and all(UID_dictionary[w][0] != UID_dictionary[subject][0] for w in wrong)
    elif kind is hl7.ask_field_name:
        segment, number = subject
        assert right == hl7.field_name(segment, number) and right not in wrong
    elif kind is hl7.ask_field_position:
        segment, number = subject
        assert right == f"{segment}-{number}"
        for other in wrong:
            other_number = int(other.split("-")[1])
            assert hl7.field_name(segment, other_number) != hl7.field_name(segment, number)
    elif kind is hl7.ask_field_type:
        segment, number = subject
        expected = hl7_segments.SEGMENTS[segment][1][number - 1][1][2]
        assert right == expected and expected not in wrong
    elif kind is hl7.ask_segment:
        assert right == SEGMENTS[subject] and right not in wrong
    elif kind is hl7.ask_event:
        assert right == EVENTS[subject][0] and right not in wrong
    elif kind is hl7.ask_segment_code:
        assert right == subject and all(SEGMENTS[w] != SEGMENTS[subject] for w in wrong)
    elif kind is hl7.ask_event_code:
        assert right == "^".join(subject)
        assert all(EVENTS[_event(w)][0] != EVENTS[subject][0] for w in wrong)
    elif kind is hl7.ask_structure:
        structure, segment = subject
        assert right == segment and segment in hl7.structure_segments(structure)
        assert not set(wrong) & hl7.structure_segments(structure)
    elif kind in (exhibits.ask_hl7_field, exhibits.ask_dicom_attribute):
        check_read_from_exhibit(q)
    else:
        raise AssertionError(f"unchecked drill kind {kind}")
    assert q.explanation and q.references


def check_read_from_exhibit(q: ChoiceQuestion) -> None:
    """The key is what the exhibit holds where the question points (its `reads:`) and no distractor
    is; the HL7 order parses with hl7apy; every DICOM tag, VR and name is the dictionary's."""
    (exhibit,) = q.exhibits
    right, wrong = q.choices[0], q.choices[1:]
    (where,) = q.reads
    assert content_rules.reads_problems(q.reads, [exhibit.text]) == []
    if exhibit.kind == "hl7":
        assert content_rules.hl7_parse_problems(exhibit.text) == []
        values = {p: v for line in segments(exhibit.text) for p, v in numbered_fields(line)}
        assert values[where] == right and all(values[where] != w for w in wrong)
    else:
        assert exhibit.kind == "dicom" and content_rules.dicom_tag_problems(exhibit.text) == []
        line = next(line for line in exhibit.text.splitlines() if line.startswith(where))
        value = line.split(": ", 1)[1]
        assert value == right.split(" (")[0] and all(value != w.split(" (")[0] for w in wrong)


def test_ten_thousand_draws_are_correct() -> None:
    rng = random.Random(20261128)
    for _ in range(10_000):
        fact = rng.choice(FACTS)
        check(fact, fact.generate(rng.randrange(1, 2**31)))


@pytest.mark.parametrize("kind", list(BY_KIND), ids=lambda k: getattr(k, "__name__", str(k)))
def test_every_fact_of_every_kind(kind: object) -> None:
    for fact in BY_KIND[kind]:
        check(fact, fact.generate(1))


def test_all_attributes_option() -> None:
    every = dicom.all_attribute_facts()
    assert len(every) > 4000
    rng = random.Random(5)
    for fact in rng.sample(every, 300):
        check(fact, fact.generate(rng.randrange(1, 2**31)))


# --- in the app's flows ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(use_cache=False)


def test_drills_are_kept_out_of_blueprint_exams_unless_asked(library: Library) -> None:
    ciip = draw_exam(library, library.profiles["ciip"], random.Random(1))
    assert not any(e.is_generated for e in ciip.entries)
    cdip = draw_exam(library, library.profiles["cdip"], random.Random(1))
    assert any(e.is_generated for e in cdip.entries)
    custom = draw_exam(library, make_profile(questions=10, topics=["drill"], include_drills=True), random.Random(1))
    assert len(custom.entries) == 10 and all(e.is_generated for e in custom.entries)


def test_practice_includes_drills_only_when_asked(library: Library) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    plain = practice_entries(library, None, PracticeFilter(count=None), random.Random(1), now)
    assert not any(e.is_generated for e in plain)
    drills = practice_entries(library, None, PracticeFilter(count=None, drills=True), random.Random(1), now)
    assert sum(e.is_generated for e in drills) == sum(library.drill_banks.values())
    by_topic = practice_entries(library, None, PracticeFilter(topics=["drill"], count=None), random.Random(1), now)
    assert by_topic and all(e.is_generated for e in by_topic)


def test_loading_drills_imports_neither_pydicom_nor_hl7apy() -> None:
    code = (
        "import sys; from quiz.library import Library; l = Library.load(use_cache=False); "
        "assert l.drill_banks; print(sorted(m for m in ('pydicom', 'hl7apy') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_drill_exam_resumes_with_the_same_generated_questions(library: Library) -> None:
    from quiz.clock import ManualClock
    from quiz.scheduling.fsrs import Scheduling
    from quiz.session.exam import ExamSession
    from quiz.store.results import SessionResult

    profile = make_profile(questions=8, topics=["drill"], include_drills=True, minutes=10)
    exam = ExamSession.start(library, profile, clock=ManualClock(), scheduling=Scheduling(fuzzing=False), seed=4)
    shown = [on_screen(exam, i).choices for i in range(exam.total)]
    assert all(p.variant for p in exam.state.items)
    choose(exam, exam.state.items[0].presentation["order"].index(0))  # the generated question's right answer
    resumed = ExamSession.resume(exam.snapshot(), library, clock=ManualClock(), scheduling=Scheduling(fuzzing=False))
    assert [on_screen(resumed, i).choices for i in range(resumed.total)] == shown
    result = SessionResult.from_dict(resumed.submit().to_dict())
    assert result.items[0].is_correct and result.items[0].variant == exam.state.items[0].variant
    entry = library.entries[result.items[0].key]
    order = exam.state.items[0].presentation["order"]
    assert choice_question(entry.variant(result.items[0].variant)).choices[0] == shown[0][order.index(0)]


def test_no_drill_text_carries_markdown() -> None:
    """Text is shown literally: `**PID-3**` would reach the screen with its asterisks."""
    from quiz.drills import drill_facts

    for fact in drill_facts():
        question = fact.generate(1)
        texts = [question.question, question.explanation or "", *(t for _, t in question.kind_texts())]
        assert not any("**" in text or "`" in text for text in texts), fact.key


def test_exhibit_drills_read_their_answer_out_of_a_fresh_exhibit() -> None:
    """Correct by construction over many variants (see check_read_from_exhibit), a fresh exhibit
    nearly every time, the same variant always the same question."""
    facts = exhibits.curated_facts()
    assert len(facts) >= 12 and len({f.key for f in facts}) == len(facts)
    for fact in facts:
        seen = set()
        for variant in range(1, 41):
            question = fact.generate(variant)
            check(fact, question)
            seen.add(question.exhibits[0].text)
        assert len(seen) > 30, fact.key
        assert fact.generate(5) == fact.generate(5)
