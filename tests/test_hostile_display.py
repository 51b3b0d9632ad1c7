"""Text from a bank or profile file is shown, never obeyed: no markup runs an action, no escape sequence
reaches the terminal, no link opens, and no character is lost on the way."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from quiz.banks.formats import validate_bank, validate_profile
from quiz.banks.loader import LoadedBank
from quiz.cli import main
from quiz.clock import ManualClock
from quiz.library import Library
from quiz.store.progress import ProgressStore
from quiz.study import Study
from quiz.text import printable, printable_line
from quiz.tui.app import QuizApp, Start, StartExam
from quiz.tui.screens.banks import BanksScreen
from quiz.tui.screens.practice import PracticeScreen
from quiz.tui.screens.setup import ExamSetupScreen
from tests.choices import choose
from tests.factories import CIIP_WEIGHTS
from tests.screen_text import screen_text, squashed

CLICK_TO_WIPE = "[@click=app.screenshot('reviews.jsonl','{progress}')]Click for the answer key[/]"
BAD_MARKUP = ["[/x]", "[/]", "[bold", "C-MOVE [SCU]", "[red]not red[/red]", "[link=https://example.invalid]x[/link]"]


def bank_with(
    title: str,
    text: str = "Which is right?",
    choices: tuple[str, ...] = ("right", "wrong"),
    explanation: str = "Because.",
    reference: str = "DICOM PS3.4",
) -> Library:
    bank = validate_bank(
        {
            "bank": "hostile",
            "title": title,
            "questions": [
                {
                    "id": f"q{i}",
                    "domain": domain.value,
                    "question": text,
                    "choices": list(choices),
                    "answer": "A",
                    "explanation": explanation,
                    "references": [reference],
                }
                for i, domain in enumerate(CIIP_WEIGHTS)
            ],
        }
    )
    profile = validate_profile(
        {"id": "hostile", "title": title, "questions": 3, "minutes": 10, "domains": {d.value: 1 for d in CIIP_WEIGHTS}}
    )
    return Library(banks=[LoadedBank(bank, Path("/banks/hostile.yaml"), False)], profiles={"hostile": profile})


def app_for(folder: Path, library: Library, *, start: Start | None = None) -> QuizApp:
    clock = ManualClock()
    study = Study(library, ProgressStore.open(folder, clock.now()), clock=clock, fuzzing=False)
    return QuizApp(study, tick_seconds=0.05, start=start)


def digest(folder: Path) -> str:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "store.lock")
    return hashlib.sha256(b"".join(p.name.encode() + p.read_bytes() for p in files)).hexdigest()


async def test_clicking_a_title_that_holds_an_action_does_nothing(tmp_path: Path) -> None:
    progress = tmp_path / "progress"
    library = bank_with(CLICK_TO_WIPE.format(progress=progress))
    app = app_for(progress, library)
    async with app.run_test(size=(100, 30)) as pilot:
        study = app.study
        exam = study.start_exam(library.profiles["hostile"], seed=1)
        choose(exam, 0)
        exam.submit()  # some history to lose
        before = digest(progress)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BanksScreen)
        assert "[@click=app.screenshot" in screen_text(app)  # shown as written
        for y in range(3, 8):
            for x in range(30, 90, 6):
                await pilot.click(offset=(x, y))
        await pilot.pause()
        assert digest(progress) == before
        assert not list(progress.glob("*.svg"))
    app.study.close()


@pytest.mark.parametrize("title", BAD_MARKUP)
async def test_bad_markup_in_titles_shows_as_written_on_every_screen(tmp_path: Path, title: str) -> None:
    library = bank_with(title)
    app = app_for(tmp_path, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert title in screen_text(app)
        await pilot.press("escape", "e")
        await pilot.pause()
        assert isinstance(app.screen, ExamSetupScreen) and title in screen_text(app)
        await pilot.press("enter")  # start the exam: the title is in the bar and, on leaving, in Home's banner
        await pilot.pause()
        await pilot.press("a", "escape")
        await pilot.pause()
        await pilot.press("s")  # pause menu: save and quit
        await pilot.pause()
        assert squashed(title) in squashed(screen_text(app))
    app.study.close()
    # and every later start, while that exam is pending
    again = app_for(tmp_path, library)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert squashed(f"Unfinished exam: {title}") in squashed(screen_text(again))
    again.study.close()


async def test_links_in_question_text_are_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url))
    monkeypatch.setattr(QuizApp, "open_url", lambda self, url, **k: opened.append(url))
    stem = "See https://example.invalid/answers and [the key](http://example.invalid/key) or <http://x.invalid>"
    library = bank_with("Links", text=stem)
    app = app_for(tmp_path, library)
    async with app.run_test(size=(100, 30)) as pilot:
        session = app.study._practice(list(library.entries.values())[:1], "Practice", "practice", seed=1)
        app._start_flow(PracticeScreen(session))
        await pilot.pause()
        assert squashed(stem) in squashed(screen_text(app))
        for x in range(1, 99, 3):
            await pilot.click(offset=(x, 1))
            await pilot.click(offset=(x, 2))
        await pilot.pause()
    assert opened == []
    app.study.close()


# Arbitrary code points, control characters and escape sequences included (but no lone surrogates,
# which no UTF-8 bank file can hold).
ESCAPES = ["\x1b[2J", "\x1b]52;c;aGk=\x07", "\x9b31m", "\x1b]8;;http://x\x1b\\", "\r", "\x07", "\x1b]2;title\x07"]
hostile_text = (
    st.lists(
        st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=12) | st.sampled_from(ESCAPES),
        min_size=1,
        max_size=5,
    )
    .map("".join)
    .filter(lambda s: s.strip() != "")
)


def assert_terminal_safe(shown: str) -> None:
    bad = [c for c in shown if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F]
    assert not bad, [hex(ord(c)) for c in bad]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=hostile_text, stem=hostile_text, choice=hostile_text, explanation=hostile_text, reference=hostile_text)
# found by hypothesis: a title's line breaks pushed the rest of it out of its table row
@example(title="G\n\t\U000eba87Ùàၲô3_É6G\n\t\U000eba87Ùàၲô3_É6", stem="0", choice="0", explanation="00", reference="0")
def test_no_control_character_from_a_bank_reaches_the_screen_and_none_is_lost(
    tmp_path_factory: pytest.TempPathFactory, title: str, stem: str, choice: str, explanation: str, reference: str
) -> None:
    if choice.strip().casefold() == "wrong":
        choice += "!"
    library = bank_with(title, stem, (choice, "wrong"), explanation, reference)

    async def drive() -> list[str]:
        app = app_for(tmp_path_factory.mktemp("h"), library)
        screens = []
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("b")
            await pilot.pause()
            screens.append(screen_text(app))
            await pilot.press("escape")
            session = app.study._practice(list(library.entries.values())[:1], "Practice", "practice", seed=1)
            app._start_flow(PracticeScreen(session))
            await pilot.pause()
            first = session.items[0].presentation["order"][0]
            await pilot.press("b" if first == 0 else "a")  # a wrong answer: all of it is shown
            await pilot.pause()
            screens.append(screen_text(app))
        app.study.close()
        return screens

    banks, practice = asyncio.run(drive())
    for shown in (banks, practice):
        assert_terminal_safe(shown)
    assert squashed(printable_line(title))[:20] in squashed(banks)  # one line: a line break shows as ␊
    for text in (stem, choice, explanation, reference):
        assert squashed(printable(text)) in squashed(practice)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=hostile_text)
def test_no_control_character_from_a_bank_reaches_the_command_line(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], title: str
) -> None:
    folder = tmp_path_factory.mktemp("cli")
    bank = folder / "hostile.yaml"
    import json

    bank.write_text(
        json.dumps(
            {
                "bank": "hostile",
                "title": title,
                "questions": [
                    {"id": "q", "domain": "operations", "question": title, "choices": ["a", "b"], "answer": "A"}
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    valid = main(["validate", str(bank)]) == 0
    main(["banks", "--bank", str(bank)])
    out, err = capsys.readouterr()
    assert_terminal_safe(out + err)  # also when YAML refuses the file and the message quotes it
    if valid:  # as YAML read it (a NEL, say, is a line break to YAML)
        from quiz.banks.yaml_reader import read_yaml

        loaded = read_yaml(bank).data["title"]
        assert squashed(printable(loaded))[:10] in squashed(out)


def test_an_exam_started_from_a_hostile_profile_title_starts(tmp_path: Path) -> None:
    """The exam bar, the toast and the results take the title as text."""
    from quiz.session.custom import ExamRequest

    library = bank_with("[/]")

    async def drive() -> str:
        app = app_for(tmp_path, library, start=StartExam(ExamRequest(library.profiles["hostile"]), seed=1))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+s", "y")
            await pilot.pause()
            shown = screen_text(app)
        app.study.close()
        return shown

    assert "[/]" in asyncio.run(drive())
