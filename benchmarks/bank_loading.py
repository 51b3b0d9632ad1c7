"""Bank loading speed against PyYAML's own parse time, on a generated 20,000-question bank.

    python -m benchmarks.bank_loading [--questions N] [--repeat R]

Prints the best of R runs for: C loader parse alone, cold load (parse + validate + write cache) and
warm load (from the cache), and the two ratios the foundation issue budgets (cold <= 1.5x parse,
warm <= 0.10x parse).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

import yaml

from benchmarks.synthetic import write_synthetic_bank
from benchmarks.timing import best_of
from quiz.banks.cache import BankCache
from quiz.banks.loader import Source, load_banks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="quiz-bench-"))
    try:
        bank = write_synthetic_bank(work / "big.yaml", args.questions)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        parse = best_of(args.repeat, lambda: yaml.load(bank.read_text("utf-8"), Loader=loader))

        def cold() -> None:
            shutil.rmtree(work / "cache", ignore_errors=True)
            report = load_banks([Source(bank)], BankCache(work / "cache"))
            assert len(report.banks) == 1 and not report.problems

        def warm() -> None:
            report = load_banks([Source(bank)], BankCache(work / "cache"))
            assert len(report.banks) == 1

        cold_time = best_of(args.repeat, cold)
        warm_time = best_of(args.repeat, warm)
        size_mb = bank.stat().st_size / 2**20
        print(f"bank: {args.questions} questions, {size_mb:.1f} MiB; loader: {loader.__name__}")
        print(f"parse only (C loader)   {parse * 1000:8.0f} ms")
        print(f"cold load + validate    {cold_time * 1000:8.0f} ms   {cold_time / parse:5.2f}x parse (budget 1.50x)")
        print(f"warm load (cache)       {warm_time * 1000:8.0f} ms   {warm_time / parse:5.2f}x parse (budget 0.10x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
