"""Screens' actions that save progress: a failed write (a full disk, a read-only folder) is shown with
"try again" or "quit" instead of ending the app with a traceback. The session itself is left as it
was before the failed change (the core commits a change only after it is on disk)."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, ParamSpec, Protocol, TypeVar, cast

from textual.dom import DOMNode

from quiz.errors import StoreWriteError

P = ParamSpec("P")
R = TypeVar("R")


class ReportsWriteFailures(Protocol):
    def write_failed(self, error: StoreWriteError, retry: Callable[[], object] | None) -> None: ...


def saving(method: Callable[P, R]) -> Callable[P, R | None]:
    """Decorate a screen method that writes; on StoreWriteError the App asks what to do, and "try
    again" calls the method again with the same arguments."""

    @functools.wraps(method)
    def run(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return method(*args, **kwargs)
        except StoreWriteError as error:
            report_failed_write(args[0], error, lambda: run(*args, **kwargs))
            return None

    return run


def saving_async(method: Callable[P, Awaitable[R]]) -> Callable[P, Coroutine[Any, Any, R | None]]:
    """`saving` for a coroutine method."""

    @functools.wraps(method)
    async def run(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return await method(*args, **kwargs)
        except StoreWriteError as error:
            report_failed_write(args[0], error, lambda: run(*args, **kwargs))
            return None

    return run


def report_failed_write(node: object, error: StoreWriteError, retry: Callable[[], object] | None) -> None:
    """Ask the App what to do about a failed write (`retry`: what "try again" runs; None: nothing,
    the caller tries again by itself)."""
    assert isinstance(node, DOMNode)
    app = cast(ReportsWriteFailures, node.app)
    app.write_failed(error, retry)
