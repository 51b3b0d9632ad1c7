"""`quiz settings`: show the settings, or set one (`quiz settings retention 0.9`). Each setting is one
entry of SETTINGS: how to show it and, if it can be set here, how to read and save a new value."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quiz.errors import SettingError
from quiz.text import printable

if TYPE_CHECKING:
    from quiz.study import Study  # the parser reads NAMES: building it must not load the study layer


@dataclass(frozen=True)
class Setting:
    name: str
    about: str
    shown: Callable[[Study], str]
    save: Callable[[Study, str], None] | None = None  # None: set elsewhere (the `about` says where)


def _number(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise SettingError(f"{what} must be a number such as 0.9, not {text!r}") from None


def _whole(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise SettingError(f"{what} must be a whole number, not {text!r}") from None


def _exam(study: Study) -> str:
    plan = study.scheduling.plan
    return f"{plan.profile_id} on {plan.exam_date.isoformat()}" if plan else "none"


def _fsrs(study: Study) -> str:
    fitted = study.store.settings.fsrs_parameters
    return f"fitted on {fitted.fitted_on.isoformat()} to {fitted.reviews:,} reviews" if fitted else "defaults"


SETTINGS = (
    Setting(
        "retention",
        "desired retention: FSRS brings each question back when your chance of recalling it falls to this "
        "(0.70 to 0.97; `quiz simulate` shows what each costs)",
        lambda study: f"{study.store.settings.desired_retention:.2f}",
        lambda study, text: study.set_desired_retention(_number(text, "the desired retention")),
    ),
    Setting(
        "daily-new",
        "new questions a day in today's study when no exam date is set (0 to 1000)",
        lambda study: str(study.store.settings.daily_new),
        lambda study, text: study.set_daily_new(_whole(text, "daily new questions")),
    ),
    Setting("exam", "the exam's profile and date (set with `quiz plan`)", _exam),
    Setting(
        "fsrs",
        "FSRS's parameters: its defaults, or fitted to your reviews (set with `quiz optimize`; "
        "`quiz optimize --reset` for the defaults)",
        _fsrs,
    ),
    Setting(
        "theme",
        "the app's theme (picked from the command palette); this machine's only",
        lambda study: study.store.settings.theme or "follows the terminal",
    ),
    Setting(
        "sync",
        "the folder your progress is synced through with your other machines (set with `quiz sync --folder`)",
        lambda study: study.store.settings.sync_folder or "none",
    ),
)
NAMES = [setting.name for setting in SETTINGS]


def settings_command(study: Study, name: str | None, value: str | None) -> int:
    """No name: every setting; a name: that one's value; a name and a value: save it."""
    chosen = [s for s in SETTINGS if name is None or s.name == name]
    if value is None:
        if name is not None:
            print(printable(chosen[0].shown(study)))
            return 0
        _print_all(study)
        return 0
    setting = chosen[0]
    if setting.save is None:
        print(f"quiz settings: {setting.name} is not set here: {setting.about}", file=sys.stderr)
        return 2
    try:
        setting.save(study, value)
    except SettingError as error:
        print(printable(f"quiz settings: {error}"), file=sys.stderr)
        return 2
    print(f"{setting.name}: {printable(setting.shown(study))} (saved)")
    return 0


def _print_all(study: Study) -> None:
    """Name and value, then what it means, wrapped to the terminal beside them (below them when narrow)."""
    import shutil
    import textwrap

    width = shutil.get_terminal_size((80, 24)).columns
    values = [printable(setting.shown(study)) for setting in SETTINGS]
    name_width = max(len(setting.name) for setting in SETTINGS)
    value_width = max(len(shown) for shown in values)
    about_at = name_width + value_width + 4
    for setting, shown in zip(SETTINGS, values, strict=True):
        head = f"{setting.name:<{name_width}}  {shown:<{value_width}}  "
        if width - about_at >= 30:
            print(textwrap.fill(setting.about, width, initial_indent=head, subsequent_indent=" " * about_at))
        else:
            print(head.rstrip())
            print(textwrap.fill(setting.about, width, initial_indent="    ", subsequent_indent="    "))
