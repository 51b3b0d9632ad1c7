"""kill -9 while striking out choices and writing notes loses no confirmed strike-out or note: a real
process works through an exam (as the app does, through `Study`), says each change once it has
returned, and is killed at a random moment; the next start holds exactly what was confirmed, the
change in flight whole or not at all, and resuming the exam shows it."""

from __future__ import annotations

import random
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from quiz.clock import ManualClock
from quiz.study import Study
from tests.test_kill_nine import run_until_killed

ROUNDS = 20

DRIVER = textwrap.dedent(
    """
    import random, sys
    from quiz.study import Study
    from quiz.session.strikes import can_strike, choice_count, toggle_strike

    mode, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    study = Study.open(fuzzing=False)
    say = lambda *words: print(*words, flush=True)
    exam = study.resume_exam() or study.start_exam(study.library.profiles["quick"], seed=seed)
    say("exam", exam.state.session_id)
    show = lambda struck: ",".join(map(str, sorted(struck))) or "-"
    for step in range(rng.randrange(4, 14)):
        question = exam.question()
        if can_strike(question):
            position = rng.randrange(choice_count(question))
            expected = toggle_strike(question, exam.presentation(), exam.struck(), exam.response(), position)
            say("striking", exam.index, show(expected.struck))  # may be cut short
            exam.toggle_strike(position)
            say("struck", exam.index, show(exam.struck()))
        if rng.random() < 0.6:
            text = f"note-{seed}-{step}"
            keep = rng.random() < 0.5
            say("noting", exam.index, text)
            exam.set_remark(text, keep=keep)
            say("noted", exam.index, text, int(keep))
        exam.go(rng.randrange(exam.total))
        say("at", exam.index)
    study.close()
    say("closed")
    """
)


@pytest.mark.parametrize("mode", ["exam-tools"])
def test_kill_9_keeps_every_confirmed_strike_out_and_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    rng = random.Random(f"kill-9-{mode}")
    home = tmp_path / "home"
    monkeypatch.setenv("QUIZ_HOME", str(home))
    confirmed = 0
    for round_number in range(ROUNDS):
        lines = run_until_killed(home, mode, round_number, rng, driver=DRIVER)
        study = Study.open(clock=ManualClock(), fuzzing=False)
        try:
            confirmed += check(study, lines)
        finally:
            study.close()
    assert confirmed > 0


def check(study: Study, lines: list[list[str]]) -> int:
    session = next((words[1] for words in lines if words[0] == "exam"), None)
    if session is None:
        return 0
    pending = study.store.pending_session
    assert pending is not None and pending.session_id == session
    struck: dict[int, str] = {}
    struck_in_flight: dict[int, str] = {}
    noted: dict[int, str] = {}
    noted_in_flight: dict[int, str] = {}
    kept: list[str] = []
    for words in lines:
        if words[0] == "struck" and len(words) == 3:
            struck[int(words[1])] = words[2]
            struck_in_flight.pop(int(words[1]), None)
        elif words[0] == "striking" and len(words) == 3:
            struck_in_flight[int(words[1])] = words[2]
        elif words[0] == "noted" and len(words) == 4:
            noted[int(words[1])] = words[2]
            noted_in_flight.pop(int(words[1]), None)
            if words[3] == "1":
                kept.append(words[2])
        elif words[0] == "noting" and len(words) == 3:
            noted_in_flight[int(words[1])] = words[2]
    for position, shown in struck.items():
        saved = ",".join(map(str, sorted(pending.struck.get(position, ())))) or "-"
        assert saved in (shown, struck_in_flight.get(position)), "a confirmed strike-out is lost"
    for position, text in noted.items():
        assert pending.remarks.get(position) in (text, noted_in_flight.get(position)), "a confirmed note is lost"
    notes = [note.text for note in study.store.question_notes if note.session == session]
    counts = Counter(note.id for note in study.store.question_notes)
    assert all(n == 1 for n in counts.values()), "a kept note was recorded twice"
    assert all(text in notes for text in kept), "a note kept on its question is lost"
    # and the exam resumes with them
    exam = study.resume_exam()
    assert exam is not None
    for position, text in noted.items():
        assert exam.remark(position) in (text, noted_in_flight.get(position))
    return len(struck) + len(noted)
