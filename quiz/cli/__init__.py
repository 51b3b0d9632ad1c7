"""The `quiz` command: a thin layer that parses arguments and hands over to the core or the app."""

from __future__ import annotations

import gc
import io
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import TYPE_CHECKING

from quiz import __version__
from quiz.domains import DOMAIN_KEYS
from quiz.text import printable

if TYPE_CHECKING:
    import argparse

    Arguments = argparse.Namespace | SimpleNamespace  # the parser's, or `no_arguments()`
    from quiz.library import Library
    from quiz.study import Study
    from quiz.tui.app import Start


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise _argparse().ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise _argparse().ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _port(text: str) -> int:
    value = _positive(text)
    if value > 65535:
        raise _argparse().ArgumentTypeError(f"must be from 1 to 65535, not {value}")
    return value


def _minutes(text: str) -> int:
    from quiz.session.custom import MAX_MINUTES

    value = _positive(text)
    if value > MAX_MINUTES:
        raise _argparse().ArgumentTypeError(f"must be from 1 to {MAX_MINUTES} (a day), not {value}")
    return value


def _days(text: str) -> int:
    from quiz.insight.retention import MAX_DAYS

    value = _positive(text)
    if value > MAX_DAYS:
        raise _argparse().ArgumentTypeError(f"must be from 1 to {MAX_DAYS} (ten years), not {value}")
    return value


def _argparse() -> ModuleType:
    import argparse  # only when the command line has arguments: plain `quiz` starts without it

    return argparse


def build_parser() -> argparse.ArgumentParser:
    import argparse

    # --bank and --all-attributes work before or after the command (`quiz --bank X practice` as well as
    # `quiz practice --bank X`): the top-level copies keep their own names, merged in `main`.
    top_options = argparse.ArgumentParser(add_help=False)
    top_options.add_argument(
        "--bank",
        dest="top_bank",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help="also load this bank file or folder (repeatable)",
    )
    top_options.add_argument(
        "--all-attributes",
        dest="top_all_attributes",
        action="store_true",
        help="drill every attribute of the DICOM dictionary, not only the curated ones",
    )
    banks_option = argparse.ArgumentParser(add_help=False)
    banks_option.add_argument(
        "--bank",
        action="append",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="also load this bank file or folder (repeatable)",
    )
    banks_option.add_argument(
        "--all-attributes",
        action="store_true",
        default=argparse.SUPPRESS,
        help="drill every attribute of the DICOM dictionary, not only the curated ones",
    )
    from quiz.kinds import kind_names

    parser = argparse.ArgumentParser(
        prog="quiz",
        parents=[top_options],
        description="Timed practice exams and spaced repetition for imaging-informatics certification. "
        "With no command, opens the app's Home screen.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    exam = commands.add_parser("exam", parents=[banks_option], help="start a timed exam in the app")
    exam.add_argument("--profile", default="ciip", help="exam profile id (default: ciip)")
    exam.add_argument(
        "--questions", type=_positive, metavar="N", help="number of questions (at most the questions that match)"
    )
    exam.add_argument("--minutes", type=_minutes, metavar="M", help="time limit in minutes, 1 to 1440")
    exam.add_argument(
        "--domain", action="append", default=[], choices=DOMAIN_KEYS, metavar="D", help="only this domain (repeatable)"
    )
    exam.add_argument("--topic", action="append", default=[], metavar="T", help="only this topic (repeatable)")
    exam.add_argument("--seed", type=int, help="seed for a reproducible draw and order")
    _pool_options(exam, kind_names())
    exam.add_argument("--difficulty", action="append", default=[], choices=["easy", "medium", "hard"])
    exam.add_argument(
        "--tutor", action="store_true", help="tutor mode: each answer marked and explained at once, no clock"
    )

    practice = commands.add_parser("practice", parents=[banks_option], help="practise with explanations")
    practice.add_argument("--domain", action="append", default=[], choices=DOMAIN_KEYS, metavar="D")
    practice.add_argument("--topic", action="append", default=[], metavar="T")
    practice.add_argument("--difficulty", action="append", default=[], choices=["easy", "medium", "hard"])
    _pool_options(practice, kind_names())
    practice.add_argument("--count", type=_positive, default=20, metavar="N", help="how many questions (default 20)")
    practice.add_argument("--seed", type=int)
    practice.add_argument("--drills", action="store_true", help="include generated DICOM/HL7 drills")

    commands.add_parser("review", parents=[banks_option], help="review the questions that are due")
    cram = commands.add_parser(
        "cram", parents=[banks_option], help="the studied questions you know least, your schedule not changed"
    )
    cram.add_argument("--count", type=_positive, default=20, metavar="N", help="how many questions (default 20)")
    cram.add_argument("--seed", type=int)
    browse = commands.add_parser("browse", parents=[banks_option], help="browse and search every question")
    browse.add_argument("query", nargs="*", help="a search to start with, e.g. is:missed domain:image")
    today = commands.add_parser(
        "today", parents=[banks_option], help="today's study: the reviews due and the day's new questions"
    )
    today.add_argument("--seed", type=int, help="seed for a reproducible choice of new questions")
    commands.add_parser("missed", parents=[banks_option], help="review the questions you last got wrong")

    validate = commands.add_parser(
        "validate", parents=[banks_option], help="check bank and profile files; exit 1 on any error"
    )
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders (default: every bank and profile the app would load, with --bank)",
    )

    schema = commands.add_parser("schema", help="print the JSON Schema of the bank format")
    schema.add_argument("--profile", action="store_true", help="the schema of exam profiles instead")
    schema.add_argument(
        "--save",
        action="store_true",
        help="write it into your bank (or profile) folder, where editors find it, and say where",
    )

    stats = commands.add_parser("stats", parents=[banks_option], help="progress, mastery and readiness")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    stats.add_argument("--profile", help="readiness for this profile (default: the plan's, else ciip)")

    plan = commands.add_parser("plan", parents=[banks_option], help="set the date and profile of your exam")
    plan.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD", help="the exam date")
    plan.add_argument("--profile", default="ciip", help="the exam's profile (default: ciip)")
    plan.add_argument("--clear", action="store_true", help="forget the exam date")

    simulate = commands.add_parser(
        "simulate", parents=[banks_option], help="what each desired retention costs (reviews, minutes a day) and gives"
    )
    simulate.add_argument("--json", action="store_true", help="machine-readable output")
    simulate.add_argument(
        "--days", type=_days, metavar="N", help="simulate N days (default: to the exam date, else 90)"
    )

    optimize = commands.add_parser(
        "optimize", parents=[banks_option], help="fit FSRS to your reviews; used only if it predicts them better"
    )
    optimize.add_argument("--dry-run", action="store_true", help="fit and report, save nothing")
    optimize.add_argument("--reset", action="store_true", help="go back to FSRS's default parameters")
    optimize.add_argument("--json", action="store_true", help="machine-readable output")

    from quiz.cli.settings import NAMES as SETTING_NAMES

    settings = commands.add_parser(
        "settings", parents=[banks_option], help="show your settings, or set one: quiz settings retention 0.9"
    )
    settings.add_argument("name", nargs="?", choices=SETTING_NAMES, metavar="NAME", help=", ".join(SETTING_NAMES))
    settings.add_argument("value", nargs="?", metavar="VALUE", help="the new value (without it: the value now)")

    export = commands.add_parser(
        "export", parents=[banks_option], help="export your history, or a bank to Anki, Moodle or a spreadsheet"
    )
    export.add_argument(
        "what",
        choices=["results", "bank", "reviews"],
        help="results: attempts and every answer in them; bank: a bank's questions; reviews: the FSRS review log",
    )
    export.add_argument("bank_id", nargs="?", metavar="BANK_ID", help="with `bank`: the bank to export")
    export.add_argument("--all", action="store_true", help="with `bank`: every bank, in one file")
    export.add_argument(
        "--format",
        metavar="F",
        help="results: csv (default) or json; bank: anki, anki-csv, gift, moodle-xml, csv (default) or tsv; "
        "reviews: fsrs-csv",
    )
    export.add_argument("--output", type=Path, metavar="FILE", help="write here instead of standard output")
    export.add_argument(
        "--report", type=Path, metavar="FILE.json", help="with `bank`: also write what each question lost as JSON"
    )

    imports = commands.add_parser("import", help="convert questions from another format into a bank")
    imports.add_argument("file", type=Path, help="the file to convert")
    imports.add_argument(
        "--format",
        choices=["gift", "aiken", "moodle-xml", "csv", "tsv", "anki-text"],
        help="its format (default: by the suffix .gift .xml .csv .tsv, else by what the file holds)",
    )
    imports.add_argument("--domain", choices=DOMAIN_KEYS, metavar="D", help="the domain of questions that name none")
    imports.add_argument(
        "--category-domain",
        action="append",
        type=_category_domain,
        metavar="CATEGORY=D",
        help="questions of this Moodle category (and those inside it) go to domain D (repeatable)",
    )
    imports.add_argument("--bank-id", metavar="ID", help="the new bank's id (default: from the file name)")
    imports.add_argument("--title", metavar="T", help="the new bank's title (default: from the file name)")
    imports.add_argument(
        "--output", type=Path, metavar="FILE.yaml", help="write the bank here (default: standard output)"
    )
    imports.add_argument(
        "--into-user-banks",
        action="store_true",
        help="write it into your banks, ready to study; replaces a bank imported earlier from the same file",
    )
    imports.add_argument(
        "--force", action="store_true", help="with --into-user-banks: replace a bank of that id from elsewhere"
    )
    imports.add_argument("--report", type=Path, metavar="FILE.json", help="also write the report as JSON")

    analyze = commands.add_parser(
        "analyze", parents=[banks_option], help="item analysis of a bank's questions from your attempts"
    )
    analyze.add_argument("bank_id", metavar="BANK_ID", help="the bank to analyse")
    analyze.add_argument("--json", action="store_true", help="machine-readable output")

    feedback = commands.add_parser(
        "feedback", parents=[banks_option], help="the problems you reported with questions, for their authors"
    )
    feedback.add_argument("action", choices=["export"], help="export: print them as Markdown")
    feedback.add_argument("--bank-id", metavar="ID", help="only the reports on this bank's questions")
    feedback.add_argument("--output", type=Path, metavar="FILE.md", help="write here instead of standard output")

    serve = commands.add_parser(
        "serve", parents=[banks_option], help="serve the app to a web browser (one app per tab; loopback by default)"
    )
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="the port (default: 8000)")
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the https:// address people open (a reverse proxy's); required with a --host beyond this machine",
    )
    serve.add_argument(
        "--max-sessions", type=_positive, default=4, metavar="N", help="browser tabs at once (default: 4)"
    )

    sync = commands.add_parser(
        "sync", parents=[banks_option], help="merge your progress with your other machines through a synced folder"
    )
    sync.add_argument(
        "--folder",
        type=Path,
        metavar="PATH",
        help="the folder your sync tool keeps in step (Syncthing, Dropbox, a share); remembered",
    )
    sync.add_argument("--stop", action="store_true", help="stop syncing this machine (the folder keeps what it has)")

    banks = commands.add_parser("banks", parents=[banks_option], help="list the loaded banks")
    banks.add_argument(
        "--coverage", action="store_true", help="questions per domain, topic and difficulty against the CIIP blueprint"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_output()
    try:
        return _main(argv)
    except BrokenPipeError:
        # `quiz validate | head -1`: the reader left; say nothing more, and let Python not complain either
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _tolerant_output() -> None:
    """A terminal or pipe that cannot show a character (LANG=C, a legacy code page) gets a
    replacement instead of a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def _main(argv: Sequence[str] | None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if not arguments:
        # plain `quiz`, the usual start: building the parser is start-up time (about 4 ms) for
        # nothing; this is what it would give (tests/test_startup_path.py holds the two equal)
        return _run_app(no_arguments())
    parser = build_parser()
    args = parser.parse_args(arguments)
    args.bank = [*args.top_bank, *getattr(args, "bank", [])]
    args.all_attributes = args.top_all_attributes or getattr(args, "all_attributes", False)
    if args.command == "schema":
        if args.bank or args.all_attributes:
            parser.error("--bank and --all-attributes do not apply to `quiz schema`")
        return _schema(profile=args.profile, save=args.save)
    missing = [p for p in args.bank if not p.exists()]
    if missing:
        for path in missing:
            print(f"quiz: no such bank file or folder: {printable(str(path))}", file=sys.stderr)
        return 2
    if args.command == "validate":
        return _validate(args.paths, args.bank)
    if args.command == "serve":
        from quiz.cli.serve import serve

        return serve(args)
    if args.command == "import":
        from quiz.cli.importing import import_file

        if args.force and not args.into_user_banks:
            parser.error("--force goes with --into-user-banks")
        return import_file(args)
    if args.command == "export" and args.what == "bank":
        from quiz.cli.exporting import export_bank

        return export_bank(args)
    if args.command == "export" and (args.bank_id or args.all or args.report):
        parser.error("BANK_ID, --all and --report go with `quiz export bank`")
    if args.command == "banks":
        return _banks(args.bank, coverage=args.coverage, all_attributes=args.all_attributes)
    if args.command == "optimize" and args.reset and args.dry_run:
        parser.error("--reset and --dry-run do not go together")
    if args.command == "sync" and args.stop and args.folder:
        parser.error("--stop and --folder do not go together")
    if args.command in ("stats", "plan", "export", "analyze", "feedback", "simulate", "settings", "optimize", "sync"):
        return _with_study(args)
    return _run_app(args)


def no_arguments() -> SimpleNamespace:
    """What `_main` makes of an empty command line, without the parser (or argparse, a few ms)."""
    return SimpleNamespace(top_bank=[], top_all_attributes=False, command=None, bank=[], all_attributes=False)


def _pool_options(command: argparse.ArgumentParser, kinds: list[str]) -> None:
    """The pool a session draws from, the same for `quiz exam` and `quiz practice`."""
    command.add_argument(
        "--only",
        choices=["all", "unseen", "missed", "due", "leeches", "flagged", "noted"],
        default="all",
        help="unseen: never answered; missed: latest answer wrong; flagged: flagged in an exam; noted: a note kept",
    )
    command.add_argument("--bank-id", action="append", default=[], metavar="ID", help="only this bank (repeatable)")
    command.add_argument(
        "--kind",
        action="append",
        default=[],
        choices=kinds,
        metavar="K",
        help="only this kind of question (repeatable)",
    )


def _category_domain(text: str) -> tuple[str, str]:
    from quiz.cli.importing import category_domain

    return category_domain(text)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _argparse().ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _with_study(args: Arguments) -> int:
    """Commands that read or change progress without opening the app. `stats` and `export` only
    read (no lock: they work beside a running app, and change no file); `plan` writes. A store that
    cannot be used or written is one paragraph on stderr and exit status 1, never a traceback."""
    from quiz.errors import StoreError, UnknownProfileError
    from quiz.study import Study

    writes = (
        args.command in ("plan", "sync")
        or (args.command == "settings" and args.value is not None)
        or (args.command == "optimize" and not args.dry_run)
    )
    try:
        study = Study.open(extra_banks=args.bank, read_only=not writes)
    except StoreError as error:
        print(printable(f"quiz {args.command}: {error}"), file=sys.stderr)
        return 1
    try:
        if args.command == "stats":
            if args.profile:
                study.profile(args.profile)
            from quiz.cli.reports import print_stats

            return print_stats(study, profile_id=args.profile, as_json=args.json)
        if args.command == "plan":
            return _plan(study, args)
        if args.command == "sync":
            from quiz.cli.syncing import sync_command

            return sync_command(study, args.folder, stop=args.stop)
        if args.command == "simulate":
            from quiz.cli.simulation import print_simulation

            return print_simulation(study, days=args.days, as_json=args.json)
        if args.command == "optimize":
            from quiz.cli.optimizing import optimize_command

            return optimize_command(study, dry_run=args.dry_run, reset=args.reset, as_json=args.json)
        if args.command == "settings":
            from quiz.cli.settings import settings_command

            return settings_command(study, args.name, args.value)
        if args.command == "feedback":
            from quiz.cli.feedback import export_feedback

            return export_feedback(study, output=args.output, bank_id=args.bank_id)
        if args.command == "analyze":
            from quiz.cli.analysis import print_analysis

            return print_analysis(study, args.bank_id, as_json=args.json)
        if args.what == "reviews":
            from quiz.cli.exporting import export_reviews

            return export_reviews(study, fmt=args.format, output=args.output)
        from quiz.cli.reports import export_results

        if (args.format or "csv") not in ("csv", "json"):
            print("quiz export: --format for results is csv or json", file=sys.stderr)
            return 2
        return export_results(study, fmt=args.format or "csv", output=args.output)
    except UnknownProfileError as error:
        print(printable(f"quiz {args.command}: {error}"), file=sys.stderr)
        return 2
    except StoreError as error:
        print(printable(f"quiz {args.command}: {error}"), file=sys.stderr)
        return 1
    finally:
        study.close()


def _plan(study: Study, args: Arguments) -> int:
    from quiz.scheduling.exam_plan import ExamPlan

    if args.clear:
        study.set_plan(None)
        print("Exam date cleared.")
        return 0
    if args.date is None:
        plan = study.scheduling.plan
        print(f"Exam: {plan.profile_id} on {plan.exam_date.isoformat()}" if plan else "No exam date set.")
        return 0
    study.profile(args.profile)  # an unknown one is refused before anything is saved
    if args.date <= study.clock.now().astimezone().date():
        print("quiz plan: the exam date must be in the future", file=sys.stderr)
        return 2
    study.set_plan(ExamPlan(args.date, args.profile))
    load = study.plan_workload()
    print(f"Exam: {args.profile} on {args.date.isoformat()}.")
    if load is not None:
        print(
            f"{load.days_left} days left; {load.unseen} blueprint questions not seen yet: about "
            f"{load.new_per_day} new a day, plus the reviews that fall due ({load.due_today} today)."
        )
    return 0


def _run_app(args: Arguments) -> int:
    """Open the app, straight into a flow when a command asks for one."""
    from quiz.errors import StoreBusyError
    from quiz.paths import user_paths
    from quiz.store.files import StoreError
    from quiz.study import Study

    user_paths().create_user_folders()
    # Start-up (loading, importing Textual, building and drawing Home) makes some 90,000 long-lived
    # objects and almost no garbage (about 1,600 objects, 240 KB): the collector running through it
    # is start-up time for nothing (about 120 collections). It stays off until Home's first frame,
    # where the app freezes what exists (later collections never scan it again) and turns it back on.
    gc.disable()
    try:
        # Home and the browser only look until asked to record: beside another app they open
        # read-only (and say so); a command that goes straight into a session needs the progress
        looking = args.command in (None, "browse")
        try:
            study = Study.open(extra_banks=args.bank, all_attributes=args.all_attributes, read_only_if_busy=looking)
        except StoreBusyError as error:
            print(f"quiz: {printable(str(error))} (plain `quiz` opens read-only beside it)", file=sys.stderr)
            return 1
        except StoreError as error:
            print(f"quiz: {printable(str(error))}", file=sys.stderr)
            return 1
        try:
            start = _start_for(args, study)
            if isinstance(start, str):
                print(f"quiz: {printable(start)}", file=sys.stderr)
                return 2
            from quiz.tui.app import QuizApp
            from quiz.tui.images import prepare
            from quiz.tui.keymap import load_keymap

            prepare(study.library.has_images)
            app = QuizApp(study, start=start, keymap=load_keymap(user_paths().keymap), resume_gc=True)
            app.run()
            _sync_on_leaving(study)
            return app.return_code or 0  # an error inside the app is not a success
        finally:
            study.close()
    finally:
        gc.enable()  # the app stopped before its first frame, or a command line problem


def _sync_on_leaving(study: Study) -> None:
    """What was answered since the last sync goes to the sync folder as the app closes, so the next
    machine sees it even if this one is not started again for a while. Never an error: a folder
    that is away or cannot be written is said, and the next sync publishes everything not yet there."""
    if study.sync_folder is None or study.store.read_only:
        return
    try:
        report = study.sync()
    except Exception as error:  # closing must not fail on a sync folder in any state
        print(printable(f"quiz: not synced now ({error}); the next sync publishes it"), file=sys.stderr)
        return
    if report.folder_missing:
        print(printable(f"quiz: the sync folder {report.folder} is not there; the next sync publishes this session"))
    elif report.published or report.new_events:
        from quiz.text import counted

        published = (
            f" Published {counted(report.published, 'new event')} from this machine." if report.published else ""
        )
        print(printable(f"{report.summary()}{published}"))


def _start_for(args: Arguments, study: Study) -> Start | str | None:
    """What the app should open into; a string is a usage error to report."""
    # each branch imports what it needs: plain `quiz` (Home) needs none of it
    if args.command is None:
        return None
    from quiz.domains import Domain
    from quiz.tui.app import StartBrowse, StartCram, StartExam, StartPractice, StartReview, StartToday

    if args.command == "exam":
        from quiz.errors import UnknownProfileError
        from quiz.session.custom import ExamRequest

        try:
            profile = study.profile(args.profile)
        except UnknownProfileError as error:
            return str(error)
        request = ExamRequest(
            profile,
            count=args.questions,
            minutes=args.minutes,
            domains=tuple(Domain(d) for d in args.domain),
            topics=tuple(args.topic),
            tutor=args.tutor,
            only=args.only,
            banks=tuple(args.bank_id),
            kinds=tuple(args.kind),
            difficulties=tuple(args.difficulty),
        )
        problem = study.check_exam(request)
        if problem is not None:
            return f"exam: {problem}"
        if not args.tutor and study.store.pending_session and not (sys.stdin.isatty() and sys.stdout.isatty()):
            # the app would ask whether to continue or discard it; with no terminal nobody can answer
            return (
                "exam: an unfinished exam is waiting; open `quiz` in a terminal to continue or discard it "
                "(a new exam never discards it silently)"
            )
        return StartExam(request, seed=args.seed)
    if args.command == "practice":
        from quiz.models import Difficulty
        from quiz.session.selection import Only, PracticeFilter

        chosen = PracticeFilter(
            domains=[Domain(d) for d in args.domain],
            topics=args.topic,
            difficulties=[Difficulty(d) for d in args.difficulty],
            banks=args.bank_id,
            kinds=args.kind,
            only=Only(args.only),
            count=args.count,
            drills=args.drills,
        )
        return StartPractice(chosen, seed=args.seed)
    if args.command in ("review", "missed"):
        return StartReview(missed=args.command == "missed")
    if args.command == "today":
        return StartToday(seed=args.seed)
    if args.command == "cram":
        return StartCram(args.count, args.seed)
    if args.command == "browse":
        return StartBrowse(" ".join(args.query))
    return None


def _validate(paths: list[Path], extra_banks: list[Path]) -> int:
    """Check the given files, or else everything the app would load (with the --bank ones too)."""
    from quiz.banks.loader import is_present
    from quiz.banks.validate import default_sources, sources_for, validate_sources
    from quiz.paths import user_paths

    # every line may quote a file's content (or name): printable() keeps its control characters
    # from reaching the terminal, showing them as symbols (␛) that are not ASCII; a terminal that
    # cannot show a character gets its escape (\u241b), not a crash
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    missing = [p for p in paths if not is_present(p)]
    if missing:
        for path in missing:
            print(printable(f"quiz validate: no such file or folder: {path}"), file=sys.stderr)
        return 2
    sources, problems = sources_for([*paths, *extra_banks]) if paths or extra_banks else ([], [])
    if not paths:
        defaults, more = default_sources(user_paths())
        sources, problems = defaults + sources, more + problems
    report = validate_sources(sources, problems)
    for problem in report.sorted_problems():
        print(printable(str(problem)))
    print(report.summary())
    return 1 if report.error_count else 0


def _schema(*, profile: bool, save: bool) -> int:
    from quiz.banks.schema import bank_schema, profile_schema
    from quiz.paths import user_paths

    text = json.dumps(profile_schema() if profile else bank_schema(), indent=2) + "\n"
    if not save:
        sys.stdout.write(text)
        return 0
    paths = user_paths()
    target = paths.profiles / "quiz-profile.schema.json" if profile else paths.banks / "quiz-bank.schema.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(
        f"Saved {target}; the first line of a {'profile' if profile else 'bank'} file in that folder "
        f"can point at it: # yaml-language-server: $schema={target.name}"
    )
    return 0


def _banks(extra: list[Path], *, coverage: bool, all_attributes: bool = False) -> int:
    from quiz.library import Library

    library = Library.load(extra_banks=extra, all_attributes=all_attributes)
    if coverage:
        from quiz.insight.coverage import coverage_report

        print(coverage_report(library))
    else:
        _print_banks(library)
    for problem in library.problems:
        print(printable(f"error: {problem}"), file=sys.stderr)
    return 1 if library.problems else 0


def _print_banks(library: Library, width: int | None = None) -> None:
    """One line of counts per bank (total, then per domain), its title and source below it; fitted
    to the terminal: numbers are never cut (per-domain counts move below when they do not fit),
    titles and paths are shortened in the middle."""
    import shutil

    from quiz.drills import DRILL_BANK_TITLES, DRILL_SOURCES

    width = width or shutil.get_terminal_size((80, 24)).columns
    import textwrap

    from quiz.domains import DOMAIN_ABBREVIATIONS, Domain

    short = {key: DOMAIN_ABBREVIATIONS[Domain(key)] for key in DOMAIN_KEYS}
    rows: list[tuple[str, int, dict[str, int], str, str]] = []
    for loaded in library.banks:
        counts = dict.fromkeys(DOMAIN_KEYS, 0)
        for question in loaded.bank.questions:
            counts[question.domain.value] += 1
        source = "shipped" if loaded.shipped else str(loaded.path)
        rows.append((loaded.bank.bank, len(loaded.bank.questions), counts, loaded.bank.title, source))
    for bank_id, count in library.drill_banks.items():
        rows.append((bank_id, count, {}, DRILL_BANK_TITLES[bank_id], DRILL_SOURCES[bank_id]))
    id_width = max([4, *(len(printable(r[0])) for r in rows)])
    total_width = max([5, *(len(f"{r[1]:,}") for r in rows)])
    cell = max([2, *(len(str(n)) for r in rows for n in r[2].values())])
    domains_inline = id_width + 2 + total_width + len(DOMAIN_KEYS) * (cell + 1) <= width
    header = f"{'bank':<{id_width}}  {'total':>{total_width}}"
    if domains_inline:
        header += "".join(f" {abbr:>{cell}}" for abbr in short.values())
    print(header)
    for bank_id, total, counts, title, source in rows:
        line = f"{printable(bank_id):<{id_width}}  {total:>{total_width},}"
        if domains_inline:
            line += "".join(f" {(counts.get(k) or ''):>{cell}}" for k in DOMAIN_KEYS)
        print(line.rstrip())
        if counts and not domains_inline:
            spread = ", ".join(f"{short[k]} {n}" for k, n in counts.items() if n)
            print(f"  {spread}")
        described = f"{printable(title)} · {printable(source)}"
        if len(described) <= width - 2:
            print(f"  {described}")
        else:
            print("  " + _fit(printable(title), width - 2))
            print("  " + _fit(printable(source), width - 2))
    legend = f"{len(library.banks)} banks, {library.question_count:,} questions. Domains: " + ", ".join(
        f"{abbr}={key}" for key, abbr in short.items()
    )
    print("\n" + textwrap.fill(legend, width=max(width, 40), break_on_hyphens=False))


def _fit(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    head = max(width - 1, 2) // 3
    return f"{text[:head]}…{text[len(text) - (max(width - 1, 2) - head) :]}"
