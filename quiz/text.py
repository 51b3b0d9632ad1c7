"""Text from a file, made safe to show: the one rule every screen, toast and command line follows.

Bank and profile files may come from strangers, so their text is shown literally (never parsed as
markup, Markdown or HTML) and no character of it can act on the terminal: control characters are
shown as visible symbols instead of being sent. Everything else, including HL7's `^~\\&` and
`<VT>`, is kept exactly as written. Line breaks and indentation are kept; tabs become spaces.
"""

from __future__ import annotations

import re

TAB_SIZE = 4

# C0 controls (except the line feed), DEL, C1 controls, bidirectional overrides and isolates (which
# could make text read differently from what it says), and lone surrogates (which cannot be encoded)
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␛ for ESC, ␍ for CR, ␇ for BEL ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"⟨U+{code:04X}⟩"


def has_unsafe_characters(text: str) -> bool:
    """Whether `text` holds a character that display would replace (tabs aside)."""
    return _UNSAFE.search(text) is not None


def unsafe_characters(text: str) -> list[str]:
    """The distinct unsafe characters of `text`, named as they are shown (for warnings)."""
    return sorted({_visible(m) for m in _UNSAFE.finditer(text)})


def printable(text: str) -> str:
    """`text` as it may be shown: control characters made visible, tabs expanded, line breaks kept,
    the trailing line break of a YAML block removed. Nothing else changes."""
    if "\t" in text:
        text = "\n".join(line.expandtabs(TAB_SIZE) for line in text.split("\n"))
    return _UNSAFE.sub(_visible, text.rstrip("\n"))


def printable_line(text: str) -> str:
    """`printable(text)` for a place that has one line (a table row, a title bar): a line break
    inside it is shown as its symbol, ␊, rather than pushing the rest out of sight."""
    return printable(text).replace("\n", "\u240a")


def counted(number: int, noun: str) -> str:
    """ "1 question", "2 questions" (nouns that take an s)."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
