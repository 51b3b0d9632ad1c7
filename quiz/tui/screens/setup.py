"""Choosing what to study: an exam profile (or a custom exam), or a practice selection."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, SelectionList
from textual.widgets.option_list import Option

from quiz.domains import Domain
from quiz.models import Difficulty, Profile
from quiz.session.selection import Only, PracticeFilter


@dataclass(frozen=True)
class ExamRequest:
    profile: Profile
    count: int | None = None
    minutes: float | None = None


def _positive_int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


def custom_profile(base: Profile, domains: list[Domain]) -> Profile:
    """The base profile restricted to some domains (keeping their relative weights)."""
    weights = {d: base.domains.get(d, 1.0) for d in domains}
    return base.customised(domains=weights)


class ExamSetupScreen(ModalScreen[ExamRequest | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="setup.cancel")]

    def __init__(self, profiles: list[Profile]) -> None:
        super().__init__()
        self.profiles = profiles

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog setup"):
            yield Label("Exam profile (Enter starts it)", classes="dialog-title")
            yield OptionList(
                *[Option(self._describe(p), id=p.id) for p in self.profiles], id="profiles"
            )
            yield Label("Custom (optional): fewer questions, another time limit, only some domains")
            with Horizontal(classes="inputs"):
                yield Input(placeholder="questions", id="count", type="integer")
                yield Input(placeholder="minutes", id="minutes", type="integer")
            yield SelectionList[str](*[(d.label, d.value) for d in Domain], id="domains")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start exam", variant="primary", id="start")
                yield Button("Cancel", id="cancel")

    @staticmethod
    def _describe(profile: Profile) -> str:
        minutes = f"{profile.minutes} min" if profile.minutes else "untimed"
        return f"{profile.title}\n  {profile.questions} questions, {minutes}"

    def on_mount(self) -> None:
        options = self.query_one("#profiles", OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self._start()
        else:
            self.dismiss(None)

    def _start(self) -> None:
        options = self.query_one("#profiles", OptionList)
        profile = self.profiles[options.highlighted or 0]
        domains = [Domain(v) for v in self.query_one("#domains", SelectionList).selected]
        if domains:
            profile = custom_profile(profile, domains)
        count = _positive_int(self.query_one("#count", Input).value)
        minutes = _positive_int(self.query_one("#minutes", Input).value)
        self.dismiss(ExamRequest(profile, count, float(minutes) if minutes else None))

    def action_cancel(self) -> None:
        self.dismiss(None)


class PracticeSetupScreen(ModalScreen[PracticeFilter | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="setup.cancel")]

    def __init__(self, topics: list[str]) -> None:
        super().__init__()
        self.topics = topics

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog setup"):
            yield Label("Practice: every answer is explained at once", classes="dialog-title")
            yield Label("Domains (none ticked: all)")
            yield SelectionList[str](*[(d.label, d.value) for d in Domain], id="domains")
            with Horizontal(classes="inputs"):
                yield Select([(o.value, o.value) for o in Only], value=Only.ALL.value, allow_blank=False, id="only")
                yield Select([(d.value, d.value) for d in Difficulty], prompt="any difficulty", id="difficulty")
                yield Input(value="20", placeholder="how many", id="count", type="integer")
            yield Input(placeholder=f"topics, comma-separated (e.g. {', '.join(self.topics[:4])})", id="topics")
            yield Checkbox("Include DICOM and HL7 drills (generated from the standards' dictionaries)", id="drills")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start practice", variant="primary", id="start")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "start":
            self.dismiss(None)
            return
        difficulty = self.query_one("#difficulty", Select).value
        topics = [t.strip().lower() for t in self.query_one("#topics", Input).value.split(",") if t.strip()]
        self.dismiss(
            PracticeFilter(
                domains=[Domain(v) for v in self.query_one("#domains", SelectionList).selected],
                topics=topics,
                difficulties=[Difficulty(str(difficulty))] if isinstance(difficulty, str) else [],
                only=Only(str(self.query_one("#only", Select).value)),
                count=_positive_int(self.query_one("#count", Input).value) or 20,
                drills=self.query_one("#drills", Checkbox).value,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
