"""The core never imports Textual: it must run (and be tested) without a screen."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import quiz

CORE_MODULES = sorted(
    m.name for m in pkgutil.walk_packages(quiz.__path__, "quiz.") if not m.name.startswith("quiz.tui")
)


def test_core_modules_exist() -> None:
    assert {"quiz.models", "quiz.bank_loader", "quiz.blueprint", "quiz.cli"} <= set(CORE_MODULES)


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
