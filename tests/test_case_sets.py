"""Case sets: a bank's `cases:` shared by the questions that name them; drawn whole (together, in
file order, counted in their domains), shown with each question, kept with an exam's copy."""

from __future__ import annotations

import random
import textwrap
from collections import Counter
from pathlib import Path

from quiz.banks.loader import LoadedBank, check_file
from quiz.clock import ManualClock
from quiz.domains import Domain
from quiz.library import Library
from quiz.models import Bank, Profile
from quiz.session.blueprint import draw_exam
from quiz.session.custom import ExamRequest
from quiz.store.progress import ProgressStore
from quiz.tui.app import StartExam
from quiz.tui.screens.practice import PracticeScreen
from tests.screen_text import screen_text
from tests.tui_support import exam_screen, make_app, pause_until

QUESTION = """\
  - id: {id}
    domain: {domain}
    question: {stem}
    choices: [Right, Wrong one, Wrong two, Wrong three]
    answer: A
    explanation: Because. It is so.
    references: [PS3.4]
"""


def case_bank(tmp_path: Path, singles: int = 30) -> Path:
    lines = [
        "bank: cases",
        "title: Cases",
        "cases:",
        "  - id: migration",
        "    title: Archive migration at Riverside",
        "    scenario: >",
        "      Riverside moves 40 TB from its old PACS archive to a VNA over six weeks.",
        "    exhibits:",
        "      - title: Migration counts",
        "        kind: table",
        "        text: |",
        "          Year  Source  Target",
        "          2021  45,528  45,102",
        "  - id: downtime",
        "    title: A weekend downtime",
        "    scenario: The RIS is down from 02:00 to 06:00 on Sunday.",
        "questions:",
    ]
    body = []
    # the migration case spans two domains; its questions are not next to each other in the file
    for number, domain in enumerate(["image-management", "operations", "image-management", "operations"]):
        body.append(QUESTION.format(id=f"migration-{number + 1}", domain=domain, stem=f"Migration step {number + 1}?"))
        body.append("    case: migration\n")
        body.append(QUESTION.format(id=f"single-a{number}", domain="image-management", stem=f"Single A{number}?"))
    for number in range(3):
        body.append(
            QUESTION.format(id=f"downtime-{number + 1}", domain="operations", stem=f"Downtime step {number + 1}?")
        )
        body.append("    case: downtime\n")
    for number in range(singles):
        domain = "image-management" if number % 2 else "operations"
        body.append(QUESTION.format(id=f"single-{number}", domain=domain, stem=f"Single {number}?"))
    path = tmp_path / "cases.yaml"
    path.write_text("\n".join(lines) + "\n" + "".join(body), "utf-8")
    return path


def library_of(path: Path) -> Library:
    checked = check_file(path, Bank)
    assert checked.value is not None, checked.errors
    profile = Profile(
        "mix", "Mix", 12, {Domain.IMAGE_MANAGEMENT: 1.0, Domain.OPERATIONS: 1.0}, minutes=30, pass_percent=50
    )
    return Library(banks=[LoadedBank(checked.value, path, False)], profiles={"mix": profile})


def test_a_case_is_shared_by_its_questions(tmp_path: Path) -> None:
    library = library_of(case_bank(tmp_path))
    first, third = library.entries["cases/migration-1"].question, library.entries["cases/migration-3"].question
    assert first.case is not None and first.case is third.case
    assert first.case.title == "Archive migration at Riverside" and first.case.exhibits[0].title == "Migration counts"
    assert library.entries["cases/single-a0"].question.case is None


def test_a_case_is_drawn_whole_together_and_in_file_order_over_a_thousand_seeds(tmp_path: Path) -> None:
    library = library_of(case_bank(tmp_path))
    profile = library.profiles["mix"]
    cases = {
        "migration": ["migration-1", "migration-2", "migration-3", "migration-4"],
        "downtime": ["downtime-1", "downtime-2", "downtime-3"],
    }
    seen: Counter[str] = Counter()
    for seed in range(1000):
        draw = draw_exam(library, profile, random.Random(seed))
        ids = [entry.key.split("/")[1] for entry in draw.entries]
        assert len(ids) == profile.questions == len(set(ids))
        assert Counter(e.domain for e in draw.entries) == draw.drawn == draw.wanted  # the blueprint holds
        for case, members in cases.items():
            present = [i for i in ids if i in members]
            assert present in ([], members), (seed, case, ids)  # all or none, in file order
            if present:
                start = ids.index(members[0])
                assert ids[start : start + len(members)] == members, (seed, ids)  # together
                seen[case] += 1
    assert seen["migration"] > 100 and seen["downtime"] > 100  # cases are drawn, not avoided


def test_a_domain_short_of_singles_takes_the_cases_that_fill_it(tmp_path: Path) -> None:
    # operations: 2 singles, the downtime case (3) and the migration case's 2 operations questions;
    # 5 of them is downtime + migration or downtime + the singles, never 4 (singles + migration)
    library = library_of(case_bank(tmp_path, singles=4))
    profile = Profile("ops", "Ops", 5, {Domain.OPERATIONS: 1.0})
    for seed in range(200):
        draw = draw_exam(library, profile, random.Random(seed))
        assert len(draw.entries) == 5 and not draw.notes, seed


def test_validate_names_an_unknown_a_repeated_and_an_unused_case(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            bank: bad
            title: Bad
            domain: operations
            cases:
              - id: downtime
                title: Downtime
                scenario: The RIS is down.
              - id: downtime
                title: Again
                scenario: Twice.
            questions:
              - id: q1
                case: downtme
                question: What first?
                choices: [A thing, Another]
                answer: A
            """
        ),
        "utf-8",
    )
    errors = [(p.line, p.message) for p in check_file(path, Bank).errors]
    assert any(line == 8 and "case id 'downtime' is already used by case #1" in m for line, m in errors), errors
    path.write_text(path.read_text("utf-8").replace("  - id: downtime\n    title: Again\n    scenario: Twice.\n", ""))
    errors = [(p.line, p.message) for p in check_file(path, Bank).errors]
    assert any(line == 10 and "unknown case 'downtme': the bank's cases are downtime" in m for line, m in errors), (
        errors
    )
    path.write_text(path.read_text("utf-8").replace("case: downtme", "topics: [ris]"))
    errors = [(p.line, p.message) for p in check_file(path, Bank).errors]
    assert any(line == 5 and "case 'downtime' has no questions" in m for line, m in errors), errors


async def test_practice_shows_the_scenario_with_each_question_of_the_case(tmp_path: Path) -> None:
    library = library_of(case_bank(tmp_path))
    app = make_app(tmp_path / "home", library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        entries = [library.entries[f"cases/migration-{n}"] for n in (1, 2)]
        app._start_flow(PracticeScreen(app.study._practice(entries, "Practice", "practice", seed=1)))
        for stem in ("Migration step 1?", "Migration step 2?"):
            await pause_until(pilot, lambda: stem in screen_text(app))  # noqa: B023 (awaited at once)
            shown = screen_text(app)
            assert "Case: Archive migration at Riverside" in shown
            assert "Riverside moves 40 TB from its old PACS archive to a VNA over six weeks." in shown
            assert "Exhibit 1: Migration counts" in shown and "2021  45,528  45,102" in shown
            await pilot.press("a")
            await pilot.pause()
            await pilot.press("enter")
    app.study.close()


async def test_an_exam_keeps_the_case_with_its_copy_of_the_questions(tmp_path: Path) -> None:
    library = library_of(case_bank(tmp_path))
    seed = next(
        s
        for s in range(100)
        if any(e.case for e in draw_exam(library, library.profiles["mix"], random.Random(s)).entries)
    )
    app = make_app(tmp_path / "home", library=library, start=StartExam(ExamRequest(library.profiles["mix"]), seed=seed))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        exam = exam_screen(app).exam
        session_id = exam.state.session_id
        cased = [item.key for item in exam.state.items if library.entries[item.key].case]
    app.study.close()
    assert cased
    store = ProgressStore.open(tmp_path / "home", ManualClock().now())
    copy = store.load_exam_copy(session_id, ManualClock().now())
    assert not store.damages and copy is not None
    store.close()
    questions = {item["key"]: item["question"] for item in copy["items"]}
    assert all(questions[key]["case"]["scenario"] for key in cased)


def test_the_readme_example_of_a_case_set_is_a_valid_bank(tmp_path: Path) -> None:
    import re

    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL) if b.startswith("cases:"))
    path = tmp_path / "readme.yaml"
    path.write_text("bank: readme\ntitle: README\n" + block, "utf-8")
    checked = check_file(path, Bank)
    assert checked.value is not None, checked.errors
    question = checked.value.questions[0]
    assert question.case is not None and question.case.exhibits[0].text.startswith("Year  Source studies")
