"""`quiz export bank` (a bank, or --all, to Anki, GIFT, Moodle XML or a spreadsheet) and `quiz export
reviews` (the review log in the FSRS optimizer's layout). What a format cannot carry is reported per
question on stderr (and `--report FILE.json`), never lost silently: exit 0 when every question went
out whole or with its losses listed, 3 when a question had to be left out, 2 on a wrong request."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.text import printable

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from quiz.banks.exporters import Exported
    from quiz.models import Bank
    from quiz.study import Study

BANK_FORMATS = {
    "anki": ".apkg",
    "anki-csv": ".txt",
    "gift": ".gift",
    "moodle-xml": ".xml",
    "csv": ".csv",
    "tsv": ".tsv",
}
BINARY_FORMATS = frozenset({"anki"})  # never to a terminal: written to a file even without --output
REVIEW_COLUMNS = ("card_id", "review_time", "review_rating", "review_duration")


def export_bank(args: argparse.Namespace) -> int:
    from quiz.library import Library
    from quiz.paths import user_paths

    fmt = args.format or "csv"
    if fmt not in BANK_FORMATS:
        return _wrong(f"--format for a bank is one of {', '.join(BANK_FORMATS)}")
    if args.all == bool(args.bank_id):
        return _wrong("name one bank (`quiz export bank BANK_ID`) or give --all")
    library = Library.load(extra_banks=args.bank, drills=False)
    banks = [loaded.bank for loaded in library.banks]
    if not args.all:
        banks = [bank for bank in banks if bank.bank == args.bank_id]
        if not banks:
            known = ", ".join(sorted(loaded.bank.bank for loaded in library.banks))
            return _wrong(f"no bank {args.bank_id!r}; the banks are: {known}")
    output: Path | None = args.output
    if output is None and fmt in BINARY_FORMATS:
        output = Path(f"{args.bank_id or 'all-banks'}{BANK_FORMATS[fmt]}")
    if output is not None:
        from quiz.cli.reports import unsafe_output

        problem = unsafe_output(output, user_paths().progress)
        if problem:
            return _wrong(problem)
    exported = convert(fmt, banks)
    for loss in exported.losses:
        what = "left out" if loss.left_out else "lost"
        print(printable(f"{loss.bank}/{loss.question_id}: {what}: {loss.detail}"), file=sys.stderr)
    left_out = sum(1 for loss in exported.losses if loss.left_out)
    changed = len({(loss.bank, loss.question_id) for loss in exported.losses if not loss.left_out})
    summary = f"{exported.count:,} questions written ({changed:,} with something lost), {left_out:,} left out"
    if args.report is not None:
        args.report.write_text(json.dumps([loss.to_dict() for loss in exported.losses], indent=2) + "\n", "utf-8")
    written = _deliver(exported.content, output, binary=fmt in BINARY_FORMATS)
    if written != 0:
        return written
    print(printable(summary + (f"; written to {output}" if output is not None else "")), file=sys.stderr)
    return 3 if left_out else 0


def convert(fmt: str, banks: Sequence[Bank]) -> Exported:
    if fmt == "anki":
        from quiz.banks.exporters import anki

        return anki.export(banks)
    if fmt == "anki-csv":
        from quiz.banks.exporters import anki_text

        return anki_text.export(banks)
    if fmt == "gift":
        from quiz.banks.exporters import gift

        return gift.export(banks)
    if fmt == "moodle-xml":
        from quiz.banks.exporters import moodle_xml

        return moodle_xml.export(banks)
    from quiz.banks.exporters import csv_table

    return csv_table.export(banks, tab=fmt == "tsv")


def export_reviews(study: Study, *, fmt: str | None, output: Path | None) -> int:
    """Every answer as one review of the FSRS optimizer's log: the question's card id (the same
    number its schedule uses), the time in milliseconds since 1970 (UTC), the rating (1 Again ..
    4 Easy) and the time taken in milliseconds. An answer later marked as a guess counts once, with
    its corrected rating, as it does in the app's own schedule."""
    from quiz.scheduling.fsrs import card_id_for

    if (fmt or "fsrs-csv") != "fsrs-csv":
        return _wrong("--format for reviews is fsrs-csv")
    if output is not None:
        from quiz.cli.reports import unsafe_output

        problem = unsafe_output(output, study.store.folder)
        if problem:
            return _wrong(problem)
    rows: list[tuple[int, int, int, int]] = []
    last_of_key: dict[str, int] = {}  # a key's latest review: the row an amending review replaces
    for review in study.store.reviews:
        if review.mode == "cram":
            continue  # cram schedules nothing, so it is no input for the optimizer either
        row = (card_id_for(review.key), round(review.time.timestamp() * 1000), review.rating, review.ms)
        if review.amends and review.key in last_of_key:
            rows[last_of_key[review.key]] = row
            continue
        last_of_key[review.key] = len(rows)
        rows.append(row)
    rows.sort(key=lambda row: (row[1], row[0]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(REVIEW_COLUMNS)
    writer.writerows(rows)
    written = _deliver(buffer.getvalue().encode(), output, binary=False)
    if written == 0:
        where = f" written to {output}" if output is not None else ""
        print(printable(f"{len(rows)} reviews of {len(last_of_key)} questions{where}"), file=sys.stderr)
    return written


def _deliver(content: bytes, output: Path | None, *, binary: bool) -> int:
    if output is None:
        if binary:
            return _wrong("this format is a binary file: give --output FILE")
        text = content.decode("utf-8")
        # a terminal is not a file: nothing from a bank may act on it (a file keeps every byte)
        sys.stdout.write(printable(text) + "\n" if sys.stdout.isatty() else text)
        return 0
    try:
        output.write_bytes(content)
    except OSError as error:
        print(f"quiz export: cannot write {printable(str(output))}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0


def _wrong(message: str) -> int:
    print(printable(f"quiz export: {message}"), file=sys.stderr)
    return 2
