"""`quiz import`: convert a file of questions in another format into a bank, with a report of
every source question (stderr, and `--report FILE.json`). Exit 0 when everything was imported,
3 when something was skipped, 1 when the file cannot be read or nothing in it is a question."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from quiz.banks.safe_files import MAX_FILE_BYTES, UnreadableFile, read_regular_file
from quiz.text import printable


def import_file(args: argparse.Namespace) -> int:
    from quiz.banks.formats import validate_bank
    from quiz.banks.importers import aiken, csv_table, decode, gift, write_bank

    source: Path = args.file
    try:
        text = decode(read_regular_file(source, MAX_FILE_BYTES))
    except (UnreadableFile, ValueError) as problem:
        print(f"quiz: {printable(str(source))}: {printable(str(problem))}", file=sys.stderr)
        return 1
    kind = args.format or {".csv": "csv", ".tsv": "tsv", ".gift": "gift"}.get(source.suffix.lower(), "aiken")
    if kind == "gift":
        imported = gift.parse(text)
    else:
        imported = aiken.parse(text) if kind == "aiken" else csv_table.parse(text, tab=kind == "tsv")
    name = re.sub(r"[^a-z0-9]+", "-", source.stem.lower()).strip("-") or "imported"
    bank_id = args.bank_id or (name if name[0].isalnum() else f"imported-{name}")
    title = args.title or source.stem.replace("_", " ").replace("-", " ").strip().capitalize() or "Imported"
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
    if args.report is not None:
        args.report.write_text(json.dumps([e.to_dict() for e in imported.report], indent=2) + "\n", "utf-8")
    if not imported.questions:
        print("quiz: no question could be imported; nothing written", file=sys.stderr)
        return 1
    bank = write_bank(imported, bank_id=bank_id, title=title, domain=args.domain)
    import yaml
    from pydantic import ValidationError

    try:
        validate_bank(yaml.safe_load(bank))  # what is written is a bank `quiz validate` passes
    except ValidationError as error:  # e.g. a --bank-id that is not an id
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        print(f"quiz: the bank cannot be written: {where}: {printable(first['msg'])}", file=sys.stderr)
        return 2
    if args.output is None:
        sys.stdout.write(bank)
    else:
        args.output.write_text(bank, "utf-8")
    return 3 if imported.skipped else 0
