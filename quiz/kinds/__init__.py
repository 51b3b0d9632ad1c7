"""Question kinds: what a question is made of, how it is shown, how a response to it is graded.

Each kind is one module (`quiz.kinds.choice`, `true_false`, `ordering`, `matching`, `short_answer`,
`numeric`) with a `Kind`: the question's class, how it is presented (shuffled), how a response is
graded, its guessing floor, how a response is checked and written out. Sessions, results and the
store carry responses and presentations as opaque JSON values that only the question's kind reads,
so a new kind is added in its own module and named in `quiz.kinds.base.KIND_MODULES`.

The kinds' modules are imported when a kind is first asked for (`kind_named`, `kind_names`,
`load_kinds`), not with this package: a start that reads no question (Home) never imports them.
"""

from __future__ import annotations

from quiz.kinds.base import Kind, Presentation, Response, kind_named, kind_names, kind_of, load_kinds, register

__all__ = ["Kind", "Presentation", "Response", "kind_named", "kind_names", "kind_of", "load_kinds", "register"]
