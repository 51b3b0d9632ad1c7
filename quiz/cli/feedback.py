"""`quiz feedback export`: the problems reported with questions, as Markdown to paste into an issue
or an e-mail to the bank's author. Every text from a bank or from the user is put in a fenced block,
so a Markdown viewer shows it character for character instead of reading it as formatting."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.text import counted, printable

if TYPE_CHECKING:
    from quiz.store.feedback import ProblemReport
    from quiz.study import Study


def export_feedback(study: Study, *, output: Path | None, bank_id: str | None) -> int:
    reports, damages = study.problem_reports()
    for damage in damages:
        print(printable(f"quiz feedback: {damage}"), file=sys.stderr)
    if bank_id is not None:
        reports = [r for r in reports if r.key.split("/", 1)[0] == bank_id]
    text = feedback_markdown(study, reports)
    if output is None:
        sys.stdout.write(printable(text) + "\n" if sys.stdout.isatty() else text)
    else:
        from quiz.cli.reports import unsafe_output

        problem = unsafe_output(output, study.store.folder)
        if problem:
            print(printable(f"quiz feedback: {problem}"), file=sys.stderr)
            return 2
        try:
            output.write_text(text, "utf-8")
        except OSError as error:
            print(printable(f"quiz feedback: cannot write {output}: {error.strerror or error}"), file=sys.stderr)
            return 1
    print(counted(len(reports), "report"), file=sys.stderr)
    return 0


def feedback_markdown(study: Study, reports: Iterable[ProblemReport]) -> str:
    from quiz.kinds import kind_named
    from quiz.store.feedback import REASONS, shown_digest

    reports = list(reports)
    titles = {loaded.bank.bank: loaded.bank.title for loaded in study.library.banks}
    lines = ["# Problems reported with questions", ""]
    if not reports:
        return "\n".join([*lines, "No problem has been reported.", ""])
    first, last = reports[0].time.date(), reports[-1].time.date()
    questions = len({r.key for r in reports})
    lines += [f"{counted(len(reports), 'report')} on {counted(questions, 'question')}, {first} to {last}.", ""]
    for report in reports:
        bank, _, question_id = report.key.partition("/")
        entry = study.library.get(report.key)
        if entry is None or entry.is_generated:
            now = "the question is not in the loaded banks now"
        else:
            question = entry.question
            fits = kind_named(question.kind_name).fits(question, report.presentation)
            same = fits and shown_digest(question, report.presentation) == report.digest
            now = "unchanged in the bank since" if same else "the question has changed since"
        lines += [
            f"## {_inline(bank)} / {_inline(question_id)}",
            "",
            f"- Bank: {_inline(bank)} ({_inline(titles.get(bank, 'not loaded'))}), question {_inline(question_id)}",
            f"- Problem: {REASONS[report.reason]}",
            f"- Reported: {report.time.strftime('%Y-%m-%d %H:%M %z')}, quiz {report.version}; "
            f"content digest {_inline(report.digest)} ({now})",
            "",
        ]
        if report.text:
            lines += ["What the reader says:", "", *_fenced(report.text), ""]
        lines += ["The question as shown:", "", *_fenced(report.question), ""]
        if report.shown:
            lines += ["In the order shown:", "", *_fenced("\n".join(report.shown)), ""]
        lines += [f"Their answer: {_inline(report.answer) if report.answer else 'none'}", ""]
    return "\n".join(lines)


def _fenced(text: str) -> list[str]:
    """A fenced code block holding `text` exactly (but a block's closing line break): its fence is
    longer than any run of backticks in it."""
    text = text.removesuffix("\n")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", text, fence]


def _inline(text: str) -> str:
    """`text` as inline code, with a delimiter longer than any run of backticks in it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    tick = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{tick}{pad}{text}{pad}{tick}"
