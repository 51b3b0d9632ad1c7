"""The architecture holds: the core never imports Textual (it must run, and be tested, without a
screen), and the layers of pyproject.toml's import contracts import only downwards."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import quiz

CORE_MODULES = sorted(
    m.name for m in pkgutil.walk_packages(quiz.__path__, "quiz.") if not m.name.startswith("quiz.tui")
)


def test_core_modules_exist() -> None:
    assert {"quiz.models", "quiz.banks.loader", "quiz.session.blueprint", "quiz.cli"} <= set(CORE_MODULES)


def test_core_imports_no_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    if name != 'quiz.__main__': importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad)\n"
        "raise SystemExit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_import_contracts_hold() -> None:
    """`lint-imports` over pyproject.toml's contracts (import-linter): every import, at any depth and
    inside functions too, follows the layers."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_a_warm_start_imports_no_validation_parsing_or_scheduler(tmp_path: Path) -> None:
    """Start-up is budgeted: with an unchanged bank cache, Home needs no validation or parsing, and
    its due counts come from the store's due dates, so no FSRS scheduler either."""
    env = {**os.environ, "QUIZ_HOME": str(tmp_path)}
    fill = "from quiz.study import Study; Study.open().close()"
    subprocess.run([sys.executable, "-c", fill], env=env, check=True, capture_output=True)
    code = (
        "import sys\n"
        "from quiz.study import Study\n"
        "study = Study.open(); study.overview(); study.close()\n"
        "import quiz.tui.app\n"
        "heavy = ('pydantic', 'yaml', 'pydicom', 'hl7apy', 'markdown_it', 'fsrs')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
