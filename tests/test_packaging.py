"""The shipped banks and profiles travel inside the wheel, and `quiz validate` finds them there."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("imaging_quiz-*.whl")
    return built


def test_wheel_holds_banks_profiles_and_the_console_script(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "question_banks").rglob("*.yaml"))
    assert shipped
    for name in shipped:
        assert f"quiz/{name}" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "quiz = quiz.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_validates_its_own_banks(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import quiz.paths, sys; print(quiz.paths.shipped_banks_dir()); "
            "from quiz.cli import main; sys.exit(main(['validate']))",
        ],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "QUIZ_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(str(target / "quiz" / "question_banks"))
    assert "6 profiles, 0 errors" in result.stdout


def test_the_first_start_of_an_installed_wheel_reads_no_yaml(wheel: Path, tmp_path: Path) -> None:
    """The wheel carries its banks already checked: a fresh user folder starts warm (the start-up
    budget), and an edited shipped file is checked again rather than trusted."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "import sys\n"
        "from quiz.study import Study\n"
        "study = Study.open(); overview = study.overview(); study.close()\n"
        "print(overview.questions, len(study.library.profiles), len(study.library.problems),\n"
        "      sorted(m for m in ('pydantic', 'yaml') if m in sys.modules))\n"
    )
    env = {"PYTHONPATH": str(target), "QUIZ_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    first = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, check=True
    )
    questions, profiles, problems, heavy = first.stdout.split(maxsplit=3)
    assert int(questions) > 700 and profiles == "6" and problems == "0" and heavy.strip() == "[]"
    bank = next((target / "quiz" / "question_banks").glob("procurement.yaml"))
    bank.write_text(bank.read_text().replace("title:", "title: Edited -", 1))
    edited = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "QUIZ_HOME": str(tmp_path / "other")},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "'yaml'" in edited.stdout  # the edited file was parsed and checked, not served from the wheel
