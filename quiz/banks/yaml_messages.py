"""PyYAML's syntax errors in plain words, each with a hint, at the line and column the parser gave.

The parser's own words ("mapping values are not allowed in this context", "did not find expected
key") name its internal states, not the mistake a person made; the mistakes behind them are few:
indentation, an unquoted ': ' or leading special character, an unclosed quote or bracket, a
backslash in double quotes, a tab. Both the C parser's and the pure-Python parser's wording are
recognised (they differ), and anything unrecognised still gets a hint.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from quiz.banks.problems import Problem
from quiz.text import printable

TAB_MESSAGE = "a tab is used for indentation; YAML needs spaces (replace the tab with spaces)"
_INDENT_HINT = (
    "keys of one mapping start at the same column, and so do the '-' items of one list; "
    "use spaces, and indent a value under its key"
)
# characters YAML accepts in a file (its 'printable' set); anything else stops the reader
_NOT_YAML_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _quote_hint(what: str = "the whole text") -> str:
    return f"put {what} in quotes ('...'), or start it on the next line after '|'"


def syntax_problem(exc: yaml.YAMLError, text: str, path: Path) -> Problem:
    """A located problem in plain words for a YAML error raised while parsing `text`."""
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_problem(text, path)
    if not isinstance(exc, yaml.MarkedYAMLError):
        return Problem(path, f"YAML syntax error: the file cannot be read as YAML ({exc})")
    mark = exc.problem_mark or exc.context_mark
    message, mark = _explain(exc, text, mark)
    if mark is None:
        return Problem(path, message)
    return Problem(path, message, mark.line + 1, mark.column + 1)


def _explain(exc: yaml.MarkedYAMLError, text: str, mark: yaml.Mark | None) -> tuple[str, yaml.Mark | None]:
    problem = exc.problem or ""
    context = exc.context or ""
    opened = exc.context_mark
    here = _char_at(text, mark)
    if "tab character" in problem or (here == "\t" and "cannot start any token" in problem):
        return TAB_MESSAGE, mark
    if "mapping values are not allowed" in problem:
        return _syntax(
            "a ':' followed by a space starts a key, but no key can start here",
            f"if this text contains ': ', {_quote_hint()}; if it is a key, indent it like the keys above it",
        ), mark
    if "could not find expected ':'" in problem:
        return _syntax(
            "this line is neither 'key: value' nor part of the value above it",
            f"add the ':' after the key, or indent a continued text further than its key, or {_quote_hint()}",
        ), opened or mark
    if "unexpected end of stream" in problem and "quoted scalar" in context:
        return _syntax(
            "a quoted text is never closed",
            "add the closing quote where the text ends; a quote inside single quotes is written ''",
        ), opened or mark
    if "unknown escape character" in problem:
        return _syntax(
            "unknown backslash escape in a double-quoted text",
            "in double quotes a backslash starts an escape (\\n, \\\\); to keep backslashes as written "
            "(HL7's ^~\\& or \\E\\), use single quotes or a '|' block",
        ), mark
    if "single document" in context:
        return _syntax(
            "the file holds more than one YAML document (a '---' line starts another one)",
            "a bank or profile is one document: remove the extra '---' or move that part to its own file",
        ), mark
    bracket = _bracket(problem, context)
    if bracket:
        opening = f" opened on line {opened.line + 1}" if opened is not None else ""
        return _syntax(
            f"the '{bracket}' {_KIND[bracket]}{opening} is not closed, or its items are not separated by commas",
            f"close it with '{_CLOSING[bracket]}', and put an item that holds ',', ':', '[' or '{{' in quotes",
        ), mark
    if "alias" in problem and "undefined" in problem:
        return _syntax(
            "'*' starts a reference to an anchor (&name) that is not defined",
            "define the anchor first, or " + _quote_hint("text starting with '*'"),
        ), mark
    if "duplicate anchor" in context:
        first = f" (first on line {opened.line + 1})" if opened is not None else ""
        return _syntax(f"the same anchor name is defined twice{first}", "give each '&' anchor its own name"), mark
    if "block scalar" in context:
        return _syntax(
            "after '|' or '>' only '-', '+' or an indentation digit may follow on the same line",
            "start the text on the next line, indented",
        ), mark
    if "cannot start any token" in problem:
        return _syntax(
            f"{printable(repr(here)) if here else 'this character'} cannot start a value here",
            _quote_hint("the text"),
        ), mark
    if "block sequence entries are not allowed" in problem:
        return _syntax(
            "a '- ' list item cannot start here",
            "start the list on the line after its key, indented; or put text starting with '- ' in quotes",
        ), mark
    if ("expected key" in problem or "'-' indicator" in problem or "<block end>" in problem) and "block" in context:
        if here in ("]", "}", ","):
            return _syntax(
                f"unexpected '{here}' with no list or mapping open", "remove it or add its opening bracket"
            ), mark
        return _syntax("this line is indented differently from the lines around it", _INDENT_HINT), mark
    if "tag" in context or "tag" in problem:
        return _syntax("a '!' tag here is malformed", _quote_hint("text starting with '!'")), mark
    if "anchor" in context or "alias" in context:
        return _syntax("'&' and '*' must be followed by a name", _quote_hint("the text")), mark
    words = "; ".join(part for part in (problem, context) if part)
    return _syntax(
        f"the file is not valid YAML here ({words})",
        "check the indentation and the quoting of this line and the one before it",
    ), mark


_CLOSING = {"[": "]", "{": "}"}
_KIND = {"[": "list", "{": "mapping"}


def _bracket(problem: str, context: str) -> str | None:
    if "flow sequence" in context or "',' or ']'" in problem:
        return "["
    if "flow mapping" in context or "',' or '}'" in problem:
        return "{"
    return None


def _syntax(what: str, hint: str) -> str:
    return f"YAML syntax error: {what}. Hint: {hint}"


def _char_at(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.split("\n", mark.line + 1)
    if mark.line >= len(lines):
        return ""
    line = lines[mark.line]
    return line[mark.column] if mark.column < len(line) else ""


def _reader_problem(text: str, path: Path) -> Problem:
    """The reader stops at a character YAML does not allow in a file; find it to name and place it."""
    found = _NOT_YAML_PRINTABLE.search(text)
    if found is None:
        return Problem(path, "YAML syntax error: the file holds a character YAML does not allow")
    offset = found.start()
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    code = ord(found.group())
    message = (
        f"YAML syntax error: the file holds the control character U+{code:04X} ({printable(found.group())}), "
        "which YAML does not allow. Hint: remove it; a text that needs it can write it as an escape in "
        f'double quotes ("\\u{code:04X}")'
    )
    return Problem(path, message, line, column)
