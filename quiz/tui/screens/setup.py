"""Choosing what to study: an exam profile (or a custom exam), or a practice selection."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from quiz.domains import Domain
from quiz.kinds import kind_names
from quiz.models import Difficulty, Profile
from quiz.session.custom import ExamRequest
from quiz.session.selection import Only, PracticeFilter
from quiz.text import printable_line
from quiz.tui.actions import bindings
from quiz.tui.literal import literal
from quiz.tui.widgets.chrome import KeyBar
from quiz.tui.widgets.toggles import TickBox, TickList


class InvalidNumber(ValueError):
    pass


def whole_number(text: str, what: str) -> int | None:
    """None for an empty field; a number otherwise, or a message saying what was expected."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidNumber(f"{what}: {text!r} is not a whole number") from None


def topic_list(text: str) -> tuple[str, ...]:
    return tuple(t.strip().lower() for t in text.split(",") if t.strip())


def bank_and_kind(banks: Sequence[tuple[str, str]]) -> Iterator[Select[str]]:
    """The bank and kind fields of a pool, the same in the exam and the practice setup."""
    yield Select([(printable_line(title), bank) for bank, title in banks], prompt="any bank", id="bank", compact=True)
    yield Select([(kind, kind) for kind in kind_names()], prompt="any kind", id="kind", compact=True)


class ExamSetupScreen(ModalScreen[ExamRequest | None]):
    """Pick a profile; optionally fewer questions, another time limit, some domains or topics. The
    options are checked as `quiz exam` checks them, and a problem is shown here, not dropped."""

    BINDINGS = bindings("setup")

    def __init__(
        self,
        profiles: list[Profile],
        check: Callable[[ExamRequest], str | None],
        banks: Sequence[tuple[str, str]] = (),
    ) -> None:
        """`banks`: (id, title) of the banks to offer as a pool."""
        super().__init__()
        self.profiles = profiles
        self.check = check
        self.banks = list(banks)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog setup"):
            yield Label("Exam profile (Enter starts it)", classes="dialog-title")
            yield OptionList(
                *[Option(self._describe(p), id=p.id) for p in self.profiles], id="profiles", markup=False, compact=True
            )
            yield Static(
                "Custom (optional): fewer questions, another time limit, only some domains or topics",
                classes="setup-label",
            )
            with Horizontal(classes="inputs"):
                yield Input(placeholder="questions", id="count", type="integer", compact=True)
                yield Input(placeholder="minutes (1-1440)", id="minutes", type="integer", compact=True)
                yield Select(
                    [(d.value, d.value) for d in Difficulty], prompt="any difficulty", id="difficulty", compact=True
                )
            yield TickList[str](*[(d.label, d.value) for d in Domain], id="domains", compact=True)
            yield Input(placeholder="topics, comma-separated (e.g. dicom, hl7)", id="topics", compact=True)
            with Horizontal(classes="inputs"):
                yield Select(
                    [(f"only {o.value}" if o is not Only.ALL else "every question", o.value) for o in Only],
                    value=Only.ALL.value,
                    allow_blank=False,
                    id="only",
                    compact=True,
                )
                yield from bank_and_kind(self.banks)
            yield TickBox("Tutor mode: each answer marked and explained at once, no clock", id="tutor", compact=True)
            yield Static(id="setup-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start exam", variant="primary", id="start", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield KeyBar()

    @staticmethod
    def _describe(profile: Profile) -> Content:
        minutes = f"{profile.minutes} min" if profile.minutes else "untimed"
        return literal(f"{profile.title}\n  {profile.questions} questions, {minutes}")

    def on_mount(self) -> None:
        options = self.query_one("#profiles", OptionList)
        options.highlighted = 0
        options.focus()
        self.query_one("#setup-error").display = False

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self._start()
        else:
            self.dismiss(None)

    def _request(self) -> ExamRequest:
        profile = self.profiles[self.query_one("#profiles", OptionList).highlighted or 0]
        return ExamRequest(
            profile,
            count=whole_number(self.query_one("#count", Input).value, "questions"),
            minutes=whole_number(self.query_one("#minutes", Input).value, "minutes"),
            domains=tuple(Domain(v) for v in self.query_one("#domains", TickList).selected),
            topics=topic_list(self.query_one("#topics", Input).value),
            tutor=self.query_one("#tutor", TickBox).value,
            only=str(self.query_one("#only", Select).value),
            banks=(bank,) if isinstance(bank := self.query_one("#bank", Select).value, str) else (),
            kinds=(kind,) if isinstance(kind := self.query_one("#kind", Select).value, str) else (),
            difficulties=(level,) if isinstance(level := self.query_one("#difficulty", Select).value, str) else (),
        )

    def _start(self) -> None:
        try:
            request = self._request()
            problem = self.check(request)
        except InvalidNumber as error:
            problem = str(error)
        if problem is None:
            self.dismiss(request)
            return
        error_line = self.query_one("#setup-error", Static)
        error_line.update(literal(f"✗ {problem[0].upper()}{problem[1:]}."))
        error_line.display = True
        error_line.scroll_visible(animate=False)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PracticeSetupScreen(ModalScreen[PracticeFilter | None]):
    BINDINGS = bindings("setup")

    def __init__(self, topics: list[str], banks: Sequence[tuple[str, str]] = ()) -> None:
        """`banks`: (id, title) of the banks to offer."""
        super().__init__()
        self.topics = topics
        self.banks = list(banks)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog setup"):
            yield Label("Practice: every answer is explained at once", classes="dialog-title")
            yield Static("Domains (none ticked: all)", classes="setup-label")
            yield TickList[str](*[(d.label, d.value) for d in Domain], id="domains", compact=True)
            yield Static("Which questions, how hard, how many", classes="setup-label")
            with Horizontal(classes="inputs"):
                yield Select(
                    [(o.value, o.value) for o in Only], value=Only.ALL.value, allow_blank=False, id="only", compact=True
                )
                yield Select(
                    [(d.value, d.value) for d in Difficulty], prompt="any difficulty", id="difficulty", compact=True
                )
                yield Input(value="20", placeholder="how many", id="count", type="integer", compact=True)
            with Horizontal(classes="inputs"):
                yield from bank_and_kind(self.banks)
            yield Input(
                placeholder=f"topics, comma-separated (e.g. {', '.join(self.topics[:4])})", id="topics", compact=True
            )
            yield TickBox("Include DICOM/HL7 drills", id="drills", compact=True)
            yield Static(id="setup-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start practice", variant="primary", id="start", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()  # Enter starts at once; the form reads from its top
        self.query_one("#setup-error").display = False
        self.call_after_refresh(self.query_one(VerticalScroll).scroll_home, animate=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "start":
            self.dismiss(None)
            return
        try:
            count = whole_number(self.query_one("#count", Input).value, "how many")
            if count is not None and count < 1:
                raise InvalidNumber("how many: give a number of questions of 1 or more")
        except InvalidNumber as error:
            error_line = self.query_one("#setup-error", Static)
            error_line.update(literal(f"✗ {error}"))
            error_line.display = True
            return
        difficulty = self.query_one("#difficulty", Select).value
        bank, kind = self.query_one("#bank", Select).value, self.query_one("#kind", Select).value
        self.dismiss(
            PracticeFilter(
                domains=[Domain(v) for v in self.query_one("#domains", TickList).selected],
                topics=list(topic_list(self.query_one("#topics", Input).value)),
                difficulties=[Difficulty(str(difficulty))] if isinstance(difficulty, str) else [],
                banks=[bank] if isinstance(bank, str) else [],
                kinds=[kind] if isinstance(kind, str) else [],
                only=Only(str(self.query_one("#only", Select).value)),
                count=count or 20,
                drills=self.query_one("#drills", TickBox).value,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
