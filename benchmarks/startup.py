"""Startup budget: launch to Home drawn (all shipped banks) against a bare Textual app drawing a label.

    python -m benchmarks.startup [--runs N]

Each variant runs in a fresh interpreter, headless, and exits as soon as its first screen has been
drawn; the figure is the best wall-clock time of N runs. The quiz variant starts with a warm bank cache
(the normal case after the first start) and is also shown cold.
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
from textual.app import App
from textual.widgets import Label

class Bare(App[None]):
    def compose(self):
        yield Label("hello")

async def drawn(pilot):
    await pilot.pause()
    pilot.app.exit()

Bare().run(headless=True, auto_pilot=drawn)
"""

CHROME = """
from textual.app import App
from textual.widgets import Footer, Header, Label

class Chrome(App[None]):
    def compose(self):
        yield Header()
        yield Label("hello")
        yield Footer()

async def drawn(pilot):
    await pilot.pause()
    pilot.app.exit()

Chrome().run(headless=True, auto_pilot=drawn)
"""

QUIZ = """
from quiz.study import Study

study = Study.open()
from quiz.tui.app import QuizApp
from quiz.tui.screens.home import HomeScreen

async def drawn(pilot):
    await pilot.pause()
    assert isinstance(pilot.app.screen, HomeScreen)
    pilot.app.exit()

try:
    QuizApp(study).run(headless=True, auto_pilot=drawn)
finally:
    study.close()
"""


def best(code: str, runs: int, env: dict[str, str], before: object = None) -> float:
    times = []
    for _ in range(runs):
        if callable(before):
            before()
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="quiz-startup-")
    env = {**os.environ, "QUIZ_HOME": home}
    try:
        bare = best(BARE, args.runs, env)
        chrome = best(CHROME, args.runs, env)
        cold = best(QUIZ, max(3, args.runs // 2), env, before=lambda: shutil.rmtree(f"{home}/cache", True))
        best(QUIZ, 1, env)  # fill the cache
        warm = best(QUIZ, args.runs, env)
        print(f"bare Textual app, one label   {bare * 1000:7.0f} ms")
        print(f"  same with Header and Footer {chrome * 1000:7.0f} ms   {chrome / bare:4.2f}x bare (reference)")
        print(f"quiz to Home, warm bank cache {warm * 1000:7.0f} ms   {warm / bare:4.2f}x bare (budget 1.50x)")
        print(f"quiz to Home, cold bank cache {cold * 1000:7.0f} ms   {cold / bare:4.2f}x bare")
        for module in ("pydicom", "hl7apy"):
            check = f"import quiz.study, quiz.tui.app, sys; print({module!r} in sys.modules)"
            loaded = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, env=env).stdout
            print(f"{module} imported at start: {loaded.strip()}")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
