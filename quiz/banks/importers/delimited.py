"""Delimited text (a CSV or TSV sheet, Anki's notes in plain text) split into records the way
spreadsheets and Anki's own reader (Rust's csv crate) split it: a cell may be quoted ("..." with ""
for a quote, so it can hold the delimiter and line breaks), a record ends at a line break outside
quotes, blank lines hold no record, and, for Anki, a record that starts with # is a comment.

Python's csv module is not used: it cannot say on which line a record starts, knows no comment
lines, and its limit on a cell is a process-wide setting that raises mid-file. Here each record
carries its line, and a record with an oversized cell or a quote never closed is a located problem
(the first skipped, the second ends the file), never an exception."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

MAX_CELL = 65_536  # characters in one cell: far more than any question, far less than a hostile file


@dataclass(frozen=True)
class Record:
    line: int  # where it starts (1-based)
    cells: list[str] = field(default_factory=list)
    problem: str = ""  # set when the record could not be read; its cells are then empty


def records(text: str, delimiter: str, *, comments: bool = False, max_cell: int = MAX_CELL) -> Iterator[Record]:
    """Every record of `text` (line breaks CRLF, CR or LF) split at `delimiter`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    stop = re.compile(f"[{re.escape(delimiter)}\n]")
    position, line, end = 0, 1, len(text)
    while position < end:
        start_line = line
        if text[position] == "\n":  # a blank line
            position, line = position + 1, line + 1
            continue
        if comments and text[position] == "#":
            newline = text.find("\n", position)
            position, line = (end if newline < 0 else newline + 1), line + 1
            continue
        cells: list[str] = []
        while True:
            cell = ""
            if text.startswith('"', position):
                closed = _quoted(text, position)
                if closed is None:
                    yield Record(
                        start_line,
                        problem=f'a quoted cell opened on line {line} is never closed (a " without its pair)',
                    )
                    return
                cell, after = closed
                line += text.count("\n", position, after)
                position = after
            found = stop.search(text, position)
            until = end if found is None else found.start()
            cell += text[position:until]  # after a closing quote, as spreadsheets do: `"ab"c` is abc
            cells.append(cell)
            position = until
            if position >= end or text[position] == "\n":
                position, line = position + 1, line + 1
                break
            position += 1  # the delimiter
        longest = max(cells, key=len)
        if len(longest) > max_cell:
            yield Record(start_line, problem=f"a cell of {len(longest):,} characters; at most {max_cell:,} are read")
        else:
            yield Record(start_line, cells)


def _quoted(text: str, position: int) -> tuple[str, int] | None:
    """The content of the quoted cell opening at `position` and where it ends, or None if it never does."""
    parts: list[str] = []
    index = position + 1
    while True:
        quote = text.find('"', index)
        if quote < 0:
            return None
        parts.append(text[index:quote])
        if text.startswith('"', quote + 1):  # "" is a quote inside the cell
            parts.append('"')
            index = quote + 2
            continue
        return "".join(parts), quote + 1
