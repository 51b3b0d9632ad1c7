"""Every key of the app in one place: the screens' bindings, Home's menu, the command palette and
Help are all built from this table, so Help cannot drift from the keys that really work.

Each entry's `id` is its binding id (`exam.flag`), which a user keymap can rebind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Action:
    """One user action: its binding id, keys, and the words the key bar, menu and Help use."""

    id: str
    keys: str  # comma-separated Textual key names; the first is the one the key bar shows
    action: str  # the Textual action it runs ("" for keys a widget handles itself)
    label: str  # on the key bar and the menu
    help: str  # what Help says it does
    show: bool = True  # on the key bar
    priority: bool = False
    group: str = ""  # consecutive entries of one group share a line in Help
    menu: bool = False  # on Home's menu
    palette: str = ""  # a command palette entry with this description
    title: str = ""  # the full name, on the menu and in the palette (default: the label)

    @property
    def name(self) -> str:
        return self.title or self.label

    @property
    def is_binding(self) -> bool:
        return bool(self.action)

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.label, show=self.show, priority=self.priority, id=self.id)


@dataclass(frozen=True)
class Scope:
    """The actions of one screen, as Help lists them."""

    name: str  # what Help calls the screen
    actions: tuple[Action, ...]


def _exhibit(scope: str) -> Action:
    return Action(
        f"{scope}.exhibit",
        "v",
        "exhibit",
        "Exhibit",
        "the exhibits full screen: long lines scroll sideways instead of wrapping (the clock runs on)",
        show=False,
    )


def _report(scope: str) -> Action:
    return Action(
        f"{scope}.report",
        "exclamation_mark",
        "report_problem",
        "Report",
        "report a problem with this question (wrong key, ambiguous, outdated, typo) for its author",
        show=False,
    )


def _fields(scope: str) -> Action:
    return Action(
        f"{scope}.fields",
        "number_sign",
        "fields",
        "Fields",
        "HL7 exhibit: each field on its own line, numbered (again: the message as written)",
        show=False,
    )


def _choices(scope: str, toggles: str) -> tuple[Action, ...]:
    # f, g and h are taken (flag, grid, guess): the sixth to eighth letters have only their digits
    keys = [(f"{letter},{number}", number - 1, letter) for number, letter in enumerate("abcde", start=1)]
    keys += [(str(number), number - 1, letter) for number, letter in enumerate("fgh", start=6)]
    return tuple(
        Action(
            f"{scope}.choice.{letter}",
            key,
            f"choose({index})",
            f"Choice {letter.upper()}",
            f"pick a choice or an item ({toggles}; F, G and H are 6, 7 and 8)",
            show=False,
            group="choices",
        )
        for key, index, letter in keys
    )


def _strike(scope: str) -> Action:
    return Action(
        f"{scope}.strike",
        "s",
        "strike",
        "Strike",
        "strike out a choice: s, then the choice's key; again restores it; a right-click does the same; "
        "any other key cancels. A struck choice is never an answer: striking your pick takes it away",
    )


def _note(scope: str, clock: str) -> Action:
    return Action(
        f"{scope}.note",
        "t",
        "note",
        "Note",
        f"write a note on this question ({clock}); it is kept with your results and can be kept on the "
        "question for later study",
    )


def _parts(scope: str) -> tuple[Action, ...]:
    """The keys of ordering and matching items; elsewhere up and down scroll the question."""
    return (
        Action(
            f"{scope}.cursor.up",
            "up",
            "cursor(-1)",
            "Up",
            "scroll; on an ordering or matching item, pick the item or entry above or below",
            show=False,
            priority=True,
            group="cursor",
        ),
        Action(
            f"{scope}.cursor.down",
            "down",
            "cursor(1)",
            "Down",
            "scroll; on an ordering or matching item, pick the item or entry below",
            show=False,
            priority=True,
            group="cursor",
        ),
        Action(
            f"{scope}.move.up",
            "left_square_bracket,shift+up",
            "move(-1)",
            "Move up",
            "ordering item: move the picked item up",
            show=False,
        ),
        Action(
            f"{scope}.move.down",
            "right_square_bracket,shift+down",
            "move(1)",
            "Move down",
            "ordering item: move the picked item down",
            show=False,
        ),
    )


_SCROLL = Action(
    "question.scroll",
    "up,down,pageup,pagedown",
    "",
    "Scroll",
    "scroll the question, its choices and the explanation",
    show=False,
)
_PAGE = Action(
    "question.page",
    "pageup,pagedown",
    "",
    "Scroll",
    "scroll the question, its choices and the explanation a page at a time",
    show=False,
)

SCOPES: dict[str, Scope] = {
    "app": Scope(
        "Everywhere",
        (
            Action(
                "app.help",
                "question_mark,f1",
                "help",
                "Help",
                "this help, from the keys in force",
                palette="Keys for every screen",
            ),
            Action("app.palette", "ctrl+p", "", "Palette", "command palette: every action, and the theme", show=False),
            Action(
                "app.quit",
                "ctrl+q",
                "request_quit",
                "Quit",
                "quit (an exam in progress is saved; you are asked first)",
                priority=True,
            ),
        ),
    ),
    "home": Scope(
        "Home",
        (
            Action(
                "home.exam",
                "e",
                "app.exam",
                "Exam",
                "start a timed exam",
                menu=True,
                palette="Start a timed exam from a profile",
            ),
            Action(
                "home.practice",
                "p",
                "app.practice",
                "Practice",
                "practise with explanations",
                menu=True,
                palette="Practise with explanations",
            ),
            Action(
                "home.today",
                "t",
                "app.today",
                "Today",
                "today's study: the reviews due, then the day's new questions (the count is shown first)",
                menu=True,
                palette="Today's study: reviews due and the day's new questions",
                title="Today's study",
            ),
            Action(
                "home.review_due",
                "r",
                "app.review_due",
                "Review due",
                "review the questions that are due",
                menu=True,
                palette="Questions the scheduler says are due",
            ),
            Action(
                "home.review_missed",
                "m",
                "app.review_missed",
                "Missed",
                "review the questions you last got wrong",
                menu=True,
                palette="Questions whose latest answer was wrong",
                title="Review missed",
            ),
            Action(
                "home.cram",
                "k",
                "app.cram",
                "Cram",
                "cram: the studied questions you are least likely to recall, your schedule not changed",
                show=False,
                palette="Cram: the questions you know least, schedule unchanged",
            ),
            Action(
                "home.leeches",
                "l",
                "app.leeches",
                "Leeches",
                "practise the questions missed four or more times",
                show=False,
                palette="Questions missed four or more times",
            ),
            Action(
                "home.stats",
                "s",
                "app.stats",
                "Stats",
                "readiness, mastery and history",
                menu=True,
                palette="Readiness, mastery by domain and history",
            ),
            Action(
                "home.browse",
                "B",
                "app.browse",
                "Browse",
                "browse and search every question: its history, schedule, suspend, bury, reset",
                show=False,  # the key bar is full at 80 columns: Home's menu shows it
                menu=True,
                palette="Browse and search every question",
                title="Browse questions",
            ),
            Action(
                "home.banks",
                "b",
                "app.banks",
                "Banks",
                "the loaded banks and loading problems",
                show=False,  # the key bar is full at 80 columns: Home's menu shows it
                menu=True,
                palette="Loaded banks and loading problems",
            ),
            Action("home.resume", "c", "app.resume_exam", "Continue exam", "continue the unfinished exam", show=False),
            Action("home.discard", "d", "app.discard_exam", "Discard exam", "discard the unfinished exam", show=False),
        ),
    ),
    "exam": Scope(
        "Exam",
        (
            *_choices("exam", "toggle on select-all items"),
            *_parts("exam"),
            Action(
                "exam.type",
                "enter",
                "type_answer",
                "Type",
                "short-answer or numeric item: type the answer (Enter again stores it)",
                show=False,
            ),
            Action("exam.next", "n,right", "next", "Next", "next question (reviewing flagged ones: the next flagged)"),
            Action("exam.previous", "p,left", "previous", "Prev", "previous question (reviewing: the one before)"),
            Action("exam.flag", "f", "flag", "Flag", "flag the question for review (again to unflag)"),
            _strike("exam"),
            _note("exam", "the clock keeps running"),
            Action(
                "exam.review",
                "r",
                "review",
                "Review",
                "review screen: every question with its first line and state, filters, review flagged",
            ),
            Action("exam.clear", "x", "clear", "Clear", "clear the answer", show=False),
            Action(
                "exam.grid", "g", "grid", "Grid", "review grid: every question at a glance; Enter jumps", show=False
            ),
            Action("exam.submit", "ctrl+s", "submit", "Submit", "submit (asks first, naming unanswered and flagged)"),
            Action("exam.pause", "escape", "pause", "Pause", "pause: the clock stops and the question is hidden"),
            _fields("exam"),
            _exhibit("exam"),
            _PAGE,
        ),
    ),
    "grid": Scope(
        "Review grid",
        (
            Action("grid.move", "up,down,left,right", "", "Move", "move between questions", show=False),
            Action("grid.go", "enter", "", "Go", "go to the question under the cursor"),
            Action("grid.submit", "ctrl+s", "submit", "Submit", "submit the exam (asks first)"),
            Action("grid.back", "escape,g", "back", "Back", "back to the question"),
        ),
    ),
    "review": Scope(
        "Review screen",
        (
            Action("review.move", "up,down,pageup,pagedown", "", "Move", "move between questions", show=False),
            Action("review.go", "enter", "", "Go", "go to the question under the cursor"),
            Action("review.all", "a", "show('all')", "All", "list every question"),
            Action("review.flagged", "f", "show('flagged')", "Flagged", "list the flagged questions only"),
            Action("review.unanswered", "u", "show('unanswered')", "Unanswered", "list the unanswered questions only"),
            Action(
                "review.walk",
                "w",
                "walk",
                "Review these",
                "review the listed questions in order (n and p move among them; after the last, back here)",
            ),
            Action("review.submit", "ctrl+s", "submit", "Submit", "submit the exam (asks first)"),
            Action("review.back", "escape,r", "back", "Back", "back to the question"),
        ),
    ),
    "note": Scope(
        "Note on a question",
        (
            Action(
                "note.move", "tab,shift+tab", "", "Move", "move between the note, the box and the buttons", show=False
            ),
            Action("note.save", "ctrl+s", "save", "Save", "save the note (an empty note removes it)"),
            Action("note.cancel", "escape", "cancel", "Cancel", "close without changing the note"),
        ),
    ),
    "pause": Scope(
        "Pause",
        (
            Action("pause.resume", "escape", "choose('resume')", "Resume", "resume the exam"),
            Action(
                "pause.save", "s", "choose('save')", "Save and quit", "save the exam and go Home (continue it later)"
            ),
        ),
    ),
    "practice": Scope(
        "Practice and reviews",
        (
            *_choices("practice", "on select-all items toggle, then Enter"),
            *_parts("practice"),
            Action(
                "practice.advance",
                "enter,space",
                "advance",
                "Answer / next",
                "submit a select-all answer; after the verdict, the next question",
            ),
            Action(
                "practice.guess",
                "g",
                "guess",
                "It was a guess",
                "say a right answer was a guess (it comes back sooner)",
            ),
            _strike("practice"),
            _note("practice", "kept with this session when it ends"),
            Action("practice.finish", "escape", "finish", "End session", "end the session and see the results"),
            _report("practice"),
            _fields("practice"),
            _exhibit("practice"),
            _PAGE,
        ),
    ),
    "results": Scope(
        "Results",
        (
            Action("results.review", "r", "review_answers", "Review answers", "every answer with its explanation"),
            Action("results.misses", "m", "practise_misses", "Practise misses", "practise the questions you missed"),
            Action(
                "results.export",
                "e",
                "export",
                "Export CSV",
                "this session's answers as CSV (in a browser: a download; in a terminal: a file, and where)",
            ),
            Action("results.home", "escape,h", "home", "Home", "back to Home"),
        ),
    ),
    "answers": Scope(
        "Answer review",
        (
            Action("answers.next", "n,right", "move(1)", "Next", "next answer"),
            Action("answers.previous", "p,left", "move(-1)", "Prev", "previous answer"),
            Action("answers.wrong", "w", "filter('wrong')", "Wrong only", "only the questions you got wrong"),
            Action("answers.flagged", "f", "filter('flagged')", "Flagged only", "only the questions you flagged"),
            Action("answers.all", "a", "filter('all')", "All", "every question again"),
            Action("answers.back", "escape", "back", "Back", "back to the results"),
            _report("answers"),
            _fields("answers"),
            _exhibit("answers"),
            _SCROLL,
        ),
    ),
    "browser": Scope(
        "Question browser",
        (
            Action(
                "browser.open",
                "enter",
                "",
                "Open",
                "open the question under the cursor (in the search: go to the table)",
            ),
            Action("browser.search", "slash", "search", "Search", "type a search: words, or field:value terms"),
            Action("browser.sort", "o", "sort", "Sort", "sort by the next column (or click a column's heading)"),
            Action("browser.reverse", "O", "reverse", "Reverse", "reverse the order", show=False),
            Action("browser.practise", "p", "practise", "Practise these", "practise every question shown"),
            Action("browser.suspend", "s", "state('suspend')", "Suspend", "suspend or unsuspend the question"),
            Action("browser.bury", "b", "state('bury')", "Bury", "bury until tomorrow, or unbury"),
            Action("browser.reset", "r", "state('reset')", "Reset", "reset its schedule (asked first)", show=False),
            Action(
                "browser.edit",
                "e",
                "edit",
                "Edit",
                "open its bank file at the question in $EDITOR (a shipped bank: a copy in your banks)",
                show=False,
            ),
            Action("browser.back", "escape", "back", "Back", "back to Home (in the search: to the table)"),
        ),
    ),
    "question": Scope(
        "A question from the browser",
        (
            Action("question.suspend", "s", "state('suspend')", "Suspend", "suspend or unsuspend it"),
            Action("question.bury", "b", "state('bury')", "Bury", "bury until tomorrow, or unbury"),
            Action("question.reset", "r", "state('reset')", "Reset", "reset its schedule (asked first)"),
            Action(
                "question.edit",
                "e",
                "edit",
                "Edit",
                "open its bank file at the question in $EDITOR (a shipped bank: a copy in your banks)",
            ),
            _report("question"),
            _fields("question"),
            _exhibit("question"),
            Action("question.back", "escape", "back", "Back", "back to the browser"),
            _SCROLL,
        ),
    ),
    "stats": Scope(
        "Stats",
        (
            Action("stats.leeches", "l", "app.leeches", "Practise leeches", "practise the questions missed 4+ times"),
            Action(
                "stats.retention.raise",
                "plus,equals_sign",
                "retention(1)",
                "Retention +",
                "raise or lower the desired retention one row of the retention table (saved at once)",
                group="retention",
            ),
            Action(
                "stats.retention.lower",
                "minus",
                "retention(-1)",
                "Retention -",
                "raise or lower the desired retention one row of the retention table (saved at once)",
                group="retention",
            ),
            Action(
                "stats.export",
                "e",
                "export",
                "Export",  # short: with Fit FSRS, every Stats key fits the key bar at 80 columns
                "every session's answers as CSV, as quiz export results writes them (a download in a browser)",
            ),
            Action(
                "stats.optimize",
                "o",
                "optimize",
                "FSRS",
                "fit FSRS to your reviews, used only if it predicts them better (as quiz optimize)",
            ),
            Action("stats.back", "escape", "back", "Back", "back to Home"),
        ),
    ),
    "optimize": Scope(
        "Fit FSRS to your reviews",
        (
            Action("optimize.fit", "f", "fit", "Fit", "fit and score; the fit is used only if it predicts better"),
            Action("optimize.reset", "d", "reset", "Defaults", "go back to FSRS's default parameters"),
            Action("optimize.close", "escape", "close", "Close", "back to Stats"),
        ),
    ),
    "banks": Scope(
        "Banks",
        (
            Action(
                "banks.anki",
                "e",
                "export_anki",
                "Export to Anki",
                "the bank under the cursor as an Anki package (.apkg; in a browser: a download)",
            ),
            Action("banks.back", "escape", "back", "Back", "back to Home"),
        ),
    ),
    "setup": Scope(
        "Exam and practice setup",
        (
            Action("setup.move", "tab,shift+tab", "", "Move", "move between the fields", show=False),
            Action("setup.start", "enter", "", "Start", "start (on the profile list or the Start button)", show=False),
            Action("setup.cancel", "escape", "cancel", "Cancel", "close without starting"),
        ),
    ),
    "pending": Scope(
        "Unfinished exam",
        (
            Action("pending.continue", "c", "choose('continue')", "Continue", "continue the unfinished exam"),
            Action("pending.discard", "d", "choose('discard')", "Discard", "discard it and start the new exam"),
            Action("pending.keep", "escape", "choose('keep')", "Cancel", "keep it and start nothing"),
        ),
    ),
    "write-failed": Scope(
        "Progress could not be saved",
        (
            Action("write-failed.retry", "r", "answer(True)", "Try again", "try the same thing again"),
            Action(
                "write-failed.quit",
                "q",
                "answer(False)",
                "Quit",
                "quit (everything saved before is kept; an exam can be continued)",
            ),
        ),
    ),
    "confirm": Scope(
        "Questions the app asks",
        (
            Action("confirm.yes", "y", "answer(True)", "Yes", "yes"),
            Action("confirm.cancel", "escape,n", "answer(False)", "Cancel", "no, or cancel"),
        ),
    ),
    "report": Scope(
        "Report a problem",
        (
            Action("report.move", "tab,shift+tab", "", "Move", "move between the reasons, the details and the buttons"),
            Action("report.save", "ctrl+s", "save", "Save", "save the report", priority=True),
            Action("report.cancel", "escape", "cancel", "Cancel", "close without saving"),
        ),
    ),
    "exhibit": Scope(
        "Exhibits full screen",
        (
            Action(
                "exhibit.scroll",
                "up,down,left,right",
                "",
                "Scroll",
                "scroll, sideways too (pgup, pgdn: a page)",
                show=False,
            ),
            _fields("exhibit"),
            Action("exhibit.open", "o", "open_image", "Open image", "open an image exhibit in your image viewer"),
            Action("exhibit.back", "escape,v", "close", "Back", "back to the question"),
        ),
    ),
    "help": Scope(
        "Help",
        (
            Action("help.close", "escape,question_mark,f1,q", "close", "Close", "close this help"),
            _SCROLL,
        ),
    ),
}


def bindings(scope: str) -> list[BindingType]:
    """The Textual bindings of one screen, for its BINDINGS."""
    return [action.binding() for action in SCOPES[scope].actions if action.is_binding]


def menu() -> list[Action]:
    return [action for action in SCOPES["home"].actions if action.menu]


def palette() -> list[Action]:
    return [action for scope in SCOPES.values() for action in scope.actions if action.palette]


def key_names(keys: str) -> list[str]:
    return [key.strip() for key in keys.split(",") if key.strip()]


def grouped(actions: Iterable[Action]) -> list[list[Action]]:
    """Consecutive actions of one group together (for Help), each other action on its own."""
    rows: list[list[Action]] = []
    for action in actions:
        if action.group and rows and rows[-1][0].group == action.group:
            rows[-1].append(action)
        else:
            rows.append([action])
    return rows
