"""What the typed-answer kinds share: a response is the text the candidate typed (trimmed), None
while nothing is typed; nothing is shuffled, so a presentation is empty."""

from __future__ import annotations

import random
import unicodedata
from typing import Any

from quiz.kinds.base import Kind, Presentation, Response
from quiz.models import Question

MAX_TYPED = 200  # characters kept of a typed answer


def normalised(text: str) -> str:
    """How typed answers are compared: Unicode NFKC, case folded, inner spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


class TypedKind(Kind):
    """A kind answered by typing a line."""

    def present(self, question: Question, rng: random.Random) -> Presentation:
        return {}

    def guess_floor(self, question: Question) -> float:
        return 0.0

    def fits(self, question: Question, presentation: Presentation) -> bool:
        return isinstance(question, self.question_class) and presentation == {}

    def check_response(self, response: object, question_size: int | None = None) -> None:
        if response is None:
            return
        if not isinstance(response, str) or not response.strip() or len(response) > MAX_TYPED:
            raise ValueError(f"{response!r} is not a typed answer of 1 to {MAX_TYPED} characters")

    def check_presentation(self, presentation: object) -> int:
        if presentation != {}:
            raise ValueError(f"{presentation!r} is not the empty presentation of a typed answer")
        return 0

    def response_text(self, response: Response) -> str:
        return response if isinstance(response, str) else ""

    def typed(self, text: str) -> Response:
        """What typing `text` and pressing Enter gives (None: nothing typed)."""
        text = text.strip()[:MAX_TYPED]
        return text or None

    def refusal(self, question: Question, text: str) -> str | None:
        """Why a typed text cannot be taken as an answer (None: it can)."""
        return None

    def check_texts(self, data: dict[str, Any], field: str) -> list[str]:
        values = data.get(field)
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
            raise ValueError(f"{field} {values!r} is not a list of texts")
        return values
