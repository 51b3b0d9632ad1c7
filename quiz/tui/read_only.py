"""The app beside another one that holds the progress (a second browser tab, a second terminal):
everything that only looks works (Home, Stats, Banks, the browser, Help, downloads), and whatever
would record (a session, a question's state, a problem report, a remembered theme) is refused with
the reason, before it starts, instead of failing at its first write."""

from __future__ import annotations

from textual.dom import DOMNode

from quiz.study import Study

BANNER = (
    "Read-only: another quiz (in a terminal, or another browser tab) is using your progress. Stats, Banks "
    "and Browse work; nothing that records does. To study here, close it and start quiz again (in a "
    "browser: reload the page)."
)


def refused(node: DOMNode, study: Study, what: str) -> bool:
    """True, after saying why, when `study` is read-only and `what` (a noun phrase: "An exam")
    would record progress; False when it may go ahead."""
    if not study.store.read_only:
        return False
    node.app.notify(
        f"{what} would record progress, and another quiz is using yours. Close it, then start quiz again "
        "(in a browser: reload the page).",
        title="Read-only",
        severity="warning",
        timeout=8,
        markup=False,
    )
    return True
