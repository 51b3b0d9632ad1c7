"""Rich text (Moodle's `html` and `moodle_auto_format`) as the bank's plain text, which is shown
literally: the tags are taken out and what they meant for the reader is kept in characters.

What a browser would show is what is kept: runs of spaces and line breaks in the source collapse to
one space (HTML's rule), `<br>` is a line break, a block (`<p>`, `<div>`, a heading, a list, a table)
starts a new paragraph, `<pre>` keeps every character and line as written, a list item becomes a
line with "- " (or its number), table cells are kept apart by " | ", a superscript keeps a "^"
(10^6), and a link keeps its address after its text. Entities are decoded; a character written as
a reference (`&#32;`, `&#13;`) is kept as that character and never collapsed, which is how the
bank's own Moodle export writes the spaces and carriage returns that must survive. Images are
taken out and listed (an embedded one, `@@PLUGINFILE@@/name`, becomes an image exhibit, and a
caption "Exhibit N: <its title>" just before it goes with it); the content of `<script>` and
`<style>` is not text anyone reads and is left out.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

PLUGINFILE = "@@PLUGINFILE@@/"
_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "dd", "div", "dl", "figcaption", "figure", "footer"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "section", "table", "ul"),
    }
)
_LINES = frozenset({"dt", "tr", "caption"})
_HIDDEN = frozenset({"script", "style", "head", "title", "template"})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML collapses these, never a no-break space


@dataclass(frozen=True)
class Image:
    src: str
    alt: str
    title: str

    @property
    def embedded_name(self) -> str | None:
        """The name of the file embedded in the question (`@@PLUGINFILE@@/name`), if it is one."""
        if not self.src.startswith(PLUGINFILE):
            return None
        return unquote(self.src[len(PLUGINFILE) :].split("?", 1)[0])


@dataclass
class Converted:
    text: str
    tags_removed: bool = False
    images: list[Image] = field(default_factory=list)


def from_html(source: str, *, newlines_are_breaks: bool = False) -> Converted:
    """`source` as plain text. `newlines_are_breaks`: Moodle's auto-format, where a line break in
    the source is one on screen too."""
    reader = _Reader(newlines_are_breaks)
    reader.feed(source)
    reader.close()
    return Converted(_render(reader.tokens, reader.images), reader.tags_removed, reader.images)


# tokens: ("text", collapsible text), ("literal", kept as is), ("verbatim", <pre> text), ("break",),
# ("line",) a new line unless at one, ("block",) a new paragraph unless at one, ("image", its index)
Token = tuple[str, str]


class _Reader(HTMLParser):
    def __init__(self, newlines_are_breaks: bool) -> None:
        super().__init__(convert_charrefs=False)
        self.newlines_are_breaks = newlines_are_breaks
        self.tokens: list[Token] = []
        self.tags_removed = False
        self.images: list[Image] = []
        self._pre = 0
        self._hidden = 0
        self._pre_started = False  # the first newline right after <pre> is not content (HTML's rule)
        self._lists: list[list[int]] = []  # [counter] per open list; -1 for a bulleted one
        self._cells = 0
        self._links: list[tuple[str, int]] = []  # (href, token index where its text starts)

    # -- markup --------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags_removed = True
        values = {name: value or "" for name, value in attrs}
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "br":
            self.tokens.append(("break", ""))
        elif tag == "pre":
            self.tokens.append(("block", ""))
            self._pre += 1
            self._pre_started = True
        elif tag == "img":
            self.images.append(Image(values.get("src", ""), values.get("alt", ""), values.get("title", "")))
            self.tokens.append(("image", str(len(self.images) - 1)))
        elif tag in ("ul", "ol"):
            self.tokens.append(("block", ""))
            self._lists.append([0 if tag == "ol" else -1])
        elif tag == "li":
            self.tokens.append(("line", ""))
            if self._lists and self._lists[-1][0] >= 0:
                self._lists[-1][0] += 1
                self.tokens.append(("literal", f"{self._lists[-1][0]}. "))
            else:
                self.tokens.append(("literal", "- "))
        elif tag == "tr":
            self.tokens.append(("line", ""))
            self._cells = 0
        elif tag in ("td", "th"):
            if self._cells:
                self.tokens.append(("literal", " | "))
            self._cells += 1
        elif tag == "sup":
            self.tokens.append(("literal", "^"))
        elif tag == "a":
            self._links.append((values.get("href", ""), len(self.tokens)))
        elif tag in _BLOCKS:
            self.tokens.append(("block", ""))
        elif tag in _LINES:
            self.tokens.append(("line", ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        self.tags_removed = True
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag == "pre":
            self._pre = max(0, self._pre - 1)
            self.tokens.append(("block", ""))
        elif tag in ("ul", "ol"):
            if self._lists:
                self._lists.pop()
            self.tokens.append(("block", ""))
        elif tag == "a" and self._links:
            href, start = self._links.pop()
            shown = " ".join(value for _, value in self.tokens[start:]).strip()
            if re.match(r"^(https?:|mailto:)", href) and href.removeprefix("mailto:") not in shown:
                self.tokens.append(("literal", f" ({href})"))
        elif tag in _BLOCKS:
            self.tokens.append(("block", ""))
        elif tag in _LINES:
            self.tokens.append(("line", ""))

    def handle_comment(self, data: str) -> None:
        self.tags_removed = True

    def handle_decl(self, decl: str) -> None:
        self.tags_removed = True

    def handle_pi(self, data: str) -> None:
        self.tags_removed = True

    def unknown_decl(self, data: str) -> None:
        self.tags_removed = True

    # -- text ----------------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._pre:
            if self._pre_started:
                data = data.removeprefix("\r\n").removeprefix("\n")
            self._pre_started = False
            if data:
                self.tokens.append(("verbatim", data))
            return
        if self.newlines_are_breaks:
            lines = data.split("\n")
            for number, line in enumerate(lines):
                if number:
                    self.tokens.append(("break", ""))
                if line:
                    self.tokens.append(("text", line))
        else:
            self.tokens.append(("text", data))

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")

    def _reference(self, written: str) -> None:
        if self._hidden:
            return
        character = html.unescape(written)
        self._pre_started = False
        self.tokens.append(("verbatim" if self._pre else "literal", character))


def _render(tokens: list[Token], images: list[Image]) -> str:
    out: list[str] = []
    pending_space = False

    def tail(size: int) -> str:
        return "".join(out[-size:])[-size:] if out else ""

    for kind, value in tokens:
        if kind == "text":
            collapsed = _HTML_SPACE.sub(" ", value)
            if collapsed.startswith(" ") and out and not tail(1).endswith("\n"):
                pending_space = True
            collapsed = collapsed.strip(" ")
            if collapsed:
                if pending_space:
                    out.append(" ")
                out.append(collapsed)
                pending_space = value[-1:] in " \t\n\r\f"
        elif kind in ("literal", "verbatim"):
            if pending_space and kind == "literal":
                out.append(" ")
            pending_space = False
            if value:
                out.append(value)
        elif kind == "break":
            pending_space = False
            out.append("\n")
        elif kind == "line":
            pending_space = False
            if out and not tail(1).endswith("\n"):
                out.append("\n")
        elif kind == "image":
            out = _without_caption(out, images[int(value)])
        elif kind == "block":
            pending_space = False
            ending = tail(2)
            missing = 2 - (len(ending) - len(ending.rstrip("\n")))
            if out and missing:
                out.append("\n" * missing)
    return "".join(out).strip("\n")  # spaces at either end were collapsed away, or were written to stay


def _without_caption(out: list[str], image: Image) -> list[str]:
    """The text so far, without a last paragraph "Exhibit N: <title>" that captions this embedded
    image (the bank's own export writes one): the image becomes an exhibit, which the app numbers."""
    title = image.title.strip()
    if image.embedded_name is None or not title:
        return out
    text = "".join(out)
    caption = re.search(r"(?:^|\n\n)Exhibit \d+: " + re.escape(title) + r"[ \t\n]*$", text)
    return [text[: caption.start()]] if caption else out


_MEDIA = re.compile(r"<(?:img|audio|video|object|source)\b|\[sound:[^\]]*\]", re.I)
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def has_media(text: str) -> bool:
    """Whether HTML shows an image or plays a sound (which a text file does not carry)."""
    return bool(_MEDIA.search(text))


def html_to_text(source: str) -> tuple[str, list[str]]:
    """The text `source` shows (as `from_html` reads it; a no-break space as a space, since a
    typed answer is compared with it), and what was done to get it, in the words an import report
    uses ("HTML tags taken out", "HTML entities decoded")."""
    converted = from_html(source)
    changes = ["HTML tags taken out"] if converted.tags_removed else []
    if _ENTITY.search(source) and html.unescape(source) != source:
        changes.append("HTML entities decoded")
    return converted.text.replace("\xa0", " "), changes
