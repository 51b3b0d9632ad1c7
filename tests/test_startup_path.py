"""The start-up shortcuts keep behaviour: the time they save is budgeted (benchmarks/startup.py)."""

from __future__ import annotations

import gc

import pytest

from quiz import cli
from quiz.store.files import StoreError
from quiz.study import Study


def test_no_arguments_is_what_the_parser_makes_of_an_empty_command_line() -> None:
    args = cli.build_parser().parse_args([])
    args.bank = [*args.top_bank, *getattr(args, "bank", [])]  # as `_main` completes it
    args.all_attributes = args.top_all_attributes or getattr(args, "all_attributes", False)
    assert args == cli.no_arguments()


@pytest.mark.parametrize("argv", [[], None])
def test_plain_quiz_opens_the_app_without_the_parser(argv: list[str] | None, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = []
    monkeypatch.setattr(cli.sys, "argv", ["quiz"])
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("the parser was built"))
    monkeypatch.setattr(cli, "_run_app", lambda args: opened.append(args) or 0)
    assert cli.main(argv) == 0
    assert opened == [cli.no_arguments()]


def test_the_collector_is_back_on_when_the_app_cannot_start(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> Study:
        assert not gc.isenabled()  # paused for the start-up
        raise StoreError("the progress folder is locked")

    monkeypatch.setattr(Study, "open", refuse)
    assert cli.main([]) == 1
    assert gc.isenabled()
