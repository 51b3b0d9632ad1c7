"""`quiz optimize` as a person runs it, in the test's own QUIZ_HOME."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from benchmarks.learners import DEFAULTS, FORGETS_FASTER, learner_reviews
from quiz.cli import main
from quiz.cli.optimizing import REFUSED
from quiz.paths import UserPaths
from quiz.store.progress import ProgressStore


def seed(
    paths: UserPaths, true_parameters: tuple[float, ...] = FORGETS_FASTER, *, questions: int = 800, days: int = 120
) -> None:
    with ProgressStore.open(paths.progress, datetime.now(UTC)) as store:
        store.record_reviews(learner_reviews(true_parameters, seed=1, questions=questions, days=days))


def files(folder: Path, *, caches: bool = True) -> dict[str, bytes]:
    """The progress files (with `caches`, the hidden ones too: a writable open may record a check)."""
    return {
        path.name: path.read_bytes()
        for path in sorted(folder.iterdir())
        if path.name != "store.lock" and (caches or not path.name.startswith("."))
    }


def said(capsys: pytest.CaptureFixture[str]) -> str:
    """What was printed, its lines (wrapped to the terminal) joined: the words, not where they break."""
    return " ".join(capsys.readouterr().out.split())


def test_below_the_minimum_it_refuses_plainly_and_keeps_the_defaults(
    paths: UserPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(paths, questions=60, days=20)
    before = files(paths.progress, caches=False)
    assert main(["optimize"]) == REFUSED
    out = said(capsys)
    assert "Not enough reviews to fit FSRS to you yet" in out
    assert "at least 400 reviews and 100 such questions" in out and "default parameters stay in use" in out
    assert "Warning: Too few questions answered again on a later day: 60" in out
    assert files(paths.progress, caches=False) == before


def test_a_fit_that_wins_is_saved_with_its_scores_and_reset_goes_back(
    paths: UserPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(paths)
    assert main(["optimize"]) == 0
    out = said(capsys)
    assert "In use: FSRS's default parameters." in out
    assert "Verdict: switch to the fitted parameters" in out and "Saved:" in out
    assert "Log loss:" in out and "RMSE(bins):" in out
    with ProgressStore.open(paths.progress, datetime.now(UTC), read_only=True) as store:
        fitted = store.settings.fsrs_parameters
        assert fitted is not None and fitted.parameters != DEFAULTS
        assert fitted.log_loss < fitted.replaced_log_loss
    assert (paths.progress / "rescheduled.json").exists()
    assert main(["settings", "fsrs"]) == 0
    assert capsys.readouterr().out == f"fitted on {fitted.fitted_on.isoformat()} to {fitted.reviews:,} reviews\n"

    assert main(["optimize", "--dry-run"]) == 0  # the fit again: the same parameters, so they stay
    out = said(capsys)
    assert f"In use: parameters fitted on {fitted.fitted_on.isoformat()}" in out
    assert "keep the parameters in use" in out

    assert main(["optimize", "--reset"]) == 0
    assert "default parameters are in use again" in said(capsys)
    with ProgressStore.open(paths.progress, datetime.now(UTC), read_only=True) as store:
        assert store.settings.fsrs_parameters is None
    assert main(["settings", "fsrs"]) == 0
    assert capsys.readouterr().out == "defaults\n"


def test_a_dry_run_writes_nothing(paths: UserPaths, capsys: pytest.CaptureFixture[str]) -> None:
    seed(paths)
    before = files(paths.progress)
    assert main(["optimize", "--dry-run"]) == 0
    out = said(capsys)
    assert "Verdict: switch to the fitted parameters" in out and "Dry run: nothing was saved." in out
    assert files(paths.progress) == before


def test_json_gives_both_scores_and_the_verdict(paths: UserPaths, capsys: pytest.CaptureFixture[str]) -> None:
    seed(paths, DEFAULTS)
    assert main(["optimize", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["refused"] is False and data["switch"] is False and data["saved"] is False
    assert data["current"]["parameters"] == list(DEFAULTS)
    assert len(data["fitted"]["parameters"]) == 21
    assert {"log_loss", "rmse_bins", "reviews"} <= set(data["current"]) & set(data["fitted"])
    assert data["health"]["enough"] is True and data["held_out"] == data["current"]["reviews"]


def test_json_says_why_it_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["optimize", "--json"]) == REFUSED
    data = json.loads(capsys.readouterr().out)
    assert data["refused"] is True and "400" in data["reason"] and data["health"]["reviews"] == 0


def test_reset_and_dry_run_do_not_go_together(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["optimize", "--reset", "--dry-run"])
    assert "do not go together" in capsys.readouterr().err
