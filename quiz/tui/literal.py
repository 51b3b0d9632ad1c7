"""File text as Textual and Rich objects that are never parsed as markup (see `quiz.text`)."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from quiz.text import printable


def literal(text: str, style: str = "") -> Content:
    """For Static widgets, titles and toasts: shown exactly as written, control characters visible."""
    return Content.styled(printable(text), style)


def literal_text(text: str, style: str = "") -> Text:
    """The same for Rich renderables (DataTable cells, Rich tables), which parse plain `str` as markup."""
    return Text(printable(text), style=style, end="")
