"""Exhibits read from files beside a bank: text as written, a .dcm file as a tag/VR/name/value
table, only from inside the bank's folder; an edited file makes the cached bank be checked again."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from pydicom.data import get_testdata_file

from quiz.banks.cache import BankCache
from quiz.banks.loader import check_file
from quiz.models import Bank

HL7 = "MSH|^~\\&|RIS|MERCY|PACS|MERCY|20250310141500||ORM^O01^ORM_O01|MSG1|P|2.5.1\rPID|1||123456^^^MERCY^MR\r"


def bank_with(folder: Path, exhibits: str) -> Path:
    path = folder / "bank.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            bank: files
            title: Files
            domain: image-management
            questions:
              - id: q1
                question: What does the exhibit say?
                exhibits:
            {exhibits}
                choices: [One thing, Another thing]
                answer: A
            """
        ).format(exhibits=textwrap.indent(textwrap.dedent(exhibits), "      ")),
        "utf-8",
    )
    return path


def test_a_text_file_is_shown_as_written_and_a_dcm_file_as_a_table(tmp_path: Path) -> None:
    (tmp_path / "exhibits").mkdir()
    (tmp_path / "exhibits" / "order.hl7").write_bytes(HL7.encode())
    shutil.copy(str(get_testdata_file("CT_small.dcm")), tmp_path / "exhibits" / "ct.dcm")
    path = bank_with(
        tmp_path,
        """\
        - title: The order
          kind: hl7
          file: exhibits/order.hl7
        - title: The CT header
          kind: dicom
          file: exhibits/ct.dcm
        """,
    )
    checked = check_file(path, Bank)
    assert checked.value is not None, checked.errors
    order, header = checked.value.questions[0].exhibits
    assert order.text == HL7 and order.file == str((tmp_path / "exhibits" / "order.hl7").resolve())
    lines = header.text.splitlines()
    assert "(0002,0010) UI Transfer Syntax UID: 1.2.840.10008.1.2.1" in lines
    assert "(0008,0060) CS Modality: CT" in lines and "(0008,0016) UI SOP Class UID: 1.2.840.10008.5.1.4.1.1.2" in lines
    assert any(line.startswith("(7FE0,0010) OW Pixel Data: <") for line in lines)


def test_a_file_outside_the_bank_folder_missing_or_beside_text_is_refused_at_its_line(tmp_path: Path) -> None:
    bank_folder = tmp_path / "bank"
    bank_folder.mkdir()
    (tmp_path / "secret.txt").write_text("not for banks")
    (bank_folder / "link.txt").symlink_to(tmp_path / "secret.txt")
    (bank_folder / "not-dicom.dcm").write_text("hello")
    cases = {
        "file: ../secret.txt": "is outside the bank's folder",
        "file: link.txt": "is outside the bank's folder",
        "file: /etc/passwd": "must be a path relative to the bank's folder",
        "file: missing.txt": "missing.txt",
        "file: not-dicom.dcm": "is not a DICOM file",
    }
    for line, message in cases.items():
        kind = "dicom" if line.endswith(".dcm") else "log"
        path = bank_with(bank_folder, f"- title: Log\n  kind: {kind}\n  {line}\n")
        errors = check_file(path, Bank).errors
        assert errors and errors[0].line == 10 and message in errors[0].message, (line, errors)
    path = bank_with(bank_folder, "- title: Log\n  kind: log\n  text: a line\n  file: x.txt\n")
    assert "not both" in check_file(path, Bank).errors[0].message


def test_an_edited_exhibit_file_is_read_again_though_the_bank_is_cached(tmp_path: Path) -> None:
    (tmp_path / "log.txt").write_text("first version\n")
    path = bank_with(tmp_path, "- title: Log\n  kind: log\n  file: log.txt\n")
    cache = BankCache(tmp_path / "cache")
    assert check_file(path, Bank, cache=cache).value.questions[0].exhibits[0].text == "first version\n"  # type: ignore[union-attr]
    assert check_file(path, Bank, cache=cache).value.questions[0].exhibits[0].text == "first version\n"  # type: ignore[union-attr]
    (tmp_path / "log.txt").write_text("second version\n")
    assert check_file(path, Bank, cache=cache).value.questions[0].exhibits[0].text == "second version\n"  # type: ignore[union-attr]
    (tmp_path / "log.txt").unlink()
    checked = check_file(path, Bank, cache=cache)
    assert checked.value is None and "log.txt" in checked.errors[0].message


LONG = (
    "2025-03-10T14:15:00Z ROUTER queue=CT_ED depth=718 oldest=2025-03-10T13:15:02Z action=retry "
    "interval=300s last-error=0xA700"
)


async def test_v_shows_the_exhibits_full_screen_unwrapped_and_o_opens_an_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quiz.banks.loader import LoadedBank
    from quiz.domains import Domain
    from quiz.library import Library
    from quiz.models import Profile
    from quiz.session.custom import ExamRequest
    from quiz.tui.app import StartExam
    from quiz.tui.screens import exhibits
    from quiz.tui.screens.exam import ExamScreen
    from quiz.tui.screens.exhibits import ExhibitScreen
    from tests.screen_text import screen_text
    from tests.tui_support import make_app, pause_until

    (tmp_path / "log.txt").write_text(LONG + "\n")
    (tmp_path / "wrist.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))
    path = bank_with(
        tmp_path,
        "- title: Router log\n  kind: log\n  file: log.txt\n"
        "- title: Wrist X-ray\n  kind: image\n  file: wrist.png\n  text: PA view of the left wrist.\n",
    )
    bank = check_file(path, Bank).value
    assert bank is not None
    profile = Profile("one", "One", 1, {Domain.IMAGE_MANAGEMENT: 1.0}, minutes=5)
    library = Library(banks=[LoadedBank(bank, path, False)], profiles={"one": profile})
    opened: list[str] = []
    monkeypatch.setattr(exhibits, "open_in_viewer", opened.append)
    app = make_app(tmp_path / "home", library=library, start=StartExam(ExamRequest(profile), seed=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pause_until(pilot, lambda: "Exhibit 2: Wrist X-ray" in screen_text(app))
        assert "Image wrist.png: press v, then o" in screen_text(app)
        await pilot.press("v")
        await pause_until(pilot, lambda: isinstance(app.screen, ExhibitScreen))
        await pilot.pause()
        lines = screen_text(app).splitlines()
        start = next(i for i, line in enumerate(lines) if LONG[:40] in line)
        assert LONG[76:] not in lines[start + 1]  # one line, not wrapped
        for _ in range(60):
            await pilot.press("right")
        await pilot.pause()
        assert "last-error=0xA700" in screen_text(app)  # scrolled sideways to its end
        await pilot.press("o")
        await pilot.pause()
        assert opened == [str((tmp_path / "wrist.png").resolve())]
        await pilot.press("escape")
        await pause_until(pilot, lambda: isinstance(app.screen, ExamScreen))
    app.study.close()


async def test_an_image_exhibit_is_drawn_in_the_terminal_once_prepared(tmp_path: Path) -> None:
    from PIL import Image as PILImage

    from quiz.banks.loader import LoadedBank
    from quiz.domains import Domain
    from quiz.library import Library
    from quiz.models import Profile
    from quiz.session.custom import ExamRequest
    from quiz.tui import images
    from quiz.tui.app import StartExam
    from tests.screen_text import screen_text
    from tests.tui_support import make_app, pause_until

    PILImage.new("RGB", (64, 48), (200, 30, 30)).save(tmp_path / "red.png")
    path = bank_with(tmp_path, "- title: A red square\n  kind: image\n  file: red.png\n  text: Solid red, 64 by 48.\n")
    bank = check_file(path, Bank).value
    assert bank is not None
    assert images.prepare(bank.questions)  # before the app takes the screen, as the quiz command does
    profile = Profile("one", "One", 1, {Domain.IMAGE_MANAGEMENT: 1.0}, minutes=5)
    library = Library(banks=[LoadedBank(bank, path, False)], profiles={"one": profile})
    app = make_app(tmp_path / "home", library=library, start=StartExam(ExamRequest(profile), seed=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pause_until(pilot, lambda: "Exhibit 1: A red square" in screen_text(app))
        await pilot.pause()
        assert len(app.screen.query(".exhibit-image")) == 1
        shown = screen_text(app)
        assert "Solid red, 64 by 48." in shown and "press v, then o" not in shown
        assert any(cell in shown for cell in "▀▄█░▒▓")  # drawn here in text cells (no graphics protocol)
    app.study.close()
