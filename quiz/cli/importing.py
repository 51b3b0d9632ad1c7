"""`quiz import`: convert a file of questions in another format into a bank, with a report of
every source question (stderr, and `--report FILE.json`). Exit 0 when everything was imported or
converted, 3 when something was skipped, 1 when the file cannot be read or nothing in it is a
question, 2 when the bank cannot be written where it was asked to go."""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.banks.safe_files import MAX_FILE_BYTES, UnreadableFile, read_regular_file
from quiz.domains import DOMAIN_KEYS
from quiz.text import counted, printable

if TYPE_CHECKING:
    from quiz.banks.importers import Imported

FORMATS = ("gift", "aiken", "moodle-xml", "csv", "tsv", "anki-text")
SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".gift": "gift", ".xml": "moodle-xml"}
# the first line of a bank written into the user's banks: it says which file it came from, so that
# importing that file again replaces it, and nothing else is replaced without --force
PROVENANCE = "# Imported by `quiz import` from "


class ImportRefused(Exception):
    """The bank cannot be written where it was asked to go; the message says why (exit 2)."""


def category_domain(text: str) -> tuple[str, str]:
    """`--category-domain "PACS/HL7=communications"` as (category path, domain)."""
    path, equals, domain = text.rpartition("=")
    path = path.strip().strip("/")
    if not equals or not path:
        raise argparse.ArgumentTypeError(f"not CATEGORY=DOMAIN: {text!r}")
    if domain.strip() not in DOMAIN_KEYS:
        raise argparse.ArgumentTypeError(f"{domain.strip()!r} is not a domain ({', '.join(DOMAIN_KEYS)})")
    return path, domain.strip()


def detect_format(source: Path, content: bytes) -> str:
    """The format by the file's suffix, else by what it holds."""
    by_suffix = SUFFIXES.get(source.suffix.lower())
    if by_suffix:
        return by_suffix
    head = content[:4096].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    if head.startswith((b"<?xml", b"<quiz", b"<\x00")):
        return "moodle-xml"
    text = head.decode("utf-8", "replace")
    from quiz.banks.importers.anki_text import is_anki_text

    if is_anki_text(text):
        return "anki-text"
    if re.search(r"^::[^:]+::|\{\s*[=~#TF]|\{\s*(TRUE|FALSE)\s*\}", text, re.M):
        return "gift"
    return "aiken"


def convert(kind: str, content: bytes) -> Imported:
    """Raises ValueError with a line when the file cannot be read as that format."""
    from quiz.banks.importers import decode

    if kind == "moodle-xml":
        from quiz.banks.importers import moodle_xml

        return moodle_xml.parse(content)  # its own declaration says its encoding
    text = decode(content)
    if kind == "gift":
        from quiz.banks.importers import gift

        return gift.parse(text)
    if kind == "anki-text":
        from quiz.banks.importers import anki_text

        return anki_text.parse(text)
    if kind in ("csv", "tsv"):
        from quiz.banks.importers import csv_table

        return csv_table.parse(text, tab=kind == "tsv")
    from quiz.banks.importers import aiken

    return aiken.parse(text)


def import_file(args: argparse.Namespace) -> int:
    source: Path = args.file
    try:
        content = read_regular_file(source, MAX_FILE_BYTES)
        kind = args.format or detect_format(source, content)
        imported = convert(kind, content)
    except (UnreadableFile, ValueError) as problem:
        print(f"quiz: {printable(str(source))}: {printable(str(problem))}", file=sys.stderr)
        return 1
    name = re.sub(r"[^a-z0-9]+", "-", source.stem.lower()).strip("-") or "imported"
    bank_id = args.bank_id or (name if name[0].isalnum() else f"imported-{name}")
    title = args.title or source.stem.replace("_", " ").replace("-", " ").strip().capitalize() or "Imported"
    unmapped = _apply_categories(imported, args.category_domain or [])
    _print_report(source, imported)
    if args.report is not None:
        args.report.write_text(json.dumps([e.to_dict() for e in imported.report], indent=2) + "\n", "utf-8")
    if not imported.questions:
        print("quiz: no question could be imported; nothing written", file=sys.stderr)
        return 1
    homeless = [q["id"] for q in imported.questions if "domain" not in q]
    if homeless and args.domain is None:
        print(
            f"quiz: {len(homeless)} questions have no domain (the first: {printable(homeless[0])}); give --domain D"
            + (" or --category-domain 'CATEGORY=D'" if unmapped else ""),
            file=sys.stderr,
        )
        for category, count in sorted(unmapped.items()):
            print(printable(f"  category {category!r}: {count} questions"), file=sys.stderr)
        return 2
    for category, count in sorted(unmapped.items()):
        print(
            printable(
                f"category {category!r}: {count} questions took --domain {args.domain}; "
                f"to choose another: --category-domain '{category}=DOMAIN'"
            ),
            file=sys.stderr,
        )
    try:
        return _write(imported, args, bank_id=bank_id, title=title, domain=args.domain)
    except ImportRefused as refusal:
        print(f"quiz: {printable(str(refusal))}", file=sys.stderr)
        return 2


def _apply_categories(imported: Imported, mapping: list[tuple[str, str]]) -> dict[str, int]:
    """Questions of a mapped source category (or of a category inside it) take its domain, unless
    they name their own; returns the categories left to --domain, with how many questions each."""
    unmapped: dict[str, int] = {}
    for question in imported.questions:
        category = imported.categories.get(question["id"])
        if category is None or "domain" in question:
            continue
        matches = [(path, domain) for path, domain in mapping if category == path or category.startswith(path + "/")]
        if matches:
            question["domain"] = max(matches, key=lambda match: len(match[0]))[1]
        else:
            unmapped[category] = unmapped.get(category, 0) + 1
    return unmapped


def _print_report(source: Path, imported: Imported) -> None:
    for entry in imported.report:
        where = f"{printable(str(source))}:{entry.line}"
        what = f"{entry.outcome}" + (f" as {entry.question_id}" if entry.question_id else "")
        print(f"{where}: {what}" + (f": {printable(entry.detail)}" if entry.detail else ""), file=sys.stderr)
    counts = {
        outcome: sum(1 for e in imported.report if e.outcome == outcome)
        for outcome in ("imported", "converted", "skipped")
    }
    print(
        f"{counts['imported']} imported, {counts['converted']} converted, {counts['skipped']} skipped",
        file=sys.stderr,
    )


def _write(imported: Imported, args: argparse.Namespace, *, bank_id: str, title: str, domain: str | None) -> int:
    import yaml
    from pydantic import ValidationError

    from quiz.banks.formats import validate_bank
    from quiz.banks.importers import write_bank

    target: Path | None = args.output
    if args.into_user_banks:
        if target is not None:
            raise ImportRefused("--output and --into-user-banks do not go together: choose one")
        target = _user_bank_target(bank_id, args.file, force=args.force)
    if imported.files:
        if target is None:
            raise ImportRefused(
                f"its questions bring {len(imported.files)} image files, which are written beside the bank: "
                "give --output FILE.yaml or --into-user-banks"
            )
        _place_files(imported, f"{target.stem}-files")
    bank = write_bank(imported, bank_id=bank_id, title=title, domain=domain)
    if target is None:
        try:
            validate_bank(yaml.safe_load(bank))  # what is written is a bank `quiz validate` passes
        except ValidationError as error:  # e.g. a --bank-id that is not an id
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise ImportRefused(f"the bank cannot be written: {where}: {first['msg']}") from None
        sys.stdout.write(bank)
        return 3 if imported.skipped else 0
    if args.into_user_banks:
        bank = f"{PROVENANCE}{args.file.resolve()}\n{bank}"
    _write_checked(target, bank, imported.files)
    where = f"the bank {bank_id!r} ({counted(len(imported.questions), 'question')}) is written to {target}"
    print(printable(where + (", ready to study" if args.into_user_banks else "")), file=sys.stderr)
    return 3 if imported.skipped else 0


def _write_checked(target: Path, bank: str, files: dict[str, bytes]) -> None:
    """The exhibit files, then the bank once it is checked as `quiz validate` would check it there
    (its files read from beside it); a bank that fails is not written and its files are taken away."""
    from quiz.banks.file_check import check_bytes
    from quiz.models import Bank

    written: list[Path] = []
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            path = target.parent / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
        checked = check_bytes(target, bank.encode("utf-8"), Bank)
        if checked.value is None:
            raise ImportRefused(f"the bank cannot be written: {checked.errors[0]}")
        target.write_text(bank, "utf-8")
    except OSError as error:
        raise ImportRefused(f"cannot write {target}: {error.strerror or error}") from None
    except ImportRefused:
        for path in written:
            path.unlink(missing_ok=True)
        for folder in {path.parent for path in written}:
            with contextlib.suppress(OSError):  # only when nothing else is in it
                folder.rmdir()
        raise


def _place_files(imported: Imported, folder: str) -> None:
    """Exhibit files go into a folder of their own beside the bank, and the exhibits name them there."""
    imported.files = {f"{folder}/{name}": data for name, data in imported.files.items()}
    for question in imported.questions:
        for exhibit in question.get("exhibits", ()):
            if "file" in exhibit:
                exhibit["file"] = f"{folder}/{exhibit['file']}"


def _user_bank_target(bank_id: str, source: Path, *, force: bool) -> Path:
    """Where an import goes in the user's banks: a bank imported earlier from the same file is
    replaced; a bank of the same id from anywhere else only with --force, and a shipped one never
    (the shipped bank would win, and the import would not load)."""
    from quiz.library import Library
    from quiz.paths import user_paths

    paths = user_paths()
    target = paths.banks / f"{bank_id}.yaml"
    library = Library.load(paths, drills=False)
    owners = [loaded for loaded in library.banks if loaded.bank.bank == bank_id]
    for loaded in owners:
        if loaded.shipped:
            raise ImportRefused(f"bank id {bank_id!r} is a shipped bank's; choose another with --bank-id")
    holders = {loaded.path for loaded in owners if loaded.path.parent == paths.banks}
    if target.exists():
        holders.add(target)
    for held in sorted(holders):
        if _imported_from(held) != source.resolve() and not force:
            raise ImportRefused(
                f"a bank {bank_id!r} is already in your banks ({held}), not imported from this file; "
                "--force replaces it, or choose another --bank-id"
            )
        target = held
    return target


def _imported_from(bank_file: Path) -> Path | None:
    try:
        with bank_file.open(encoding="utf-8", errors="replace") as handle:
            first = handle.readline().rstrip("\n")
    except OSError:
        return None
    return Path(first[len(PROVENANCE) :]) if first.startswith(PROVENANCE) else None
