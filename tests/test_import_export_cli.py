"""`quiz import` into the user's banks (replacing only its own earlier import, --force for the rest),
formats told by what a file holds, source categories to domains, and `quiz export` of banks and of
the review log in the FSRS optimizer's layout (issue 18)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quiz.banks.importers import Imported
from quiz.cli import main
from quiz.cli.importing import PROVENANCE, _apply_categories, detect_format
from quiz.library import Library
from quiz.paths import user_paths
from quiz.scheduling.fsrs import card_id_for
from quiz.study import Study
from tests.conftest import FIXTURES
from tests.factories import answer_now

AIKEN = FIXTURES / "import" / "aiken-good.txt"
GIFT = FIXTURES / "import" / "questions.gift"


def test_an_import_into_the_user_banks_is_studied_at_once_and_replaced_by_its_next_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(AIKEN), "--domain", "image-management", "--into-user-banks"]) == 0
    written = user_paths().banks / "aiken-good.yaml"
    assert written.read_text().splitlines()[0] == f"{PROVENANCE}{AIKEN.resolve()}"
    assert "written to" in capsys.readouterr().err
    library = Library.load(drills=False)
    assert not library.problems
    assert {key for key in library.entries if key.startswith("aiken-good/")} and len(
        [k for k in library.entries if k.startswith("aiken-good/")]
    ) == 3
    # the same file again: its own bank is replaced, nothing else is asked
    assert main(["import", str(AIKEN), "--domain", "operations", "--into-user-banks"]) == 0
    again = Library.load(drills=False)
    assert {e.domain.value for k, e in again.entries.items() if k.startswith("aiken-good/")} == {"operations"}
    # another file with the same bank id is refused, then replaces it with --force
    other = tmp_path / "aiken-good.txt"
    other.write_text("Which VR holds a date?\nA. DA\nB. TM\nANSWER: A\n")
    capsys.readouterr()
    assert main(["import", str(other), "--domain", "operations", "--into-user-banks"]) == 2
    assert "already in your banks" in capsys.readouterr().err
    assert written.read_text().splitlines()[0] == f"{PROVENANCE}{AIKEN.resolve()}"  # untouched
    assert main(["import", str(other), "--domain", "operations", "--into-user-banks", "--force"]) == 0
    assert written.read_text().splitlines()[0] == f"{PROVENANCE}{other.resolve()}"
    assert len([k for k in Library.load(drills=False).entries if k.startswith("aiken-good/")]) == 1


def test_images_of_a_moodle_file_go_beside_the_bank_and_the_bank_loads_with_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = FIXTURES / "import" / "moodle" / "image.xml"
    assert main(["import", str(source), "--domain", "image-management", "--into-user-banks"]) == 0
    banks = user_paths().banks
    images = sorted(p.name for p in (banks / "image-files").iterdir())
    assert images and all(name.endswith(".png") for name in images)
    library = Library.load(drills=False)
    assert not library.problems
    question = next(e.question for k, e in library.entries.items() if k.startswith("image/"))
    files = [Path(x.file) for x in question.all_exhibits if x.kind == "image" and x.file]
    assert files and all(f.parent == (banks / "image-files").resolve() and f.is_file() for f in files)
    # to standard output there is nowhere to put them
    assert main(["import", str(source), "--domain", "image-management"]) == 2
    assert "give --output FILE.yaml or --into-user-banks" in capsys.readouterr().err


def test_a_bank_that_fails_its_check_is_not_written_and_its_files_go(tmp_path: Path) -> None:
    source = FIXTURES / "import" / "moodle" / "image.xml"
    out = tmp_path / "x.yaml"
    assert (
        main(["import", str(source), "--domain", "image-management", "--bank-id", "Bad Id", "--output", str(out)]) == 2
    )
    assert not out.exists() and not (tmp_path / "x-files").exists()


def test_a_bank_the_user_wrote_by_hand_is_not_replaced_without_force(capsys: pytest.CaptureFixture[str]) -> None:
    banks = user_paths().banks
    banks.mkdir(parents=True, exist_ok=True)
    mine = banks / "my-own.yaml"
    mine.write_text(
        "bank: aiken-good\ntitle: Mine\ndomain: operations\nquestions:\n"
        "  - id: q1\n    question: Which VR holds a date?\n    choices: [DA, TM]\n    answer: A\n"
    )
    assert not Library.load(drills=False).problems
    assert main(["import", str(AIKEN), "--domain", "operations", "--into-user-banks"]) == 2
    err = capsys.readouterr().err
    assert "a bank 'aiken-good' is already in your banks" in err and str(mine) in err
    assert mine.read_text().startswith("bank: aiken-good")
    assert not (banks / "aiken-good.yaml").exists()


def test_a_shipped_bank_id_is_refused_even_with_force(capsys: pytest.CaptureFixture[str]) -> None:
    shipped = Library.load(drills=False).banks[0].bank.bank
    code = main(["import", str(AIKEN), "--domain", "operations", "--bank-id", shipped, "--into-user-banks", "--force"])
    assert code == 2 and "is a shipped bank's" in capsys.readouterr().err
    assert not (user_paths().banks / f"{shipped}.yaml").exists()


def test_force_and_output_need_the_user_banks_the_right_way(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", str(AIKEN), "--domain", "operations", "--force"])
    code = main(["import", str(AIKEN), "--domain", "operations", "--into-user-banks", "--output", str(tmp_path / "x")])
    assert code == 2 and "do not go together" in capsys.readouterr().err


def test_questions_without_a_domain_ask_for_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(AIKEN)]) == 2
    assert "3 questions have no domain" in capsys.readouterr().err


def test_a_file_without_a_telling_suffix_is_read_by_what_it_holds(tmp_path: Path) -> None:
    assert detect_format(Path("x.txt"), GIFT.read_bytes()) == "gift"
    assert detect_format(Path("x.txt"), AIKEN.read_bytes()) == "aiken"
    assert detect_format(Path("x"), b'<?xml version="1.0"?>\n<quiz></quiz>') == "moodle-xml"
    assert detect_format(Path("x"), "\ufeff<quiz>".encode()) == "moodle-xml"
    assert detect_format(Path("notes.txt"), b"#separator:tab\n#html:false\nFront\tBack\n") == "anki-text"
    assert detect_format(Path("a.CSV"), b"anything") == "csv"
    renamed = tmp_path / "gift-questions.txt"
    renamed.write_bytes(GIFT.read_bytes())
    out = tmp_path / "out.yaml"
    assert main(["import", str(renamed), "--domain", "image-management", "--output", str(out)]) == 3  # skips
    assert "store-service" in out.read_text()


def test_source_categories_go_to_the_domain_mapped_to_them_or_inside_them() -> None:
    imported = Imported(
        questions=[{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d", "domain": "procurement"}, {"id": "e"}],
        categories={"a": "PACS/HL7", "b": "PACS/HL7/ADT", "c": "PACS", "d": "PACS/HL7", "e": "Other"},
    )
    unmapped = _apply_categories(imported, [("PACS", "operations"), ("PACS/HL7", "communications")])
    domains = [q.get("domain") for q in imported.questions]
    assert domains == ["communications", "communications", "operations", "procurement", None]
    assert unmapped == {"Other": 1}


def test_a_wrong_category_mapping_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    for wrong in ("PACS", "PACS=radiology", "=operations"):
        with pytest.raises(SystemExit):
            main(["import", str(AIKEN), "--category-domain", wrong])
    assert "not a domain" in capsys.readouterr().err


def test_the_review_log_goes_out_in_the_fsrs_optimizer_layout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    study = Study.open(fuzzing=False)
    keys = sorted(study.library.entries)[:2]
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    plan = [(keys[0], True, 0, False), (keys[1], False, 1, False), (keys[0], True, 2, False), (keys[0], True, 2, True)]
    for key, correct, day, amends in plan:
        when = start + timedelta(days=day, seconds=5 if amends else 0)
        answer_now(study, key, correct=correct, duration_ms=4200 + day, guessed=amends, amends=amends, when=when)
    study.close()
    out = tmp_path / "revlog.csv"
    assert main(["export", "reviews", "--format", "fsrs-csv", "--output", str(out)]) == 0
    assert "3 reviews of 2 questions" in capsys.readouterr().err
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert rows[0] == ["card_id", "review_time", "review_rating", "review_duration"]
    day_ms = 86_400_000
    first = round(start.timestamp() * 1000)
    assert rows[1:] == [
        [str(card_id_for(keys[0])), str(first), "3", "4200"],
        [str(card_id_for(keys[1])), str(first + day_ms), "1", "4201"],
        # the answer marked as a guess counts once, as Hard (its correction replaces it)
        [str(card_id_for(keys[0])), str(first + 2 * day_ms + 5000), "2", "4202"],
    ]
    assert main(["export", "reviews", "--format", "csv"]) == 2


def test_wrong_export_requests_are_told_what_to_give(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "bank", "no-such-bank"]) == 2
    assert "no bank 'no-such-bank'; the banks are:" in capsys.readouterr().err
    assert main(["export", "bank"]) == 2
    assert "or give --all" in capsys.readouterr().err
    assert main(["export", "bank", "--all", "--format", "pdf"]) == 2
    assert main(["export", "results", "--format", "gift"]) == 2
    with pytest.raises(SystemExit):
        main(["export", "results", "--all"])
