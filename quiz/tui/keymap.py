"""The user's own keys: `keymap.yaml` in the user folder maps binding ids to keys, e.g.

    exam.flag: m
    exam.next: "n,down"

Each entry is checked before Textual applies it (`App.set_keymap`): an unknown id, a key that cannot
be typed, or a key another action of the same screen already uses is reported and ignored, so a
typo can never leave a screen without its keys.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from textual.keys import Keys, _character_to_key

from quiz.tui.actions import SCOPES, Action, key_names

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
NAMED_KEYS = frozenset(key.value for key in Keys)


@dataclass
class Keymap:
    """The user's keymap.yaml: binding id to keys, and what in it was ignored."""

    keys: dict[str, str] = field(default_factory=dict)  # binding id -> comma-separated keys
    problems: list[str] = field(default_factory=list)


def typeable(key: str) -> bool:
    *modifiers, base = key.split("+")
    if not base or any(m not in MODIFIERS for m in modifiers):
        return False
    if len(base) == 1:
        return base.isprintable()
    if base in NAMED_KEYS:
        return True
    try:  # named characters as Textual spells them: question_mark, full_stop ...
        unicodedata.lookup(base.replace("_", " ").upper())
    except KeyError:
        return False
    return True


def normal(key: str) -> str:
    """One spelling per key ("?" and "question_mark" are the same key)."""
    *modifiers, base = key.split("+")
    base = _character_to_key(base) if len(base) == 1 else base
    return "+".join([*modifiers, base])


def checked(entries: dict[str, str], source: str = "keymap.yaml") -> Keymap:
    """The entries that can be applied, and a plain sentence for each that cannot."""
    actions = {a.id: a for scope in SCOPES.values() for a in scope.actions}
    result = Keymap()
    for binding_id, keys in entries.items():
        if binding_id not in actions or not actions[binding_id].is_binding:
            close = difflib.get_close_matches(binding_id, [i for i, a in actions.items() if a.is_binding], n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            result.problems.append(f"{source}: there is no key binding {binding_id!r}{hint}; ignored")
            continue
        names = key_names(keys)
        bad = [k for k in names if not typeable(k)]
        if not names or bad:
            result.problems.append(f"{source}: {binding_id}: {', '.join(bad) or repr(keys)} is not a key; ignored")
            continue
        result.keys[binding_id] = ",".join(names)
    for binding_id, keys in list(result.keys.items()):
        clash = _clash(binding_id, keys, result.keys)
        if clash is not None:
            scope, other = clash
            result.problems.append(
                f"{source}: {binding_id}: {keys} is already {other.id}'s key on the {scope} screen; ignored"
            )
            del result.keys[binding_id]
    return result


def _clash(binding_id: str, keys: str, keymap: dict[str, str]) -> tuple[str, Action] | None:
    """Another action active together with `binding_id` (on its screen, or everywhere for the app's
    own keys) that has one of its keys, if any."""
    wanted = {normal(k) for k in key_names(keys)}
    for name, scope in SCOPES.items():
        if name == "app":
            continue
        active = (*scope.actions, *SCOPES["app"].actions)
        if binding_id not in {a.id for a in active}:
            continue
        for other in active:
            theirs = {normal(k) for k in key_names(keymap.get(other.id, other.keys))}
            if other.id != binding_id and wanted & theirs:
                return scope.name, other
    return None


def load_keymap(path: Path) -> Keymap:
    """Read and check `keymap.yaml`; a missing file is an empty keymap, a broken one a problem."""
    if not path.is_file():
        return Keymap()
    from quiz.banks.problems import SourceError
    from quiz.banks.yaml_reader import read_yaml

    try:
        data = read_yaml(path).data
    except SourceError as error:
        return Keymap(problems=[str(p) for p in error.problems])
    if data is None:
        return Keymap()
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        return Keymap(problems=[f"{path}: expected lines like `exam.flag: m` (binding id: keys); nothing applied"])
    return checked(data, source=str(path))
