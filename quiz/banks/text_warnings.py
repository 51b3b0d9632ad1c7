"""Warnings about text that loads but will not look the way its author probably meant.

Every text field is shown literally (see `quiz.text`), so Markdown or HTML written in a bank shows
its asterisks and tags, and control characters show as symbols (␛, ␇). Neither stops a bank from
loading: these are warnings, located at the text that causes them.

HL7 is not Markdown: `<VT>`, `<CR>`, `<FS>` (uppercase names of control characters, not HTML tags),
`^~\\&` and escapes such as `\\E\\` or `\\.br\\` are ordinary text here and never warned about.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from quiz.banks.formats import format_of
from quiz.banks.problems import Problem, Severity
from quiz.banks.yaml_reader import YamlDocument
from quiz.kinds.format_base import QuestionBase
from quiz.text import has_unsafe_characters, printable, unsafe_characters

_HTML_TAGS = (
    "a|abbr|b|big|blockquote|br|center|code|del|div|em|font|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|pre|s|"
    "small|span|strike|strong|sub|sup|table|tbody|td|th|thead|tr|tt|u|ul"
)
# what was found -> how it is written; each needs the closing half, so a lone '*' or '#' is not flagged
MARKDOWN = {
    "bold": re.compile(r"\*\*(?=\S)[^*\n]*?[^\s\\]\*\*|__(?=\S)[^_\n]*?\S__"),
    "italics": re.compile(r"(?<![\w*\\])\*(?=[^\s*])[^*\n]*?[^\s*\\]\*(?![\w*])"),
    "inline code": re.compile(r"`[^`\n]+`"),
    "a code fence": re.compile(r"^[ \t]*(?:```|~~~)", re.MULTILINE),
    "a link": re.compile(r"!?\[[^\]\n]+\]\([^)\s]+(?:\s+\"[^\"\n]*\")?\)|<(?:https?|mailto|ftp):[^>\s]+>"),
    "a heading": re.compile(r"^ {0,3}#{1,6}[ \t]+\S[^\n]*", re.MULTILINE),
    # lowercase only: HTML is written so in Markdown, and HL7's <SUB>, <DEL>, <EM> are uppercase
    "an HTML tag": re.compile(rf"</?(?:{_HTML_TAGS})(?:\s[^<>\n]*)?/?>"),
    "an HTML entity": re.compile(
        r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos|nbsp|mdash|ndash|hellip|copy|reg|trade|deg|"
        r"times|rarr|larr|middot|bull);"
    ),
}
_SNIPPET = 40


# a field without any of these characters cannot hold Markdown or HTML: most fields are skipped at once
_MARKUP_CHARACTERS = re.compile(r"[*_`\[<&#~]")


def text_fields(data: Any, *, bank: bool) -> Iterator[tuple[tuple[str | int, ...], str, bool, object]]:
    """(location, label, may hold Markdown, value) of every text field in a bank's or profile's
    data, whatever shape the data has: wrong types are the validator's business, not this one's."""
    if not isinstance(data, dict):
        return
    names = (("title", False), ("notes", False)) if not bank else (("title", False), ("description", False))
    for name, markdown in names:
        yield (name,), name, markdown, data.get(name)
    questions = data.get("questions") if bank else None
    for index, question in enumerate(questions if isinstance(questions, list) else []):
        if not isinstance(question, dict):
            continue
        kind_format = format_of(question) or QuestionBase  # an unknown type: its common fields still
        for loc, label, value in kind_format.text_fields(question):
            yield ("questions", index, *loc), label, True, value


def warnings_about_text(path: Path, document: YamlDocument, *, bank: bool) -> list[Problem]:
    data = document.data
    bank_id = data.get("bank") if bank and isinstance(data, dict) else None
    warnings: list[Problem] = []
    for loc, label, markdown, text in text_fields(data, bank=bank):
        if not isinstance(text, str):
            continue
        found = _markdown_found(text) if markdown and _MARKUP_CHARACTERS.search(text) else []
        shown = unsafe_characters(text)
        if not found and not shown:
            continue
        context = {"bank": bank_id if isinstance(bank_id, str) else None, "question": _question_id(data, loc)}
        if found:
            listed = ", ".join(f"{kind} {snippet}" for kind, _, snippet in found)
            warnings.append(
                _warning(
                    path,
                    document,
                    loc,
                    found[0][1],
                    context,
                    f"{label}: Markdown and HTML show as written, not formatted: {listed}",
                )
            )
        if shown:
            offset = next(i for i, c in enumerate(text) if has_unsafe_characters(c))
            warnings.append(
                _warning(
                    path,
                    document,
                    loc,
                    offset,
                    context,
                    f"{label}: holds control characters, shown as {' '.join(shown)}",
                )
            )
    return warnings


def _markdown_found(text: str) -> list[tuple[str, int, str]]:
    """(what, where, the text found) for each kind of Markdown or HTML in `text`, in text order."""
    found: list[tuple[str, int, str]] = []
    for kind, pattern in MARKDOWN.items():
        match = pattern.search(text)
        if match:
            snippet = match.group().strip()
            if len(snippet) > _SNIPPET:
                snippet = snippet[: _SNIPPET - 1] + "…"
            start = match.start() + len(match.group()) - len(match.group().lstrip())
            found.append((kind, start, f"'{printable(snippet)}'"))
    return sorted(found, key=lambda item: item[1])


def _warning(
    path: Path,
    document: YamlDocument,
    loc: tuple[str | int, ...],
    offset: int,
    context: dict[str, str | None],
    message: str,
) -> Problem:
    line, column = document.locate_in_value(loc, offset) or (None, None)
    return Problem(path, message, line, column, context["bank"], context["question"], Severity.WARNING)


def _value(data: Any, loc: tuple[str | int, ...]) -> Any:
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _question_id(data: Any, loc: tuple[str | int, ...]) -> str | None:
    if len(loc) < 2 or loc[0] != "questions":
        return None
    question = _value(data, loc[:2])
    question_id = question.get("id") if isinstance(question, dict) else None
    return question_id if isinstance(question_id, str) else f"#{int(loc[1]) + 1}"
