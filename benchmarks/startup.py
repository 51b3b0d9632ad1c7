"""Startup budget: launch to Home drawn (all shipped banks) against a bare Textual app drawing a label.

    python -m benchmarks.startup [--runs N]

Each variant runs in a fresh interpreter, headless, and exits on Textual's `Ready` event, which the
app receives once the DOM is ready and the first frame has been drawn. The quiz is started the way a
user starts it (`quiz.cli.main([])`, i.e. the `quiz` command), with a warm bank cache (the normal case
after the first start); it is also shown cold. Figures are the best of N runs.

A second figure, "settled", waits instead until the app has been idle for one of Textual's 20 ms
test slices (`Pilot.pause`): it includes the work done just after the first frame, and is coarser.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

BARE = """
import sys
from textual.app import App
from textual.widgets import Label

class Bare(App[None]):
    def compose(self):
        yield Label("hello")

    def on_ready(self):
        if not SETTLE:
            self.exit()

async def settled(pilot):
    await pilot.pause()
    pilot.app.exit()

SETTLE = sys.argv[1] == "settle"
Bare().run(headless=True, auto_pilot=settled if SETTLE else None)
"""

CHROME = BARE.replace("import Label", "import Footer, Header, Label").replace(
    'yield Label("hello")', 'yield Header()\n        yield Label("hello")\n        yield Footer()'
)

QUIZ = """
import sys
from quiz.cli import main
from quiz.tui.app import QuizApp
from quiz.tui.screens.home import HomeScreen

SETTLE = sys.argv[1] == "settle"
run = QuizApp.run

def on_ready(self):
    assert isinstance(self.screen, HomeScreen) and self.study.library.question_count > 0
    if not SETTLE:
        self.exit()

async def settled(pilot):
    await pilot.pause()
    pilot.app.exit()

QuizApp.on_ready = on_ready
QuizApp.run = lambda self: run(self, headless=True, auto_pilot=settled if SETTLE else None)
raise SystemExit(main([]))
"""


def best(code: str, runs: int, env: dict[str, str], *, settle: bool = False, before: object = None) -> float:
    times = []
    for _ in range(runs):
        if callable(before):
            before()
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, "settle" if settle else "ready"], check=True, env=env,
                       capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="quiz-startup-")
    env = {**os.environ, "QUIZ_HOME": home}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode compiled
    try:
        best(QUIZ, 1, env)  # compile bytecode, fill the bank cache
        bare = best(BARE, args.runs, env)
        chrome = best(CHROME, args.runs, env)
        warm = best(QUIZ, args.runs, env)
        cold = best(QUIZ, max(3, args.runs // 2), env, before=lambda: shutil.rmtree(f"{home}/cache", True))
        bare_settled = best(BARE, args.runs, env, settle=True)
        warm_settled = best(QUIZ, args.runs, env, settle=True)
        print("first frame drawn (Textual's Ready event)")
        print(f"  bare Textual app, one label   {bare * 1000:7.0f} ms")
        print(f"  same with Header and Footer   {chrome * 1000:7.0f} ms   {chrome / bare:4.2f}x bare (reference)")
        print(f"  quiz to Home, warm bank cache {warm * 1000:7.0f} ms   {warm / bare:4.2f}x bare (budget 1.50x)")
        print(f"  quiz to Home, cold bank cache {cold * 1000:7.0f} ms   {cold / bare:4.2f}x bare")
        print("settled (idle for one 20 ms slice after drawing)")
        print(f"  bare Textual app, one label   {bare_settled * 1000:7.0f} ms")
        ratio = warm_settled / bare_settled
        print(f"  quiz to Home, warm bank cache {warm_settled * 1000:7.0f} ms   {ratio:4.2f}x bare")
        for module in ("pydantic", "yaml", "pydicom", "hl7apy"):
            check = f"import quiz.cli, quiz.study, quiz.tui.app, sys; print({module!r} in sys.modules)"
            loaded = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, env=env).stdout
            print(f"{module} imported at start: {loaded.strip()}")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
