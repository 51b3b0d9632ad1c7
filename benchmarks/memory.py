"""Memory budgets (issue 15) with a 20,000-question bank in the user's banks folder.

    python -m benchmarks.memory [--questions N] [--runs R] [--against REF]

Each run is a fresh interpreter started the way `quiz` is (`quiz.cli.main([])`, headless, as in
benchmarks.startup), stopped at Home's first frame (Textual's `Ready`), where it reads its resident
set (VmRSS) and the peak of it so far (VmHWM; the process's own ru_maxrss would include the
benchmark's size, which Linux carries over into a child):

  warm   the bank cache filled: Home's resident memory (budget 100 MB)
  cold   the cache emptied first: the first start with that bank parses, validates and caches it;
         its peak is the load's (target: under 200 MB)

The bare Textual app's figures are shown for reference. Memory is hardly disturbed by other work on
the machine, but the runs are interleaved all the same and the figures are medians. With `--against
REF` the same runs are made for that git revision too (exported, on PYTHONPATH).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
from pathlib import Path

from benchmarks.startup import BARE, QUIZ, ROOT, Variant, export
from benchmarks.synthetic import write_synthetic_bank

MB = 1_000_000
BUDGETS = {"warm": ("resident", 100), "cold": ("peak", 200)}


def variants_for(label: str, home: Path, env: dict[str, str], package: Path) -> list[Variant]:
    def empty_cache() -> None:
        shutil.rmtree(home / "cache", ignore_errors=True)

    quiz_env = {**env, "QUIZ_HOME": str(home)}
    return [
        Variant(f"{label}cold", QUIZ, quiz_env, package=package, before=empty_cache),
        Variant(f"{label}warm", QUIZ, quiz_env, package=package),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5, help="interleaved rounds (default 5, at least 2)")
    parser.add_argument("--against", metavar="REF", help="also run this git revision, interleaved")
    args = parser.parse_args()
    if args.runs < 2:
        parser.error("--runs must be 2 or more")
    work = Path(tempfile.mkdtemp(prefix="quiz-memory-"))
    try:
        outside = work / "cwd"
        outside.mkdir()
        bank = write_synthetic_bank(work / "synthetic.yaml", args.questions)
        base = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QUIZ_HOME")}
        base.pop("PYTHONDONTWRITEBYTECODE", None)
        homes = []
        for name in ("this", "ref") if args.against else ("this",):
            (work / name / "banks").mkdir(parents=True)
            shutil.copy(bank, work / name / "banks" / bank.name)
            homes.append(work / name)
        bare = Variant("bare Textual app", BARE, base)
        variants = [bare, *variants_for("", homes[0], base, ROOT)]
        if args.against:
            source = export(args.against, work / "ref-tree")
            variants += variants_for(f"{args.against}: ", homes[1], {**base, "PYTHONPATH": str(source)}, source)
        for variant in variants:  # bytecode, and the cache for the warm runs; not counted
            variant.run(outside)
            variant.clear()
        for round_ in range(args.runs):
            shift = round_ % len(variants)
            for variant in variants[shift:] + variants[:shift]:
                variant.run(outside)
        size = bank.stat().st_size / 2**20
        print(
            f"{args.questions:,}-question bank ({size:.1f} MiB of YAML) in the user's banks folder; "
            f"{args.runs} interleaved rounds, medians"
        )
        print("at Home's first frame: resident (VmRSS), and the peak so far (VmHWM)")
        width = max(len(v.name) for v in variants)
        for variant in variants:
            rss, peak = statistics.median(variant.rss) / MB, statistics.median(variant.peak) / MB
            line = f"  {variant.name:<{width}}  resident {rss:6.1f} MB   peak {peak:6.1f} MB"
            budget = BUDGETS.get(variant.name.rpartition(": ")[2])
            if budget is not None:
                which, limit = budget
                value = rss if which == "resident" else peak
                line += f"   {which} budget {limit} MB {'ok' if value <= limit else 'OVER'}"
            print(line)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
