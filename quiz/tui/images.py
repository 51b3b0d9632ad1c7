"""Image exhibits drawn in the terminal (textual-image: Kitty or Sixel graphics where the terminal
has them, coloured half cells elsewhere). textual-image asks the terminal its cell size when it is
imported, which only works before the app takes the screen, so `prepare` imports it at start-up,
and only when a loaded question has an image exhibit (every other start pays nothing)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.widget import Widget

    from quiz.models import Question

_IMAGE: Any = None  # textual_image.widget.Image, once prepared
IMAGE_ROWS = 12  # the height an image takes above the question; v shows it larger


def has_images(questions: Iterable[Question]) -> bool:
    return any(exhibit.kind == "image" for question in questions for exhibit in question.all_exhibits)


def prepare(questions: Iterable[Question] | bool) -> bool:
    """Make image exhibits drawable (before the app starts) when `questions` have images (or it is
    True: a bank's summaries say so); False when there are none or the terminal cannot be asked
    (then each image is named, and o opens it)."""
    global _IMAGE
    if _IMAGE is not None:
        return True
    if not (questions if isinstance(questions, bool) else has_images(questions)):
        return False
    try:
        from textual_image.widget import Image
    except Exception:
        return False
    _IMAGE = Image
    return True


def image_widget(path: str, *, rows: int = IMAGE_ROWS) -> Widget | None:
    """The image drawn in `rows` lines, or None when images were not prepared or the file cannot be read."""
    if _IMAGE is None:
        return None
    try:
        from PIL import Image as PILImage

        with PILImage.open(path) as picture:
            picture.load()
            widget: Widget = _IMAGE(picture.copy(), classes="exhibit-image")
    except (OSError, ValueError):
        return None
    widget.styles.height = rows
    widget.styles.width = "auto"
    return widget
