"""The `quiz` command: a thin layer that parses arguments and hands over to the core or the app."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from quiz import __version__
from quiz.domains import DOMAIN_KEYS

if TYPE_CHECKING:
    from quiz.library import Library
    from quiz.study import Study
    from quiz.tui.app import Start


def build_parser() -> argparse.ArgumentParser:
    banks_option = argparse.ArgumentParser(add_help=False)
    banks_option.add_argument("--bank", action="append", type=Path, default=[], metavar="PATH",
                              help="also load this bank file or folder (repeatable)")
    banks_option.add_argument("--all-attributes", action="store_true",
                              help="drill every attribute of the DICOM dictionary, not only the curated ones")
    parser = argparse.ArgumentParser(
        prog="quiz",
        parents=[banks_option],
        description="Timed practice exams and spaced repetition for imaging-informatics certification. "
        "With no command, opens the app's Home screen.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    exam = commands.add_parser("exam", parents=[banks_option], help="start a timed exam in the app")
    exam.add_argument("--profile", default="ciip", help="exam profile id (default: ciip)")
    exam.add_argument("--questions", type=int, metavar="N", help="number of questions")
    exam.add_argument("--minutes", type=int, metavar="M", help="time limit in minutes")
    exam.add_argument("--domain", action="append", default=[], choices=DOMAIN_KEYS, metavar="D",
                      help="only this domain (repeatable)")
    exam.add_argument("--topic", action="append", default=[], metavar="T", help="only this topic (repeatable)")
    exam.add_argument("--seed", type=int, help="seed for a reproducible draw and order")

    practice = commands.add_parser("practice", parents=[banks_option], help="practise with explanations")
    practice.add_argument("--domain", action="append", default=[], choices=DOMAIN_KEYS, metavar="D")
    practice.add_argument("--topic", action="append", default=[], metavar="T")
    practice.add_argument("--difficulty", action="append", default=[], choices=["easy", "medium", "hard"])
    practice.add_argument("--only", choices=["all", "unseen", "missed", "due", "leeches"], default="all")
    practice.add_argument("--count", type=int, default=20, metavar="N")
    practice.add_argument("--seed", type=int)
    practice.add_argument("--drills", action="store_true", help="include generated DICOM/HL7 drills")

    commands.add_parser("review", parents=[banks_option], help="review the questions that are due")
    commands.add_parser("missed", parents=[banks_option], help="review the questions you last got wrong")

    validate = commands.add_parser("validate", help="check bank and profile files; exit 1 on any error")
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                          help="files or folders (default: every bank and profile the app would load)")

    schema = commands.add_parser("schema", help="print the JSON Schema of the bank format")
    schema.add_argument("--profile", action="store_true", help="the schema of exam profiles instead")

    stats = commands.add_parser("stats", parents=[banks_option], help="progress, mastery and readiness")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    stats.add_argument("--profile", help="readiness for this profile (default: the plan's, else ciip)")

    plan = commands.add_parser("plan", parents=[banks_option], help="set the date and profile of your exam")
    plan.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD", help="the exam date")
    plan.add_argument("--profile", default="ciip", help="the exam's profile (default: ciip)")
    plan.add_argument("--clear", action="store_true", help="forget the exam date")

    export = commands.add_parser("export", parents=[banks_option], help="export your history for spreadsheets")
    export.add_argument("what", choices=["results"], help="results: attempts and every answer in them")
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.add_argument("--output", type=Path, metavar="FILE", help="write here instead of standard output")

    banks = commands.add_parser("banks", parents=[banks_option], help="list the loaded banks")
    banks.add_argument("--coverage", action="store_true",
                       help="questions per domain, topic and difficulty against the CIIP blueprint")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate(args.paths)
    if args.command == "schema":
        return _schema(profile=args.profile)
    if args.command == "banks":
        return _banks(args.bank, coverage=args.coverage, all_attributes=args.all_attributes)
    if args.command in ("stats", "plan", "export"):
        return _with_study(args)
    return _run_app(args)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _with_study(args: argparse.Namespace) -> int:
    """Commands that read or change progress without opening the app. `stats` and `export` only
    read (no lock: they work beside a running app, and change no file); `plan` writes. A store that
    cannot be used or written is one paragraph on stderr and exit status 1, never a traceback."""
    from quiz.errors import StoreError
    from quiz.study import Study

    try:
        study = Study.open(extra_banks=args.bank, read_only=args.command != "plan")
    except StoreError as error:
        print(f"quiz {args.command}: {error}", file=sys.stderr)
        return 1
    try:
        if args.command == "stats":
            from quiz.reports import print_stats

            return print_stats(study, profile_id=args.profile, as_json=args.json)
        if args.command == "plan":
            return _plan(study, args)
        from quiz.reports import export_results

        return export_results(study, fmt=args.format, output=args.output)
    except StoreError as error:
        print(f"quiz {args.command}: {error}", file=sys.stderr)
        return 1
    finally:
        study.close()


def _plan(study: Study, args: argparse.Namespace) -> int:
    from quiz.plan import ExamPlan

    if args.clear:
        study.set_plan(None)
        print("Exam date cleared.")
        return 0
    if args.date is None:
        plan = study.scheduling.plan
        print(f"Exam: {plan.profile_id} on {plan.exam_date.isoformat()}" if plan else "No exam date set.")
        return 0
    if args.profile not in study.library.profiles:
        print(f"quiz plan: no exam profile {args.profile!r}; known: {', '.join(sorted(study.library.profiles))}",
              file=sys.stderr)
        return 2
    if args.date <= study.clock.now().astimezone().date():
        print("quiz plan: the exam date must be in the future", file=sys.stderr)
        return 2
    study.set_plan(ExamPlan(args.date, args.profile))
    load = study.plan_workload()
    print(f"Exam: {args.profile} on {args.date.isoformat()}.")
    if load is not None:
        print(f"{load.days_left} days left; {load.unseen} blueprint questions not seen yet: about "
              f"{load.new_per_day} new a day, plus the reviews that fall due ({load.due_today} today).")
    return 0


def _run_app(args: argparse.Namespace) -> int:
    """Open the app, straight into a flow when a command asks for one."""
    from quiz.store.files import StoreError
    from quiz.study import Study

    # Loading builds thousands of long-lived objects and no garbage: collecting during it, or
    # scanning them again in every later collection, is start-up time and pauses for nothing.
    gc.disable()
    try:
        study = Study.open(extra_banks=args.bank, all_attributes=args.all_attributes)
    except StoreError as error:
        print(f"quiz: {error}", file=sys.stderr)
        return 1
    finally:
        gc.enable()
    gc.freeze()
    try:
        start = _start_for(args, study)
        if isinstance(start, str):
            print(f"quiz: {start}", file=sys.stderr)
            return 2
        from quiz.tui.app import QuizApp

        QuizApp(study, start=start).run()
    finally:
        study.close()
    return 0


def _start_for(args: argparse.Namespace, study: Study) -> Start | str | None:
    """What the app should open into; a string is a usage error to report."""
    from quiz.domains import Domain
    from quiz.models import Difficulty
    from quiz.session.selection import Only, PracticeFilter
    from quiz.tui.app import StartExam, StartPractice, StartReview
    from quiz.tui.screens.setup import ExamRequest

    if args.command == "exam":
        profile = study.library.profiles.get(args.profile)
        if profile is None:
            return f"no exam profile {args.profile!r}; known: {', '.join(sorted(study.library.profiles))}"
        update: dict[str, object] = {}
        if args.domain:
            update["domains"] = {Domain(d): profile.domains.get(Domain(d), 1.0) for d in args.domain}
        if args.topic:
            update["topics"] = tuple(args.topic)
            update["include_drills"] = profile.include_drills or "drill" in args.topic
        if update:
            profile = profile.customised(**update)
        return StartExam(ExamRequest(profile, args.questions, args.minutes), seed=args.seed)
    if args.command == "practice":
        chosen = PracticeFilter(
            domains=[Domain(d) for d in args.domain], topics=args.topic,
            difficulties=[Difficulty(d) for d in args.difficulty], only=Only(args.only), count=args.count,
            drills=args.drills,
        )
        return StartPractice(chosen, seed=args.seed)
    if args.command in ("review", "missed"):
        return StartReview(missed=args.command == "missed")
    return None


def _validate(paths: list[Path]) -> int:
    from quiz.bank_loader import Source, yaml_files
    from quiz.paths import user_paths
    from quiz.validate import default_sources, validate_sources

    missing = [p for p in paths if not p.exists()]
    if missing:
        for path in missing:
            print(f"quiz validate: no such file or folder: {path}", file=sys.stderr)
        return 2
    sources = [Source(f) for p in paths for f in yaml_files(p)] if paths else default_sources(user_paths())
    report = validate_sources(sources)
    for problem in report.problems:
        print(problem)
    print(report.summary())
    return 1 if report.problems else 0


def _schema(*, profile: bool) -> int:
    from quiz.schema import bank_schema, profile_schema

    print(json.dumps(profile_schema() if profile else bank_schema(), indent=2))
    return 0


def _banks(extra: list[Path], *, coverage: bool, all_attributes: bool = False) -> int:
    from quiz.library import Library

    library = Library.load(extra_banks=extra, all_attributes=all_attributes)
    if coverage:
        from quiz.content_report import coverage_report

        print(coverage_report(library))
    else:
        _print_banks(library)
    for problem in library.problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if library.problems else 0


def _print_banks(library: Library) -> None:
    short = {key: "".join(part[0] for part in key.split("-")).upper() for key in DOMAIN_KEYS}
    header = ["bank", "title", "questions", *short.values(), "source"]
    rows = []
    for loaded in library.banks:
        counts = {key: 0 for key in DOMAIN_KEYS}
        for question in loaded.bank.questions:
            counts[question.domain.value] += 1
        rows.append([loaded.bank.bank, loaded.bank.title, str(len(loaded.bank.questions)),
                     *(str(counts[k] or "") for k in DOMAIN_KEYS), str(loaded.path)])
    from quiz.drills import DRILL_BANK_TITLES

    for bank_id, count in library.drill_banks.items():
        rows.append([bank_id, DRILL_BANK_TITLES[bank_id], str(count), *([""] * len(DOMAIN_KEYS)), "generated"])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    print(f"\n{len(library.banks)} banks, {library.question_count} questions. Domains: "
          + ", ".join(f"{abbr}={key}" for key, abbr in short.items()))
