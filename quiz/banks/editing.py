"""Opening a question in the user's editor (the browser's `e`): the bank file's line where the
question starts, the editor's command line (`$VISUAL`, else `$EDITOR`, else vi, given `+LINE`, which
vi, vim, nano, emacs, micro and kakoune all read), and a copy of a shipped bank in the user's banks
folder to edit instead (the copy then replaces the shipped bank when banks load)."""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Mapping
from pathlib import Path


def question_line(path: Path, question_id: str) -> int | None:
    """The 1-based line of the question's `- id: ...` in its bank file (None: not found)."""
    pattern = re.compile(rf"""^\s*-\s*id:\s*(["']?){re.escape(question_id)}\1\s*(#.*)?$""")
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if pattern.match(line.rstrip("\r\n")):
                    return number
    except OSError:
        return None
    return None


def editor_command(path: Path, line: int | None, environ: Mapping[str, str]) -> list[str]:
    editor = environ.get("VISUAL") or environ.get("EDITOR") or "vi"
    command = shlex.split(editor) or ["vi"]
    return [*command, *([f"+{line}"] if line else []), str(path)]


def copy_for_editing(shipped_file: Path, banks: Path) -> Path:
    """A copy of a shipped bank file in the user's banks folder (an earlier copy is kept as it is:
    it may hold the user's edits)."""
    target = banks / shipped_file.name
    if not target.exists():
        banks.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shipped_file, target)
    return target
