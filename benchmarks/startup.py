"""Start-up budgets (issue 15): launch to Home's first frame against a bare Textual app drawing a label.

    python -m benchmarks.startup [--runs N] [--against REF]

Every variant runs in a fresh interpreter, headless, and stops on Textual's `Ready` event, which the
app receives once the DOM is ready and the first frame has been drawn; the time is from just before
the process is spawned to that event (interpreter start, imports, loading, first frame). The quiz is
started the way a user starts it (`quiz.cli.main([])`, i.e. the `quiz` command). Variants:

  bare            a bare Textual app drawing one label: the yardstick
  warm (checkout)   the working tree (its editable install), bank cache filled: the normal start
                    (budget 1.3x)
  warm (wheel)      the installed wheel, its user folder used once before (budget 1.3x)
  cold (wheel)      the installed wheel, a fresh user folder every run: the first start after an
                    install or an upgrade (budget 1.5x); the wheel carries its checked banks
  cold (editable)   `scripts/run`'s first start: the checkout has no prebuilt banks, so it parses
                    and validates the YAML and fills the user's cache

With `--against REF` the same four run for that git revision too (exported with `git archive`, run
from PYTHONPATH, its own wheel built the same way), interleaved with the rest: a before and after
on the same machine at the same moments.

The wheel is built from the working tree (`pip wheel --no-deps --no-build-isolation`), installed with
`pip install --no-deps --target DIR` (which compiles its bytecode, as any install does) and run with
PYTHONPATH=DIR from a folder outside the repository, so the checkout's `quiz` cannot be imported.

The machine is shared, so the variants are interleaved: each round runs every variant once, in an
order that rotates from round to round, and the figures are medians over the rounds. A ratio is the
median of the variant over the median of the bare app; the median of the per-round ratios is shown
beside it (a round's runs are seconds apart, so it is the less disturbed by a load that comes and goes).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pydantic", "yaml", "pydicom", "hl7apy", "markdown_it")
# Headless, Textual asks Rich for the size (80x25 without a terminal) before the driver reports one
# (80x24 from shutil's fallback), so an app is laid out and drawn at both sizes before `Ready`;
# in a terminal both report the same size. Giving the size keeps that artifact out of the figures.
SIZE = (80, 24)
# Read after Ready (not timed): the resident set then (VmRSS) and its peak so far (VmHWM), Linux.
# Not ru_maxrss: Linux carries the parent's peak over into a child's across fork and exec, so a
# child of this (large) benchmark process would report the benchmark's own size.
MEMORY = """
def memory():
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0]) * 1024
    return {"rss": fields["VmRSS"], "peak": fields["VmHWM"]}
"""

# Each program prints one JSON line after the app has stopped: the wall-clock time of `Ready` (the
# parent compares it with the time it spawned the process), the heavy modules imported by then and
# where `quiz` came from. Printing from inside the app would be captured by Textual.
BARE = """
import json, sys, time
from textual.app import App
from textual.widgets import Label

REPORT = {}

class Bare(App[None]):
    def compose(self):
        yield Label("hello")

    def on_ready(self):
        REPORT["ready"] = time.time()
        REPORT["cpu"] = time.process_time()
        REPORT["heavy"] = [m for m in HEAVY if m in sys.modules]
        REPORT.update(memory())
        self.exit()

Bare().run(headless=True, size=SIZE)
print(json.dumps(REPORT))
"""

# The quiz imports its app module only after loading (quiz.cli._run_app), with the collector paused
# around the load: importing it here first would change what is measured. A finder patches the class
# as soon as the module has run instead.
QUIZ = """
import json, sys, time

REPORT = {}

def patch(module):
    from quiz.tui.screens.home import HomeScreen

    run = module.QuizApp.run
    own = getattr(module.QuizApp, "on_ready", None)

    def on_ready(self):
        REPORT["ready"] = time.time()
        REPORT["cpu"] = time.process_time()
        REPORT["heavy"] = [m for m in HEAVY if m in sys.modules]
        assert isinstance(self.screen, HomeScreen) and self.study.library.question_count > 0
        if own is not None:  # the app's own handler still runs (after the first frame: not timed)
            own(self)
        REPORT.update(memory())  # at Home once start-up has settled (the app's handler has run)
        self.exit()

    module.QuizApp.on_ready = on_ready
    module.QuizApp.run = lambda self: run(self, headless=True, size=SIZE)

class Patcher:  # a plain finder: importlib.abc would import importlib.resources, which the app does not
    def find_spec(self, name, path, target=None):
        if name != "quiz.tui.app":
            return None
        sys.meta_path.remove(self)
        spec = next(s for s in (f.find_spec(name, path, target) for f in sys.meta_path) if s is not None)
        exec_module = spec.loader.exec_module

        def exec_and_patch(module):
            exec_module(module)
            patch(module)

        spec.loader.exec_module = exec_and_patch
        return spec

sys.meta_path.insert(0, Patcher())
from quiz.cli import main
code = main([])
import quiz
REPORT["quiz"] = quiz.__file__
print(json.dumps(REPORT))
raise SystemExit(code)
"""


@dataclass
class Variant:
    name: str
    code: str
    env: dict[str, str]
    fresh_home: bool = False  # a new, not yet existing QUIZ_HOME for every run
    package: Path | None = None  # where `quiz` must come from
    before: Callable[[], object] | None = None  # untimed, before each run
    ready: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    total: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)  # resident at Ready, bytes
    peak: list[int] = field(default_factory=list)  # the resident peak until then (VmHWM), bytes
    heavy: set[str] = field(default_factory=set)

    def run(self, cwd: Path) -> None:
        env = dict(self.env)
        home = None
        if self.fresh_home:
            home = Path(tempfile.mkdtemp(prefix="quiz-cold-")) / "home"
            env["QUIZ_HOME"] = str(home)
        if self.before is not None:
            self.before()
        try:
            start = time.time()
            prelude = f"HEAVY = {HEAVY!r}\nSIZE = {SIZE!r}\n{MEMORY}"
            done = subprocess.run(
                [sys.executable, "-c", prelude + self.code],
                env=env,
                cwd=cwd,
                capture_output=True,
                text=True,
                check=False,
            )
            end = time.time()
        finally:
            if home is not None:
                shutil.rmtree(home.parent, ignore_errors=True)
        if done.returncode != 0:
            raise SystemExit(f"{self.name} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        report = json.loads(done.stdout.strip().splitlines()[-1])
        if self.package is not None and not Path(report["quiz"]).is_relative_to(self.package):
            raise SystemExit(f"{self.name} imported quiz from {report['quiz']}, not from {self.package}")
        self.ready.append(report["ready"] - start)
        self.cpu.append(report["cpu"])
        self.total.append(end - start)
        self.rss.append(report["rss"])
        self.peak.append(report["peak"])
        self.heavy.update(report["heavy"])

    def clear(self) -> None:
        for figures in (self.ready, self.cpu, self.total, self.rss, self.peak):
            figures.clear()
        self.heavy.clear()


def build_wheel(source: Path, into: Path) -> Path:
    """The wheel of the tree at `source`, installed into `into`/site; returns that folder."""
    wheels, site = into / "wheels", into / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True, capture_output=True)
    if not (site / "quiz" / "question_banks" / ".validated").is_dir():
        raise SystemExit("the wheel carries no prebuilt banks (quiz/question_banks/.validated)")
    return site


def export(ref: str, into: Path) -> Path:
    """The tree of a git revision (`--against`), as files: run from there like a checkout."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def quiz_variants(label: str, source: Path, work: Path, base: dict[str, str], *, editable: bool) -> list[Variant]:
    """The quiz's variants for one tree: the working tree through its editable install, another
    revision's export through PYTHONPATH (the same code path: a checkout on sys.path)."""
    site = build_wheel(source, work / "wheel")
    tree_env = base if editable else {**base, "PYTHONPATH": str(source)}
    wheel_env = {**base, "PYTHONPATH": str(site)}
    tree = "editable" if editable else "export"
    return [
        Variant(f"{label}warm (checkout)", QUIZ, {**tree_env, "QUIZ_HOME": str(work / "warm")}, package=source),
        Variant(f"{label}warm (wheel)", QUIZ, {**wheel_env, "QUIZ_HOME": str(work / "wheel-warm")}, package=site),
        Variant(f"{label}cold (wheel)", QUIZ, wheel_env, fresh_home=True, package=site),
        Variant(f"{label}cold ({tree})", QUIZ, tree_env, fresh_home=True, package=source),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--runs", type=int, default=21, help="rounds (each runs every variant once; default 21, at least 2)"
    )
    parser.add_argument(
        "--against", metavar="REF", help="also run this git revision (e.g. main, HEAD~3), interleaved: before and after"
    )
    args = parser.parse_args()
    if args.runs < 2:
        parser.error("--runs must be 2 or more")
    if args.runs < 15:
        print("note: issue 15 asks for medians of at least 15 interleaved runs", file=sys.stderr)
    work = Path(tempfile.mkdtemp(prefix="quiz-startup-"))
    try:
        outside = work / "cwd"  # no `quiz` folder here for `python -c` to import
        outside.mkdir()
        base = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QUIZ_HOME")}
        base.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode compiled
        bare = Variant("bare Textual app, one label", BARE, base)
        variants = [bare, *quiz_variants("", ROOT, work / "this", base, editable=True)]
        if args.against:
            source = export(args.against, work / "ref" / "tree")
            variants += quiz_variants(f"{args.against}: ", source, work / "ref", base, editable=False)
        for variant in variants:  # compile the checkout's bytecode, fill the warm caches; not counted
            variant.run(outside)
            variant.clear()
        load_before = os.getloadavg()
        for round_ in range(args.runs):
            shift = round_ % len(variants)
            for variant in variants[shift:] + variants[:shift]:
                variant.run(outside)
        load_after = os.getloadavg()
        report(variants, bare, args.runs, load_before, load_after)
    finally:
        shutil.rmtree(work, ignore_errors=True)


BUDGETS = {"warm (checkout)": 1.3, "warm (wheel)": 1.3, "cold (wheel)": 1.5}


def report(
    variants: list[Variant], bare: Variant, runs: int, load_before: tuple[float, ...], load_after: tuple[float, ...]
) -> None:
    loads = ", ".join(f"{x:.2f}" for x in load_before)
    print(
        f"{runs} interleaved rounds on {os.cpu_count()} CPUs; load average before {loads}, "
        f"after {', '.join(f'{x:.2f}' for x in load_after)}"
    )
    print("to Home's first frame (Textual's Ready), medians; [interquartile range]; whole run to exit;")
    print("the process's CPU time (user + system) at Ready: less disturbed by other work on the machine")
    bare_ready = statistics.median(bare.ready)
    bare_cpu = statistics.median(bare.cpu)
    width = max(len(v.name) for v in variants)
    for variant in variants:
        ready = statistics.median(variant.ready)
        low, _, high = statistics.quantiles(variant.ready, n=4)
        cpu = statistics.median(variant.cpu)
        line = (
            f"  {variant.name:<{width}} {ready * 1000:5.0f} ms [{low * 1000:4.0f}-{high * 1000:4.0f}]"
            f"  exit {statistics.median(variant.total) * 1000:5.0f} ms  cpu {cpu * 1000:4.0f} ms"
        )
        if variant is not bare:
            paired = statistics.median(v / b for v, b in zip(variant.ready, bare.ready, strict=True))
            line += f"  {ready / bare_ready:4.2f}x bare (per round {paired:4.2f}x, cpu {cpu / bare_cpu:4.2f}x)"
            budget = BUDGETS.get(variant.name.rpartition(": ")[2])
            if budget is not None:
                line += f"  budget {budget:.1f}x {'ok' if ready / bare_ready <= budget else 'OVER'}"
        print(line)
    print("heavy modules imported by the first frame:")
    for variant in variants[1:]:
        print(f"  {variant.name:<{width}} {', '.join(sorted(variant.heavy)) or 'none'}")


if __name__ == "__main__":
    main()
