"""`quiz sync`: set the sync folder (`--folder PATH`, remembered), or sync now with the one set."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.text import counted, printable

if TYPE_CHECKING:
    from quiz.study import Study


def sync_command(study: Study, folder: Path | None, *, stop: bool = False) -> int:
    if stop:
        was = study.sync_folder
        study.stop_sync()
        print(f"Not syncing any more{f' through {printable(str(was))}' if was else ''}; the folder keeps what it has.")
        return 0
    if folder is not None:
        if not folder.expanduser().is_dir():
            print(
                printable(f"quiz sync: {folder} is not a folder; give one your sync tool already keeps in step"),
                file=sys.stderr,
            )
            return 2
        report = study.set_sync_folder(folder)
    elif study.sync_folder is None:
        print("quiz sync: no sync folder is set: `quiz sync --folder PATH` sets one", file=sys.stderr)
        return 2
    else:
        report = study.sync()
    print(printable(f"Sync folder: {report.folder} (this machine: {report.device or '?'})"))
    print(printable(report.summary()))
    if report.published:
        print(f"Published {counted(report.published, 'new event')} from this machine.")
    for device, exam in report.unfinished_elsewhere:
        print(printable(f"Unfinished exam on {device}: {exam} (it is continued there)."))
    if report.waiting_lines:
        print(f"{counted(report.waiting_lines, 'file')} still being written by the sync tool: the rest comes later.")
    for problem in report.problems:
        print(printable(f"warning: {problem}"), file=sys.stderr)
    overview = study.overview()
    store = study.store
    print(
        f"Now: {counted(len(store.reviews), 'answer')}, {counted(len(store.attempts), 'session')}, "
        f"{counted(len(store.history), 'question')} studied, {overview.due_now} due now."
    )
    return 0
