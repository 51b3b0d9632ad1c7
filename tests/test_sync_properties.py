"""Any interleaving of events on any number of machines, synced in any order, merges to the same
progress on each machine: the same answers once each, the same cards, counts and question states."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.scheduling.exam_plan import ExamPlan
from tests.sync_machines import KEYS, Machine, assert_replayed, state

answer = st.tuples(st.just("answer"), st.sampled_from(KEYS[:4]), st.booleans())
change = st.tuples(st.sampled_from(["suspend", "unsuspend", "reset", "bury"]), st.sampled_from(KEYS[:4]), st.none())
note = st.tuples(st.just("note"), st.sampled_from(KEYS[:4]), st.sampled_from(["", "see PS3.4", "HL7 v2"]))
exam = st.tuples(st.just("exam"), st.none(), st.none())
sync = st.tuples(st.just("sync"), st.none(), st.none())
wait = st.tuples(st.just("wait"), st.integers(1, 5 * 86400), st.none())
reopen = st.tuples(st.just("reopen"), st.none(), st.none())  # the app closed and started again
retention = st.tuples(st.just("retention"), st.sampled_from([0.8, 0.85, 0.9, 0.95]), st.none())
plan = st.tuples(st.just("plan"), st.sampled_from([None, 10, 40]), st.none())  # an exam date set, moved, cleared
steps = st.lists(
    st.tuples(st.integers(0, 3), st.one_of(answer, answer, change, note, exam, sync, wait, reopen, retention, plan)),
    max_size=30,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    devices=st.integers(2, 4),
    skews=st.lists(st.floats(-12, 12), min_size=4, max_size=4),
    steps=steps,
    final_order=st.permutations(range(4)),
)
def test_any_interleaving_merges_to_the_same_state_everywhere(
    devices: int, skews: list[float], steps: list[tuple[int, tuple[str, object, object]]], final_order: list[int]
) -> None:
    with tempfile.TemporaryDirectory() as root:
        shared = Path(root) / "Sync"
        shared.mkdir()
        machines = []
        for number in range(devices):
            machine = Machine.make(Path(root), f"m{number}", skew_hours=skews[number])
            machine.study.set_sync_folder(shared)
            machines.append(machine)
        exams = 0
        for who, (what, first, second) in steps:
            machine = machines[who % devices]
            if what == "answer":
                machine.answer(str(first), correct=bool(second))
            elif what == "note":
                machine.note(str(first), str(second))
            elif what == "exam":
                exams += 1
                machine.finish_exam(exams)
            elif what == "sync":
                machine.study.sync()
            elif what == "wait":
                machine.clock.advance(float(str(first)))
            elif what == "reopen":
                machine.reopen()
            elif what == "retention":
                machine.study.set_desired_retention(float(str(first)))
            elif what == "plan":
                days = first if isinstance(first, int) else None
                when = machine.clock.now().date() + timedelta(days=days) if days else None
                machine.study.set_plan(ExamPlan(when, "ciip") if when else None)
            else:
                machine.event(str(first), what)
        order = [machines[number] for number in final_order if number < devices]
        for _ in range(2):  # one round takes every machine's events to the folder, the next back to all
            for machine in order:
                machine.study.sync()
        for machine in machines:  # the same moment everywhere, so "due now" means the same
            machine.clock.advance((max(m.clock.now() for m in machines) - machine.clock.now()).total_seconds())
        merged = state(machines[0].study)
        for machine in machines:
            assert state(machine.study) == merged
            assert_replayed(machine.study)
            assert machine.study.overview() == machines[0].study.overview()
        answers = sum(1 for _, (what, _, _) in steps if what == "answer")
        assert len(merged["reviews"]) == answers  # nothing lost, nothing counted twice
        assert len(merged["attempts"]) == exams
        for machine in machines:
            machine.study.close()
