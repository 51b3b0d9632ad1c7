"""Opening a question in the user's editor (issue 19): its line in the bank file, the editor's
command line, and a shipped bank edited as a copy that then replaces it when banks load."""

from __future__ import annotations

from pathlib import Path

from quiz.banks.editing import copy_for_editing, editor_command, question_line
from quiz.banks.validate import default_sources, validate_sources
from quiz.library import Library
from quiz.paths import shipped_banks_dir, user_paths


def test_the_line_of_a_question_quoted_or_not_and_never_a_prefix(tmp_path: Path) -> None:
    bank = tmp_path / "b.yaml"
    bank.write_text(
        "bank: b\ntitle: B\nquestions:\n  - id: store\n    question: x\n  - id: 'store-2'  # a note\n"
        '    question: y\n  -   id: "q.3"\n'
    )
    assert question_line(bank, "store") == 4
    assert question_line(bank, "store-2") == 6
    assert question_line(bank, "q.3") == 8
    assert question_line(bank, "stor") is None and question_line(tmp_path / "none.yaml", "x") is None


def test_the_editor_comes_from_visual_then_editor_then_vi() -> None:
    path = Path("/b/x.yaml")
    assert editor_command(path, 7, {"VISUAL": "code --wait", "EDITOR": "nano"}) == ["code", "--wait", "+7", "/b/x.yaml"]
    assert editor_command(path, 7, {"EDITOR": "nano"}) == ["nano", "+7", "/b/x.yaml"]
    assert editor_command(path, None, {}) == ["vi", "/b/x.yaml"]


def test_a_copy_of_a_shipped_bank_replaces_it_and_an_earlier_copy_is_kept() -> None:
    shipped = sorted(shipped_banks_dir().glob("*.yaml"))[0]
    banks = user_paths().banks
    copy = copy_for_editing(shipped, banks)
    assert copy == banks / shipped.name and copy.read_bytes() == shipped.read_bytes()
    lines = copy.read_text().splitlines(keepends=True)
    title = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[title] = "title: My edited copy\n"
    copy.write_text("".join(lines))
    assert copy_for_editing(shipped, banks) == copy and "My edited copy" in copy.read_text()  # kept
    library = Library.load(drills=False)
    loaded = [b for b in library.banks if b.path in (copy, shipped)]
    assert [b.path for b in loaded] == [copy] and not loaded[0].shipped, library.problems
    assert loaded[0].bank.title == "My edited copy"
    assert any("replaces the shipped bank" in w.message for w in library.warnings)
    assert not library.problems
    sources, problems = default_sources(user_paths())
    report = validate_sources(sources, problems)
    assert not [p for p in report.problems if p.is_error], report.problems
