"""A bank with thousands of errors must not stall start-up or `quiz validate`.

    python -m benchmarks.broken_bank [--errors N] [--repeat R]

The bank (one error per question, about 2.3 MB for 8,000) sits in the user's bank folder. Prints
the best of R runs for: the first start after the bank was added (library load: the shipped banks
from the cache, the broken one parsed, validated and every problem located), the next start (its
failure comes from the cache too), and `quiz validate` on the file (in-process, output discarded).
Budgets at 8,000 errors: load <= 2 s, validate <= 5 s.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import tempfile
from pathlib import Path

import yaml

from benchmarks.synthetic import write_broken_bank
from benchmarks.timing import best_of
from quiz.cli import main as quiz_main
from quiz.library import Library
from quiz.paths import UserPaths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", type=int, default=8_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="quiz-bench-broken-"))
    try:
        paths = UserPaths(data=work / "data", cache=work / "cache")
        paths.banks.mkdir(parents=True)
        Library.load(paths, drills=False)  # the shipped banks, cached as after any earlier start
        shutil.copytree(paths.cache, work / "shipped-cache")
        bank = write_broken_bank(paths.banks / "broken.yaml", args.errors)

        def forget_the_broken_bank() -> None:
            shutil.rmtree(paths.cache)
            shutil.copytree(work / "shipped-cache", paths.cache)

        def first_start() -> None:
            library = Library.load(paths, drills=False)
            assert library.failed == [bank], library.failed

        def next_start() -> None:
            library = Library.load(paths, drills=False)
            assert library.failed == [bank], library.failed

        def validate() -> None:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                assert quiz_main(["validate", str(bank)]) == 1

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        parse = best_of(args.repeat, lambda: yaml.load(bank.read_text("utf-8"), Loader=loader))
        cold = best_of(args.repeat, first_start, setup=forget_the_broken_bank)
        warm = best_of(args.repeat, next_start)
        checked = best_of(args.repeat, validate)
        size_mb = bank.stat().st_size / 2**20
        print(f"bank: {args.errors} errors, {size_mb:.1f} MiB")
        print(f"PyYAML parse alone          {parse * 1000:8.0f} ms   ({loader.__name__}, for reference)")
        print(f"first start, library load   {cold * 1000:8.0f} ms   (budget 2000 ms at 8,000 errors)")
        print(f"next start, library load    {warm * 1000:8.0f} ms")
        print(f"quiz validate               {checked * 1000:8.0f} ms   (budget 5000 ms at 8,000 errors)")
    finally:
        with contextlib.suppress(OSError):
            os.chmod(work, 0o700)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
