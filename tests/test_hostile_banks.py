"""Bank files are untrusted input: special files, unreadable folders and any code point in any field
must give a clear problem, never a hang, a traceback or a raw control character on the terminal."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.cli import main
from quiz.library import Library
from quiz.paths import UserPaths
from tests.conftest import FIXTURES

# a regression (reading a FIFO or /dev/zero to the end) must fail the test, not hang the suite
TIMEOUT = 60
LOAD = (
    "import sys\n"
    "from pathlib import Path\n"
    "from quiz.library import Library\n"
    "library = Library.load(extra_banks=[Path(p) for p in sys.argv[1:]], drills=False)\n"
    "print(len(library.banks), 'banks loaded')\n"
    "for problem in library.problems: print(problem)\n"
)


def _run(args: list[str], home: Path, *, unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, *args]
    if unprivileged and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("setpriv is not installed: cannot drop root, and root reads a chmod-000 folder anyway")
        command = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    env = {**os.environ, "QUIZ_HOME": str(home), "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(args)} did not finish in {TIMEOUT} s (reading a special file to the end?)")


def _clean(result: subprocess.CompletedProcess[str]) -> str:
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "MemoryError" not in output, output
    return output


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


def test_validate_refuses_a_fifo_and_a_device_without_reading_them(fifo: Path, tmp_path: Path) -> None:
    for path, kind in ((fifo, "a named pipe (FIFO), not a regular file"), (Path("/dev/zero"), "a device")):
        result = _run(["-m", "quiz", "validate", str(path)], tmp_path)
        assert kind in _clean(result)
        assert result.returncode == 1 and result.stdout.endswith(", 1 error\n")


def test_the_app_skips_special_files_as_banks_and_cache_entries(fifo: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "banks").mkdir(parents=True)
    os.mkfifo(home / "banks" / "in-the-folder.yaml")
    shutil.copy(FIXTURES / "good" / "good-bank.yaml", home / "banks" / "good.yaml")
    output = _clean(_run(["-c", LOAD, str(fifo), "/dev/zero"], home))
    assert output.count("not a regular file") == 3, output
    loaded = int(output.split()[0])
    # every cache entry replaced by a FIFO: the next start must still load every bank, by parsing them
    entries = list((home / "cache" / "banks").iterdir())
    assert entries
    for entry in entries:
        entry.unlink()
        os.mkfifo(entry)
    again = _clean(_run(["-c", LOAD, str(fifo)], home))
    assert int(again.split()[0]) == loaded
    assert all(stat.S_ISREG(entry.stat().st_mode) for entry in entries)  # rebuilt as files


def test_a_file_larger_than_its_reported_size_is_still_bounded(tmp_path: Path) -> None:
    from quiz.banks.safe_files import UnreadableFile, read_regular_file

    status = Path("/proc/self/status")  # a regular file whose st_size is 0, yet it holds about 1 KiB
    if not status.exists() or status.stat().st_size != 0:
        pytest.skip("needs Linux's /proc, whose files report a size of 0")
    with pytest.raises(UnreadableFile, match="more than"):
        read_regular_file(status, 64)
    assert read_regular_file(status, 1 << 20).startswith(b"Name:")


@contextlib.contextmanager
def _unreadable_folder() -> Iterator[tuple[Path, Path]]:
    """(a home that an unprivileged user may enter, a bank folder in it that nobody may open)."""
    home = Path(tempfile.mkdtemp(prefix="quiz-perm-"))
    banks = home / "banks"
    try:
        home.chmod(0o755)
        banks.mkdir()
        shutil.copy(FIXTURES / "good" / "good-bank.yaml", banks / "good.yaml")
        banks.chmod(0)
        yield home, banks
    finally:
        banks.chmod(0o755)
        shutil.rmtree(home, ignore_errors=True)


def _assert_cannot_open(folder: Path, home: Path) -> None:
    """As root a chmod-000 folder is readable: the test is meaningful only if opening really fails."""
    probe = _run(["-c", "import os, sys; os.listdir(sys.argv[1])", str(folder)], home, unprivileged=True)
    assert probe.returncode != 0 and "PermissionError" in probe.stderr, probe.stdout + probe.stderr


def test_an_unreadable_bank_folder_given_with_bank_is_reported_and_skipped() -> None:
    with _unreadable_folder() as (home, banks):
        folder = home / "given"
        banks.chmod(0o755)
        banks.rename(folder)
        banks.mkdir()  # the user's own folder is fine here
        folder.chmod(0)
        try:
            _assert_cannot_open(folder, home)
            output = _clean(_run(["-c", LOAD, str(folder)], home, unprivileged=True))
            assert int(output.split()[0]) > 0  # the shipped banks still load
            assert f"{folder}: cannot open the folder: Permission denied; the files in it are skipped" in output
            result = _run(["-m", "quiz", "validate", str(folder)], home, unprivileged=True)
            assert "cannot open the folder: Permission denied" in _clean(result) and result.returncode == 1
        finally:
            folder.chmod(0o755)


def test_an_unreadable_user_bank_folder_is_reported_and_skipped() -> None:
    with _unreadable_folder() as (home, banks):
        _assert_cannot_open(banks, home)
        output = _clean(_run(["-c", LOAD], home, unprivileged=True))
        assert int(output.split()[0]) > 0
        assert f"{banks}: cannot open the folder: Permission denied" in output
        result = _run(["-m", "quiz", "validate"], home, unprivileged=True)
        assert f"{banks}: cannot open the folder" in _clean(result) and result.returncode == 1


def _assert_printable(output: str) -> None:
    for character in output:
        code = ord(character)
        assert character == "\n" or not (code < 0x20 or 0x7F <= code <= 0x9F), repr(character)


def _validate_output(path: Path) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main(["validate", str(path)])
    return out.getvalue() + err.getvalue()


def test_escapes_quoted_from_a_rejected_file_never_reach_the_terminal(tmp_path: Path) -> None:
    osc52 = "\x1b]52;c;cm0gLXJmIH4=\x07"
    bank = {
        "bank": "b\x1b[2J",
        "title": "T",
        "questions": [
            {
                "id": "q",
                "domain": "image-management",
                "question": "Q?",
                "choices": [osc52, osc52],
                "answer": "A",
                f"key{osc52}": 1,
            }
        ],
    }
    path = tmp_path / "evil\x1b[2J.yaml"
    path.write_text(yaml.safe_dump(bank), "utf-8")
    output = _validate_output(path)
    assert "choices A and B are the same" in output and "unknown field 'key␛]52;c;cm0gLXJmIH4=␇'" in output
    _assert_printable(output)


# every code point: controls, C1, bidirectional overrides, lone surrogates, unassigned
ANY_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None, codec=None), max_size=12)


def _field(value: object) -> st.SearchStrategy[object]:
    return st.one_of(st.just(value), ANY_TEXT)


@st.composite
def hostile_files(draw: st.DrawFn) -> tuple[dict[object, object], str]:
    question: dict[object, object] = {
        "id": draw(_field("q1")),
        "domain": draw(_field("image-management")),
        "question": draw(_field("Q?")),
        "choices": draw(st.lists(_field("x"), min_size=1, max_size=3)),
        "answer": draw(_field("A")),
        "explanation": draw(_field("E")),
        "references": draw(st.lists(ANY_TEXT, max_size=2)),
        "topics": draw(st.lists(_field("dicom"), max_size=2)),
        "difficulty": draw(_field("easy")),
    }
    question.update(draw(st.dictionaries(ANY_TEXT, ANY_TEXT, max_size=2)))
    if draw(st.booleans()):
        data: dict[object, object] = {
            "bank": draw(_field("b")),
            "title": draw(_field("T")),
            "description": draw(_field("D")),
            "questions": [question],
        }
    else:
        data = {
            "id": draw(_field("p")),
            "title": draw(_field("P")),
            "notes": draw(ANY_TEXT),
            "questions": 5,
            "domains": {draw(_field("operations")): 1},
        }
    data.update(draw(st.dictionaries(ANY_TEXT, ANY_TEXT, max_size=2)))
    # written by a YAML dumper (escapes), or raw (so the reader meets the characters themselves)
    how = draw(st.sampled_from(["escaped", "unicode", "raw"]))
    return data, how


@settings(max_examples=150, deadline=None)
@given(hostile_files())
def test_validate_output_never_carries_a_control_character(case: tuple[dict[object, object], str]) -> None:
    data, how = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bank.yaml"
        if how == "raw":
            text = "".join(f"{key}: {value}\n" for key, value in data.items() if not isinstance(value, list | dict))
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
        else:
            path.write_text(yaml.safe_dump(data, allow_unicode=how == "unicode"), "utf-8", errors="surrogatepass")
        _assert_printable(_validate_output(path))


def test_warnings_stay_apart_from_load_problems(paths: UserPaths) -> None:
    paths.banks.mkdir(parents=True)
    text = (FIXTURES / "good" / "good-bank.yaml").read_text("utf-8").replace("Calling AE Title", '"**Calling**"')
    (paths.banks / "bold.yaml").write_text(text, "utf-8")
    library = Library.load(paths, drills=False)
    assert not library.problems and not library.failed
    assert [p.line for p in library.warnings] == [13]


def test_validate_on_an_ascii_only_terminal_escapes_what_it_cannot_show(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(
        "bank: b\ntitle: T\nquestions:\n  - id: q\n    domain: image-management\n"
        '    question: "Q\\e?"\n    choices: [a, b]\n    answer: A\n    "cl\\xe9\\e": 1\n',
        "utf-8",
    )
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    result = subprocess.run(
        [sys.executable, "-m", "quiz", "validate", str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert "unknown field 'cl\\xe9\\u241b'" in result.stdout and "shown as \\u241b" in result.stdout
