"""HTML a source holds (a GIFT `[html]` text, an Anki field) as the plain text a bank keeps: what a
browser would show, its line breaks kept. Whitespace runs collapse as HTML collapses them, except
inside `<pre>`; block elements and `<br>` end lines; tags go; entities are decoded (`&amp;` -> `&`).
Every change is named, so an import can report what it converted."""

from __future__ import annotations

import html
import re

# the elements that start or end a line, as browsers (and Anki's own html_to_text) treat them
_BR = re.compile(r"<br\s*/?>", re.I)
_BLOCKS = re.compile(
    r"</?(?:address|article|aside|blockquote|dd|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|"
    r"header|hr|li|main|nav|ol|p|pre|section|table|tfoot|tr|ul)\b[^>]*>",
    re.I,
)
_BLOCK_MARK = "\ufdd0"  # a noncharacter: never in a text
_HIDDEN = re.compile(r"<!--.*?-->|<(style|script)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_PRE = re.compile(r"(<pre\b[^>]*>)(.*?)(</pre\s*>)", re.I | re.S)
_MEDIA = re.compile(r"<(?:img|audio|video|object|source)\b|\[sound:[^\]]*\]", re.I)


def has_media(text: str) -> bool:
    """Whether HTML shows an image or plays a sound (which a text file does not carry)."""
    return bool(_MEDIA.search(text))


def html_to_text(source: str) -> tuple[str, list[str]]:
    """The text `source` shows, and what was done to get it ("HTML tags taken out", ...)."""
    changes: list[str] = []
    text = _HIDDEN.sub("", source)
    parts: list[str] = []
    last = 0
    for match in _PRE.finditer(text):  # a <pre> keeps its spaces and line breaks
        parts.append(_collapse(text[last : match.start()]))
        parts.append(match.group(1) + match.group(2).replace("\n", "<br>") + match.group(3))
        last = match.end()
    parts.append(_collapse(text[last:]))
    text = "".join(parts)
    text = _BR.sub("\n", text)
    # a block ends the line it follows and starts its own: one line break, however many blocks meet
    text = re.sub(f"\n?{_BLOCK_MARK}+\n?", "\n", _BLOCKS.sub(_BLOCK_MARK, text))
    text = _TAG.sub("", text)
    if _TAG.search(source) or _HIDDEN.search(source):
        changes.append("HTML tags taken out")
    decoded = html.unescape(text).replace("\xa0", " ")
    if decoded != text:
        changes.append("HTML entities decoded")
    lines = [line.rstrip(" ") for line in decoded.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n ")
    return text, changes


def _collapse(text: str) -> str:
    return re.sub(r"[ \t\r\n\f]+", " ", text)
