"""Striking out a choice on the exam and practice screens: `s`, then the choice's key (the keys in
force, so a user keymap applies); a right-click on a choice does the same. Any other key cancels the
pending `s` (and does nothing else: a stray key after `s` must not answer or move on)."""

from __future__ import annotations

import re
from typing import TypeVar

from textual import events
from textual.screen import Screen
from textual.widgets import Static

from quiz.models import Question
from quiz.session.strikes import can_strike, choice_count
from quiz.tui.kinds.choice import ChoiceRow

R = TypeVar("R")
_CHOOSE = re.compile(r"choose\((\d+)\)")
NO_CHOICES = "Strike-out is for choices: this question has none to strike out."


class StrikingScreen(Screen[R]):
    """A screen with a `#strike-prompt` Static: `action_strike` and the key after it; the screen says
    what question is shown (`strike_question`) and what a strike does (`strike_choice`)."""

    BINDINGS = []  # its keys are the screens' own (actions.py); `s` is each screen's `strike` action
    striking = False

    def strike_question(self) -> Question | None:
        """The question shown, when its choices can be struck out now (None: the screen said why)."""
        raise NotImplementedError

    async def strike_choice(self, position: int) -> None:
        raise NotImplementedError

    def action_strike(self) -> None:
        question = self.strike_question()
        if question is None:
            return
        if not can_strike(question):
            self.notify(NO_CHOICES, timeout=4)
            return
        keys = [self._choice_key(position) for position in range(choice_count(question))]
        listed = ", ".join(key for key in keys if key)
        self.striking = True
        prompt = self.query_one("#strike-prompt", Static)
        prompt.update(f"Strike out or restore which choice? Press {listed}. Esc cancels.")
        prompt.display = True

    def _stop_striking(self) -> None:
        self.striking = False
        self.query_one("#strike-prompt", Static).display = False

    def _choice_key(self, position: int) -> str:
        """The first key in force that picks the choice at `position`, as the key bar shows it."""
        for active in self.active_bindings.values():
            match = _CHOOSE.fullmatch(active.binding.action)
            if match and int(match.group(1)) == position:
                return self.app.get_key_display(active.binding)
        return ""

    async def on_key(self, event: events.Key) -> None:
        # Keys reach the screen in order, but the App runs a binding only after the key has passed
        # the screen: `s` is taken here, so a key typed right after it (s and d at once) is the strike's.
        active = self.active_bindings.get(event.key)
        if not self.striking:
            if active is not None and active.binding.action == "strike" and active.enabled:
                event.stop()
                event.prevent_default()
                self.action_strike()
            return
        event.stop()
        event.prevent_default()  # the key is the strike's: it neither answers nor moves on
        self._stop_striking()
        match = _CHOOSE.fullmatch(active.binding.action) if active is not None else None
        if match is None:
            if event.key != "escape":
                self.notify("Strike-out cancelled.", timeout=2)
            return
        await self.strike_choice(int(match.group(1)))

    async def on_choice_row_strike_asked(self, event: ChoiceRow.StrikeAsked) -> None:
        event.stop()
        if self.striking:
            self._stop_striking()
        question = self.strike_question()
        if question is None:
            return
        if not can_strike(question):
            self.notify(NO_CHOICES, timeout=4)
            return
        await self.strike_choice(event.position)
