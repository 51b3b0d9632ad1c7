"""kill -9 at any moment of an exam, a submit or a practice session loses no confirmed answer and
doubles none. A real process studies (as the app does, through `Study`) and says each time a change
has returned (so it is on disk); it is killed at a random moment; the next start must show exactly
what was confirmed, the change in flight either whole or not at all."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest

from quiz.clock import ManualClock
from quiz.study import Study
from tests.store_faults import exam_positions

ROUNDS = 30  # per mode: 90 kills in all

DRIVER = textwrap.dedent(
    """
    import random, sys
    from quiz.study import Study
    from quiz.session.selection import PracticeFilter
    from quiz.kinds import kind_of
    from quiz.kinds.choice import ChoiceQuestion, shown

    mode, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    study = Study.open(fuzzing=False)
    say = lambda *words: print(*words, flush=True)
    if mode == "practice":
        session = study.start_practice(PracticeFilter(count=40), seed=seed)
        say("session", session.session_id)
        while True:
            if isinstance(session.question, ChoiceQuestion):
                shown_now = shown(session.question, session.presentation)
                position = rng.randrange(len(shown_now.choices))
                session.answer(shown_now.response({position}))
            else:  # another kind: its right answer (what is checked is that nothing is lost)
                session.answer(kind_of(session.question).answer_key(session.question))
            say("answered", session.entry.key)
            if not session.next():
                session.finish()
                say("finished")
                break
    else:
        exam = study.resume_exam() or study.start_exam(study.library.profiles["quick"], seed=seed)
        say("exam", exam.state.session_id)
        for _ in range(rng.randrange(3, 12)):
            if not isinstance(exam.question(), ChoiceQuestion):  # this driver answers choice items only
                exam.go(rng.randrange(exam.total))
                say("at", exam.index)
                continue
            on_screen = shown(exam.question(), exam.presentation())
            position = rng.randrange(len(on_screen.choices))
            say("choosing", exam.index, on_screen.order[position])  # may be cut short
            exam.respond(on_screen.pick(exam.response(), position))
            say("chose", exam.index, ",".join(map(str, sorted(exam.state.answers[exam.index]))))
            if rng.random() < 0.3:
                exam.toggle_flag()
                say("flag", exam.index, int(exam.is_flagged(exam.index)))
            exam.go(rng.randrange(exam.total))
            say("at", exam.index)
        if mode == "submit":
            say("submitting")
            result = exam.submit()
            say("submitted", result.session_id)
    study.close()
    say("closed")
    """
)


def run_until_killed(home: Path, mode: str, seed: int, rng: random.Random, *, driver: str = DRIVER) -> list[list[str]]:
    """Start the driver, let it confirm some changes, kill it with SIGKILL; its confirmations."""
    env = {**os.environ, "QUIZ_HOME": str(home)}
    lines: list[list[str]] = []
    with subprocess.Popen(
        [sys.executable, "-c", driver, mode, str(seed)], stdout=subprocess.PIPE, text=True, env=env
    ) as process:
        assert process.stdout is not None
        stop_after = rng.randrange(1, 30)
        for line in process.stdout:
            if line.split():
                lines.append(line.split())
            if len(lines) >= stop_after:
                break
        time.sleep(rng.uniform(0, 0.004))  # anywhere inside the next write
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        # what it said before it died is in the pipe still: that is all it confirmed
        lines += [line.split() for line in process.stdout.read().splitlines() if line.strip()]
    return lines


@pytest.mark.parametrize("mode", ["exam", "submit", "practice"])
def test_kill_9_loses_and_doubles_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    rng = random.Random(f"kill-9-{mode}")
    home = tmp_path / "home"
    monkeypatch.setenv("QUIZ_HOME", str(home))
    kills = confirmed_answers = 0
    for round_number in range(ROUNDS):
        lines = run_until_killed(home, mode, round_number, rng)
        kills += 1
        study = Study.open(clock=ManualClock(), fuzzing=False)  # QUIZ_HOME is the test's own folder
        try:
            if mode == "practice":
                confirmed_answers += check_practice(study, lines)
            else:
                confirmed_answers += check_exam(study, lines)
        finally:
            study.close()
    assert kills == ROUNDS and confirmed_answers > 0
    print(
        json.dumps({"mode": mode, "kills": kills, "confirmed answers": confirmed_answers, "lost": 0, "doubled": 0})
    )  # shown with -s: the figures for the record


def check_practice(study: Study, lines: list[list[str]]) -> int:
    session = next((words[1] for words in lines if words[0] == "session"), None)
    if session is None:
        return 0
    confirmed = [words[1] for words in lines if words[0] == "answered" and len(words) == 2]
    recorded = [r.key for r in study.store.reviews if r.session == session and not r.amends]
    counts = Counter(recorded)
    assert all(counts[key] == 1 for key in confirmed), "a confirmed answer is missing or doubled"
    assert len(recorded) in (len(confirmed), len(confirmed) + 1)  # plus, at most, the one in flight
    assert all(n == 1 for n in counts.values())
    return len(confirmed)


def check_exam(study: Study, lines: list[list[str]]) -> int:
    session = next((words[1] for words in lines if words[0] == "exam"), None)
    if session is None:
        return 0
    submitted = any(words[0] == "submitted" for words in lines)
    attempts = [a for a in study.store.attempts if a.session_id == session]
    assert len(attempts) <= 1, "an exam was recorded twice"
    chosen: dict[int, str] = {}  # the last confirmed answer of each question this run
    in_flight: dict[int, str] = {}  # an answer begun after it, which may or may not have been saved
    for words in lines:
        if len(words) != 3:
            continue  # the line it was writing when killed (its change is in flight, not confirmed)
        if words[0] == "chose":
            chosen[int(words[1])] = words[2]
            in_flight.pop(int(words[1]), None)
        elif words[0] == "choosing":
            in_flight[int(words[1])] = words[2]

    def kept(position: int, saved: str) -> bool:
        return saved == chosen[position] or saved == in_flight.get(position)

    if attempts:  # submitted (or the submit in flight was finished by this start)
        attempt = attempts[0]
        reviews = [r for r in study.store.reviews if r.session == session]
        assert exam_positions(reviews) == list(range(attempt.total)), "not one review per question"
        for position in chosen:
            assert kept(position, ",".join(map(str, attempt.items[position].response)))
        assert study.store.pending_session is None
        return len(chosen)
    assert not submitted, "a confirmed submit is missing"
    pending = study.store.pending_session
    assert pending is not None and pending.session_id == session
    for position in chosen:  # the last confirmed choice of each question is kept
        assert kept(position, ",".join(map(str, pending.answers.get(position) or [])))
    return len(chosen)
