"""Question kinds: what a question is made of, how it is shown, how a response to it is graded.

Each kind is one module (`quiz.kinds.choice`, `true_false`, `ordering`, `matching`, `short_answer`,
`numeric`) with a `Kind`: the question's class, how it is presented (shuffled), how a response is
graded, its guessing floor, how a response is checked and written out. Sessions, results and the
store carry responses and presentations as opaque JSON values that only the question's kind reads,
so a new kind is added in its own module and registered here.
"""

from __future__ import annotations

# the kinds that exist; importing the package registers them
from quiz.kinds import choice as _choice  # noqa: F401  (registers itself)
from quiz.kinds import matching as _matching  # noqa: F401
from quiz.kinds import numeric as _numeric  # noqa: F401
from quiz.kinds import ordering as _ordering  # noqa: F401
from quiz.kinds import short_answer as _short_answer  # noqa: F401
from quiz.kinds import true_false as _true_false  # noqa: F401
from quiz.kinds.base import Kind, Presentation, Response, kind_named, kind_names, kind_of, register

__all__ = ["Kind", "Presentation", "Response", "kind_named", "kind_names", "kind_of", "register"]
